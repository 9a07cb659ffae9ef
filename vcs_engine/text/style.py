"""Text style object → layout attributes (text-layout.md §2).

Why JS coercion helpers: the style object comes raw from the composition, and Daily's code
applies JavaScript semantics to it (`Number.isFinite`, `parseFloat`, `x > 0` on strings,
truthiness). Reproducing those rules is what makes `"20"` give 12 px, `"bold"` give 700, etc.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WEIGHT_KEYWORDS: dict[str, int] = {
    "thin": 100,
    "hairline": 100,
    "ultralight": 200,
    "extralight": 200,
    "light": 300,
    "normal": 400,
    "medium": 500,
    "semibold": 600,
    "demibold": 600,
    "bold": 700,
    "ultrabold": 800,
    "extrabold": 800,
    "heavy": 900,
    "black": 900,
}

_JS_NUMBER = re.compile(
    r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Infinity)"
)


@dataclass(frozen=True)
class TextAttributes:
    """Layout attributes of a Text node: the inputs of measurement."""

    size: int
    """Layout font size in px (ceil'd)."""
    line_height: float | None
    """Line box height in px (ceil'd when > 0), None when `lineHeight_rel` is not a finite number."""
    family: str
    weight: float
    style: str
    align: str


def _is_finite_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _js_truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, (list, dict)):
        return True
    return bool(value)


def _js_to_number(value: Any) -> float:
    """JS `Number(value)` for the JSON value types."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0.0
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
            return float(int(text, 16))
        if _JS_NUMBER.fullmatch(text):
            return float(text.replace("Infinity", "inf"))
    return math.nan


def _js_parse_float(value: Any) -> float:
    """JS `parseFloat(value)`: the longest numeric prefix of the string form."""
    if _is_finite_number(value):
        return float(value)
    match = _JS_NUMBER.match(str(value).lstrip()) if isinstance(value, str) else None
    return float(match.group(0).replace("Infinity", "inf")) if match else math.nan


def _resolve_weight(font_weight: Any) -> float:
    weight = _js_parse_float(font_weight)
    if math.isfinite(weight):
        return weight
    if isinstance(font_weight, str) and font_weight:
        # An unknown keyword is `undefined` in Daily's table, which resolution treats as 400.
        return float(WEIGHT_KEYWORDS.get(font_weight.lower(), 400))
    return 400.0


def resolve_attributes(
    style: Mapping[str, Any], px_per_gu: float, viewport_h: float
) -> TextAttributes:
    """Apply text-layout.md §2 to a raw `Text` style object."""
    if not any(
        _js_truthy(style.get(k)) for k in ("fontSize_gu", "fontSize_px", "fontSize_vh")
    ):
        style = {**style, "fontSize_gu": 1}
    font_size_px = style.get("fontSize_px")
    size = float(font_size_px) if _is_finite_number(font_size_px) else 12.0
    gu = _js_to_number(style.get("fontSize_gu"))
    vh = _js_to_number(style.get("fontSize_vh"))
    if gu > 0:
        size = gu * px_per_gu
    elif vh > 0:
        size = vh * viewport_h
    rel = style.get("lineHeight_rel")
    line_height = rel * size if _is_finite_number(rel) else None
    if line_height is not None and line_height > 0:
        line_height = float(math.ceil(line_height))
    ps_name = style.get("fontPSName")
    if isinstance(ps_name, str) and ps_name:
        family, weight, font_style = ps_name, 400.0, "normal"
    else:
        family = (
            style.get("fontFamily") if _js_truthy(style.get("fontFamily")) else "Roboto"
        )
        font_style = (
            style.get("fontStyle") if _js_truthy(style.get("fontStyle")) else "normal"
        )
        weight = _resolve_weight(style.get("fontWeight"))
    align = style.get("textAlign") if _js_truthy(style.get("textAlign")) else "left"
    return TextAttributes(
        size=math.ceil(size),
        line_height=line_height,
        family=str(family),
        weight=weight,
        style=str(font_style),
        align=str(align),
    )
