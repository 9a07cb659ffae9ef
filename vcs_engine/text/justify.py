"""textkit's justification engine (text-layout.md §4 step 6).

Why it runs on non-justified lines too: textkit calls it whenever a line is wider than its
box, which slightly shrinks overflowing lines (ellipsis lines end at exactly the box width).
The factor tables are plain px values, as in textkit (not scaled by the font size).
"""

from __future__ import annotations

from dataclasses import dataclass

from .shaping import GlyphRun, line_advance

WHITESPACE_PRIORITY = 1
CHAR_PRIORITY = 2
PRIORITIES = range(4)  # kashida, whitespace, character, null

GROW_WHITESPACE = 0.5
GROW_CHAR = 37 / 256
SHRINK_ANY = -11 / 256


@dataclass
class _Factor:
    before: float
    after: float
    priority: int


def _run_factors(run: GlyphRun, grow: bool) -> list[_Factor]:
    factors: list[_Factor] = []
    count = len(run.advances)
    for index in range(count):
        if " " in run.chars[index]:
            value = GROW_WHITESPACE if grow else SHRINK_ANY
            factor = _Factor(value, value, WHITESPACE_PRIORITY)
            if index == count - 1:
                factor.before = 0.0
                if index > 0:
                    factors[index - 1].after = 0.0
        elif run.marks[index] and index > 0:
            previous = factors[index - 1]
            factor = _Factor(0.0, previous.after, previous.priority)
            previous.after = 0.0
        else:
            value = GROW_CHAR if grow else SHRINK_ANY
            factor = _Factor(value, value, CHAR_PRIORITY)
        factors.append(factor)
    return factors


def _scales(gap: float, factors: list[_Factor]) -> list[float]:
    sums = [0.0] * len(PRIORITIES)
    total = 0.0
    for factor in factors:
        pair = factor.before + factor.after
        total += pair
        sums[factor.priority] += pair
    scales = list(sums)
    first_used = -1
    remaining = gap
    stop = len(PRIORITIES)
    for priority in PRIORITIES:
        if sums[priority] == 0:
            continue
        if first_used == -1:
            first_used = priority
        if abs(remaining) <= abs(sums[priority]):
            scales[priority] = remaining / sums[priority]
            remaining = 0.0
            stop = priority + 1
            break
        scales[priority] = 1.0
        remaining -= sums[priority]
    for priority in range(stop, len(PRIORITIES)):
        scales[priority] = 0.0
    if remaining > 0 and first_used > -1:
        scales[first_used] = (sums[first_used] + (gap - total)) / sums[first_used]
    return scales


def justify(runs: list[GlyphRun], box_width: float) -> None:
    """Distribute `box_width − Σ advances` over the glyph advances of a line, in place."""
    gap = box_width - line_advance(runs)
    if gap == 0:
        return
    grow = gap > 0
    factors = [f for run in runs for f in _run_factors(run, grow)]
    if not factors:
        return
    factors[0].before = 0.0
    factors[-1].after = 0.0
    scales = _scales(gap, factors)
    index = 0
    for run in runs:
        for i in range(len(run.advances)):
            factor = factors[index]
            distance = factor.after * scales[factor.priority]
            if index + 1 < len(factors):
                following = factors[index + 1]
                distance += following.before * scales[following.priority]
            run.advances[i] += distance
            index += 1
