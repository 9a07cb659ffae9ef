"""A cut file as an export job: `vcs export CUT.vcscut.json --out reel.mp4`.

Daily's `vcscut` tool decodes every clip into raw YUV files and a WAV mix on disk, then a
second tool composites them. Here nothing is written in between: each clip is a video input of
the job, decoded straight from its source while the export runs, and the sound track is read
from the sources as the encoder asks for it.

* Video: the clip with video id 1001 + k (k: its place in `clips`) is the source file seen from
  `clip.start` at the time of the event that starts it, i.e. an input with the offset
  `clip.start - t` (negative offsets start a file later, see `jobs.InputSpec`). A clip is one
  input, so an event that starts a clip again does not restart it (a warning says so). A clip
  plays on past its `duration` until an event replaces it, as its source goes on.
* Sound (`CutSound`): `cut.audio`'s clips one after another from time 0, each `duration`
  long, read from its source from `clip.start`; the output has no audio stream when no listed
  clip's source has sound. The clips' own audio is not mixed in: the cut says what is heard.
* Length: `cut.duration`; frame rate: `--fps`, else the file's `fps`, else the first source's.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from ..errors import InputError
from ..export.audio import sample_at
from ..jobs import ExportJob, InputSpec
from ..limits import check_fps, read_json_file
from ..media.audio import CHANNELS, RATE, AudioTrack, has_audio
from ..media.sources import InputId
from .cut import CutFile, cut_scenario, is_cut_file, read_cut_file
from .detect import sniff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CutExport:
    """The job a cut file describes and the sound track that replaces the inputs' mix."""

    job: ExportJob
    sound: CutSound | None


def cut_export(path: Path | str, out: Path, *, fps: float | None = None, inputs: tuple[InputSpec, ...] = (),
               **fields: Any) -> CutExport:
    """The export of a cut file to `out`. `inputs` (`--input`) add or replace slots; `fields`
    are the job's other options (format, size, range, params, session assets, …)."""
    cut = read_cut_file(path)
    rate = fps or cut.fps or source_frame_rate(next(iter(cut.sources.values())), f"{cut.path}: sources[0]")
    scenario = cut_scenario(cut, rate)
    clips = {spec.slot: spec for spec in _clip_inputs(cut)}
    clips.update({spec.slot: spec for spec in inputs})
    audible = any(has_audio(cut.clips[c].source) for c in cut.audio)
    # The clips' own sound is never mixed in: without an audible clip in cut.audio, no audio stream.
    audio = fields.pop("audio", True) and audible
    job = ExportJob(composition=cut.composition, out=out, scenario=scenario, inputs=tuple(clips.values()),
                    fps=rate, audio=audio, **fields)
    return CutExport(job, CutSound(cut, rate) if audio else None)


def _clip_inputs(cut: CutFile) -> list[InputSpec]:
    """One input per started clip, offset so that its event's time shows its `start`."""
    started: dict[str, float] = {}
    for event in cut.events:
        for name in event.clips or ():
            if name in started:
                log.warning("%s: clip %s is started again at %gs; it plays on from its first start at %gs "
                            "(a clip is one video input)", cut.path, name, event.t, started[name])
                continue
            started[name] = event.t
    return [InputSpec(cut.clips[name].video_id, str(cut.clips[name].source), cut.clips[name].start - t)
            for name, t in started.items()]


def source_frame_rate(path: Path, label: str) -> float:
    """The average frame rate of a file's first video stream (InputError when it has none)."""
    try:
        with av.open(str(path)) as container:
            streams = container.streams.video
            rate = streams[0].average_rate if streams else None
    except (av.FFmpegError, OSError) as error:
        raise InputError(f"{label}: cannot read {path}: {error}") from None
    if not rate:
        raise InputError(f"{label}: {path} has no video frame rate; give the cut an \"fps\" (or --fps)")
    return check_fps(float(rate), f"{label}: the frame rate of {path}")


@dataclass
class _Segment:
    """One clip of the sound track: output samples [start, start + count) play the source from
    sample `source_start`."""

    source: Path
    start: int
    count: int
    source_start: int
    track: AudioTrack | None = None

    @property
    def end(self) -> int:
        return self.start + self.count


class CutSound:
    """A cut's sound track (`cut.audio`), video frame by video frame (`jobs.run_job`'s `sound`).

    Each clip's source is opened when its segment is first heard and closed once it is past,
    so a long cut keeps at most two decoders open; frames can be asked for from any point (a
    `--frames` range), the track seeks."""

    def __init__(self, cut: CutFile, fps: float | Fraction) -> None:
        self.fps = fps
        self.segments: list[_Segment] = []
        at = 0
        for name in cut.audio:
            clip = cut.clips[name]
            count = round(clip.duration * RATE)
            if has_audio(clip.source):
                self.segments.append(_Segment(clip.source, at, count, round(clip.start * RATE)))
            at += count

    def chunk(self, frame_index: int, active: Collection[InputId]) -> np.ndarray:
        """Frame `frame_index`'s samples (the active inputs do not matter: the cut says what
        is heard)."""
        start, end = sample_at(frame_index, self.fps), sample_at(frame_index + 1, self.fps)
        out = np.zeros((end - start, CHANNELS), np.float32)
        for segment in self.segments:
            lo, hi = max(start, segment.start), min(end, segment.end)
            if hi <= lo:
                if segment.track is not None and segment.end <= start:
                    segment.track.close()
                    segment.track = None
                continue
            if segment.track is None:
                segment.track = AudioTrack(segment.source)
            out[lo - start:hi - start] = segment.track.read(segment.source_start + lo - segment.start, hi - lo)
        return out

    def close(self) -> None:
        for segment in self.segments:
            if segment.track is not None:
                segment.track.close()
                segment.track = None


def is_cut_path(composition: str | Path) -> bool:
    """True when a command's composition argument is a cut file (told by its content)."""
    p = Path(composition)
    if not p.is_file() or sniff(p) != "json":
        return False
    try:
        return is_cut_file(read_json_file(p, "cut file"))
    except InputError:
        return False
