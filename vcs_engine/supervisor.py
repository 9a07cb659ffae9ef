"""The engine in a supervised child process: composition code cannot stop the caller.

    host = SupervisedHost(size=(1280, 720))
    host.open("daily:baseline")
    out = host.render(0)          # the same FrameOutput as Host.render, made in the child

Why a process, on top of the in-process deadline (runtime/interrupt.py): that deadline stops
every form of runaway *JavaScript*, but not native code that never returns to the interpreter
(a catastrophic regular expression in this QuickJS, a huge native string operation), nor a crash
of QuickJS, the binding or a native library while the composition runs. Only a separate process
can be killed and replaced safely. The child runs a plain `Host`; this class has the same surface,
so the CLI, the studio and batch jobs use it unchanged.

Watchdog: the child publishes the deadline of the JS call in progress into shared memory
(`interrupt.publish_deadlines`). The parent waits for the answer; when a call runs past its
deadline by `GRACE_S` (the in-process interrupt had its chance and missed), or a crash ends the
child, the child is killed and replaced, and the call raises a `SandboxLimitError` that names the
limit. Work outside JS (transform, image decoding) has its own budget, `PYTHON_BUDGET_S`.

After such a failure the host behaves like `Host` after any error: every render raises the same
error until a state change (params, inputs, room, size) or a reload lets it recover, which opens
the composition in the new child with the recorded state. A warm spare child (`spare=True`, for
the studio) makes that restart cost a reload, not a process start.
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
from collections.abc import Mapping, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .errors import (
    CompositionError,
    InputError,
    SandboxLimitError,
    SourceLocation,
    VcsError,
)
from .host import FrameOutput, resolve_composition
from .hoststate import DEFAULT_FPS, DEFAULT_SIZE, HostState
from .interface import CompositionInterface
from .limits import split_sendable_params
from .runtime import DEFAULT_TIME_LIMIT_S
from .transform import TransformError
from .transform.resolve import find_entry

__all__ = ["GRACE_S", "EngineProcess", "SupervisedHost"]

log = logging.getLogger("vcs_engine.supervisor")

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
        self.host = host
        self.scenario: Any = None

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

    def op_scenario(self, path: Path) -> Any:
        from .scenario import load_scenario

        self.scenario = load_scenario(path)
        # The callback stays here; the parent gets the data and calls back by request.
        return replace(self.scenario, callback=None), self.scenario.callback is not None

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
        # A subprocess of `python -m vcs_engine.supervisor`, not multiprocessing's spawn, which
        # re-imports the caller's main script in the child (a footgun for every user script).
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
            [sys.executable, "-m", "vcs_engine.supervisor", *map(str, fds)], pass_fds=fds,
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


def _entry_location(composition: Path) -> SourceLocation | None:
    """Where a limit error points when nothing better is known: the entry file (no line: the
    process was stopped wherever it was)."""
    try:
        entry = find_entry(composition)[1]
    except TransformError:
        return None
    return SourceLocation(entry.name, entry, 0)


class SupervisedHost(HostState):
    """`Host`'s surface, served by an `EngineProcess` that is replaced when it must be killed.

    The session-assets folder travels with every open and reload (not in the child's start-up
    configuration), so a spare or replacement child always loads with the current one."""

    def __init__(self, *, size: tuple[int, int] = DEFAULT_SIZE, fps: float = DEFAULT_FPS,
                 asset_dirs: Sequence[Path | str] = (), session_assets: Path | str | None = None,
                 time_limit_s: float | None = None, spare: bool = False) -> None:
        super().__init__(size=size, fps=fps, asset_dirs=asset_dirs, session_assets=session_assets)
        self._inputs: list[Any] | None = None
        self._room: Any = None
        self._needs_replay = False  # the child was replaced: it knows nothing of our state
        self._config = {"size": self.size, "fps": fps, "asset_dirs": self.asset_dirs, "time_limit_s": time_limit_s}
        self._use_spare = spare
        self._spare: EngineProcess | None = None
        self._engine: EngineProcess | None = EngineProcess(self._config)
        self._start_spare()

    # ------------------------------------------------------------------ process management

    def _start_spare(self) -> None:
        if self._use_spare and self._spare is None:
            self._spare = EngineProcess(self._config)

    def _engine_process(self) -> EngineProcess:
        """The live child; after a kill, the spare (or a new one, started only when needed)."""
        if self._engine is None:
            self._engine, self._spare = (self._spare or EngineProcess(self._config)), None
            self._start_spare()
        return self._engine

    def _request(self, op: str, *args: Any, **kwargs: Any) -> Any:
        engine = self._engine_process()
        try:
            return engine.request(op, *args, **kwargs)
        except SandboxLimitError as error:
            if not engine.alive:
                engine.kill()
                self._engine = None
                self._needs_replay = True
                if error.location is None and self.path is not None:
                    error.location = _entry_location(self.path)
                self._failed(error)  # every render says so until a change brings a replay
            raise

    def close(self) -> None:
        for engine in (self._engine, self._spare):
            if engine is not None:
                engine.close()
        self._engine = self._spare = None

    def __enter__(self) -> SupervisedHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ loading

    def open(self, composition: str | Path) -> CompositionInterface:
        self.path = resolve_composition(composition)
        self._needs_replay = False
        return self._load("open", self.path, self.session_assets)

    def reload(self) -> CompositionInterface:
        if self._needs_replay and self.path is not None:
            return self._replay()
        return self._load("reload", self.session_assets)

    def _load(self, op: str, *args: Any) -> CompositionInterface:
        try:
            iface, snapshot = self._request(op, *args)
        except CompositionError as error:
            raise self._failed(error) from None
        self._adopt(snapshot)
        self.failure = None
        return iface

    def _replay(self) -> CompositionInterface:
        """Bring a new child to our state: size, composition, params, inputs, room."""
        self._needs_replay = False
        if self.size != tuple(self._config["size"]):
            self._request("set_output_size", *self.size)
        if self.path is None:
            return self.interface
        params = dict(self.params)
        iface = self._load("open", self.path, self.session_assets)
        if params:
            self.set_params(params, warn=False)
        if self._inputs is not None:
            self.set_inputs(self._inputs)
        if self._room is not None:
            self.set_room(self._room)
        return iface

    def _adopt(self, snapshot: Mapping[str, Any]) -> None:
        self.path, self.root = snapshot["path"], snapshot["root"]
        self.interface, self.images = snapshot["interface"], snapshot["images"]
        self.params, self.size = snapshot["params"], snapshot["size"]

    def load_scenario(self, path: Path | str) -> Any:
        """A scenario file read in the child: a `.js` scenario's callback runs there, under the
        same watchdog, and its states come back as data."""
        scenario, has_callback = self._request("scenario", Path(path))
        if has_callback:
            scenario.callback = lambda frame_index: self._request("scenario_state", frame_index)
        return scenario

    # ------------------------------------------------------------------ state

    def _mutate(self, op: str, *args: Any, **kwargs: Any) -> Any:
        """A state change: recorded here (for a replay), sent unless the child must be rebuilt
        (then None)."""
        self._state_changed()
        if self._needs_replay:
            return None
        return self._request(op, *args, **kwargs)

    def set_params(self, values: Mapping[str, Any], *, warn: bool = True) -> list[str]:
        try:
            answer = self._mutate("set_params", dict(values), warn=warn)
        except InputError:  # the child applied the good values and refused the others
            self.params = self._request("params")
            raise
        if answer is None:  # recorded for the replay, checked as the child would
            good, rejected = split_sendable_params(values, self.interface)
            self.params.update(good)
            if rejected is not None:
                raise rejected
            return self.interface.check(good) if warn else []
        warnings, self.params = answer
        return warnings

    def reset_params(self) -> None:
        self.params = {}
        self._mutate("reset_params")

    def set_inputs(self, slots: Sequence[Any]) -> None:
        self._inputs = list(slots)
        self._mutate("set_inputs", self._inputs)

    def set_room(self, peers: Any) -> None:
        self._room = peers
        self._mutate("set_room", peers)

    def add_messages(self, messages: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        if self.failure is None and not self._needs_replay:
            self._request("add_messages", dict(messages))

    def set_output_size(self, width: int, height: int) -> None:
        self.size = (int(width), int(height))
        self._mutate("set_output_size", *self.size)

    # ------------------------------------------------------------------ rendering

    def render(self, frame_index: int | None = None, *, t: float | None = None,
               playback_state: str = "playing") -> FrameOutput:
        # The time is computed here, not in the child: `fps` may change after the child started.
        frame_index, t = self.frame_time(frame_index, t)
        if self._must_recover():
            self.failure = None  # the child recovers by itself; a replaced child by the replay
        if self._needs_replay:
            self._replay()
        try:
            return self._request("render", frame_index, t=t, playback_state=playback_state)
        except CompositionError as error:
            raise self._failed(error) from None

    @property
    def render_count(self) -> int:
        return self._request("render_count")

    def clear_text_cache(self) -> None:
        self._request("clear_text_cache")


def _main(argv: list[str]) -> None:
    """Child entry: `python -m vcs_engine.supervisor DOWN_FD UP_FD DEADLINE_FD`."""
    down, up, deadline_fd = (int(a) for a in argv)
    _serve(_Duplex(Connection(down, writable=False), Connection(up, readable=False)), _SharedDouble(deadline_fd))


if __name__ == "__main__":
    _main(sys.argv[1:])
