"""A wall-clock deadline for every call into QuickJS, through QuickJS's own interrupt handler.

Why this is written by hand: the `quickjs` package exposes a time limit, but refuses every call
into Python while it is set — and text is measured in Python during layout. Its C library,
however, exports `JS_SetInterruptHandler`, and the package keeps the `JSRuntime *` right after
the Python object header of a `Context` (module.c, `RuntimeData`; pinned by `quickjs==1.19.4`).
We install our own handler with ctypes: QuickJS calls it about every 10,000 bytecode branches
and calls, and when it returns 1 QuickJS throws an *uncatchable* "interrupted" error. That stops
every JS form of runaway code — loops made with `eval` or `new Function`, loops in runtime code
driven by the composition (timer storms), recursion whose stack overflow is caught and retried —
and the error's stack names the line that was running.

It cannot stop native code that never returns to the interpreter (a catastrophic regular
expression in this QuickJS, which predates regexp interrupts). The engine process's supervisor
(vcs_engine/engine_process.py) kills the process for those, and the supervisor replaces it.

The package releases the GIL while JS runs; ctypes takes it back for the handler, which costs a
few microseconds per 10,000 branches (well under 1 % of a frame).
"""

from __future__ import annotations

import ctypes
import math
import time
from typing import Any

import _quickjs
import quickjs

__all__ = ["Deadline", "install", "publish_deadlines"]

_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_POINTER_OFFSET = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)  # PyObject_HEAD


def _library() -> ctypes.CDLL:
    lib = ctypes.CDLL(_quickjs.__file__)
    lib.JS_SetInterruptHandler.argtypes = [ctypes.c_void_p, _HANDLER, ctypes.c_void_p]
    lib.JS_SetInterruptHandler.restype = None
    lib.JS_GetRuntime.argtypes = [ctypes.c_void_p]
    lib.JS_GetRuntime.restype = ctypes.c_void_p
    return lib


class Deadline:
    """The monotonic time after which the running JS call is interrupted (infinite when idle)."""

    __slots__ = ("_callback", "at", "expired")

    def __init__(self) -> None:
        self.at = math.inf
        self.expired = False  # set when the handler fired, so errors can say why

        def handler(_rt: int, _opaque: int) -> int:
            if time.monotonic() > self.at:
                self.expired = True
                return 1
            return 0

        self._callback = _HANDLER(handler)  # kept alive as long as the context

    def start(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        if _published is not None:
            _published.value = self.at

    def stop(self) -> None:
        self.at = math.inf
        if _published is not None:
            _published.value = math.inf


_published: Any = None
"""Where `Deadline.start` also writes its deadline: shared memory the supervising process reads
(vcs_engine/engine_process.py), so it knows how long the call in progress may take."""


def publish_deadlines(value: Any) -> None:
    """Write every deadline of this process into `value` (a shared `multiprocessing.Value('d')`)."""
    global _published
    _published = value


def install(ctx: quickjs.Context) -> Deadline:
    """Put a `Deadline` on `ctx`; raises RuntimeError when the package's layout is not the one
    this was written for (the pointer read is checked against `JS_GetRuntime(context)`)."""
    lib = _library()
    base = id(ctx) + _POINTER_OFFSET
    runtime = ctypes.c_void_p.from_address(base).value
    context = ctypes.c_void_p.from_address(base + ctypes.sizeof(ctypes.c_void_p)).value
    if not runtime or not context or lib.JS_GetRuntime(context) != runtime:
        raise RuntimeError("the quickjs package's Context layout is not the expected one")
    deadline = Deadline()
    lib.JS_SetInterruptHandler(runtime, deadline._callback, None)
    return deadline
