"""Paragraph layout: syllables → breaks → line boxes → container fitting → finalised lines
(text-layout.md §4 steps 4a, 4d–e, 5, 6).

Why lines are kept as runs of glyph advances: Daily's measured sizes, alignment offsets and
justification all operate on per-glyph advances (incl. the invisible hyphen and the removed
newline glyph), and the runtime draws one `fillText` per run.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .fonts import FontFace
from .itemize import AttributedString
from .justify import justify
from .linebreak import PENALTY, Node, Syllable, break_positions, build_nodes
from .shaping import GlyphRun, attachment, line_advance, shape
from .style import TextAttributes

_SYLLABLE = re.compile(r" +|[^ ]+")
_JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
HYPHEN = "-"
ELLIPSIS = "\u2026"
ALIGN_FACTOR = {"center": 0.5, "right": 1.0}


@dataclass
class LineRun:
    text: str
    glyphs: GlyphRun
    """Glyphs with offsets relative to `text`; may hold an invisible hyphen past its end."""
    emoji: str | None


@dataclass
class Line:
    runs: list[LineRun]
    x: float
    y: float
    width: float
    height: float
    last: bool
    """Last line of its paragraph (or the last kept line of a truncated one): uses alignLastLine."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def advance(self) -> float:
        return line_advance([run.glyphs for run in self.runs])


@dataclass(frozen=True)
class Container:
    x: float
    width: float
    height: float


_PREPARED_MAX = 256
"""Paragraphs a setter keeps shaped (setters are shared between measurements)."""


class ParagraphSetter:
    """Lays out the paragraphs of one text with one face and one set of attributes."""

    def __init__(self, face: FontFace, attrs: TextAttributes) -> None:
        self.face = face
        self.attrs = attrs
        self.scale = attrs.size / face.units_per_em
        self._prepared: dict[AttributedString, tuple[list[GlyphRun], list[Node]]] = {}

    def _run_height(self, emoji: str | None) -> float:
        if self.attrs.line_height:
            return self.attrs.line_height
        return self.face.natural_line_height(
            self.attrs.size, self.attrs.size if emoji else 0.0
        )

    def _shape(self, paragraph: AttributedString) -> list[GlyphRun]:
        return [
            attachment(
                self.attrs.size, run.start, paragraph.string[run.start : run.end]
            )
            if run.emoji
            else shape(
                self.face,
                paragraph.string[run.start : run.end],
                self.attrs.size,
                run.start,
            )
            for run in paragraph.runs
        ]

    @staticmethod
    def _syllables(
        paragraph: AttributedString, shaped: list[GlyphRun]
    ) -> list[Syllable]:
        """Per run, words and runs of U+0020 (a word crossing a run boundary is two syllables)."""
        syllables: list[Syllable] = []
        for run, glyphs in zip(paragraph.runs, shaped):
            pieces = list(_SYLLABLE.finditer(paragraph.string, run.start, run.end))
            owner = [
                k for k, m in enumerate(pieces) for _ in range(m.end() - m.start())
            ]
            widths = [0.0] * len(pieces)
            for offset, advance in zip(glyphs.offsets, glyphs.advances):
                widths[owner[offset - run.start]] += advance
            syllables.extend(
                Syllable(m.group(), m.end(), w) for m, w in zip(pieces, widths)
            )
        return syllables

    def _line(
        self,
        paragraph: AttributedString,
        shaped: list[GlyphRun],
        start: int,
        end: int,
        hyphen: bool,
    ) -> Line:
        runs = [
            LineRun(
                paragraph.string[max(run.start, start) : min(run.end, end)],
                glyphs.select(start, end, max(run.start, start)),
                run.emoji,
            )
            for run, glyphs in zip(paragraph.runs, shaped)
            if run.start < end and run.end > start
        ]
        if hyphen:
            last = runs[-1]
            last.glyphs.append(
                len(last.text), self.face.advance_units(HYPHEN) * self.scale, HYPHEN
            )
        heights = [self._run_height(run.emoji) for run in runs]
        height = max(max(heights), self.attrs.line_height or 0.0)
        return Line(runs, 0.0, 0.0, 0.0, height, last=False)

    def _prepare(
        self, paragraph: AttributedString
    ) -> tuple[list[GlyphRun], list[Node]]:
        """Shaped runs and line-breaking nodes; width-independent, so kept for a re-layout."""
        prepared = self._prepared.get(paragraph)
        if prepared is None:
            if len(self._prepared) >= _PREPARED_MAX:
                self._prepared.clear()
            shaped = self._shape(paragraph)
            justify_penalty = self.attrs.align == "justify"
            nodes = build_nodes(self._syllables(paragraph, shaped), justify_penalty)
            prepared = self._prepared[paragraph] = (shaped, nodes)
        return prepared

    def lines(self, paragraph: AttributedString, width: float) -> list[Line]:
        """Break one paragraph into lines (boxes not placed yet)."""
        shaped, nodes = self._prepare(paragraph)
        lines: list[Line] = []
        start = 0
        for position in break_positions(nodes, width):
            node = nodes[position]
            lines.append(
                self._line(paragraph, shaped, start, node.end, node.kind == PENALTY)
            )
            start = node.end
        lines.append(self._line(paragraph, shaped, start, len(paragraph.string), False))
        lines[-1].last = True
        return lines

    def truncate(self, line: Line) -> None:
        """Trim whitespace at both ends and end the line with an ellipsis glyph."""
        text = line.text
        start = len(text) - len(text.lstrip(_JS_WHITESPACE))
        end = len(text.rstrip(_JS_WHITESPACE))
        kept: list[LineRun] = []
        offset = 0
        for run in line.runs:
            s, e = max(start, offset), min(end, offset + len(run.text))
            if s < e:
                kept.append(
                    LineRun(
                        run.text[s - offset : e - offset],
                        run.glyphs.select(s - offset, e - offset, s - offset),
                        run.emoji,
                    )
                )
            offset += len(run.text)
        if not kept:
            first = line.runs[0]
            kept = [LineRun("", first.glyphs.select(0, 0, 0), first.emoji)]
        last = kept[-1]
        last.glyphs.append(
            len(last.text), self.face.advance_units(ELLIPSIS) * self.scale, ELLIPSIS
        )
        last.text += ELLIPSIS
        line.runs = kept
        line.last = True

    def finalize(self, line: Line, container: Container) -> None:
        """Drop the newline glyph, hang edge spaces, align, and justify/shrink (step 6)."""
        last = line.runs[-1]
        if last.text.endswith("\n"):
            last.text = last.text[:-1]
            last.glyphs = last.glyphs.select(0, len(last.text), 0)
        leading = _space_advance(
            line.runs[0].glyphs, range(len(line.runs[0].glyphs.advances))
        )
        last_glyphs = line.runs[-1].glyphs
        trailing = _space_advance(
            last_glyphs, reversed(range(len(last_glyphs.advances)))
        )
        line.x = container.x - leading
        line.width = container.width + leading + trailing
        advance = line.advance()
        if not math.isfinite(line.width):
            line.width = advance  # unbounded frame: nothing to align against
            return
        align = self.attrs.align
        if line.last and align == "justify":
            align = "left"
        line.x += max(0.0, line.width - advance) * ALIGN_FACTOR.get(align, 0.0)
        if align == "justify" or advance > line.width:
            justify([run.glyphs for run in line.runs], line.width)


def _space_advance(glyphs: GlyphRun, indices: Iterable[int]) -> float:
    """Σ advances of the consecutive space glyphs visited from one end of a run."""
    total = 0.0
    for i in indices:
        if " " not in glyphs.chars[i]:
            break
        total += glyphs.advances[i]
    return total


def typeset(
    setter: ParagraphSetter, paragraphs: Sequence[AttributedString], container: Container
) -> list[Line]:
    """Place paragraphs into the container height, truncating with an ellipsis (step 5)."""
    placed: list[Line] = []
    y = 0.0
    remaining = container.height
    for paragraph in paragraphs:
        lines = setter.lines(paragraph, container.width)
        total = 0.0
        for line in lines:
            total += line.height
        if total <= remaining:
            kept = lines
        else:
            kept = []
            cumulative = 0.0
            for line in lines:
                cumulative += line.height
                if not cumulative < remaining:
                    break
                kept.append(line)
            if kept:
                setter.truncate(kept[-1])
        for line in kept:
            line.y = y
            y += line.height
            setter.finalize(line, container)
        placed.extend(kept)
        if kept is not lines:
            break
        remaining -= total
    return placed
