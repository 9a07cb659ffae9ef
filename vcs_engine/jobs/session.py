"""`JobSession`: a job's composition loaded in the supervised engine, its scenario and footage.

What every render starts from (`vcs render`'s per-frame files, `run_job`'s encoded outputs):
the scenario is loaded first (it may set the size and the frame rate), then the composition at
that size, in the supervised engine process — a `.js` scenario is code too. The session then
yields the job's frames, replaying the frames before its range without rasterising them, and
keeps track of which inputs are active (their audio is heard only then).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ..authoring import Footage, FramePainter, default_footage_name
from ..errors import InputError
from ..host import FrameOutput
from ..limits import check_output_size, frames_in
from ..media.sources import InputId, input_key
from ..render.compositor import PixelOrder
from ..offline.detect import read_scenario_file, sniff
from ..offline.webvtt import transcript_into
from ..scenario import Scenario, default_scenario, run_scenario, with_params
from ..supervisor import SupervisedHost
from .model import BLANK, SCREEN, ExportJob, InputSpec

log = logging.getLogger("vcs")

_warned: set[str] = set()


def warn(message: str) -> None:
    """Log a warning once per process: scenario events repeat the full state, and with it its
    mistakes."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


def active_inputs(state: Mapping[str, Any], previous: frozenset[InputId]) -> frozenset[InputId]:
    """The input ids a state makes active: its `activeVideoInputSlots` entries that are slots
    (Daily leaves `false` for an empty one), by their `id`, else by position."""
    if "activeVideoInputSlots" not in state:
        return previous
    active = set()
    for index, slot in enumerate(state.get("activeVideoInputSlots") or []):
        if isinstance(slot, Mapping):
            active.add(input_key(slot.get("id", index)))
        elif slot:
            active.add(index)
    return frozenset(active)


class JobSession:
    """An open job: `host`, `scenario`, `painter`, the frame range, and the active inputs.

    Use as a context manager; `close()` stops the engine process and the footage decoders."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        host = SupervisedHost(fps=job.fps or 30.0, asset_dirs=list(job.asset_dirs),
                              session_assets=job.session_assets)
        try:
            self.scenario = _scenario(host, job)
            host.fps = job.fps or self.scenario.fps
            host.set_output_size(*self._output_size())
            host.open(job.composition)
        except BaseException:
            host.close()
            raise
        self.host = host
        # Audio-only participants are heard throughout: no video slot says when they are in.
        self._always_heard = frozenset(input_key(spec.slot) for spec in job.inputs if spec.audio_only)
        self.active: frozenset[InputId] = self._always_heard
        self.painter = FramePainter(host)
        self.painter.set_footage({spec.slot: self._footage(spec) for spec in job.inputs if not spec.audio_only})

    @staticmethod
    def _footage(spec: InputSpec) -> Footage:
        """What an input spec shows (unnamed: named like the painter's default)."""
        name = spec.name or default_footage_name(input_key(spec.slot))
        if spec.file is not None:
            return Footage(file=spec.file, name=name, offset_s=spec.offset_s)
        return Footage(name=name, screen=spec.look == SCREEN, blank=spec.look == BLANK)

    def _output_size(self) -> tuple[int, int]:
        """The job's size, else the scenario's, checked under the name the user gave it (even
        for H.264)."""
        even = self.job.kind != "png"
        if self.job.size is not None:
            w, h = self.job.size
            return check_output_size(w, h, f"--size {w}x{h}", even=even)
        w, h = self.scenario.output_size
        return check_output_size(w, h, f"{self.scenario.label}: outputSize {w}x{h}", even=even)

    @property
    def fps(self) -> float:
        return self.host.fps

    @property
    def range(self) -> tuple[int, int]:
        """(start, end) output frames; the default end is the scenario's length (at least up to
        its last output frame)."""
        return frame_range(self.job, self.scenario, self.fps)

    def outputs(self, only: Collection[int] | None = None) -> Iterator[FrameOutput]:
        """The engine's outputs for the frames of the range in order (frames before it are
        replayed, not yielded), or with `only` for just those frames (`vcs render`'s output
        frames); `active` follows the scenario's states."""
        start, end = (min(only), max(only) + 1) if only else self.range
        wanted = set(only) if only else None

        def track(state: Mapping[str, Any]) -> None:
            self.active = active_inputs(state, self.active) | self._always_heard

        for frame in run_scenario(self.host, self.scenario, frames=end, start=start, on_warning=warn,
                                  on_state=track):
            if wanted is None or frame.frame_index in wanted:
                yield frame

    def composited(self, order: PixelOrder = "rgba") -> Iterator[tuple[FrameOutput, np.ndarray]]:
        """Each frame of the range with its pixels (premultiplied, in `order`)."""
        for frame in self.outputs():
            yield frame, self.painter.paint(frame, order=order)

    def close(self) -> None:
        self.painter.close()
        self.host.close()

    def __enter__(self) -> JobSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def frame_range(job: ExportJob, scenario: Scenario, fps: float) -> tuple[int, int]:
    """A job's (start, end) output frames at `fps` with its scenario loaded."""
    end, seconds = job.end, job.seconds
    if end is None and seconds is not None:
        end = job.start + frames_in(seconds, fps, f"--seconds {seconds:g}")
    if end is None:
        end = max(scenario.duration_in_frames, scenario.last_frame + 1)
    if job.start >= end:
        raise InputError(f"start frame {job.start}: the scenario ends at frame {end - 1}")
    return job.start, end


def job_extent(job: ExportJob) -> tuple[float, int, int]:
    """(fps, start, end) of a job without opening its composition, for planning (e.g. splitting
    long jobs). Only the scenario is loaded: a data scenario (none, JSON, WebVTT) here, a `.js` one in
    an engine process, as it is code."""
    source = job.scenario
    if source is None or isinstance(source, Scenario) or sniff(Path(source)) != "other":
        scenario = _scenario(None, job)
    else:
        with SupervisedHost(fps=job.fps or 30.0) as host:
            scenario = _scenario(host, job)
    fps = job.fps or scenario.fps
    return (fps, *frame_range(job, scenario, fps))


def _scenario(host: SupervisedHost | None, job: ExportJob) -> Scenario:
    """The job's scenario (a file is read in the engine process, or with no host here, which
    only data files may be), with its transcript and params merged in."""
    source = job.scenario
    if isinstance(source, Scenario):
        scenario = source
    elif source is not None:
        scenario = host.load_scenario(Path(source)) if host is not None else read_scenario_file(source)
    else:
        scenario = default_scenario()
    if job.transcript is not None:
        scenario = transcript_into(scenario if source is not None else None, job.transcript, job.fps)
    if job.params:
        scenario = with_params(scenario, job.params)
    return scenario
