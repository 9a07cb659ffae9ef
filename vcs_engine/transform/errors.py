"""The one error type of the transform.

Every failure a composition author can cause (syntax error, unknown import, missing file, path
outside the composition folder, unsupported file type) is reported as a `TransformError` that
carries the source location, so the studio can point at the offending line and the CLI can print a
compiler-style ``file:line:col: message``.
"""

from __future__ import annotations

from pathlib import Path


class TransformError(Exception):
    """A composition module could not be transformed.

    `line` and `col` are 1-based (`col` counts characters, not bytes); both are 0 when the error
    has no position inside a file (e.g. a composition folder without an entry file).
    """

    def __init__(self, file: Path | str, line: int, col: int, message: str) -> None:
        self.file = Path(file)
        self.line = line
        self.col = col
        self.message = message
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        """``file:line:col`` (or just ``file`` when there is no position)."""
        if self.line <= 0:
            return str(self.file)
        return f"{self.file}:{self.line}:{self.col}"
