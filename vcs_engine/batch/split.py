"""Long jobs in parallel: an MP4 job cut into frame ranges, each rendered on its own, then joined
without re-encoding.

Why this shape:
* A range is an `ExportJob` of its own (`with_range`): the job model replays the composition
  from frame 0 without rasterising, so its first frame has the exact state of a single render.
* Each range is its own H.264 encode, so its first frame is a keyframe (x264 opens every stream
  with an IDR frame): the join is a plain stream copy — packets remuxed with their timestamps
  shifted by the range's start — no decoding, no quality loss.
* The sound is *not* cut. AAC works on 1024-sample frames with encoder priming, so separately
  encoded pieces would each start with priming silence and a boundary that is not on the video's
  frame grid (48000/30 = 1600 samples per video frame): audible gaps or clicks at every cut. The
  ranges are rendered silent and report which inputs were active at each frame; the join mixes
  and encodes the whole job's sound in one pass with the same sound process a single render
  uses (`AudioProcess`, one request per video frame), so the audio stream is the same bytes as a
  single render's. That pass is cheap next to rendering (decode, mix, AAC: hundreds of times
  real time), and runs on another core while the join copies the video.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av

from ..errors import VcsError
from ..export.audio import AacStream
from ..export.audio_process import AudioProcess
from ..export.files import atomic_output
from ..jobs import ExportJob, sound_tracks
from ..media.sources import InputId

ActiveChanges = tuple[tuple[int, tuple[InputId, ...]], ...]
"""The inputs active at each frame of a range, as changes: ((frame, slots), …), first frame
first; a slot set holds until the next change."""


class JoinError(VcsError):
    """The segments of a split job cannot be joined (missing, or encoded differently)."""


def plan_ranges(start: int, end: int, fps: float, split_seconds: float | None) -> list[tuple[int, int]]:
    """Frames start … end-1 cut into equal ranges of at most `split_seconds` (one range when the
    job is not longer, or `split_seconds` is None)."""
    frames = end - start
    if split_seconds is None or frames <= split_seconds * fps:
        return [(start, end)]
    parts = min(frames, math.ceil(frames / (split_seconds * fps)))
    bounds = [start + round(i * frames / parts) for i in range(parts + 1)]
    return list(zip(bounds, bounds[1:]))


def range_job(job: ExportJob, frames: tuple[int, int], folder: Path, index: int) -> ExportJob:
    """The job of one range: its frames, silent (the join makes the sound), into `folder`."""
    first, end = frames
    return replace(job.with_range(first, end), out=folder / f"{job.out.stem}.part{index:03d}.mp4", format="mp4",
                   audio=False, label=f"{job.name} [{first}:{end}]")


def join_segments(job: ExportJob, segments: Sequence[Path], actives: ActiveChanges, fps: float) -> int:
    """Write `job.out` from its ranges' MP4s in order (stream copy) and the sound of the whole
    job (one pass); returns the frame count. The output appears complete or not at all."""
    tracks = sound_tracks(job)
    mix = AudioProcess(tracks) if tracks else None
    try:
        if mix is not None:
            mix.begin(fps)
        with atomic_output(job.out) as temporary, av.open(str(temporary), "w", format="mp4",
                                                          options={"movflags": "+faststart"}) as out:
            return _join(out, segments, actives, fps, mix)
    finally:
        if mix is not None:
            mix.close()


def _join(out: av.container.OutputContainer, segments: Sequence[Path], actives: ActiveChanges, fps: float,
          mix: AudioProcess | None) -> int:
    video = None
    extradata = None
    sound = None
    changes = dict(actives)
    active: frozenset[InputId] = frozenset()
    frame = min(changes) if changes else 0
    shift_frames = 0
    for path in segments:
        with av.open(str(path)) as source:
            stream = source.streams.video[0]
            if video is None:
                video = out.add_stream_from_template(stream)
                extradata = stream.codec_context.extradata
                sound = AacStream(out) if mix is not None else None
            elif stream.codec_context.extradata != extradata:
                raise JoinError(f"{path.name}: encoded with other settings than the first segment; cannot join")
            frame_duration = 1 / (Fraction(fps).limit_denominator(1001) * stream.time_base)
            shift = shift_frames * frame_duration
            if shift.denominator != 1:
                raise JoinError(f"{path.name}: time base {stream.time_base} cannot hold frame {shift_frames}")
            count = 0
            for packet in source.demux(stream):
                if packet.dts is None:  # the demuxer's end-of-stream marker
                    continue
                packet.pts += int(shift)
                packet.dts += int(shift)
                packet.stream = video
                out.mux(packet)
                if sound is not None and mix is not None:  # interleaved as a single render's
                    active = frozenset(changes.get(frame, active))
                    sound.mux(mix.send(frame, active))
                frame += 1
                count += 1
            shift_frames += count
    if sound is not None and mix is not None:
        sound.mux(mix.finish())
    if video is None:
        raise JoinError("no segments to join")
    return shift_frames
