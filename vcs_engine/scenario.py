"""Scenario files and the scenario runner (what `vcs render` and recording servers drive).

A scenario is Daily's scenario-test form: a `.js` ES module whose default export is
`{compositionId?, outputSize?, durationInFrames, outputFrames, initialState, frameWillRenderCb?}`,
or a `.json` file with the same fields where the callback is replaced by
`"events": [{"frame": N, "state": {...}}]`.

Semantics follow Daily's runner: the composition is mounted with its default params, the
initial state is applied at t = 0, then for every frame index from 0 to the last output frame
the callback (or the event list) may return a new state, applied before that frame renders:
`activeVideoInputSlots` replaces the slots, `params` are merged key by key. Beyond Daily's fields a
state may carry `room` (available peers) and `standardSources` (messages to append).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import VcsError
from .host import FrameOutput, Host, transform_failure
from .runtime import JsRuntime
from .transform import TransformError, load_composition_modules

DEFAULT_OUTPUT_SIZE = (1280, 720)
StateCallback = Callable[[int], "dict[str, Any] | None"]


class ScenarioError(VcsError):
    """The scenario file is missing or malformed."""


@dataclass
class Scenario:
    """A parsed scenario."""

    path: Path | None = None
    composition_id: str | None = None
    output_size: tuple[int, int] = DEFAULT_OUTPUT_SIZE
    duration_in_frames: int = 1
    output_frames: list[int] = field(default_factory=lambda: [0])
    initial_state: dict[str, Any] = field(default_factory=dict)
    events: dict[int, dict[str, Any]] = field(default_factory=dict)
    callback: StateCallback | None = None
    fps: float = 30.0

    @property
    def last_frame(self) -> int:
        return max(self.output_frames) if self.output_frames else 0

    def state_for(self, frame_index: int) -> dict[str, Any] | None:
        """The new state to apply before `frame_index` renders, if any."""
        if self.callback is not None:
            return self.callback(frame_index)
        return self.events.get(frame_index)

    @classmethod
    def from_mapping(cls, d: dict[str, Any], path: Path | None = None,
                     callback: StateCallback | None = None) -> "Scenario":
        size = d.get("outputSize") or {}
        frames = [int(f) for f in d.get("outputFrames") or [0]]
        events = {}
        for ev in d.get("events") or []:
            events[int(ev["frame"])] = ev.get("state") or {}
        return cls(
            path=path,
            composition_id=d.get("compositionId"),
            output_size=(int(size.get("w", DEFAULT_OUTPUT_SIZE[0])), int(size.get("h", DEFAULT_OUTPUT_SIZE[1]))),
            duration_in_frames=int(d.get("durationInFrames") or (max(frames) + 1)),
            output_frames=frames,
            initial_state=d.get("initialState") or {},
            events=events,
            callback=callback,
            fps=float(d.get("fps") or 30.0),
        )


def default_scenario(participants: int = 4) -> Scenario:
    """What `vcs render` uses without `--scenario`: N participants, frame 0."""
    slots = [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(participants)]
    return Scenario(initial_state={"activeVideoInputSlots": slots, "params": {}})


def load_scenario(path: Path | str) -> Scenario:
    """Read a `.json` or `.js` scenario."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"scenario file not found: {p}")
    if p.suffix == ".json":
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except ValueError as e:
            raise ScenarioError(f"{p}: not a valid scenario: {e}") from None
        return _from_data(data, p)
    return _load_js_scenario(p)


def _from_data(data: Any, path: Path, callback: StateCallback | None = None) -> Scenario:
    """`Scenario.from_mapping` with malformed fields reported as a ScenarioError naming the file."""
    try:
        if not isinstance(data, dict):
            raise TypeError(f"the top level must be an object, not {type(data).__name__}")
        return Scenario.from_mapping(data, path, callback)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ScenarioError(f"{path}: not a valid scenario: {e}") from None


def _load_js_scenario(path: Path) -> Scenario:
    """Evaluate a scenario module in its own sandbox; its callback stays callable from Python."""
    try:
        bundle = load_composition_modules(path)
    except TransformError as e:
        raise transform_failure(e) from None
    runtime = JsRuntime(lambda req: "{}", lambda s: "")
    for chunk in bundle.modules:
        runtime.define_module(chunk.id, chunk.code, chunk.path)
    data = json.loads(runtime.eval(
        f"(function () {{ var s = __vcs_require({json.dumps(bundle.entry_id)}).default || {{}};"
        " globalThis.__scenario = s;"
        " return JSON.stringify(Object.assign({}, s, {frameWillRenderCb: undefined})); })()"))
    has_cb = runtime.eval("typeof __scenario.frameWillRenderCb === 'function'")
    callback = None
    if has_cb:
        # The returned state is deep-copied by the JSON round trip: scenarios mutate theirs.
        js_cb = runtime.function(
            "(function (i) { var r = __scenario.frameWillRenderCb(i); return r ? JSON.stringify(r) : ''; })")

        def callback(frame_index: int) -> dict[str, Any] | None:
            text = js_cb(frame_index)
            return json.loads(text) if text else None

    return _from_data(data, path, callback)


def apply_state(host: Host, state: dict[str, Any], seen_messages: dict[str, set]) -> list[str]:
    """Apply one scenario state to the host; returns param warnings."""
    warnings: list[str] = []
    if "activeVideoInputSlots" in state:
        host.set_inputs(state["activeVideoInputSlots"] or [])
    if state.get("params"):
        warnings = host.set_params(state["params"])
    if "room" in state:
        room = state["room"]
        host.set_room(room.get("availablePeers", []) if isinstance(room, dict) and "availablePeers" in room else room)
    sources = state.get("standardSources")
    if isinstance(sources, dict):
        new: dict[str, list] = {}
        for name, msgs in sources.items():
            seen = seen_messages.setdefault(name, set())
            fresh = []
            for m in msgs or []:
                if isinstance(m, dict) and m.get("key") not in seen:  # also a repeat within the list
                    seen.add(m.get("key"))
                    fresh.append(m)
            if fresh:
                new[name] = fresh
        if new:
            host.add_messages(new)
    return warnings


def run_scenario(host: Host, scenario: Scenario, *, frames: int | None = None,
                 on_warning: Callable[[str], None] | None = None) -> Iterator[FrameOutput]:
    """Render `frames` frames (default: 0 to the last output frame); yields every frame's output."""
    seen: dict[str, set] = {}
    warn = on_warning or (lambda w: None)
    for w in apply_state(host, scenario.initial_state, seen):
        warn(w)
    for n in range(scenario.last_frame + 1 if frames is None else frames):
        state = scenario.state_for(n)
        if state:
            for w in apply_state(host, state, seen):
                warn(w)
        yield host.render(n)
