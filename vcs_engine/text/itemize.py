"""Runs and paragraphs of the attributed string (text-layout.md §3, §4 steps 2–3).

Why script runs matter although there is no font fallback: every run is shaped on its own and
drawn with its own `fillText`, and a word split by a run boundary becomes two syllables with a
break opportunity between them. The itemiser reproduces textkit's quirk that characters before
the first "real" script character belong to no script run and therefore form a run of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fontTools import unicodedata

from .emoji_runs import split_emoji

_JOINING_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})  # Common, Inherited, Unknown


@dataclass(frozen=True)
class Run:
    """A run `[start, end)` of the attributed string; `emoji` is set for an emoji attachment."""

    start: int
    end: int
    emoji: str | None = None


@dataclass(frozen=True)
class AttributedString:
    string: str
    runs: tuple[Run, ...]


@lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    """ISO 15924 script of a character, None when it never starts a script run.

    textkit walks UTF-16 code units, so each half of a surrogate pair looks up the script of a
    lone surrogate (Unknown): astral characters never start a run.
    """
    if ord(char) > 0xFFFF:
        return None
    script = unicodedata.script(char)
    return None if script in _JOINING_SCRIPTS else script


def script_boundaries(string: str) -> list[int]:
    """Offsets where a new run starts because of a script change (incl. the leading-Common cut)."""
    if (
        string.isascii()
    ):  # only Latin letters start a run: at most the leading-Common cut
        first_letter = next((i for i, c in enumerate(string) if c.isalpha()), 0)
        return [first_letter] if first_letter else []
    cuts: list[int] = []
    current: str | None = None
    for index, char in enumerate(string):
        if char.isascii() and not char.isalpha():
            continue
        script = "Latn" if char.isascii() else _script(char)
        if script is None or script == current:
            continue
        if index > 0:
            cuts.append(index)
        current = script
    return cuts


def attributed_string(text: str) -> AttributedString:
    """Emoji fragments intersected with script runs."""
    pieces: list[str] = []
    fragment_runs: list[Run] = []
    offset = 0
    for piece, emoji in split_emoji(text):
        pieces.append(piece)
        fragment_runs.append(Run(offset, offset + len(piece), emoji))
        offset += len(piece)
    string = "".join(pieces)
    cuts = set(script_boundaries(string))
    runs: list[Run] = []
    for fragment in fragment_runs:
        start = fragment.start
        for cut in sorted(c for c in cuts if fragment.start < c < fragment.end):
            runs.append(Run(start, cut, fragment.emoji))
            start = cut
        runs.append(Run(start, fragment.end, fragment.emoji))
    return AttributedString(string, tuple(runs))


def paragraphs(attributed: AttributedString) -> list[AttributedString]:
    """Split after each `'\\n'` (kept in its paragraph); runs are re-based to the paragraph."""
    string = attributed.string
    result: list[AttributedString] = []
    start = 0
    while start < len(string):
        newline = string.find("\n", start)
        end = len(string) if newline < 0 else newline + 1
        runs = tuple(
            Run(max(run.start, start) - start, min(run.end, end) - start, run.emoji)
            for run in attributed.runs
            if run.start < end and run.end > start
        )
        result.append(AttributedString(string[start:end], runs))
        start = end
    return result
