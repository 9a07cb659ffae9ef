"""An error as the studio shows it: plain data, made on the session's render thread.

The banner holds one line; the Errors dock (studio/errors_dock.py) shows the whole story — the
message, where (`file:line:col` relative to the composition folder), the source lines around
it, the JS and component stacks. All of that is gathered here, where the error happens, so the
GUI thread never asks the engine anything, and the source excerpt is read while it is fresh: the
author may save the file again before looking at the dock, and the excerpt must show the code
that failed. No Qt here.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from vcs_engine.errors import CompositionError, SourceLocation, VcsError

CONTEXT_LINES = 4
"""Source lines shown before and after the failing one."""
MAX_SOURCE_BYTES = 4 * 1024 * 1024
"""A larger file is not read for an excerpt (a generated bundle; the location still shows)."""


@dataclass(frozen=True)
class SourceExcerpt:
    """Lines `first`.. of a file (1-based), with the failing `line` (and `col`, 1-based) in it."""

    first: int
    lines: tuple[str, ...]
    line: int
    col: int | None = None

    def numbered(self) -> list[tuple[int, str]]:
        return [(self.first + i, text) for i, text in enumerate(self.lines)]


@dataclass(frozen=True)
class StackFrame:
    """One composition frame of the JS stack (runtime frames are left out: not the author's)."""

    function: str
    where: str  # relative `file:line`
    path: Path | None
    line: int


@dataclass(frozen=True)
class ErrorReport:
    """Everything the Errors dock shows and Copy copies."""

    summary: str  # the banner's one line
    message: str  # the message without its location
    where: str = ""  # `file:line:col`, relative to the composition folder ("" when unknown)
    path: Path | None = None  # the file, absolute (Open in Editor)
    line: int = 0
    col: int | None = None
    excerpt: SourceExcerpt | None = None
    stack: tuple[StackFrame, ...] = ()
    component_stack: tuple[str, ...] = ()
    details: str = ""  # the console's full text (a traceback for an unexpected error)

    def stacks_text(self) -> str:
        """The JS stack (composition frames) and the component stack; an unexpected error's
        traceback when it has neither."""
        parts: list[str] = []
        if self.stack:
            parts += ["JS stack:"] + [f"    at {f.function} ({f.where})" for f in self.stack]
        if self.component_stack:
            parts += ([""] if parts else []) + ["Component stack:"]
            parts += [f"    {line.strip()}" for line in self.component_stack]
        if not parts and self.details.strip() not in ("", self.summary):
            parts.append(self.details.rstrip())
        return "\n".join(parts)

    def text(self) -> str:
        """The report as plain text, for the clipboard (a bug report, a chat message)."""
        parts = [f"{self.where}: {self.message}" if self.where else self.message]
        if self.excerpt is not None:
            width = len(str(self.excerpt.first + len(self.excerpt.lines) - 1))
            parts.append("")
            for number, text in self.excerpt.numbered():
                mark = ">" if number == self.excerpt.line else " "
                parts.append(f"{mark} {number:>{width}} | {text}")
        stacks = self.stacks_text()
        if stacks:
            parts += ["", stacks]
        return "\n".join(parts)


def describe_error(error: BaseException) -> str:
    """One line for the banner: composition errors already read `file:line: message`."""
    if isinstance(error, VcsError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def error_details(error: BaseException) -> str:
    """The banner's tooltip and the console's entry: stacks for composition errors."""
    if isinstance(error, CompositionError):
        return error.details()
    if isinstance(error, VcsError):
        return str(error)
    return "".join(traceback.format_exception(error))


class HasComposition(Protocol):
    path: Path | None
    root: Path | None


def composition_root(host: HasComposition) -> Path | None:
    """The folder paths are shown under: the host's root, known once a load got that far, else
    the composition folder (or the folder holding a single file) it was asked to open."""
    if host.root is not None:
        return host.root
    if host.path is None:
        return None
    return host.path if host.path.is_dir() else host.path.parent


def relative_name(path: Path | None, root: Path | None, fallback: str = "") -> str:
    """`path` relative to the composition folder (`/` separators), else as it is (an override
    from a session-assets folder lies elsewhere: its full path says which file it is)."""
    if path is None:
        return fallback
    if root is not None:
        for candidate, base in ((path, root), (path.resolve(), root.resolve())):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
    return str(path)


def location_text(location: SourceLocation, root: Path | None) -> str:
    name = relative_name(location.path, root, location.label)
    if location.line <= 0:
        return name
    return f"{name}:{location.line}" + (f":{location.col}" if location.col else "")


def read_excerpt(path: Path, line: int, col: int | None = None, context: int = CONTEXT_LINES) -> SourceExcerpt | None:
    """The lines around `line`, or None when the file cannot be read or is not that long."""
    try:
        if line <= 0 or path.stat().st_size > MAX_SOURCE_BYTES:
            return None
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if line > len(lines):
        return None
    first = max(1, line - context)
    return SourceExcerpt(first, tuple(lines[first - 1:line + context]), line, col)


def report_error(error: BaseException, root: Path | None) -> ErrorReport:
    """The report of `error`; `root` is the composition's folder (paths are shown under it)."""
    summary, details = describe_error(error), error_details(error)
    if not isinstance(error, CompositionError):
        return ErrorReport(summary, summary, details=details)
    location = error.location
    stack = tuple(
        StackFrame(f.function or "<anonymous>", location_text(f, root), f.path, f.line)
        for f in (error.js_error.frames if error.js_error else ()) if not f.in_runtime)
    components = tuple(line for line in error.component_stack.splitlines() if line.strip())
    if location is None:
        return ErrorReport(summary, error.message, stack=stack, component_stack=components, details=details)
    excerpt = read_excerpt(location.path, location.line, location.col) if location.path is not None else None
    return ErrorReport(summary, error.message, location_text(location, root), location.path, location.line,
                       location.col, excerpt, stack, components, details)
