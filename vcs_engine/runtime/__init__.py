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
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

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
    "inspect.js",
    "lib/random-seed.js",
    "lib/uuid.js",
)

DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024
# Per call into JS. VCS_TIME_LIMIT_S overrides it: for tests and users with slow machines.
DEFAULT_TIME_LIMIT_S = float(os.environ.get("VCS_TIME_LIMIT_S", 5.0))
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")
_NULL_THROWN = frozenset({"null", "Error: null"})
"""What a thrown `null` reads as (see `JsRuntime._memory_error`)."""
_FROZEN_BUILTIN = re.compile(
    r"TypeError: (?:'[^']*' is read-only|object is not extensible|cannot assign to '(?P<member>[^']*)' of a built-in)$")
"""QuickJS's words for an assignment to a frozen object (runtime/polyfills.js freezes the built-ins)."""
# Frames read "at NAME (<input>:LINE)"; accessors are named "get NAME" / "set NAME".
_STACK_LINE = re.compile(r"at (?P<fn>(?:[gs]et )?[^\s(]+)? ?\(<input>(?::(?P<line>\d+))?\)")


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
    """A JavaScript exception with its stack mapped back to source files.

    `entry` is the composition's entry file, named when no composition frame is on the stack
    (an error inside the runtime caused by the composition, a memory or stack limit)."""

    message: str
    frames: list[SourceLocation] = field(default_factory=list)
    entry: SourceLocation | None = None

    @property
    def location(self) -> SourceLocation | None:
        """The innermost frame in composition code, else the entry file, else the innermost
        frame at all."""
        for f in self.frames:
            if not f.in_runtime:
                return f
        if self.entry is not None:
            return self.entry
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

    def fresh(self) -> JsRuntime:
        """A new runtime with the same callables and limits (after a limit left this one in an
        unknown state; building one costs a few milliseconds)."""
        measure_text, first_emoji, memory_limit, _ = self._config
        return JsRuntime(measure_text, first_emoji, memory_limit, self.time_limit_s)

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
        entry = None if any(not f.in_runtime for f in frames) else self._entry_location()
        return JsError(first.strip(), frames, entry)

    def _entry_location(self) -> SourceLocation | None:
        """The entry module the host loaded last (`__vcs_entry`, modules.js), at its
        `export default` line (else line 1); None when there is none."""
        try:
            entry_id = self.ctx.get("__vcs_entry")
        except Exception:  # the context may be in a bad state after a limit; names are optional
            return None
        chunk = self._module_ranges.get(entry_id) if isinstance(entry_id, str) else None
        if chunk is None or chunk.is_runtime or not chunk.source:
            return None
        line = 1
        if chunk.path is not None:
            try:
                for number, text in enumerate(chunk.path.read_text(encoding="utf-8").splitlines(), 1):
                    if text.lstrip().startswith("export default"):
                        line = number
                        break
            except (OSError, UnicodeDecodeError):
                pass
        return SourceLocation(chunk.label, chunk.path, line)

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
        if "out of memory" in err.message or err.message in _NULL_THROWN:
            return self._memory_error(err)
        frozen = _FROZEN_BUILTIN.match(err.message)
        if frozen:
            if frozen.group("member"):
                self._place_assignment(err, frozen.group("member"))
            return CompositionError(err.message + " (if this changes a built-in: JSON, Math, "
                                    "Object.prototype and the other built-ins are frozen in the sandbox)", err)
        return CompositionError(err.message, err)

    def _place_assignment(self, err: JsError, member: str) -> None:
        """Put the composition frame of a refused `X.prototype.member = …` on its line.

        The refusal is thrown by an accessor (runtime/polyfills.js), and QuickJS gives the frame
        that triggered an accessor the line where its function starts; the first assignment to
        that member from there on is the line that tried."""
        index = next((i for i, f in enumerate(err.frames) if not f.in_runtime), None)
        if index is None:
            return
        frame = err.frames[index]
        chunk = self._module_ranges.get(frame.label)
        if chunk is None or chunk.is_runtime or not chunk.source:
            return
        pattern = re.compile(rf"(?:\.\s*{re.escape(member)}|\[\s*['\"]{re.escape(member)}['\"]\s*\])\s*=(?!=)")
        lines = chunk.source.split("\n")
        for number in range(frame.line, len(lines) + 1):
            if pattern.search(lines[number - 1]):
                err.frames[index] = replace(frame, line=number)
                return

    def _memory_error(self, err: JsError) -> SandboxLimitError:
        """The memory limit, named with its size.

        When QuickJS cannot even allocate the "out of memory" error it throws `null` instead
        (which the reconciler re-throws as "Error: null"). A composition may also throw null
        itself; with the memory back to normal the two cannot be told apart, so the message
        says so."""
        self.ctx.gc()
        try:
            stats = self.ctx.memory()
            limit, used = int(stats["malloc_limit"]), int(stats["malloc_size"])
        except Exception:  # statistics are only for the message
            limit, used = -1, 0
        if limit <= 0:
            limit = DEFAULT_MEMORY_LIMIT
        message = f"the composition used more than {limit / 2**20:g} MB, the sandbox's memory limit"
        if "out of memory" not in err.message and used < limit // 2:
            message += " (or it threw null)"
        return SandboxLimitError(message, err)
