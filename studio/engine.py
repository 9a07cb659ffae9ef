"""The studio's link to the engine: one Host, its authoring compositor and footage, no Qt.

Kept free of Qt so the render path (host → compositor) can be reasoned about and tested on its
own; the widgets only ask it for the next frame and show what it raises.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from vcs_engine.commands.session import (
    Session,
    add_missing_sources,
    authoring_compositor,
)
from vcs_engine.host import FrameOutput, Host
from vcs_engine.media import SourceSet
from vcs_engine.render import Compositor
from vcs_engine.render.compositor import LAYERS
from vcs_engine.scenario import default_scenario

DEFAULT_PARTICIPANTS = 4
OUTPUT_SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (720, 1280), (720, 720))


def participant_slot(index: int) -> dict[str, Any]:
    """A default input slot, named so label params have something to show."""
    return {"id": index, "displayName": f"Participant {index + 1}"}


def participant_slots(count: int) -> list[dict[str, Any]]:
    return [participant_slot(i) for i in range(count)]


@dataclass
class RenderedFrame:
    """One composited frame and what it cost (the status bar shows the time)."""

    output: FrameOutput
    rgba: np.ndarray  # (h, w, 4) premultiplied RGBA
    seconds: float


@dataclass
class PreviewEngine:
    """Owns the host and everything needed to turn its outputs into pixels.

    The compositor is rebuilt whenever the output size changes (it renders at a fixed size), and
    footage sources are opened lazily per video layer id because participants come and go.
    """

    host: Host
    slots: list[dict[str, Any]] = field(default_factory=lambda: participant_slots(DEFAULT_PARTICIPANTS))
    layers: set[str] = field(default_factory=lambda: set(LAYERS))
    inputs: Sequence[str] = ()
    mounted: bool = False  # the last open/reload succeeded: the runtime has a tree to render
    _message_count: int = 0
    _compositor: Compositor | None = None
    _sources: SourceSet = field(default_factory=SourceSet)

    @classmethod
    def create(cls, size: tuple[int, int] = OUTPUT_SIZES[0], fps: float = 30.0) -> PreviewEngine:
        """An engine with a host but no composition yet (`open` may fail; the window still shows)."""
        return cls(Host(size=size, fps=fps))

    def open(self, composition: str) -> None:
        """Load a composition; raises what the host raises (CompositionError, CompositionNotFound)."""
        self.mounted = False
        self._compositor = None
        if self.host.path is not None:
            # The host keeps params across open() (for reloads); another composition's values
            # would only produce "not declared" warnings and odd states.
            self.host.params = {}
        self.host.open(composition)
        self.mounted = True
        self._apply_inputs()

    def reload(self) -> None:
        """Re-read the composition's files; the host keeps params, inputs and size."""
        self.mounted = False
        self.host.reload()
        self.mounted = True
        self._apply_inputs()

    @property
    def loaded(self) -> bool:
        """A composition path is known (even if its last load failed: a fix can reload it)."""
        return self.host.path is not None

    @property
    def participants(self) -> int:
        return len(self.slots)

    def set_participants(self, count: int) -> None:
        """Resize the slot list; existing slots keep their names and flags."""
        count = max(0, count)
        self.slots = self.slots[:count] + [participant_slot(i) for i in range(len(self.slots), count)]
        self._apply_inputs()

    def set_slots(self, slots: Sequence[dict[str, Any]]) -> None:
        """The full `activeVideoInputSlots` objects (names, dominant, paused, screenshare)."""
        self.slots = [dict(slot) for slot in slots]
        self._apply_inputs()

    def _apply_inputs(self) -> None:
        """The runtime only takes inputs once a composition is mounted, and a first load that
        failed never got them: so they are (re)sent after every successful load or reload."""
        if self.mounted:
            self.host.set_inputs(self.slots)

    def set_output_size(self, width: int, height: int) -> None:
        self.host.set_output_size(width, height)
        self._compositor = None

    def set_params(self, values: dict[str, Any]) -> list[str]:
        """Send param values; while nothing is mounted (the last load failed) they are only
        kept, and the host re-applies them on the next successful reload. Sending them to the
        runtime then would fail and hide the real error (the load's) behind a follow-up one."""
        if not self.mounted:
            self.host.params.update(values)
            return self.host.interface.check(values)
        return self.host.set_params(values)

    def add_message(self, source: str, sender: str, text: str) -> None:
        """Append one standard-source message, stamped now (keys must be unique per source)."""
        self._message_count += 1
        date = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.host.add_messages({source: [{"key": f"studio-{self._message_count}",
                                          "senderDisplayName": sender, "text": text, "date": date}]})

    def reset_params(self) -> None:
        """Back to the composition's defaults."""
        self.host.reset_params()

    def compositor(self) -> Compositor:
        if self._compositor is None:
            self._compositor = authoring_compositor(Session(self.host, default_scenario()))
        return self._compositor

    def render(self, frame_index: int, layers: Collection[str] | None = None) -> RenderedFrame:
        """Render and composite one frame; exceptions propagate (the window shows them)."""
        start = time.perf_counter()
        out = self.host.render(frame_index)
        add_missing_sources(self._sources, out.video_layers, list(self.inputs))
        rgba = self.compositor().composite(out, self._sources, out.time,
                                           layers=self.layers if layers is None else layers)
        return RenderedFrame(out, rgba, time.perf_counter() - start)

    def close(self) -> None:
        self._sources.close()
