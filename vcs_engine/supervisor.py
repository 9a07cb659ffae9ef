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

The child and its watchdog are `engine_process.EngineProcess`: a call that runs past its
deadline by `GRACE_S`, or a crash, ends the child and raises a `SandboxLimitError` naming the
limit; this class then replaces the child.

After such a failure the host behaves like `Host` after any error: every render raises the same
error until a state change (params, inputs, room, size) or a reload lets it recover, which opens
the composition in the new child with the recorded state. A warm spare child (`spare=True`, for
the studio) makes that restart cost a reload, not a process start.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .engine_process import GRACE_S, EngineProcess
from .errors import CompositionError, InputError, SandboxLimitError, SourceLocation
from .host import FrameOutput, resolve_composition
from .hoststate import DEFAULT_FPS, DEFAULT_SIZE, HostState
from .inspect import ProbeResult
from .interface import CompositionInterface
from .limits import split_sendable_params
from .transform import TransformError
from .transform.resolve import find_entry

__all__ = ["GRACE_S", "EngineProcess", "SupervisedHost"]


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
        self._timeline: Any = None  # the scenario of `timeline_frame`, and the child that has it
        self._timeline_engine: EngineProcess | None = None
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
        self._inputs = self._room = None  # an open starts over (Host.open)
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

    def load_scenario(self, path: Path | str, *, events_form: bool = False) -> Any:
        """A scenario file read in the child: a `.js` scenario's callback runs there, under the
        same watchdog, and its states come back as data. With `events_form` the callback is
        called for every frame there at once (`timeline.materialise`) and the scenario comes
        back as events, as the timeline edits it."""
        scenario, has_callback = self._request("scenario", Path(path), events_form=events_form)
        if has_callback:
            scenario.callback = lambda frame_index: self._request("scenario_state", frame_index)
        return scenario

    # ------------------------------------------------------------------ timeline

    def timeline_set(self, scenario: Any) -> None:
        """The scenario the child's `timeline.Playhead` plays (sent again to a new child)."""
        self._timeline = scenario
        self._timeline_engine = None
        self._state_changed()

    def timeline_frame(self, frame_index: int, *, exact: bool = True, budget: int | None = None,
                       cached: bool = True) -> Any:
        """`Playhead.frame` in the child: a `FrameOutput`, or the position reached after
        `budget` frames (ask again to continue)."""
        if self._timeline is None:
            raise InputError("the timeline has no scenario")
        if self._needs_replay:  # a new child: the composition first, then the scenario
            self.failure = None
            self._replay()
        engine = self._engine_process()
        try:
            if self._timeline_engine is not engine:
                self._request("timeline_set", self._timeline)
                self._timeline_engine = engine
            answer = self._request("timeline_frame", frame_index, exact=exact, budget=budget, cached=cached)
        except CompositionError as error:
            raise self._failed(error) from None
        self.failure = None  # the child's host decides when a failed composition may recover
        return answer

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

    # ------------------------------------------------------------------ inspecting

    def inspect(self) -> dict[str, Any]:
        """`Host.inspect()` in the child: the node tree of the last rendered frame."""
        self._check_inspectable()
        return self._request("inspect")

    def probe_params(self, path: str) -> ProbeResult:
        """`Host.probe_params()` in the child, which probes in a fork of itself (its own state
        stays as it was)."""
        self._check_inspectable()
        return self._request("probe_params", path)

    def _check_inspectable(self) -> None:
        if self.failure is not None:
            raise self.failure
        if self._needs_replay:
            raise CompositionError("the engine was restarted: render a frame first")

    @property
    def render_count(self) -> int:
        return self._request("render_count")

    def clear_text_cache(self) -> None:
        self._request("clear_text_cache")
