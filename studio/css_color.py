"""Colour text as VCS reads it, for the colour editor: which strings draw, and in what colour.

Why not QColor's parser alone: VCS accepts less and differently (layout-and-output.md §4). A
colour param's string goes through the runtime — the 148 lower-case CSS names become hex, any
other name becomes white — and then through the renderer's lax parser (`#rgb`, `#rrggbb…`,
`rgb(…)`, `rgba(…)`; vcs_engine/render/colors.py). The editor flags exactly what would not draw
as typed, using the engine's own parser. Qt's list of SVG colour names plus `rebeccapurple` is the CSS
list (a test compares it with the runtime's table).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from vcs_engine.render.colors import parse_color

CSS4_NAMES = {"rebeccapurple": "#663399"}
"""CSS names newer than Qt's SVG list."""
CSS_NAMES: frozenset[str] = frozenset(
    [name for name in QColor.colorNames() if name != "transparent"] + list(CSS4_NAMES))
"""The names VCS's runtime maps to colours (exact, lower-case; `transparent` is not one)."""


def _unit(value: float) -> float:
    return min(max(float(value), 0.0), 1.0)


def parse_css_color(text: str) -> QColor | None:
    """The colour `text` draws in VCS, or None when VCS would not draw it as typed."""
    if text in CSS_NAMES:
        return QColor(CSS4_NAMES.get(text, text))
    rgba = parse_color(text)
    if rgba is None:
        return None
    return QColor.fromRgbF(_unit(rgba.r), _unit(rgba.g), _unit(rgba.b), _unit(rgba.a))


def color_problem(text: str) -> str | None:
    """Why `text` is not a colour VCS draws as typed (one line), else None. Empty is allowed:
    it means "no colour set" (VCS then draws black)."""
    if text == "" or text in CSS_NAMES:
        return None
    if text.lower() in CSS_NAMES:
        return f"VCS colour names are lower-case: {text!r} would draw white"
    if text.startswith("#") and len(text) in (5, 9):
        return f"{text!r}: VCS reads #rgb or #rrggbb (no alpha digits); use rgba(r, g, b, a) for transparency"
    if parse_color(text) is None:
        return f"{text!r} is not a colour VCS draws: use a CSS name, #rrggbb, rgb(r, g, b) or rgba(r, g, b, a)"
    return None


def _number(value: float) -> str:
    """JavaScript-like number text: 1, 0.9, 0.443."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def format_css_color(color: QColor, like: str = "") -> str:
    """`color` as text in the style of `like` where possible: hex stays hex while opaque, else
    `rgba(r, g, b, a)` as the baseline's defaults are written."""
    if color.alpha() == 255 and (like.startswith("#") or like in CSS_NAMES):
        return color.name(QColor.NameFormat.HexRgb)
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {_number(color.alphaF())})"
