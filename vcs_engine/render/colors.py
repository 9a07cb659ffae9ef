"""Colour strings of a display list → Skia colours, exactly as Daily's renderer reads them.

layout-and-output.md §4.3: the parser is deliberately lax in odd ways (C ``strtol``/``strtod``,
a final character that is never read, 7-character component limit) and the paint colour is
computed in float32 and *truncated* to bytes. Matching these quirks byte for byte is what keeps
our frames identical to Daily's, so nothing here is "cleaned up".
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .cparse import strtod, strtol

_COMPONENT_CHARS = frozenset("0123456789.")
_MAX_COMPONENT_CHARS = 7
_F255 = np.float32(255.0)


class Rgba(NamedTuple):
    """A parsed colour: r, g, b in 0‥1 (not clamped) and alpha, each a float32 value."""

    r: float
    g: float
    b: float
    a: float


TRANSPARENT = Rgba(0.0, 0.0, 0.0, 0.0)


def float32(value: float) -> float:
    """Round a Python float to the nearest float32, as canvex stores colours and alphas."""
    return float(np.float32(value))


@lru_cache(maxsize=4096)
def parse_color(text: str) -> Rgba | None:
    """Parse a display-list colour string; ``None`` means "invalid, keep the previous colour"."""
    if text.startswith("#"):
        return _parse_hex(text)
    if text.startswith("rgba("):
        return _parse_rgb(text[len("rgba("):], 4)
    if text.startswith("rgb("):
        return _parse_rgb(text[len("rgb("):], 3)
    return None


def _parse_hex(text: str) -> Rgba | None:
    """``#rgb`` (each digit /15) or ``#rrggbb…`` (pairs /255, the rest ignored); always opaque."""
    if len(text) == 4:
        digits, scale = [text[1], text[2], text[3]], 15.0
    elif len(text) >= 7:
        digits, scale = [text[1:3], text[3:5], text[5:7]], 255.0
    else:
        return None
    r, g, b = (float32(strtol(d, 16) / scale) for d in digits)
    return Rgba(r, g, b, 1.0)


def _parse_rgb(body: str, max_components: int) -> Rgba:
    """Scan the text after ``rgb(``/``rgba(`` the way canvex does (see §4.3).

    Every character up to and including the last one is visited; ``,`` or the last character
    closes a component (the last character is never part of it, so the ``)`` is required for
    the last component to count); only digits and ``.`` are collected, at most 7 per component.
    """
    values: list[float | None] = []
    current = ""
    last = len(body) - 1
    for i, char in enumerate(body):
        if char == "," or i == last:
            values.append(strtod(current) if current else None)
            current = ""
        elif char in _COMPONENT_CHARS and len(current) < _MAX_COMPONENT_CHARS:
            current += char
    values = (values + [None] * 4)[:max_components] + [None] * (4 - max_components)
    r, g, b = (float32(v / 255.0) if v is not None else 0.0 for v in values[:3])
    alpha = float32(values[3]) if values[3] is not None else 1.0
    return Rgba(r, g, b, alpha)


@lru_cache(maxsize=4096)
def paint_argb(color: Rgba, global_alpha: float) -> int:
    """The 32-bit ``SkColor`` canvex builds: float32 products truncated to integers.

    A = globalAlpha·a·255 and R/G/B = c·255, each truncated (0.5 → 127, not 128). Values
    beyond a byte are not clamped: like ``SkColorSetARGB`` on unsigned ints, the overflow bits
    land in the next-higher channel and the top is cut at 32 bits.
    """
    alpha = np.float32(global_alpha) * np.float32(color.a) * _F255
    channels = [alpha] + [np.float32(c) * _F255 for c in (color.r, color.g, color.b)]
    a, r, g, b = (int(c) for c in channels)
    return ((a << 24) | (r << 16) | (g << 8) | b) & 0xFFFFFFFF
