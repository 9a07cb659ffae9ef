"""Skia renderer for canvex display lists, matching Daily's renderer (layout-and-output.md §5).

Public API: :func:`render_display_list` (to a numpy array), :func:`draw_display_list` (onto a
caller's canvas), :class:`AssetResolver`, :func:`write_png` / :func:`read_png`,
:func:`parse_display_list` with :class:`DisplayListError`, and ``Compositor`` (from
``compositor.py``, imported lazily because it builds on this package).
"""

from __future__ import annotations

from typing import Any

from .canvex import AssetRef, DisplayList, DisplayListError, parse_display_list
from .fonts import FontLibrary
from .images import AssetResolver
from .png import read_png, write_png
from .raster import draw_display_list, render_display_list

__all__ = [
    "AssetRef", "AssetResolver", "Compositor", "DisplayList", "DisplayListError", "FontLibrary",
    "draw_display_list", "parse_display_list", "read_png", "render_display_list", "write_png",
]


def __getattr__(name: str) -> Any:
    if name == "Compositor":
        from .compositor import Compositor
        return Compositor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
