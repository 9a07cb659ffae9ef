"""Sizing a Text node: `computeTextSize` with the safety re-layout (text-layout.md §5).

Why the odd two-pass logic is kept: Daily measures widths *including* hanging trailing spaces
and invisible hyphens, so wrapped text usually "overflows" its frame on the first pass and is
re-laid out narrower (the safety margin). The margin is stateful (the caller passes back the
previous one), and the node's reported size feeds content sizing and stacking in layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .fonts import FontFace, resolve_face
from .itemize import AttributedString, attributed_string, paragraphs
from .style import TextAttributes, resolve_attributes
from .typeset import Container, Line, ParagraphSetter, typeset

SAFETY_FACTOR = 0.4
NO_FONT_BASELINE = 0.85


@dataclass(frozen=True)
class MeasuredRun:
    text: str
    dx: float
    """x offset from the line box x: Σ advances of the previous runs of the line."""
    emoji: str | None


@dataclass(frozen=True)
class MeasuredLine:
    x: float
    y: float
    w: float
    h: float
    advance: float
    runs: tuple[MeasuredRun, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TextMeasurement:
    w: int
    """Measured (flow) width, ceil'd."""
    h: int
    safety: float
    """Safety margin to store for the next measurement (0 = none)."""
    size: int
    baseline: float
    lines: tuple[MeasuredLine, ...]

    @property
    def num_lines(self) -> int:
        return len(self.lines)


def _measured_line(line: Line) -> MeasuredLine:
    runs: list[MeasuredRun] = []
    dx = 0.0
    for run in line.runs:
        runs.append(MeasuredRun(run.text, dx, run.emoji))
        dx += run.glyphs.width()
    return MeasuredLine(
        line.x, line.y, line.width, line.height, line.advance(), tuple(runs)
    )


@lru_cache(maxsize=64)
def _setter(face: FontFace, attrs: TextAttributes) -> ParagraphSetter:
    """One setter per face and attributes, so its shaped paragraphs outlive a measurement.

    Why: a Text is measured at least twice with the same string (against the viewport when it
    commits, then against its layout frame) and again whenever its frame moves; shaping and
    syllable widths do not depend on the frame, only line breaking does.
    """
    return ParagraphSetter(face, attrs)


@lru_cache(maxsize=1024)
def _blocks(text: str) -> tuple[AttributedString, ...]:
    return tuple(paragraphs(attributed_string(text)))


def clear_caches() -> None:
    _setter.cache_clear()
    _blocks.cache_clear()


def _layout(
    blocks: Sequence[AttributedString],
    setter: ParagraphSetter,
    frame_w: float,
    frame_h: float,
    safety: float,
) -> list[Line]:
    margin_left = margin_right = 0.0
    if safety > 0:
        if setter.attrs.align == "center":
            margin_left = margin_right = safety / 2
        elif setter.attrs.align == "right":
            margin_left = safety
        else:
            margin_right = safety
    container = Container(
        x=margin_left,
        width=frame_w - margin_left - margin_right if frame_w else math.inf,
        height=frame_h if frame_h else math.inf,
    )
    return typeset(setter, blocks, container)


def _total_width(lines: list[Line]) -> float:
    return max(
        (line.advance() if line.runs else line.width for line in lines), default=0.0
    )


def measure_attributes(
    text: str,
    attrs: TextAttributes,
    families: Iterable[str],
    frame_w: float,
    frame_h: float,
    safety: float,
) -> TextMeasurement:
    """`computeTextSize` for already resolved attributes. `frame_w`/`frame_h` 0 = unbounded."""
    face = resolve_face(attrs.family, attrs.weight, attrs.style, families)
    if face is None or not text:
        baseline = face.baseline(attrs.size) if face else NO_FONT_BASELINE * attrs.size
        return TextMeasurement(0, 0, 0, attrs.size, baseline, ())
    setter = _setter(face, attrs)
    blocks = _blocks(text)
    lines = _layout(blocks, setter, frame_w, frame_h, safety)
    total_w = _total_width(lines)
    if frame_w and total_w > frame_w:
        safety = math.ceil(attrs.size * SAFETY_FACTOR) * 2
        lines = _layout(blocks, setter, frame_w, frame_h, safety)
        total_w = _total_width(lines)
    else:
        safety = 0
    if len(lines) > 1 and frame_w:
        total_w = frame_w
    total_h = 0.0
    for line in lines:
        total_h += line.height
    return TextMeasurement(
        w=math.ceil(total_w),
        h=math.ceil(total_h),
        safety=safety,
        size=attrs.size,
        baseline=face.baseline(attrs.size),
        lines=tuple(_measured_line(line) for line in lines),
    )


def measure(
    text: str,
    style: Mapping[str, Any],
    px_per_gu: float,
    viewport_h: float,
    frame_w: float,
    frame_h: float,
    safety: float = 0,
    families: Iterable[str] = ("Roboto",),
) -> TextMeasurement:
    """Measure a Text node's string with its raw style against a frame (0 = unbounded)."""
    attrs = resolve_attributes(style, px_per_gu, viewport_h)
    return measure_attributes(text, attrs, families, frame_w, frame_h, safety)
