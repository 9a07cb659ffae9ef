"""Output buffer of the line-preserving transform.

The contract with the runtime is that line *k* of a chunk is line *k* of the source, so runtime
errors and stack traces need no source map. The writer tracks the output line so that every piece
of generated code can be placed on the line its source came from (`goto`), and copies untouched
source verbatim (`copy`), which keeps the two in step between rewritten regions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping


class LineWriter:
    """Accumulates the rewritten module body, counting lines (0-based, as tree-sitter rows).

    `insertions` maps source byte offsets to code inserted *before* that byte whenever the
    surrounding source is copied (the loop guards); they never contain line breaks.
    """

    __slots__ = ("_parts", "_source", "line", "_insert_at", "_insert_text")

    def __init__(self, source: bytes, insertions: Mapping[int, str] | None = None) -> None:
        self._source = source
        self._parts: list[bytes] = []
        self.line = 0
        self._insert_at = sorted(insertions or ())
        self._insert_text = {k: v.encode("utf-8") for k, v in (insertions or {}).items()}

    def copy(self, start: int, end: int) -> None:
        """Append the source bytes ``[start, end)`` unchanged, plus the insertions inside it."""
        if end <= start:
            return
        i = bisect_left(self._insert_at, start)
        while i < len(self._insert_at) and self._insert_at[i] < end:
            at = self._insert_at[i]
            self._append(start, at)
            self._parts.append(self._insert_text[at])
            start = at
            i += 1
        self._append(start, end)

    def _append(self, start: int, end: int) -> None:
        if end > start:
            chunk = self._source[start:end]
            self._parts.append(chunk)
            self.line += chunk.count(b"\n")

    def emit(self, text: str) -> None:
        """Append generated code; callers never generate a line break (strings are escaped)."""
        self._parts.append(text.encode("utf-8"))

    def goto(self, row: int) -> None:
        """Pad with newlines until the output reaches source row `row` (never moves back)."""
        if row > self.line:
            self._parts.append(b"\n" * (row - self.line))
            self.line = row

    def getvalue(self) -> str:
        return b"".join(self._parts).decode("utf-8")
