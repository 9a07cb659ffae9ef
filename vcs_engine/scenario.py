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

Every field is checked when the file is read (`vcs_engine.limits`), and every state again when it
is applied (a `.js` callback's states exist only then): a malformed one is a `ScenarioError`
naming the file and the field, e.g. `s.json: events[2].state.params must be an object, not a list`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import InputError
from .host import FrameOutput, Host, transform_failure
from .limits import (
    check_fps,
    check_frame_count,
    check_frame_index,
    check_json_value,
    check_output_size,
    check_param_value,
    describe,
    key_path,
    read_json_file,
)
from .runtime import JsRuntime
from .transform import TransformError, load_composition_modules

DEFAULT_OUTPUT_SIZE = (1280, 720)
DEFAULT_FPS = 30.0
STATE_FIELDS = ("activeVideoInputSlots", "params", "room", "standardSources")
StateCallback = Callable[[int], "dict[str, Any] | None"]


class ScenarioError(InputError):
    """The scenario file is missing or malformed, or a state it gives is."""


@contextmanager
def scenario_errors() -> Iterator[None]:
    """Report the generic checks' InputErrors as ScenarioErrors (same one-line message)."""
    try:
        yield
    except ScenarioError:
        raise
    except InputError as e:
        raise ScenarioError(str(e)) from None


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
    fps: float = DEFAULT_FPS

    @property
    def last_frame(self) -> int:
        return max(self.output_frames) if self.output_frames else 0

    @property
    def label(self) -> str:
        """How messages name this scenario: its file as given, else "scenario"."""
        return _label(self.path)

    def state_for(self, frame_index: int) -> dict[str, Any] | None:
        """The new state to apply before `frame_index` renders, if any."""
        if self.callback is not None:
            return self.callback(frame_index)
        return self.events.get(frame_index)

    def state_label(self, frame_index: int) -> str:
        """Where the state applied before `frame_index` came from, for error lines."""
        if self.callback is not None:
            return f"{self.label}: frameWillRenderCb({frame_index}) result"
        return f"{self.label}: event at frame {frame_index}"

    def to_mapping(self) -> dict[str, Any]:
        """The scenario's fields in the `.json` scenario form (`from_mapping` and `load_scenario`
        read it back equal): what Save Scenario writes and an in-memory scenario's JSON form (the
        studio's export jobs). A `.js` callback has no data form: materialise it first
        (`timeline.materialise`), else ScenarioError."""
        if self.callback is not None:
            raise ScenarioError(f"{self.label}: a scenario with a frameWillRenderCb has no JSON form; "
                                "materialise it into events first")
        data: dict[str, Any] = {} if self.composition_id is None else {"compositionId": self.composition_id}
        data.update({"outputSize": {"w": self.output_size[0], "h": self.output_size[1]}, "fps": self.fps,
                     "durationInFrames": self.duration_in_frames, "outputFrames": list(self.output_frames),
                     "initialState": self.initial_state,
                     "events": [{"frame": frame, "state": state} for frame, state in sorted(self.events.items())]})
        return data

    @classmethod
    def from_mapping(cls, d: Mapping[str, Any], path: Path | None = None,
                     callback: StateCallback | None = None) -> Scenario:
        """A scenario from its fields, each checked: a malformed one raises ScenarioError naming
        the file and the field. Absent (or null) fields take Daily's defaults."""
        where = _label(path)
        with scenario_errors():
            if not isinstance(d, Mapping):
                raise InputError(f"{where}: the top level must be an object, not {describe(d)}")
            frames = _output_frames(d.get("outputFrames"), where)
            duration = d.get("durationInFrames")
            composition_id = d.get("compositionId")
            if composition_id is not None:
                if not isinstance(composition_id, str):
                    raise InputError(f"{where}: compositionId must be a string, not {describe(composition_id)}")
                check_json_value(composition_id, f"{where}: compositionId")
            initial = d.get("initialState")
            return cls(
                path=path,
                composition_id=composition_id,
                output_size=_output_size(d.get("outputSize"), where),
                duration_in_frames=(max(frames) + 1 if duration is None
                                    else check_frame_count(duration, f"{where}: durationInFrames")),
                output_frames=frames,
                initial_state={} if initial is None else check_state(initial, f"{where}: initialState"),
                events=_events(d.get("events"), where),
                callback=callback,
                fps=DEFAULT_FPS if d.get("fps") is None else check_fps(d["fps"], f"{where}: fps"),
            )


def _label(path: Path | None) -> str:
    return str(path) if path is not None else "scenario"


def _output_frames(value: Any, where: str) -> list[int]:
    if value is None:
        return [0]
    if not isinstance(value, list):
        raise InputError(f"{where}: outputFrames must be a list of frame numbers, not {describe(value)}")
    frames = [check_frame_index(f, f"{where}: outputFrames[{i}]") for i, f in enumerate(value)]
    return frames or [0]


def _output_size(value: Any, where: str) -> tuple[int, int]:
    if value is None:
        return DEFAULT_OUTPUT_SIZE
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: outputSize must be an object {{w, h}}, not {describe(value)}")
    if "w" not in value or "h" not in value:
        raise InputError(f"{where}: outputSize needs both w and h")
    return check_output_size(value["w"], value["h"], f"{where}: outputSize")


def _events(value: Any, where: str) -> dict[int, dict[str, Any]]:
    if value is None:
        return {}
    if not isinstance(value, list):
        raise InputError(f"{where}: events must be a list of {{frame, state}}, not {describe(value)}")
    events: dict[int, dict[str, Any]] = {}
    for i, ev in enumerate(value):
        label = f"{where}: events[{i}]"
        if not isinstance(ev, Mapping):
            raise InputError(f"{label} must be an object {{frame, state}}, not {describe(ev)}")
        if "frame" not in ev:
            raise InputError(f"{label} has no frame")
        frame = check_frame_index(ev["frame"], f"{label}.frame")
        if frame in events:  # the second would silently replace the first
            raise InputError(f"{label}: a second event for frame {frame}; merge it into the first")
        state = ev.get("state")
        events[frame] = {} if state is None else check_state(state, f"{label}.state")
    return events


def check_state(state: Any, where: str) -> dict[str, Any]:
    """`state` if it is a scenario state that can be applied, else ScenarioError naming the field.

    A state is an object; `activeVideoInputSlots` a list, `params` an object of sendable values
    (`limits.check_param_value`), `room` a list of peer objects or `{availablePeers: [...]}`,
    `standardSources` an object of message lists; every value in it must be sendable
    (`limits.check_json_value`: finite numbers, valid Unicode, bounded text and nesting).
    Null fields are allowed (they mean "no change", "no peers" as before)."""
    with scenario_errors():
        if not isinstance(state, Mapping):
            raise InputError(f"{where} must be an object, not {describe(state)}")
        slots = state.get("activeVideoInputSlots")
        if slots is not None and not isinstance(slots, list):
            raise InputError(f"{where}.activeVideoInputSlots must be a list, not {describe(slots)}")
        params = state.get("params")
        if params is not None:
            if not isinstance(params, Mapping):
                raise InputError(f"{where}.params must be an object, not {describe(params)}")
            for pid, value in params.items():
                check_param_value(None, pid, value, where=where)
        _room_peers(state.get("room"), where)
        sources = state.get("standardSources")
        if sources is not None:
            if not isinstance(sources, Mapping):
                raise InputError(f"{where}.standardSources must be an object, not {describe(sources)}")
            for name, msgs in sources.items():
                _check_messages(msgs, f"{where}.standardSources{key_path(name)}")
        check_json_value({k: v for k, v in state.items() if k in STATE_FIELDS and k != "params"}, where)
    return dict(state)


def _check_messages(msgs: Any, where: str) -> None:
    """A standard source's messages: null, or a list of objects whose `key` (what repeats are
    recognised by) is a string or a number."""
    if msgs is None:
        return
    if not isinstance(msgs, list):
        raise InputError(f"{where} must be a list of messages, not {describe(msgs)}")
    for i, m in enumerate(msgs):
        if not isinstance(m, Mapping):
            raise InputError(f"{where}[{i}] must be a message object, not {describe(m)}")
        key = m.get("key")
        if isinstance(key, bool) or not isinstance(key, (str, int, float, type(None))):
            raise InputError(f"{where}[{i}].key must be a string or a number, not {describe(key)}")


def _room_peers(room: Any, where: str) -> list[Any] | Mapping[str, Any]:
    """The peers of a state's `room`: a list of peer objects or an object of them by id, either
    alone or as `{availablePeers: ...}`; null means none."""
    if room is None:
        return []
    in_field = isinstance(room, Mapping) and "availablePeers" in room
    peers = room["availablePeers"] if in_field else room
    path = f"{where}.room" + (".availablePeers" if in_field else "")
    if peers is None:
        return []
    if not isinstance(peers, (list, Mapping)):
        raise InputError(f"{path} must be a list of peers or an object of them, not {describe(peers)}")
    items = peers.items() if isinstance(peers, Mapping) else enumerate(peers)
    for key, peer in items:
        if not isinstance(peer, Mapping):
            raise InputError(f"{path}{key_path(key) if isinstance(key, str) else f'[{key}]'} must be a peer object, "
                             f"not {describe(peer)}")
    return peers


def default_scenario(participants: int = 4) -> Scenario:
    """What `vcs render` uses without `--scenario`: N participants, frame 0."""
    slots = [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(participants)]
    return Scenario(initial_state={"activeVideoInputSlots": slots, "params": {}})


def load_scenario(path: Path | str) -> Scenario:
    """Read a `.json` or `.js` scenario (ScenarioError naming the file and field when malformed)."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"scenario file not found: {p}")
    if p.suffix == ".json":
        with scenario_errors():
            data = read_json_file(p, "scenario file")
        return Scenario.from_mapping(data, p)
    return _load_js_scenario(p)


def with_params(scenario: Scenario, params: Mapping[str, Any]) -> Scenario:
    """The scenario with `params` applied at frame 0 right after its initial state (`--params`).

    They are merged over the initial state's params key by key, which is what applying them
    after it does; events and callbacks (frame 0's included) still change params later."""
    state = dict(scenario.initial_state)
    state["params"] = {**(state.get("params") or {}), **params}
    return replace(scenario, initial_state=state)


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

    return Scenario.from_mapping(data, path, callback)


def merge_states(base: Mapping[str, Any] | None, extra: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """One state that does what applying `base` then `extra` at the same frame does
    (`apply_state`): params merge key by key (the later value wins), slots and room are
    replaced, messages are appended per source (a repeated key is skipped when applied, so
    appending never shows one twice). None stands for "no state" (a callback's frame without
    one): None when both are. Inputs are left untouched; the result shares nothing with them.
    The studio's timeline, transcripts and the studio's session messages merge events with it."""
    if base is None and extra is None:
        return None
    merged = copy.deepcopy(dict(base or {}))
    for key, value in copy.deepcopy(dict(extra or {})).items():
        if key in ("params", "standardSources") and value is None and key in merged:
            continue  # null is "no change" (check_state): what the first state set stands
        if key == "params" and isinstance(merged.get(key), Mapping) and isinstance(value, Mapping):
            merged[key] = {**merged[key], **value}
        elif key == "standardSources" and isinstance(merged.get(key), Mapping) and isinstance(value, Mapping):
            sources = dict(merged[key])
            for name, messages in value.items():
                sources[name] = list(sources.get(name) or []) + list(messages or [])
            merged[key] = sources
        else:
            merged[key] = value
    return merged


def apply_state(host: Host, state: Any, seen_messages: dict[str, set], where: str = "scenario state") -> list[str]:
    """Check one scenario state (`check_state`; `where` names it in errors) and apply it to the
    host; returns warnings (param values Daily passes through, fields that are ignored)."""
    state = check_state(state, where)
    warnings = [f"scenario states have no field {k!r} (ignored; they have {', '.join(STATE_FIELDS)})"
                for k in state if k not in STATE_FIELDS]
    if "activeVideoInputSlots" in state:
        host.set_inputs(state["activeVideoInputSlots"] or [])
    if state.get("params"):
        warnings += host.set_params(state["params"])
    if "room" in state:
        host.set_room(_room_peers(state["room"], where))
    sources = state.get("standardSources")
    if sources:
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


def run_scenario(host: Host, scenario: Scenario, *, frames: int | None = None, start: int = 0,
                 on_warning: Callable[[str], None] | None = None,
                 on_state: Callable[[Mapping[str, Any]], None] | None = None) -> Iterator[FrameOutput]:
    """Render frames 0 … `frames`-1 (default: to the last output frame); yields those from
    `start` on.

    Frames before `start` are still rendered (the engine's state at a frame depends on every
    frame before it: effects, timers, animations), but only as display lists, which callers do
    not rasterise. `on_state` sees each state after it is applied (the initial state first)."""
    seen: dict[str, set] = {}
    warn = on_warning or (lambda w: None)
    for w in apply_state(host, scenario.initial_state, seen, f"{scenario.label}: initialState"):
        warn(w)
    if on_state is not None:
        on_state(scenario.initial_state)
    for n in range(scenario.last_frame + 1 if frames is None else frames):
        state = scenario.state_for(n)
        if state is not None:
            for w in apply_state(host, state, seen, scenario.state_label(n)):
                warn(w)
            if on_state is not None:
                on_state(state)
        output = host.render(n)
        if n >= start:
            yield output
