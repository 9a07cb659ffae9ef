"""The studio's link to the engine: one supervised host and its painter, no Qt.

Everything here runs on the studio session's render thread (studio/session.py), never on the GUI
thread. Composition code itself runs in the engine's child process (vcs_engine/supervisor.py):
whatever it does, it cannot stop or freeze the window.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from vcs_engine.authoring import FramePainter
from vcs_engine.host import FrameOutput
from vcs_engine.render.compositor import LAYERS
from vcs_engine.supervisor import SupervisedHost

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


@dataclass
class RenderedFrame:
    """One composited frame and what it cost (the status bar shows the time)."""

    output: FrameOutput
    rgba: np.ndarray  # (h, w, 4) premultiplied RGBA
    seconds: float
    tree: Any = None  # the frame's node tree (Host.inspect()) while the inspector wants it


@dataclass
class PreviewEngine:
    """Owns the host and everything needed to turn its outputs into pixels.

    The host records params, inputs and size even while the composition is failing, and replays
    them when it recovers (see `Host.failure`), so edits are never lost here. Messages are the
    studio's to keep: a remounted composition starts with no message history, so the ones sent
    since the open are sent again after every reload and recovery (a chat overlay keeps showing
    the chat while its author edits the file).
    """

    host: SupervisedHost
    slots: list[dict[str, Any]] = field(default_factory=lambda: participant_slots(DEFAULT_PARTICIPANTS))
    layers: set[str] = field(default_factory=lambda: set(LAYERS))
    _message_count: int = 0
    _messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (source, message), in order
    _painter: FramePainter | None = None

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

    def open(self, composition: str) -> None:
        """Load a composition from its defaults; raises what the host raises."""
        self.painter.forget_assets()
        self._messages.clear()  # another composition (or the same one afresh): a new call
        try:
            self.host.open(composition)
        finally:
            self._send_call()  # kept for the recovery if the load failed

    def reload(self) -> None:
        """Re-read the composition's files; the host keeps params, inputs and size."""
        self.painter.forget_assets()
        self.host.reload()
        self._resend_messages()

    def set_session_assets(self, folder: Path | None) -> None:
        """Use a session-assets folder from the next load on; InputError when it is gone."""
        self.host.set_session_assets(folder)

    @property
    def loaded(self) -> bool:
        """A composition path is known (even if its last load failed: a fix can reload it)."""
        return self.host.path is not None

    def set_slots(self, slots: Sequence[dict[str, Any]]) -> None:
        """The participants table's rows (studio/call.py): slots, room peers and footage follow."""
        self.slots = [dict(slot) for slot in slots]
        self._send_call()

    def _send_call(self) -> None:
        call = call_state(self.slots)
        self.host.set_inputs(call.slots)
        self.host.set_room(call.peers)
        self.painter.set_footage(call.footage)

    def set_output_size(self, width: int, height: int) -> None:
        self.host.set_output_size(width, height)

    def set_params(self, values: dict[str, Any]) -> list[str]:
        return self.host.set_params(values)

    def reset_params(self) -> None:
        self.host.reset_params()

    def add_message(self, source: str, sender: str, text: str) -> None:
        """Append one standard-source message, stamped now (keys must be unique per source)."""
        self._message_count += 1
        date = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        message = {"key": f"studio-{self._message_count}", "senderDisplayName": sender, "text": text, "date": date}
        self._messages.append((source, message))
        self.host.add_messages({source: [message]})  # dropped by a failing host; sent again on recovery

    def _resend_messages(self) -> None:
        """Give a freshly mounted composition the history, in one request, in order."""
        if not self._messages:
            return
        by_source: dict[str, list[dict[str, Any]]] = {}
        for source, message in self._messages:
            by_source.setdefault(source, []).append(message)
        self.host.add_messages(by_source)

    def render(self, frame_index: int, layers: Collection[str] | None = None) -> RenderedFrame:
        """Render and composite one frame; exceptions propagate (the session reports them)."""
        start = time.perf_counter()
        recovering = self.host.failure is not None  # a render that succeeds remounted it
        out = self.host.render(frame_index)
        if recovering and self._messages:
            self._resend_messages()
            out = self.host.render(frame_index)
        rgba = self.painter.paint(out, layers=self.layers if layers is None else layers)
        return RenderedFrame(out, rgba, time.perf_counter() - start)

    def close(self) -> None:
        self.painter.close()
        self.host.close()
