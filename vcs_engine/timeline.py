"""Exact, fast seeking through a scenario: the studio's timeline, without Qt.

Compositions keep state (toast queues, animations, message history, timers), so frame N is
only what `run_scenario` gives after running frames 0..N. `Playhead` keeps a host at a position
in a scenario and answers `frame(n)` with exactly that output:

* forward from the position it continues (the frames in between are *stepped*: rendered, laid
  out and animated, but not serialised — `Host.step` — which saves ~40 % of a busy frame);
* backward, or after the document changed, it remounts the composition (`Host.open`: a fresh
  mount with the same random numbers and no timers, as a new process would) and replays from 0;
* `frame(n, exact=False)` is the live path of playback and edits: a changed document is applied
  at the current position at once (the accumulated state at that frame) instead of replaying,
  and playback that fell more than `LIVE_STEPS` frames behind (a slow composition) applies the
  events in between and jumps, so it drops frames rather than playing in slow motion. Either
  makes the position inexact; the next exact request (a seek) replays.

Measured on two shared cores (baseline, 4 participants with labels, a chat toast every 3 s, an
emoji every 2 s, a mode change every 5 s): running 901 frames as `run_scenario` does takes
~0.6 s, stepping them ~0.36 s plus one rendered frame. Replaying from 0 therefore meets the
0.5 s target for a seek to frame 900, and checkpoints (a forked child per N frames) would add
memory and complexity for a gain nobody needs yet; a forward seek continues from the
position and costs only the frames in between.

With a `SupervisedHost` the playhead lives in the engine child (`SupervisedHost.timeline_frame`):
one request replays up to `budget` frames, so a long seek reports progress between requests and
a newer seek can overtake it (scrubbing). `ScenarioPlayer` is the caller's side of both.

`BaseState` is what the studio adds under a scenario (`effective_scenario`): params as
`--params` does, participants only when the scenario names none, and session-only messages.
`save_scenario` writes the `.json` form (`Scenario.to_mapping`) `load_scenario` reads back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from .host import FrameOutput, Host
from .scenario import Scenario, ScenarioError, apply_state, check_state, merge_states, with_params

__all__ = ["BaseState", "LocalTimeline", "Overtaken", "Playhead", "ScenarioPlayer", "accumulated_state",
           "effective_scenario", "has_call", "materialise", "save_scenario"]

log = logging.getLogger(__name__)

DEFAULT_BUDGET = 150
"""Frames one request replays before it reports progress (~60 ms of a busy baseline)."""

Messages = dict[str, list[dict[str, Any]]]


# ---------------------------------------------------------------------- documents


def materialise(scenario: Scenario) -> Scenario:
    """The scenario in the events form: a `.js` callback is called for frames 0..duration in
    order (as a run would call it, once each) and its non-null states kept, each checked.
    A scenario already in the events form is returned as it is."""
    if scenario.callback is None:
        return scenario
    events: dict[int, dict[str, Any]] = {}
    for n in range(max(scenario.duration_in_frames, scenario.last_frame + 1)):
        state = scenario.callback(n)
        if state is not None:
            events[n] = check_state(state, scenario.state_label(n))
    return replace(scenario, events=events, callback=None)


def save_scenario(scenario: Scenario, path: Path | str) -> None:
    """Write the `.json` form; the file appears complete or not at all."""
    from .export.files import atomic_output  # here: importing it loads PyAV, which an engine child never needs

    text = json.dumps(scenario.to_mapping(), indent=2, ensure_ascii=False) + "\n"
    with atomic_output(Path(path)) as temporary:
        temporary.write_text(text, encoding="utf-8")


def has_call(state: Mapping[str, Any]) -> bool:
    """Whether a state says who is in the call (slots or room)."""
    return "activeVideoInputSlots" in state or "room" in state


@dataclass(frozen=True)
class BaseState:
    """What the studio puts under a scenario.

    `params` are applied at frame 0 over the initial state's, as `vcs render --params` does.
    `slots`/`room` (the participants table) apply only when the scenario's initial state names
    no call (no slots, no room), as `vcs render` gives its default participants only without a
    scenario; a call recorded later in the document then changes them from its frame on. `messages` are
    session-only events by frame (sent from the message bar while not recording): replayed by
    every seek and reload, never saved."""

    params: Mapping[str, Any] = field(default_factory=dict)
    slots: list[Any] | None = None
    room: Any = None
    messages: Mapping[int, Messages] = field(default_factory=dict)


def effective_scenario(scenario: Scenario, base: BaseState, *, with_messages: bool = True) -> Scenario:
    """The scenario the engine runs for a document and the studio's base state."""
    scenario = materialise(scenario)
    if base.slots is not None and not has_call(scenario.initial_state):
        initial = {"activeVideoInputSlots": list(base.slots), **scenario.initial_state}
        if base.room is not None:
            initial["room"] = base.room
        scenario = replace(scenario, initial_state=initial)
    if base.params:
        scenario = with_params(scenario, base.params)
    if with_messages and base.messages:
        events = dict(scenario.events)
        for frame, messages in base.messages.items():
            events[frame] = merge_states(events.get(frame, {}), {"standardSources": messages})
        scenario = replace(scenario, events=events)
    return scenario


def accumulated_state(scenario: Scenario, frame_index: int) -> dict[str, Any]:
    """The state in force at `frame_index`: the initial state and every event up to it, params
    merged, slots and room the latest, every message so far (applying it adds the ones a host
    has not seen: `apply_state` skips known keys)."""
    state: dict[str, Any] = {"params": {}, "standardSources": {}}
    for each in [scenario.initial_state, *(scenario.events[n] for n in sorted(scenario.events) if n <= frame_index)]:
        for key in ("activeVideoInputSlots", "room"):
            if key in each:
                state[key] = each[key]
        state["params"].update(each.get("params") or {})
        for name, msgs in (each.get("standardSources") or {}).items():
            state["standardSources"].setdefault(name, []).extend(msgs or [])
    return state


# ---------------------------------------------------------------------- the engine side


class Playhead:
    """A host kept at a position in a scenario (see the module doc); runs where the host is.

    Exact outputs are kept by frame (`cache`, at most `CACHE_FRAMES`): they depend only on the
    document and the mount, so scrubbing back over frames already seen costs nothing. A replay
    renders (instead of stepping) the last `PREFILL` frames before its target, so scrubbing back
    from a seek's target finds them too."""

    PREFILL = 240
    CACHE_FRAMES = 3000
    LIVE_STEPS = 3
    """Live playback runs at most this many skipped frames (exactly) before it jumps instead."""
    CHUNK_S = 1.0
    """A budgeted request also stops after this long: a slow composition's chunk of frames must
    stay far inside the supervisor's per-request limit (30 s), which would kill the engine."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.scenario: Scenario | None = None
        self.position = 0  # the next frame to run; 0: the composition must be remounted
        self.last: FrameOutput | None = None  # the output of frame position - 1
        self.stale = True  # the host's state is not the document's at the position
        self.cache: dict[int, FrameOutput] = {}
        self._dirty = False  # the document changed since the host last saw it
        self._seen: dict[str, set] = {}
        self._size = host.size
        self._mount = -1  # the host's mount the position belongs to
        self.warnings: list[str] = []

    def set_scenario(self, scenario: Scenario) -> None:
        """A new document (an events-form scenario, the base state already in it). A change at
        or before the position makes the host stale; one only after it changes nothing yet."""
        scenario = materialise(scenario)
        old, self.scenario = self.scenario, scenario
        if old is None:
            self.stale = self._dirty = True
            return
        first = _first_difference(old, scenario)
        if first is None:
            return
        self.cache = {n: out for n, out in self.cache.items() if n < first}
        if first < self.position:
            self.stale = self._dirty = True

    def frame(self, target: int, *, exact: bool = True, budget: int | None = None,
              cached: bool = True) -> FrameOutput | int:
        """Frame `target`'s output, or (when `budget` frames were run first) the position
        reached so far: call again to continue. `cached=False` leaves the host at `target`
        (the inspector reads the host's tree, which a cached output does not move)."""
        if self.scenario is None:
            raise ScenarioError("the timeline has no scenario")
        if self.host.mounts != self._mount or self.host.failure is not None:
            # Reloaded (hot reload), or stopped by an error (a reload that failed must not be
            # hidden by frames of the code before it): start over, which retries the mount.
            self.position, self.cache = 0, {}
        if self.host.size != self._size:  # the output size changed since the mount: lay out anew
            self.stale = self._dirty = True
            self.cache, self._size = {}, self.host.size
        if cached and target in self.cache:
            return self.cache[target]
        replaying = self.position == 0 or target < self.position - 1 or (exact and self.stale)
        if replaying:
            self._remount()
        elif self._dirty:  # live: the changed document in force at the position, at once
            self.host.reset_params()
            self._apply(accumulated_state(self.scenario, self.position - 1), self.scenario.state_label(self.position - 1))
            self._dirty = False
            if target == self.position - 1:
                self.last = self.host.render(target)
        if target == self.position - 1 and self.last is not None:
            return self.last
        if not exact and not replaying and target - self.position > self.LIVE_STEPS:
            self._jump(target)
        left = -1 if budget is None else budget
        deadline = None if budget is None else time.monotonic() + self.CHUNK_S
        while self.position < target:
            if left == 0 or (deadline is not None and time.monotonic() > deadline):
                return self.position
            self._run(self.position, render=target - self.position <= self.PREFILL)
            left -= 1
        self._run(target, render=True)
        self._trim(target)
        assert self.last is not None
        return self.last

    def _run(self, n: int, render: bool) -> None:
        assert self.scenario is not None
        state = self.scenario.events.get(n)
        if state is not None:
            self._apply(state, self.scenario.state_label(n))
        if render:
            self.last = self.host.render(n)
            if not self.stale:  # kept without its console lines: a scrub back must not repeat them
                self.cache[n] = replace(self.last, logs=[])
        else:
            self.host.step(n)
        self.position = n + 1

    def _jump(self, target: int) -> None:
        """Live playback that fell behind (a slow composition): the events up to `target` are
        applied in order but the frames between are not run, so playback keeps the wall
        clock's pace (dropping frames) instead of running in slow motion. Not exact: the next
        exact request replays."""
        assert self.scenario is not None
        for n in sorted(e for e in self.scenario.events if self.position <= e < target):
            self._apply(self.scenario.events[n], self.scenario.state_label(n))
        self.position = target
        self.stale = True

    def _trim(self, target: int) -> None:
        if len(self.cache) > self.CACHE_FRAMES:
            keep = sorted(self.cache, key=lambda n: abs(n - target))[: self.CACHE_FRAMES]
            self.cache = {n: self.cache[n] for n in keep}

    def _remount(self) -> None:
        assert self.scenario is not None and self.host.path is not None
        self.position, self.last, self._seen, self.cache = 0, None, {}, {}
        self.stale = self._dirty = False
        self._size = self.host.size
        if not self.host.pristine:  # just opened (a load, a hot reload): that mount will do
            self.host.open(self.host.path)
        self._mount = self.host.mounts
        self.host.fps = self.scenario.fps  # as `vcs render` runs a scenario without --fps
        self._apply(self.scenario.initial_state, f"{self.scenario.label}: initialState")

    def _apply(self, state: Mapping[str, Any], where: str) -> None:
        for warning in apply_state(self.host, state, self._seen, where):
            if warning not in self.warnings:  # once: replays apply the same states again
                self.warnings.append(warning)
                log.warning("%s", warning)


def _first_difference(a: Scenario, b: Scenario) -> int | None:
    """The first frame two scenarios run differently (None: they are the same run)."""
    if (a.initial_state, a.output_size, a.fps) != (b.initial_state, b.output_size, b.fps):
        return 0
    changed = [n for n in a.events.keys() | b.events.keys() if a.events.get(n) != b.events.get(n)]
    return min(changed) if changed else None


# ---------------------------------------------------------------------- the caller's side


class TimelineHost(Protocol):
    """What `ScenarioPlayer` needs of a host: `SupervisedHost` has it; `LocalTimeline` gives
    a plain `Host` the same two calls."""

    def timeline_set(self, scenario: Scenario) -> None: ...

    def timeline_frame(self, frame_index: int, *, exact: bool = True, budget: int | None = None,
                       cached: bool = True) -> FrameOutput | int: ...


class LocalTimeline:
    """A `Playhead` on an in-process `Host`, with the `SupervisedHost` calls."""

    def __init__(self, host: Host) -> None:
        self.playhead = Playhead(host)

    def timeline_set(self, scenario: Scenario) -> None:
        self.playhead.set_scenario(scenario)

    def timeline_frame(self, frame_index: int, *, exact: bool = True, budget: int | None = None,
                       cached: bool = True) -> FrameOutput | int:
        return self.playhead.frame(frame_index, exact=exact, budget=budget, cached=cached)


Progress = Callable[[int, int], None]
"""`progress(done, total)` between the chunks of a long seek."""


class Overtaken(Exception):
    """A newer seek asked for another frame before this one was reached."""


class ScenarioPlayer:
    """Frames of a scenario on a host, as `run_scenario` renders them.

        player = ScenarioPlayer(supervised_host)
        player.set_scenario(scenario)           # the document (base state included)
        out = player.frame(900, progress=..., overtaken=lambda: newer_request_waiting)
    """

    def __init__(self, host: TimelineHost | Host, budget: int = DEFAULT_BUDGET) -> None:
        self.host: TimelineHost = LocalTimeline(host) if isinstance(host, Host) else host
        self.budget = budget

    def set_scenario(self, scenario: Scenario) -> None:
        self.host.timeline_set(scenario)

    def frame(self, frame_index: int, *, exact: bool = True, progress: Progress | None = None,
              overtaken: Callable[[], bool] | None = None, cached: bool = True) -> FrameOutput:
        """Frame `frame_index`; `exact=False` is the live path, `cached=False` leaves the host
        at the frame (see `Playhead`). Raises `Overtaken` when `overtaken()` says a newer
        request waits (checked between chunks)."""
        while True:
            answer = self.host.timeline_frame(frame_index, exact=exact, budget=self.budget, cached=cached)
            if isinstance(answer, FrameOutput):
                return answer
            if progress is not None:
                progress(answer, frame_index)
            if overtaken is not None and overtaken():
                raise Overtaken(frame_index)
