"""Shaping runs into positioned glyphs (text-layout.md §4 step 4b–c).

Why HarfBuzz: textkit shapes with fontkit's OpenType engine using the default feature set
(kerning and standard ligatures on); HarfBuzz with its defaults on the same TTF files gives the
same glyphs and advances, and measured widths must be identical for the line breaks to match.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import uharfbuzz as hb

from .fonts import FontFace, load_face

UNDETERMINED_LANGUAGE = "und"


@dataclass
class GlyphRun:
    """Glyphs of one run in visual order.

    `offsets[i]` is the string offset (relative to the run's owner: paragraph or line) of the
    cluster glyph i belongs to, `chars[i]` the characters of that cluster (textkit's
    `glyph.codePoints`), `advances[i]` the x advance in px.
    """

    offsets: list[int]
    advances: list[float]
    chars: list[str]
    marks: list[bool]

    def width(self) -> float:
        return sum(self.advances)

    def append(self, offset: int, advance: float, chars: str) -> None:
        self.offsets.append(offset)
        self.advances.append(advance)
        self.chars.append(chars)
        self.marks.append(False)

    def select(self, start: int, end: int, shift: int) -> GlyphRun:
        """Glyphs whose cluster lies in `[start, end)`, offsets moved by `-shift`."""
        keep = [i for i, offset in enumerate(self.offsets) if start <= offset < end]
        return GlyphRun(
            [self.offsets[i] - shift for i in keep],
            [self.advances[i] for i in keep],
            [self.chars[i] for i in keep],
            [self.marks[i] for i in keep],
        )


@lru_cache(maxsize=16384)
def _shape_units(path: Path, text: str) -> tuple[tuple[bool, int, int], ...]:
    """(is mark, cluster, x advance in font units) per glyph; cached per file and text."""
    face = load_face(path)
    buffer = hb.Buffer()
    buffer.add_codepoints([ord(c) for c in text])
    # fontkit shapes with the fonts' default language system; without an explicit language
    # HarfBuzz would take the process locale (e.g. Turkish or Catalan `locl` forms).
    buffer.language = UNDETERMINED_LANGUAGE
    buffer.guess_segment_properties()
    hb.shape(face.hb_font, buffer)
    return tuple(
        (face.is_mark(info.codepoint), info.cluster, position.x_advance)
        for info, position in zip(buffer.glyph_infos, buffer.glyph_positions)
    )


def shape(face: FontFace, text: str, size: float, offset: int) -> GlyphRun:
    """Shape `text` (starting at string offset `offset`) at `size` px."""
    scale = size / face.units_per_em
    shaped = _shape_units(face.path, text)
    boundaries = sorted({cluster for _, cluster, _ in shaped}) + [len(text)]
    cluster_end = dict(pairwise(boundaries))
    return GlyphRun(
        [offset + cluster for _, cluster, _ in shaped],
        [units * scale for _, _, units in shaped],
        [text[cluster : cluster_end[cluster]] for _, cluster, _ in shaped],
        [mark for mark, _, _ in shaped],
    )


def line_advance(runs: list[GlyphRun]) -> float:
    """Σ advances, summed per run and then over runs (textkit's float order)."""
    total = 0.0
    for run in runs:
        total += run.width()
    return total


def attachment(size: float, offset: int, chars: str) -> GlyphRun:
    """An emoji attachment: one `U+FFFC` glyph whose advance is the attachment width (= size)."""
    run = GlyphRun([], [], [], [])
    for index, char in enumerate(chars):
        run.append(offset + index, size, char)
    return run


def clear_caches() -> None:
    _shape_units.cache_clear()
