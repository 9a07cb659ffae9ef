"""Colour parsing and paint colours as Daily's renderer computes them (spec §4.3)."""

from __future__ import annotations

import pytest

from vcs_engine.render.colors import Rgba, float32, paint_argb, parse_color
from vcs_engine.render.cparse import strtod, strtol


def argb(text: str, global_alpha: float = 1.0) -> tuple[int, int, int, int]:
    color = parse_color(text)
    assert color is not None, text
    value = paint_argb(color, float32(global_alpha))
    return (value >> 24 & 255, value >> 16 & 255, value >> 8 & 255, value & 255)


@pytest.mark.parametrize("text, expected", [
    ("#fff", (255, 255, 255, 255)),
    ("#f80", (255, 255, 136, 0)),
    ("#ff8000", (255, 255, 128, 0)),
    ("#11223344", (255, 0x11, 0x22, 0x33)),        # #rrggbbaa is opaque
    ("#12345", None), ("#12", None), ("#", None),  # lengths 1-3, 5, 6 are invalid
    ("#1234", None),                               # #rgba is invalid
    ("#zz0000", (255, 0, 0, 0)),                   # strtol reads no digits → 0
    ("#0x00ff", (255, 0, 0, 255)),                 # "0x" has no hex digit after it → 0
    ("rgb(10, 20, 30)", (255, 10, 20, 30)),
    ("rgba(255, 0, 0, 0.5)", (127, 255, 0, 0)),    # truncation, not rounding
    ("rgba(0, 0, 0, 0.9)", (229, 0, 0, 0)),
    ("rgba(0, 0, 0, 0.58)", (147, 0, 0, 0)),
    ("rgba(50, 60, 160, 0.9", (0, 50, 60, 160)),   # no ")": the last char is never read
    ("rgb(1,2,3,0.5)", (255, 1, 2, 3)),            # components past the 3rd are ignored
    ("rgba(1,2,3)", (255, 1, 2, 3)),               # missing alpha keeps 1
    ("rgba(1,2,3,null)", (255, 1, 2, 3)),          # letters are skipped: empty → alpha 1
    ("rgba(1.2.3,0,0,1)", (255, 1, 0, 0)),         # strtod stops at the 2nd dot
    ("rgb(-5, 0, 0)", (255, 5, 0, 0)),             # '-' is skipped
    ("rgb(50%, 0, 0)", (255, 50, 0, 0)),
    ("rgb(0,0,0)x", (255, 0, 0, 0)),
    ("rgb (1,2,3)", None), ("RGB(1,2,3)", None), ("red", None), ("", None),
    ("transparent", None), (" #fff", None), ("hsl(0,0,0)", None),
])
def test_parse_and_paint(text: str, expected: tuple[int, int, int, int] | None) -> None:
    if expected is None:
        assert parse_color(text) is None
    else:
        assert argb(text) == expected


def test_components_keep_seven_characters() -> None:
    color = parse_color("rgba(0.123456789, 0, 0, 1)")
    assert color is not None and color.r == float32(0.12345 / 255.0)


def test_every_byte_and_hex_digit_comes_back_exact() -> None:
    for value in range(256):
        assert argb(f"rgb({value}, {value}, {value})")[1:] == (value, value, value)
    for digit in "0123456789abcdef":
        assert argb(f"#{digit * 3}")[1] == int(digit, 16) * 17


def test_global_alpha_multiplies_and_overflows_like_canvex() -> None:
    assert argb("rgba(0, 0, 0, 0.5)", 0.5)[0] == 63
    assert argb("#ffffff", 1.5)[0] == 126                  # 382 mod 256, bit 8 spills upwards
    assert argb("rgb(300, 0, 0)")[:3] == (255 | 1, 300 - 256, 0)  # r overflow ORs into alpha


def test_values_are_float32() -> None:
    color = parse_color("rgba(1, 2, 3, 0.1)")
    assert color == Rgba(float32(1 / 255), float32(2 / 255), float32(3 / 255), float32(0.1))


@pytest.mark.parametrize("text, base, expected", [
    ("600", 10, 600), ("700.5", 10, 700), ("bold", 10, 0), (" +42x", 10, 42), ("-3", 10, -3),
    ("", 10, 0), ("ff", 16, 255), ("0xf", 16, 15), ("0x", 16, 0), ("-f", 16, -15), ("g", 16, 0),
])
def test_strtol(text: str, base: int, expected: int) -> None:
    assert strtol(text, base) == expected


@pytest.mark.parametrize("text, expected", [
    ("1.2.3", 1.2), ("0.", 0.0), (".", 0.0), (".5", 0.5), ("", 0.0), ("12", 12.0),
])
def test_strtod(text: str, expected: float) -> None:
    assert strtod(text) == expected
