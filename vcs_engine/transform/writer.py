"""Output buffer of the line-preserving transform.

The contract with the runtime is that line *k* of a chunk is line *k* of the source, so runtime
errors and stack traces need no source map. The writer tracks the output line so that every piece
of generated code can be placed on the line its source came from (`goto`), and copies untouched
source verbatim (`copy`), which keeps the two in step between rewritten regions.
"""

from __future__ import annotations


class LineWriter:
    """Accumulates the rewritten module body, counting lines (0-based, as tree-sitter rows)."""

    __slots__ = ("_parts", "_source", "line")

    def __init__(self, source: bytes) -> None:
        self._source = source
        self._parts: list[bytes] = []
        self.line = 0

    def copy(self, start: int, end: int) -> None:
        """Append the source bytes ``[start, end)`` unchanged."""
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
