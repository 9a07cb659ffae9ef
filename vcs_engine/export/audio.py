"""An export's sound: the active inputs' audio mixed per video frame, encoded as AAC.

Mixing is a sum of float arrays (numpy), one chunk per video frame: frame n covers samples
`round(n·48000/fps)` … `round((n+1)·48000/fps)`, so the sound never drifts from the picture
(at most half a sample of rounding, whatever the length). An input whose slot becomes active or
inactive is faded in or out over that one frame, not switched, which would click.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import Protocol

import av
import numpy as np

from ..media.audio import CHANNELS, RATE, AudioTrack
from ..media.sources import InputId

AAC_BIT_RATE = 192_000
"""Stereo AAC at 192 kbit/s: transparent for speech and music, small next to the video."""


def sample_at(frame_index: int, fps: float | Fraction) -> int:
    """The first audio sample of a video frame."""
    return round(frame_index * RATE / Fraction(fps).limit_denominator(1001))


class SoundTrack(Protocol):
    """What an export's sound comes from: video frame n's share of samples, `(n, 2)` float32
    (`AudioMix`, or a cut file's track). `active` are the inputs active at that frame."""

    def chunk(self, frame_index: int, active: Collection[InputId]) -> np.ndarray: ...

    def close(self) -> None: ...


class AudioMix:
    """The tracks of the inputs that have sound, keyed by input id; `chunk(n, active)` is video
    frame n's share of the mix. Owns the tracks (`close()`)."""

    def __init__(self, tracks: Mapping[InputId, AudioTrack], fps: float | Fraction) -> None:
        self.tracks = dict(tracks)
        self.fps = fps
        self._gains = dict.fromkeys(self.tracks, 0.0)

    def chunk(self, frame_index: int, active: Collection[InputId]) -> np.ndarray:
        start, end = sample_at(frame_index, self.fps), sample_at(frame_index + 1, self.fps)
        mixed = np.zeros((end - start, CHANNELS), np.float32)
        for key, track in self.tracks.items():
            before, after = self._gains[key], 1.0 if key in active else 0.0
            self._gains[key] = after
            if before == after == 0.0:
                continue  # silent: nothing to read (the track seeks when heard again)
            samples = track.read(start, end - start)
            if before == after:
                mixed += samples
            else:
                mixed += samples * np.linspace(before, after, len(samples), dtype=np.float32)[:, None]
        return np.clip(mixed, -1.0, 1.0, out=mixed)

    def close(self) -> None:
        for track in self.tracks.values():
            track.close()


class AacWriter:
    """Stereo 48 kHz AAC into an open container; samples arrive as `(n, 2)` float32 chunks."""

    def __init__(self, container: av.container.OutputContainer) -> None:
        self._container = container
        self._stream = container.add_stream("aac", rate=RATE, layout="stereo")
        self._stream.bit_rate = AAC_BIT_RATE
        self._pts = 0

    def write(self, samples: np.ndarray) -> None:
        if not len(samples):
            return
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples.T), format="fltp", layout="stereo")
        frame.sample_rate = RATE
        frame.pts = self._pts
        self._pts += len(samples)
        self._container.mux(self._stream.encode(frame))

    def finish(self) -> None:
        self._container.mux(self._stream.encode(None))
