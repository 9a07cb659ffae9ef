"""An export's sound: the active inputs' audio mixed per video frame, encoded as AAC.

Mixing is a sum of float arrays (numpy), one chunk per video frame: frame n covers samples
`round(n·48000/fps)` … `round((n+1)·48000/fps)`, so the sound never drifts from the picture
(at most half a sample of rounding, whatever the length). An input whose slot becomes active or
inactive is faded in or out over that one frame, not switched, which would click.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from fractions import Fraction

import av
import numpy as np

from ..media.audio import CHANNELS, RATE, AudioTrack
from ..media.sources import InputId

AAC_BIT_RATE = 192_000
"""Stereo AAC at 192 kbit/s: transparent for speech and music, small next to the video."""


def sample_at(frame_index: int, fps: float | Fraction) -> int:
    """The first audio sample of a video frame."""
    return round(frame_index * RATE / Fraction(fps).limit_denominator(1001))


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


EncodedPacket = tuple[bytes, int, int, int]
"""An AAC packet as plain data (payload, pts, dts, duration in 1/48000 s): it crosses the pipe
from the mixing process (`audio_process`) and is muxed by the writer."""


class AacEncoder:
    """Stereo 48 kHz AAC: `(n, 2)` float32 chunks in, packets out (no container needed)."""

    def __init__(self) -> None:
        self._codec = codec = av.CodecContext.create("aac", "w")
        codec.sample_rate, codec.layout, codec.format = RATE, "stereo", "fltp"
        codec.bit_rate = AAC_BIT_RATE
        codec.time_base = Fraction(1, RATE)
        codec.open()
        self._pts = 0

    def encode(self, samples: np.ndarray | None) -> list[EncodedPacket]:
        """Packets completed by these samples (None: the last ones, at the end)."""
        frame = None
        if samples is not None:
            if not len(samples):
                return []
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples.T), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = RATE, self._pts
            self._pts += len(samples)
        return [(bytes(p), p.pts, p.dts, p.duration) for p in self._codec.encode(frame)]


class AacStream:
    """The AAC stream of an output container, muxing packets made by an `AacEncoder`."""

    def __init__(self, container: av.container.OutputContainer) -> None:
        self._container = container
        # The stream's own encoder is opened by the container for its parameters only (the same
        # AudioSpecificConfig as the mixing process's encoder); it never encodes.
        self._stream = container.add_stream("aac", rate=RATE, layout="stereo")
        self._stream.bit_rate = AAC_BIT_RATE

    def mux(self, packets: list[EncodedPacket]) -> None:
        for data, pts, dts, duration in packets:
            packet = av.Packet(data)
            packet.pts, packet.dts, packet.duration = pts, dts, duration
            packet.time_base = Fraction(1, RATE)
            packet.stream = self._stream
            self._container.mux(packet)
