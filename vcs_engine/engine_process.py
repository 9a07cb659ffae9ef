"""One engine child process and its watchdog (the parent side is `EngineProcess`).

The child (`python -m vcs_engine.engine_process`) runs a plain `Host` and answers requests over a
pipe. It publishes the deadline of the JS call in progress into a shared mapped file
(`interrupt.publish_deadlines`). The parent waits for each answer; when a call runs past its
deadline by `GRACE_S` (the in-process interrupt had its chance and missed), or a crash ends the
child, the child is killed and the request raises a `SandboxLimitError` that names the limit.
Work outside JS (transform, image decoding) has its own budget, `PYTHON_BUDGET_S`.

A plain subprocess, not multiprocessing's spawn, which re-imports the caller's main script in
the child (a footgun for every user script).
"""

from __future__ import annotations

import logging
import math
import mmap
import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .errors import SandboxLimitError, VcsError
from .runtime import DEFAULT_TIME_LIMIT_S

__all__ = ["GRACE_S", "PYTHON_BUDGET_S", "EngineProcess"]

GRACE_S = 0.9
"""How long past a JS call's deadline the parent waits before it kills the child. The in-process
interrupt normally ends the call at the deadline with a file:line; the grace covers its polling
interval (measured: up to 0.5 s late when every call throws a stack overflow, whose backtrace
QuickJS builds without polling) and the error's way back, and keeps the whole call within the
deadline + 1 s."""

PYTHON_BUDGET_S = 30.0
"""Longest time one request may spend outside JS (transforming a large composition, decoding
images). Generous: it only catches native code stuck while no JS call is running."""

_POLL_S = 0.05


# ---------------------------------------------------------------------- the child


class _LogCollector(logging.Handler):
    """Keeps the child's log records so the parent can re-emit them (the studio's console)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        out, self.records = self.records, []
        return out


def _serve(conn: Connection, deadline: Any) -> None:
    """The child's loop: one `Host`, requests in, results (or the error) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from .host import Host
    from .runtime import interrupt

    interrupt.publish_deadlines(deadline)
    collector = _LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    root.setLevel(logging.INFO)
    try:
        config = conn.recv()
    except (EOFError, OSError):
        return  # the parent gave up before we started
    host = Host(size=config["size"], fps=config["fps"], asset_dirs=config["asset_dirs"])
    if config.get("time_limit_s") is not None:
        host.runtime.time_limit_s = config["time_limit_s"]
    worker = _Worker(host)
    try:
        conn.send(("ready", None, []))
    except OSError:
        return
    while True:
        try:
            op, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = ("ok", worker.handle(op, args, kwargs), collector.take())
        except BaseException as error:  # noqa: BLE001 (everything goes back to the parent)
            answer = ("error", _portable(error), collector.take())
        try:
            conn.send(answer)
        except OSError:
            return  # the parent is gone


class _Worker:
    """The child's requests: the host's methods, plus what the parent cannot ask a method for.

    Answers stay small (one is sent per frame): loads return a snapshot of the host, param
    changes only the values now set."""

    def __init__(self, host: Any) -> None:
        from .timeline import Playhead

        self.host = host
        self.scenario: Any = None
        self.playhead = Playhead(host)

    def handle(self, op: str, args: tuple, kwargs: dict) -> Any:
        special = getattr(self, f"op_{op}", None)
        if special is not None:
            return special(*args, **kwargs)
        return getattr(self.host, op)(*args, **kwargs)

    def op_open(self, composition: Any, session_assets: Path | None = None) -> Any:
        self.host.set_session_assets(session_assets)
        return self.host.open(composition), _snapshot(self.host)

    def op_reload(self, session_assets: Path | None = None) -> Any:
        self.host.set_session_assets(session_assets)
        return self.host.reload(), _snapshot(self.host)

    def op_set_params(self, values: dict, warn: bool = True) -> Any:
        return self.host.set_params(values, warn=warn), dict(self.host.params)

    def op_params(self) -> dict:
        return dict(self.host.params)

    def op_render_count(self) -> int:
        return self.host.render_count

    def op_scenario(self, path: Path, events_form: bool = False) -> Any:
        from .offline import read_scenario_file
        from .timeline import materialise

        self.scenario = read_scenario_file(path)
        if events_form:  # the callback runs here, once per frame in order
            self.scenario = materialise(self.scenario)
        # The callback stays here; the parent gets the data and calls back by request.
        return replace(self.scenario, callback=None), self.scenario.callback is not None

    def op_timeline_set(self, scenario: Any) -> None:
        self.playhead.set_scenario(scenario)

    def op_timeline_frame(self, frame_index: int, exact: bool = True, budget: int | None = None,
                          cached: bool = True) -> Any:
        """Up to `budget` frames of a seek in one request (not one round trip per frame)."""
        return self.playhead.frame(frame_index, exact=exact, budget=budget, cached=cached)

    def op_scenario_state(self, frame_index: int) -> Any:
        return self.scenario.state_for(frame_index) if self.scenario is not None else None


def _snapshot(host: Any) -> dict[str, Any]:
    return {"path": host.path, "root": host.root, "interface": host.interface, "images": host.images,
            "params": dict(host.params), "size": host.size}


def _portable(error: BaseException) -> BaseException:
    """The error as the parent can unpickle it (engine errors pickle themselves)."""
    if isinstance(error, VcsError):
        return error
    return VcsError(f"{type(error).__name__}: {error}")


# ---------------------------------------------------------------------- the parent


class EngineProcess:
    """One child process serving requests, with the watchdog described in the module doc."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self._deadline_file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the child)
        self._deadline_file.write(struct.pack("d", math.inf))
        self._deadline_file.flush()
        self._deadline = _SharedDouble(self._deadline_file.fileno())
        # The child's own stderr (native libraries' chatter, a fatal error's report) goes to a
        # file: a crash message quotes its last line instead of spilling a traceback on the user.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the child)
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        fds = (down_r, up_w, self._deadline_file.fileno())
        self._process = subprocess.Popen(
            [sys.executable, "-m", "vcs_engine.engine_process", *map(str, fds)], pass_fds=fds,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr, cwd=os.getcwd(),
            env={**os.environ, "PYTHONPATH": _PYTHONPATH})
        os.close(down_r)
        os.close(up_w)
        self._conn = _Duplex(Connection(up_r, writable=False), Connection(down_w, readable=False))
        self._conn.send(config)
        self._ready = False

    def wait_ready(self) -> None:
        if not self._ready:
            self._answer(PYTHON_BUDGET_S)
            self._ready = True

    def request(self, op: str, *args: Any, **kwargs: Any) -> Any:
        """Run `host.op(*args, **kwargs)` in the child; raises what it raised, or a
        SandboxLimitError when the child had to be killed (then this process object is dead)."""
        self.wait_ready()
        self._deadline.value = math.inf
        try:
            self._conn.send((op, args, kwargs))
        except OSError:  # the child died between two requests
            raise self._crashed() from None
        return self._answer(PYTHON_BUDGET_S)

    def _answer(self, budget: float) -> Any:
        started = time.monotonic()
        while not self._conn.poll(_POLL_S):
            if self._process.poll() is not None:
                raise self._crashed()
            now = time.monotonic()
            js_deadline = self._deadline.value
            if math.isfinite(js_deadline):
                if now > js_deadline + GRACE_S:
                    self.kill()
                    limit = self.config.get("time_limit_s") or DEFAULT_TIME_LIMIT_S
                    raise SandboxLimitError(
                        f"the composition ran longer than {limit:g} s in one call and could not be "
                        "interrupted (native code such as a catastrophic regular expression, or "
                        "retried stack overflows); its engine process was stopped")
            elif now > started + budget:
                self.kill()
                raise SandboxLimitError(f"the engine did not answer within {budget:g} s")
        try:
            status, value, records = self._conn.recv()
        except (EOFError, OSError):
            raise self._crashed() from None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if status == "error":
            raise value
        return value

    def _crashed(self) -> SandboxLimitError:
        try:
            code = self._process.wait(1)
        except subprocess.TimeoutExpired:
            code = None
        last = self._last_stderr_line()
        self.kill()
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit code {code}"
        return SandboxLimitError(f"the engine crashed ({how}) while running the composition"
                                 + (f": {last}" if last else ""))

    def _last_stderr_line(self) -> str:
        try:
            self._stderr.seek(0, os.SEEK_END)
            size = self._stderr.tell()
            self._stderr.seek(max(0, size - 4096))
            lines = self._stderr.read().decode("utf-8", "replace").splitlines()
        except (OSError, ValueError):
            return ""
        wanted = [line.strip() for line in lines if line.strip() and "Fontconfig" not in line]
        return wanted[-1][:300] if wanted else ""

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._reap(2)

    def close(self) -> None:
        """Stop the child politely (it exits when its pipe closes), then for sure."""
        self._conn.close()
        if not self._reap(1):
            self.kill()

    def _reap(self, timeout: float) -> bool:
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        self._conn.close()
        self._deadline.close()
        self._deadline_file.close()
        self._stderr.close()
        return True


class _Duplex:
    """Two one-way connections used as one (a pipe pair between parent and child)."""

    def __init__(self, incoming: Connection, outgoing: Connection) -> None:
        self._in, self._out = incoming, outgoing

    def send(self, obj: Any) -> None:
        self._out.send(obj)

    def recv(self) -> Any:
        return self._in.recv()

    def poll(self, timeout: float) -> bool:
        return self._in.poll(timeout)

    def close(self) -> None:
        self._in.close()
        self._out.close()


class _SharedDouble:
    """One float in a file mapped by both processes: the child's current JS deadline."""

    def __init__(self, fd: int) -> None:
        self._map = mmap.mmap(fd, 8)
        self._view = memoryview(self._map).cast("d")

    @property
    def value(self) -> float:
        return self._view[0]

    @value.setter
    def value(self, v: float) -> None:
        self._view[0] = v

    def close(self) -> None:
        self._view.release()
        self._map.close()


_PYTHONPATH = os.pathsep.join(
    [str(Path(__file__).resolve().parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])])
"""The child imports this very engine, also when it runs from a checkout that is not installed."""


def _main(argv: list[str]) -> None:
    """Child entry: `python -m vcs_engine.engine_process DOWN_FD UP_FD DEADLINE_FD`."""
    down, up, deadline_fd = (int(a) for a in argv)
    _serve(_Duplex(Connection(down, writable=False), Connection(up, readable=False)), _SharedDouble(deadline_fd))


if __name__ == "__main__":
    _main(sys.argv[1:])
