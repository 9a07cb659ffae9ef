"""`run_job`: an `ExportJob` rendered to its output (MP4 with sound, PNG sequence, HLS).

The caller's thread runs the engine and the compositor; a worker thread encodes the video and
muxes the sound, which a child process decodes, mixes and encodes (`export.audio_process`).
Outputs appear only when complete: an MP4 under a temporary name (`atomic_output`), an HLS
folder as a temporary folder (`atomic_folder`), a PNG sequence file by file. An error, Ctrl-C
or `cancel` leaves no partial output and does not touch what was at the target path.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from ..errors import VcsError
from ..export.audio import AacStream
from ..export.audio_process import AudioProcess, SoundPlan, TrackSpec
from ..export.files import atomic_folder, atomic_output
from ..export.hls import PLAYLIST, hls_gop, open_hls
from ..export.mp4 import H264Writer
from ..export.pipeline import run_pipelined
from ..export.png import export_png_sequence
from ..export.progress import JobProgress, ProgressMeter
from ..media.audio import has_audio
from ..media.sources import InputId, input_key
from ..render.compositor import PixelOrder
from .model import ExportJob
from .session import JobSession

Cancel = Callable[[], bool]
"""Asked before each frame; True stops the job (e.g. `threading.Event().is_set`)."""
OnFrame = Callable[[int, frozenset[InputId]], None]
"""Told each output frame's index and the inputs active at it, in the rendering thread (a split
job's ranges report them so the whole job's sound can be mixed in one pass, see `batch`)."""


class JobCancelled(VcsError):
    """The job was stopped by its `cancel` hook; nothing was written."""


@dataclass(frozen=True)
class JobResult:
    """What a finished job wrote: the output (the MP4, the folder of PNGs, the HLS folder), the
    playlist for HLS, how many frames, whether there is sound, and how fast it went."""

    out: Path
    format: str
    frames: int
    fps: float
    """Output frame rate."""
    seconds: float
    """Wall-clock time the job took."""
    audio: bool
    playlist: Path | None = None

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps

    @property
    def speed(self) -> float:
        """Times real time."""
        return self.duration_s / self.seconds if self.seconds > 0 else float("inf")


_Item = tuple[int, np.ndarray, frozenset[InputId]]


def run_job(job: ExportJob, *, progress: Callable[[JobProgress], None] | None = None,
            cancel: Cancel | None = None, sound: SoundPlan | None = None,
            on_frame: OnFrame | None = None) -> JobResult:
    """Render `job` to its output; returns what was written.

    Every value is checked first (`job.check()`, one InputError line). `progress` is called in
    this thread after each frame; `cancel` before each frame (JobCancelled when it says so).
    `sound` replaces the mix of the active inputs' audio (a cut file's own sound track);
    `on_frame` is told each frame's index and the sound tracks heard with it."""
    job.check()
    began = time.monotonic()
    kind = job.kind
    with ExitStack() as stack:
        tracks = sound_tracks(job) if sound is None else (list(sound.tracks) if _has_sound(job) else [])
        # Started first: the child's start-up overlaps the engine's.
        mix = AudioProcess(tracks) if tracks else None
        if mix is not None:
            stack.callback(mix.close)
        session = stack.enter_context(JobSession(job))
        if mix is not None:
            mix.begin(session.fps)  # known now: the job's, else the scenario's
        start, end = session.range
        meter = ProgressMeter(end - start, progress) if progress is not None else None
        order: PixelOrder = "rgba" if kind == "png" else "bgra"  # the encoder takes the surface's own order
        items = _frames(session, order, cancel, sound, on_frame)
        if kind == "png":
            count = _write_png(job.out, items, meter, start)
        else:
            count = _write_av(job, session.fps, session.host.size, items, mix, meter)
    playlist = job.out / PLAYLIST if kind == "hls" else None
    return JobResult(job.out, kind, count, session.fps, time.monotonic() - began, mix is not None, playlist)


def _frames(session: JobSession, order: PixelOrder, cancel: Cancel | None,
            sound: SoundPlan | None, on_frame: OnFrame | None) -> Iterator[_Item]:
    """Each frame's index, pixels and the ids of the sound tracks heard with it: the active
    inputs, or what `sound` says."""
    for frame, pixels in session.composited(order):
        if cancel is not None and cancel():
            raise JobCancelled(f"{session.job.name}: cancelled")
        heard = session.active if sound is None else frozenset(sound.heard(frame.frame_index))
        if on_frame is not None:
            on_frame(frame.frame_index, heard)
        yield frame.frame_index, pixels, heard


def _has_sound(job: ExportJob) -> bool:
    """Whether the job's output may carry sound at all: not a PNG sequence, not `audio: false`."""
    return job.kind != "png" and job.audio


def sound_tracks(job: ExportJob) -> list[TrackSpec]:
    """The file inputs that have sound, when the output may carry it (`_has_sound`); none → the
    output has no audio stream at all, rather than a silent one. A split job's join asks this
    too, so both agree."""
    if not _has_sound(job):
        return []
    return [(input_key(spec.slot), spec.file, spec.offset_s) for spec in job.inputs
            if spec.file is not None and has_audio(spec.file)]


def _write_png(folder: Path, items: Iterator[_Item], progress: Callable[[int], None] | None, first: int) -> int:
    """One PNG per frame, each complete or absent, named by its output frame."""
    return export_png_sequence((pixels for _, pixels, _ in items), folder, progress, first=first)


def _write_av(job: ExportJob, fps: float, size: tuple[int, int], items: Iterator[_Item],
              mix: AudioProcess | None, progress: Callable[[int], None] | None) -> int:
    """MP4 or HLS: H.264 video and, with `mix`, AAC sound, muxed together."""
    with ExitStack() as stack:
        if job.kind == "hls":
            folder = stack.enter_context(atomic_folder(job.out))
            container = stack.enter_context(open_hls(folder, job.segment_seconds))
            gop = hls_gop(fps, job.segment_seconds)
        else:
            temporary = stack.enter_context(atomic_output(job.out))
            container = stack.enter_context(av.open(str(temporary), "w", format="mp4",
                                                    options={"movflags": "+faststart"}))
            gop = None
        video = H264Writer(container, fps, size, job.crf, job.preset, "bgra", gop=gop)
        sound = AacStream(container) if mix is not None else None

        def write(item: _Item) -> None:
            index, pixels, active = item
            video.write(pixels)
            if sound is not None and mix is not None:
                sound.mux(mix.send(index, active))

        count = run_pipelined(items, write, progress=progress)
        video.finish()
        if sound is not None and mix is not None:
            sound.mux(mix.finish())
    return count
