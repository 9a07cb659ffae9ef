"""The studio's link to the engine: one supervised host and its painter, no Qt.

Everything here runs on the studio session's render thread (studio/session.py), never on the GUI
thread. Composition code itself runs in the engine's child process (vcs_engine/supervisor.py):
whatever it does, it cannot stop or freeze the window.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from vcs_engine.authoring import FramePainter
from vcs_engine.errors import CompositionNotFound
from vcs_engine.host import FrameOutput
from vcs_engine.limits import split_sendable_params
from vcs_engine.render.compositor import LAYERS
from vcs_engine.scenario import Scenario
from vcs_engine.supervisor import SupervisedHost
from vcs_engine.timeline import BaseState, Progress, ScenarioPlayer, effective_scenario

from .call import FILE, call_state

DEFAULT_PARTICIPANTS = 4
OUTPUT_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (720, 1280), (720, 720))


def participant_slot(index: int, footage: str | None = None) -> dict[str, Any]:
    """A default input slot, named so label params have something to show; with `footage` (a
    video or image file: `--inputs`) it shows that file instead of synthetic footage."""
    slot: dict[str, Any] = {"id": index, "displayName": f"Participant {index + 1}"}
    if footage is not None:
        slot.update(source=FILE, footage=str(footage))
    return slot


def participant_slots(count: int, footage: Sequence[str] = ()) -> list[dict[str, Any]]:
    """`count` default slots, the first ones showing the `footage` files."""
    return [participant_slot(i, footage[i] if i < len(footage) else None) for i in range(count)]


_message_keys = itertools.count(1)


def new_message(sender: str, text: str) -> dict[str, Any]:
    """A standard-source message stamped now, with a key no other message of this studio has
    (the date and key are stored with it, so every replay shows the same message)."""
    date = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"key": f"studio-{next(_message_keys)}-{int(time.time() * 1000)}", "senderDisplayName": sender,
            "text": text, "date": date}


@dataclass
class RenderedFrame:
    """One composited frame and what it cost (the status bar shows the time)."""

    output: FrameOutput
    rgba: np.ndarray  # (h, w, 4) premultiplied RGBA
    seconds: float
    tree: Any = None  # the frame's node tree (Host.inspect()) while the inspector wants it
    exact: bool = True  # False: the live path (playback, edits; vcs_engine/timeline.py)


@dataclass
class PreviewEngine:
    """Owns the host, the timeline's player and everything needed to turn outputs into pixels.

    Every frame comes from the scenario player (vcs_engine/timeline.py), so the frame at N is the
    one `vcs render` writes for N. What runs is `effective_scenario(document, base)`: the
    timeline's document (a scenario in the events form; empty without one) over the studio's
    base state — the params edited outside record mode (as `--params`: at frame 0), the
    participants table (only when the document's initial state names no participants, as
    `vcs render` gives its default participants only without a scenario) and the messages sent while not
    recording (session-only events at the frame they were sent). Each change replaces the
    player's scenario; the next frame shows it live, the next exact one replays it.
    """

    host: SupervisedHost
    slots: list[dict[str, Any]] = field(default_factory=lambda: participant_slots(DEFAULT_PARTICIPANTS))
    layers: set[str] = field(default_factory=lambda: set(LAYERS))
    document: Scenario = field(default_factory=Scenario)
    params: dict[str, Any] = field(default_factory=dict)
    _messages: dict[int, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    _painter: FramePainter | None = None
    _player: ScenarioPlayer | None = None

    @classmethod
    def create(cls, size: tuple[int, int] = OUTPUT_SIZES[0], fps: float = 30.0,
               inputs: Sequence[str] = (), session_assets: Path | None = None,
               spare: bool = True) -> PreviewEngine:
        """An engine with a host but no composition yet (`open` may fail; the window still shows).
        A warm `spare` engine process makes a restart after a killed composition cost a reload
        (the multiview's extra engines go without: a spare per size costs memory, not speed).
        InputError when `session_assets` is not a folder."""
        engine = cls(SupervisedHost(size=size, fps=fps, spare=spare, session_assets=session_assets))
        engine._painter = FramePainter(engine.host, inputs)
        return engine

    @property
    def painter(self) -> FramePainter:
        if self._painter is None:
            self._painter = FramePainter(self.host)
        return self._painter

    @property
    def player(self) -> ScenarioPlayer:
        if self._player is None:
            self._player = ScenarioPlayer(self.host)
            self._update_timeline()
        return self._player

    def open(self, composition: str) -> None:
        """Load a composition from its defaults; raises what the host raises."""
        self.painter.forget_assets()
        self._messages.clear()  # another composition (or the same one afresh): a new call
        self.params = {}
        try:
            self.host.open(composition)
        finally:
            self._update_timeline()  # kept for the recovery if the load failed

    def reload(self) -> None:
        """Re-read the composition's files: a fresh mount the player replays to the same frame
        with the same document, params, participants and messages (hot reload keeps the moment)."""
        self.painter.forget_assets()
        if self.host.path is None:
            raise CompositionNotFound("no composition loaded")
        self.host.open(self.host.path)

    def set_session_assets(self, folder: Path | None) -> None:
        """Use a session-assets folder from the next load on; InputError when it is gone."""
        self.host.set_session_assets(folder)

    @property
    def loaded(self) -> bool:
        """A composition path is known (even if its last load failed: a fix can reload it)."""
        return self.host.path is not None

    def set_document(self, scenario: Scenario) -> None:
        """The timeline's document (an events-form scenario; `timeline.materialise` first)."""
        self.document = scenario
        self._update_timeline()

    def set_slots(self, slots: Sequence[dict[str, Any]]) -> None:
        """The participants table's rows (studio/call.py): slots, room peers and footage follow."""
        self.slots = [dict(slot) for slot in slots]
        self._update_timeline()

    def base_state(self, *, with_messages: bool = True) -> BaseState:
        call = call_state(self.slots)
        return BaseState(params=dict(self.params), slots=call.slots, room=call.peers,
                         messages=dict(self._messages) if with_messages else {})

    def scenario(self, *, with_messages: bool = True) -> Scenario:
        """What the engine runs (`with_messages=False`: what Save Scenario writes)."""
        return effective_scenario(self.document, self.base_state(with_messages=with_messages))

    def _update_timeline(self) -> None:
        # The table's footage always: for the default rows it is what `vcs render` draws.
        self.painter.set_footage(call_state(self.slots).footage)
        if self._player is not None:
            self._player.set_scenario(self.scenario())

    def set_output_size(self, width: int, height: int) -> None:
        self.host.set_output_size(width, height)

    def set_params(self, values: dict[str, Any]) -> list[str]:
        """Merge base params; values the engine could never take are refused (InputError, the
        others applied) and the others' warnings returned, as `Host.set_params` does."""
        good, rejected = split_sendable_params(values, self.host.interface)
        self.params.update(good)
        self._update_timeline()
        if rejected is not None:
            raise rejected
        return self.host.interface.check(good)

    def reset_params(self) -> None:
        self.params = {}
        self._update_timeline()

    def add_message(self, source: str, message: dict[str, Any], frame_index: int) -> None:
        """A session-only message at `frame_index` (sent while not recording): every replay
        shows it from that frame on."""
        self._messages.setdefault(frame_index, {}).setdefault(source, []).append(message)
        self._update_timeline()

    def render(self, frame_index: int, layers: Collection[str] | None = None, *, exact: bool = True,
               progress: Progress | None = None, overtaken: Callable[[], bool] | None = None,
               cached: bool = True) -> RenderedFrame:
        """Frame `frame_index` of the scenario, composited; `exact=False` is the live path of
        playback and edits (`timeline.Playhead`). Exceptions propagate (the session reports
        them), `Overtaken` too."""
        start = time.perf_counter()
        out = self.player.frame(frame_index, exact=exact, progress=progress, overtaken=overtaken, cached=cached)
        rgba = self.painter.paint(out, layers=self.layers if layers is None else layers)
        return RenderedFrame(out, rgba, time.perf_counter() - start, exact=exact)

    def close(self) -> None:
        self.painter.close()
        self.host.close()
