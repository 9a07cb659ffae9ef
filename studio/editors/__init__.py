"""One editor per kind of param, chosen from a registry (not an if-chain).

A param's kind is its declared type, refined by what its id and default say it holds: a text
param holding a colour gets a swatch and a colour picker, an image name a chooser of the
composition's images, a font family the families the engine ships, a long text a multi-line
field. `EDITORS` is the table, most specific first; `editor_for(spec)` picks the first that
applies, and `register_editor` puts a new one in front (a composition-specific kind, a plugin).

How editors behave (studio/editors/base.py): they show the model's value and commit what the
user is done with. Text commits on Enter or leaving the field, never per keystroke; a slider drag
or an open colour dialog passes one merge token so the whole interaction is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vcs_engine.interface import ParamSpec

from .base import EditorContext, ParamEditor
from .choice import (
    SHIPPED_FAMILIES,
    BooleanEditor,
    EnumEditor,
    FontEditor,
    is_font_param,
)
from .colour import ColorEditor, is_color_param
from .image import ImageEditor, is_image_param
from .number import NumberEditor, decimals_for, declared_range
from .text import LongTextEditor, TextEditor

__all__ = [
    "EDITORS", "SHIPPED_FAMILIES", "BooleanEditor", "ColorEditor", "EditorContext", "EnumEditor", "FontEditor",
    "ImageEditor", "LongTextEditor", "NumberEditor", "ParamEditor", "TextEditor", "decimals_for",
    "declared_range", "editor_for", "make_editor", "register_editor",
]

EditorClass = type[ParamEditor]
Applies = Callable[[ParamSpec], bool]


def _of_type(kind: str) -> Applies:
    return lambda spec: spec.type == kind


EDITORS: list[tuple[Applies, EditorClass]] = [
    (is_color_param, ColorEditor),
    (is_image_param, ImageEditor),
    (is_font_param, FontEditor),
    (lambda spec: spec.type == "text" and spec.text_size_hint == "long", LongTextEditor),
    (_of_type("boolean"), BooleanEditor),
    (_of_type("number"), NumberEditor),
    (_of_type("enum"), EnumEditor),
    (_of_type("text"), TextEditor),
]
"""Most specific first; a param of no known kind gets a text field (`editor_for`)."""


def register_editor(applies: Applies, editor: EditorClass) -> None:
    """Add an editor ahead of the built-in ones."""
    EDITORS.insert(0, (applies, editor))


def editor_for(spec: ParamSpec) -> EditorClass:
    return next((editor for applies, editor in EDITORS if applies(spec)), TextEditor)


def make_editor(spec: ParamSpec, ctx: EditorContext, value: Any) -> ParamEditor:
    """The editor for `spec`, showing `value`."""
    editor = editor_for(spec)(spec, ctx)
    editor.show_value(value)
    return editor
