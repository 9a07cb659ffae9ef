"""Measurement-side font faces and Daily's font resolution (text-layout.md §2.1).

Why a resolver of our own: textkit picks a file by *registration order* ("first"/"last"
source), not by numeric closeness, and falls back to Roboto 400 on failure. Neither a font
manager nor the renderer's weight walk (layout-and-output.md §5.2) gives the same answers,
and the measured widths depend on the chosen file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from vcs_engine.fonts import (
    DEFAULT_FAMILY,
    EMOJI_FAMILY,
    WEIGHTS,
    font_path,
    registration_order,
)


@dataclass(frozen=True, eq=False)
class FontFace:
    """One font file with the metrics textkit reads, plus its HarfBuzz font (cached per file)."""

    path: Path
    units_per_em: int
    ascent: int
    descent: int
    line_gap: int
    cap_height: int | None
    hb_font: hb.Font

    def is_mark(self, glyph: int) -> bool:
        """GDEF class "mark" (fontkit's `glyph.isMark`), used by justification."""
        return (
            self.hb_font.face.get_layout_glyph_class(glyph)
            == hb.OTLayoutGlyphClass.MARK
        )

    def advance_units(self, char: str) -> int:
        """Nominal advance of a character's glyph (.notdef when unmapped), in font units."""
        glyph = self.hb_font.get_nominal_glyph(ord(char)) or 0
        return self.hb_font.get_glyph_h_advance(glyph)

    def baseline(self, size: float) -> float:
        """Distance from a line's top to the baseline, in px (text-layout.md §2.2)."""
        if self.cap_height is None:
            return 0.8 * size
        scale = size / self.units_per_em
        return (
            self.units_per_em - self.ascent + self.cap_height + self.line_gap
        ) * scale

    def natural_line_height(self, size: float, attachment_height: float = 0.0) -> float:
        """Line height without `lineHeight_rel`: gap + max(attachment, ascent) − descent."""
        scale = size / self.units_per_em
        return (
            self.line_gap * scale
            + max(attachment_height, self.ascent * scale)
            - self.descent * scale
        )


@cache
def load_face(path: Path) -> FontFace:
    """Read a font file once; faces are shared by every measurement."""
    tables = TTFont(str(path), lazy=True)
    hhea = tables["hhea"]
    os2 = tables.get("OS/2")
    hb_font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    return FontFace(
        path=path,
        units_per_em=tables["head"].unitsPerEm,
        ascent=hhea.ascent,
        descent=hhea.descent,
        line_gap=hhea.lineGap,
        cap_height=getattr(os2, "sCapHeight", None),
        hb_font=hb_font,
    )


def _pick_weight(weights: list[float], weight: float) -> float | None:
    """textkit's weight choice among one family+style's sources (registration order)."""
    if weight in weights:
        return weight
    if 400 <= weight <= 500:
        candidates = [w for w in weights if weight <= w < 500]
        if candidates:
            return candidates[0]
        below = [w for w in weights if w <= weight]
        if below:
            return below[-1]
        above = [w for w in weights if w > 500]
        return above[0] if above else None
    if weight < 400:
        below = [w for w in weights if w < weight]
        if below:
            return below[-1]
        above = [w for w in weights if w > weight]
        return above[0] if above else None
    above = [w for w in weights if w > weight]
    if above:
        return above[0]
    below = [w for w in weights if w < weight]
    return below[-1] if below else None


def _registered(family: str, families: Iterable[str]) -> bool:
    return family in WEIGHTS and (family == EMOJI_FAMILY or family in families)


def _resolve_registered(
    family: str, weight: float, style: str, families: Iterable[str]
) -> Path | None:
    if not _registered(family, families):
        return None
    italic = style == "italic"
    if style not in ("normal", "italic"):
        return None
    weights = [float(w) for w, it in registration_order(family) if it == italic]
    chosen = _pick_weight(weights, weight)
    return None if chosen is None else font_path(family, int(chosen), italic)


def resolve_face(
    family: str, weight: float, style: str, families: Iterable[str]
) -> FontFace | None:
    """The face textkit measures with; Roboto 400 normal on failure; None if Roboto is not registered."""
    return _resolve_face(family, weight, style, frozenset(families))


@lru_cache(maxsize=1024)
def _resolve_face(
    family: str, weight: float, style: str, families: frozenset[str]
) -> FontFace | None:
    path = _resolve_registered(family, weight, style, families)
    if path is None:
        path = _resolve_registered(DEFAULT_FAMILY, 400.0, "normal", families)
    return None if path is None else load_face(path)
