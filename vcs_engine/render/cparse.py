"""C-library number parsing (``strtol`` / ``strtod``) as Daily's renderer uses it.

Daily's canvex reads colour components and font weights with the C library, so inputs that a
stricter parser would reject (``"700.5"``, ``"1.2.3"``, ``"0x"``) still produce numbers there. These
helpers reproduce the C semantics (C locale) so that our renderer draws the same thing.
"""

from __future__ import annotations

import re

_C_SPACE = " \t\n\v\f\r"
_DIGIT_VALUES = {c: int(c, 36) for c in "0123456789abcdefABCDEF"}
_STRTOD_PREFIX = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def strtol(text: str, base: int) -> int:
    """Return C ``strtol(text, NULL, base)`` for base 10 or 16, without overflow clamping.

    Leading C whitespace and one sign are accepted; base 16 also accepts a ``0x``/``0X`` prefix
    when a hex digit follows it. Reading stops at the first character that is not a digit of
    the base; no digits at all gives 0.
    """
    i, n = 0, len(text)
    while i < n and text[i] in _C_SPACE:
        i += 1
    sign = 1
    if i < n and text[i] in "+-":
        sign = -1 if text[i] == "-" else 1
        i += 1
    def digit(k: int) -> int | None:
        value = _DIGIT_VALUES.get(text[k]) if k < n else None
        return value if value is not None and value < base else None

    if base == 16 and text[i:i + 2] in ("0x", "0X") and digit(i + 2) is not None:
        i += 2
    value = 0
    while (d := digit(i)) is not None:
        value = value * base + d
        i += 1
    return sign * value


def strtod(text: str) -> float:
    """Return C ``strtod(text, NULL)`` in the C locale for decimal input (``"1.2.3"`` → 1.2).

    Only the longest decimal prefix after leading whitespace is read; no number gives 0.0.
    Hex floats, ``inf`` and ``nan`` are not needed by the callers (their input holds only
    digits and dots) and are not recognised.
    """
    match = _STRTOD_PREFIX.match(text.lstrip(_C_SPACE))
    return float(match.group(0)) if match else 0.0
