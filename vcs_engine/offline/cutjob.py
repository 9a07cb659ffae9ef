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
  long, read from its source from `clip.start` (by the export's sound process, as inputs are);
  the output has no audio stream when no listed clip's source has sound. The clips' own audio
  is not mixed in: the cut says what is heard.
* Length: `cut.duration`; frame rate: `--fps`, else the file's `fps`, else the first source's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from ..errors import InputError
from ..export.audio import sample_at
from ..export.audio_process import TrackSpec
from ..jobs import ExportJob, InputSpec
from ..limits import check_fps, read_json_file
from ..media import MediaError, open_source
from ..media.audio import RATE, has_audio
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
    _check_sources(cut)
    rate = fps or cut.fps or source_frame_rate(next(iter(cut.sources.values())), f"{cut.path}: sources[0]")
    scenario = cut_scenario(cut, rate)
    clips = {spec.slot: spec for spec in _clip_inputs(cut)}
    clips.update({spec.slot: spec for spec in inputs})
    audible = any(has_audio(cut.clips[c].source) for c in cut.audio)
    # The clips' own sound is never mixed in: without an audible clip in cut.audio, no audio stream.
    audio = fields.pop("audio", True) and audible
    job = ExportJob(composition=cut.composition, out=out, scenario=scenario, inputs=tuple(clips.values()),
                    fps=rate, audio=audio, **fields)
    return CutExport(job, CutSound.of(cut, rate) if audio else None)


def _check_sources(cut: CutFile) -> None:
    """Each source decodes (its first frame): a broken one is named by its field in the cut file
    rather than as the input it becomes."""
    for i, file in enumerate(cut.sources.values()):
        try:
            open_source(str(file)).close()
        except MediaError as error:
            raise InputError(f"{cut.path}: sources[{i}].path: {error}") from None


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


@dataclass(frozen=True)
class CutSound:
    """A cut's sound track (`cut.audio`) as a `SoundPlan` for `jobs.run_job`: one track per
    listed clip, offset so that its `start` plays when its turn comes, heard for its
    `duration`; the sound process mixes them (one frame's fade at each change, no click)."""

    tracks: tuple[TrackSpec, ...]
    windows: tuple[tuple[str, int, int], ...]
    """(track id, first sample, end sample) of each clip's turn, on the output's timeline."""
    fps: float

    @classmethod
    def of(cls, cut: CutFile, fps: float) -> CutSound:
        tracks, windows = [], []
        at = 0.0
        for k, name in enumerate(cut.audio):
            clip = cut.clips[name]
            if has_audio(clip.source):
                key = f"cut.audio[{k}]"
                tracks.append((key, str(clip.source), clip.start - at))
                windows.append((key, round(at * RATE), round((at + clip.duration) * RATE)))
            at += clip.duration
        return cls(tuple(tracks), tuple(windows), fps)

    def heard(self, frame_index: int) -> frozenset[str]:
        """The tracks whose turn covers the frame's first sample."""
        sample = sample_at(frame_index, self.fps)
        return frozenset(key for key, start, end in self.windows if start <= sample < end)


def is_cut_path(composition: str | Path) -> bool:
    """True when a command's composition argument is a cut file (told by its content)."""
    p = Path(composition)
    if not p.is_file() or sniff(p) != "json":
        return False
    try:
        return is_cut_file(read_json_file(p, "cut file"))
    except InputError:
        return False
