"""Errors a user sees, each naming where in their composition it happened.

Every failure that comes from composition code (transform, evaluation, render, layout) is a
`CompositionError` whose `str()` is one line: `file:line[:col]: message`. The CLI prints that
line; the studio shows it next to the last good frame.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .runtime import JsError


@dataclass(frozen=True)
class SourceLocation:
    """A place in a composition file (or in a runtime file, `in_runtime`)."""

    label: str
    path: Path | None
    line: int
    col: int | None = None
    in_runtime: bool = False
    function: str | None = None

    def with_function(self, name: str | None) -> SourceLocation:
        return replace(self, function=name)

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else self.label
        if self.line <= 0:  # the file is known, the line is not
            return where
        return f"{where}:{self.line}" + (f":{self.col}" if self.col else "")


class VcsError(Exception):
    """Base of the engine's own errors."""


class CompositionError(VcsError):
    """An error in composition code, with its source location when known."""

    def __init__(self, message: str, js_error: JsError | None = None, location: SourceLocation | None = None,
                 component_stack: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.js_error = js_error
        self.location = location or (js_error.location if js_error else None)
        self.component_stack = component_stack

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        return prefix + self.message

    def details(self) -> str:
        """The one-line message plus the mapped JS stack and the component stack."""
        lines = [str(self)]
        if self.js_error:
            for f in self.js_error.frames:
                if not f.in_runtime:
                    lines.append(f"    at {f.function or '<anonymous>'} ({f})")
        if self.component_stack:
            lines.append("  component stack:")
            lines.extend(self.component_stack.splitlines())
        return "\n".join(lines)


class SandboxLimitError(CompositionError):
    """The composition hit the sandbox's time, memory or stack limit."""


class CompositionNotFound(VcsError):
    """The composition path or id does not exist."""


class InputError(VcsError):
    """A value a user or a file supplied is malformed or beyond a stated limit.

    `str()` is one line naming where the value came from (a file, an option, a param) and the
    field, e.g. `scenario.json: initialState must be an object, not a list`; the checks live in
    `vcs_engine.limits` so every edge (CLI, scenario files, `Host.set_params`) says it the same way.
    """


def one_line(text: str) -> str:
    """A message as one line: a multi-line one (a JS error's, an OS one) is joined with ' / '."""
    return " / ".join(part.strip() for part in str(text).splitlines() if part.strip()) or "(no message)"


def describe_failure(error: BaseException) -> str:
    """The `error:` line for an exception: the engine's own say where; others name their type.
    Also a failed queued or batch job's reason."""
    if isinstance(error, VcsError):
        return one_line(str(error))
    if isinstance(error, OSError) and error.strerror:
        where = " -> ".join(str(f) for f in (error.filename, error.filename2) if f is not None)
        return one_line(f"{where}: {error.strerror}" if where else error.strerror)
    if isinstance(error, MemoryError):
        return "out of memory"
    return one_line(f"unexpected {type(error).__name__}: {error} (a bug in vcs; -v shows the traceback)")
