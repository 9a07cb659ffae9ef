"""One sandboxed QuickJS context with the VCS runtime loaded.

Why a single long-lived context: loading the runtime costs far more than evaluating a
composition, so hot reload keeps the context and swaps only the composition's modules.

The `quickjs` package names every evaluated script `<input>` and reports only line numbers in
stack traces. To map an error back to a file we give every chunk (runtime file or composition
module) its own range of *global* line numbers by prefixing it with blank lines; the transform is
line-preserving, so a global line maps to exactly one `file:line`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import quickjs

from ..errors import CompositionError, SandboxLimitError, SourceLocation
from .interrupt import Deadline, install

log = logging.getLogger("vcs.js")

RUNTIME_FILES = (
    "polyfills.js",
    "modules.js",
    "react.js",
    "nodes.js",
    "layout.js",
    "animations.js",
    "output.js",
    "vcs.js",
    "stdlib.js",
    "host.js",
    "lib/random-seed.js",
    "lib/uuid.js",
)

DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024
DEFAULT_TIME_LIMIT_S = 5.0
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")
_STACK_LINE = re.compile(r"at (?P<fn>[^\s(]+)? ?\(<input>(?::(?P<line>\d+))?\)")


@dataclass
class _Chunk:
    label: str  # shown in messages: module id or runtime file name
    path: Path | None
    start: int  # global line number of the chunk's first line
    lines: int
    reserved: int
    is_runtime: bool
    source: str = ""  # composition chunks only: used to place frames QuickJS gives no line


@dataclass
class JsError:
    """A JavaScript exception with its stack mapped back to source files."""

    message: str
    frames: list[SourceLocation] = field(default_factory=list)

    @property
    def location(self) -> SourceLocation | None:
        """The innermost frame in composition code, else the innermost frame at all."""
        for f in self.frames:
            if not f.in_runtime:
                return f
        return self.frames[0] if self.frames else None


class JsRuntime:
    """The QuickJS context, the runtime scripts and the Python callables they use."""

    def __init__(
        self,
        measure_text: Callable[[str], str],
        first_emoji: Callable[[str], str],
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    ) -> None:
        self._config = (measure_text, first_emoji, memory_limit, time_limit_s)
        self.ctx = quickjs.Context()
        self.ctx.set_memory_limit(memory_limit)
        self.ctx.set_max_stack_size(4 * 1024 * 1024)
        self.time_limit_s = time_limit_s
        self.logs: list[tuple[str, str]] = []
        self._chunks: list[_Chunk] = []
        self._next_line = 1
        self._module_ranges: dict[str, _Chunk] = {}
        self.deadline: Deadline = install(self.ctx)
        self.ctx.add_callable("__vcs_log", self._log)
        self.ctx.add_callable("__vcs_measure_text", measure_text)
        self.ctx.add_callable("__vcs_first_emoji", first_emoji)
        base = resources.files(__package__)
        for name in RUNTIME_FILES:
            src = base.joinpath(name).read_text(encoding="utf-8")
            self._eval_chunk(src, name, None, is_runtime=True)
        self.eval("__vcs_seal()")

    def fresh(self) -> "JsRuntime":
        """A new runtime with the same callables and limits (after a limit left this one in an
        unknown state; building one costs a few milliseconds)."""
        return JsRuntime(*self._config)

    # ------------------------------------------------------------------ logging

    def _log(self, level: str, text: str) -> None:
        self.logs.append((level, text))
        if len(self.logs) > 500:
            del self.logs[:250]
        getattr(log, {"log": "info", "trace": "debug", "warn": "warning"}.get(level, level), log.info)(text)

    def take_logs(self) -> list[tuple[str, str]]:
        """Console output of the composition since the last call."""
        out, self.logs = self.logs, []
        return out

    # ------------------------------------------------------------------ evaluation

    def _allocate(self, label: str, lines: int, is_runtime: bool, path: Path | None) -> _Chunk:
        old = self._module_ranges.get(label)
        if old is not None and lines <= old.reserved:
            chunk = _Chunk(label, path, old.start, lines, old.reserved, is_runtime)
            self._chunks[self._chunks.index(old)] = chunk
        else:
            if old is not None:
                old.source = ""  # outgrown: its code is replaced, so its definitions must not count
            reserved = lines if is_runtime else lines * 2 + 50
            chunk = _Chunk(label, path, self._next_line, lines, reserved, is_runtime)
            self._next_line += reserved
            self._chunks.append(chunk)
        self._module_ranges[label] = chunk
        return chunk

    def _eval_chunk(self, code: str, label: str, path: Path | None, is_runtime: bool) -> None:
        chunk = self._allocate(label, code.count("\n") + 1, is_runtime, path)
        if not is_runtime:
            chunk.source = code
        self.eval("\n" * (chunk.start - 1) + code)

    def define_module(self, module_id: str, code: str, path: Path | None) -> None:
        """Evaluate one transformed composition module (a `__vcs_define(...)` chunk)."""
        self._eval_chunk(code, module_id, path, is_runtime=False)

    def forget_modules(self) -> None:
        """Drop every composition module (before a reload or a switch to another composition).

        Their line ranges stay reserved for reuse, but their sources no longer count when
        `locate_definition` looks for a unique definition."""
        self.eval("__vcs_forget()")
        for c in self._chunks:
            if not c.is_runtime:
                c.source = ""

    def eval(self, code: str):
        return self._run(self.ctx.eval, code)

    def function(self, expr: str) -> Callable:
        """A JS function as a Python callable whose errors are mapped to source locations."""
        fn = self.ctx.eval(expr)
        return lambda *args: self._run(fn, *args)

    def _run(self, fn: Callable, *args: Any) -> Any:
        """One call into JS under the deadline (see interrupt.py), errors mapped to files."""
        self.deadline.start(self.time_limit_s)
        try:
            return fn(*args)
        except quickjs.StackOverflow as exc:
            raise SandboxLimitError("stack overflow (runaway recursion?)", self.map_error(str(exc))) from None
        except quickjs.JSException as exc:
            raise self.to_error(str(exc)) from None
        finally:
            self.deadline.stop()

    # ------------------------------------------------------------------ errors

    def locate(self, global_line: int) -> SourceLocation | None:
        for c in self._chunks:
            if c.start <= global_line < c.start + c.lines:
                return SourceLocation(c.label, c.path, global_line - c.start + 1, None, c.is_runtime)
        return None

    def map_error(self, text: str) -> JsError:
        first, _, rest = text.partition("\n")
        frames = []
        definitions: dict[str | None, SourceLocation | None] = {}
        for m in _STACK_LINE.finditer(rest):
            if m.group("line"):
                loc = self.locate(int(m.group("line")))
            else:
                fn = m.group("fn")
                if fn not in definitions:
                    definitions[fn] = self.locate_definition(fn)
                loc = definitions[fn]
            if loc is not None:
                frames.append(loc.with_function(m.group("fn")))
        return JsError(first.strip(), frames)

    def locate_definition(self, name: str | None) -> SourceLocation | None:
        """Where a function without a line in the stack is defined.

        QuickJS reports no line for a frame in a function whose code is all on one line
        (`const f = (x) => x.y.z;`, `function C() { return null.x; }`). The error is then on the
        definition line, so a unique definition of that name in composition code places it.
        """
        if not name or not _IDENT.match(name):
            return None
        pattern = re.compile(
            rf"(?:\bfunction\s*\*?\s*{re.escape(name)}\s*\(|(?<![\w$.]){re.escape(name)}\s*=\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>))")
        found = []
        for c in self._chunks:
            if c.is_runtime or not c.source:
                continue
            for i, line in enumerate(c.source.split("\n")):
                if pattern.search(line):
                    found.append(SourceLocation(c.label, c.path, i + 1, None, False))
        return found[0] if len(found) == 1 else None

    def to_error(self, text: str) -> CompositionError:
        err = self.map_error(text)
        if self.deadline.expired and err.message.startswith("InternalError: interrupted"):
            return SandboxLimitError(
                f"the composition ran longer than {self.time_limit_s:g} s in one call (an endless loop?)", err
            )
        if "out of memory" in err.message:
            self.ctx.gc()
            return SandboxLimitError("the composition used more memory than the sandbox allows", err)
        return CompositionError(err.message, err)
