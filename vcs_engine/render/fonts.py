"""Renderer-side font file selection (layout-and-output.md §5.2, fonts.md §4) and typeface cache.

The facts about the shipped set (families, weights, suffixes) come from ``vcs_engine.fonts``;
the *selection rule* here is the renderer's own, which differs from the measurement side's.

Daily's renderer picks a *file* from (family, weight, italic) with its own fallback rule and
loads it by path. A font manager's family/style matching picks different files, so it is not
used here.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from pathlib import Path

import skia

from vcs_engine.fonts import DEFAULT_FAMILY, EMOJI_FAMILY, FONT_DIR, ITALIC, SUFFIX, WEIGHTS, file_name

from .cparse import strtol

log = logging.getLogger(__name__)

DEFAULT_WEIGHT = 400
EMOJI_FILE = f"{EMOJI_FAMILY}-Regular.ttf"


def font_weight(argument: str | float, current: int) -> int:
    """The weight a ``font`` command sets: a non-empty string read by ``strtol`` if > 0.

    A JSON number, ``""`` or a string that reads ≤ 0 keeps ``current`` (so VCS's raw numeric
    ``fontWeight: 700`` usually draws Regular in Daily's renderer, and in ours).
    """
    if isinstance(argument, str) and argument:
        parsed = strtol(argument, 10)
        if parsed > 0:
            return parsed
    return current


def font_file_name(family: str, weight: int, italic: bool) -> str | None:
    """The file name Daily's renderer loads, or ``None`` for a family it does not ship.

    The weight starts at the requested hundred (any other value starts at 400) and walks
    upwards to the first weight the family has; none found → Regular. Italic appends
    ``Italic`` where the family has italics (weight 400 italic is plain ``Italic``).
    """
    family = family or DEFAULT_FAMILY
    if family == EMOJI_FAMILY:
        return EMOJI_FILE
    available = WEIGHTS.get(family)
    if available is None:
        return None
    start = weight if weight in SUFFIX else DEFAULT_WEIGHT
    chosen = next((w for w in range(start, 1000, 100) if w in available), DEFAULT_WEIGHT)
    return file_name(family, chosen, italic and family in ITALIC)


class FontLibrary:
    """Typefaces loaded by path from one fonts folder, cached per file name.

    Every unknown family and every missing or unreadable file is reported once, then draws
    nothing (Daily's behaviour), so a long render does not flood the log. With
    `fallback_family` (authoring output: composites, exports, the studio) an unknown family is
    drawn in that family instead, still with one warning, so a typo stays visible.
    """

    def __init__(self, font_dir: Path | None = None, *, fallback_family: str | None = None) -> None:
        self.font_dir = Path(font_dir) if font_dir is not None else FONT_DIR
        self.fallback_family = fallback_family
        self._typefaces: dict[str, skia.Typeface | None] = {}
        self._unknown_families: set[str] = set()
        self._lock = threading.Lock()

    def typeface(self, family: str, weight: int, italic: bool) -> skia.Typeface | None:
        """The typeface for a text draw, or ``None`` when nothing must be drawn."""
        name = font_file_name(family, weight, italic)
        if name is None and self.fallback_family:
            name = font_file_name(self.fallback_family, weight, italic)
            if family not in self._unknown_families:
                self._unknown_families.add(family)
                log.warning("font family %r is not shipped; drawn in %s instead", family, self.fallback_family)
        if name is None:
            if family not in self._unknown_families:
                self._unknown_families.add(family)
                log.warning("font family %r is not shipped; its text is not drawn", family)
            return None
        return self._load(name)

    def emoji_typeface(self) -> skia.Typeface | None:
        """The colour emoji typeface ``fillText_emoji`` always uses."""
        return self._load(EMOJI_FILE)

    def _load(self, name: str) -> skia.Typeface | None:
        with self._lock:
            if name not in self._typefaces:
                path = self.font_dir / name
                typeface = skia.Typeface.MakeFromFile(str(path)) if path.is_file() else None
                if typeface is None:
                    log.warning("font file %s is missing or unreadable; its text is not drawn",
                                path)
                self._typefaces[name] = typeface
            return self._typefaces[name]


@lru_cache(maxsize=1)
def default_fonts() -> FontLibrary:
    """The process-wide library over the shipped fonts (typefaces are reused across frames)."""
    return FontLibrary()
