"""What every param editor is: a view of one param that shows values and reports commits.

Editors are views (Motion Canvas's `MetaFieldView`): they show the value the model gives them
(`show_value`, which never reports an edit back) and report what the user commits through the
context's `commit(id, value, merge_token)`. The model decides whether the value is new, checks
it, and makes it an undo step, so an editor may commit freely (an unchanged value is ignored).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from vcs_engine.interface import ParamSpec

from ..asset_catalog import AssetCatalog
from ..undo import NO_MERGE

Commit = Callable[[str, Any, "object | None"], None]


@dataclass
class EditorContext:
    """What editors need beyond their param: where commits go, the composition's images, a
    parent for dialogs, and a way to have the engine re-read the composition's images."""

    commit: Commit
    catalog: AssetCatalog = field(default_factory=AssetCatalog)
    parent: QWidget | None = None
    reload_images: Callable[[], None] = lambda: None


def warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class ParamEditor:
    """Base: the widget placed in the form (`widget`), its main input (`input`) and the value
    display. Subclasses build their widgets in `__init__` and implement `show_value`."""

    continuous: ClassVar[bool] = False
    """Whether quick successive commits are one gesture (a number's arrows) and may merge into
    one undo step; a discrete editor's commits are each their own step."""

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        self.spec = spec
        self.ctx = ctx
        self.problem: str | None = None  # what is wrong with the value shown (flagged in place)

    widget: QWidget
    input: QWidget

    def commit(self, value: Any, token: object | None = None) -> None:
        if token is None and not self.continuous:
            token = NO_MERGE
        self.ctx.commit(self.spec.id, value, token)

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of anything outside the widgets (signal connections to shared objects)."""
