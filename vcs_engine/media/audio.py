"""`AudioTrack`: a footage file's sound as 48 kHz stereo float samples, on the video's timeline.

Exports carry the mix of their inputs' sound. Each input file is decoded here in order (one
sequential pass, a seek only when asked for a distant time) and converted by PyAV's
`AudioResampler` (FFmpeg's swresample: rate, layout and format in one pass; hand-written
resampling would be slower and worse). Times are those of `FileSource`: time 0 is the file's
first video frame, and the clip loops with the video's length, so picture and sound of a looped
input stay together.
"""

from __future__ import annotations

import math
from os import PathLike

import av
import numpy as np

from .source import MediaError

RATE = 48000
"""Samples per second of every mix: what AAC in MP4 and HLS players expect."""
CHANNELS = 2

_SEEK_AHEAD = RATE
"""Requests more than this many samples past the decoded ones seek instead of decoding through."""


def has_audio(path: str | PathLike[str]) -> bool:
    """Whether the file has an audio stream (False for images and unreadable files)."""
    try:
        with av.open(str(path)) as container:
            return bool(container.streams.audio)
    except (av.FFmpegError, OSError, UnicodeDecodeError):
        return False


class AudioTrack:
    """The first audio stream of a file; `read(start, count)` → `(count, 2)` float32 samples.

    `offset_s` shifts the timeline like `OffsetSource` (time t plays the file's t + offset).
    Sample indices are absolute on the looped timeline; reading forward is a plain decode."""

    def __init__(self, path: str | PathLike[str], offset_s: float = 0.0) -> None:
        self.path = str(path)
        try:
            self._container = av.open(self.path)
        except (av.FFmpegError, OSError) as error:
            raise MediaError(f"cannot open {self.path!r}: {error}") from error
        if not self._container.streams.audio:
            self._container.close()
            raise MediaError(f"{self.path!r} has no audio stream")
        self._stream = self._container.streams.audio[0]
        self._stream.thread_type = "AUTO"
        video = self._container.streams.video
        self._origin = _start_s(video[0]) if video else _start_s(self._stream)
        self._period = self._loop_samples(video[0] if video else self._stream)
        self._offset = round(offset_s * RATE)
        self._buffer = np.zeros((0, CHANNELS), np.float32)
        self._buffer_start = 0  # local sample index of the buffer's first sample
        self._positioned = False  # the decoder is at the buffer's end (else: seek first)
        self._read_to = -1  # where the last request ended: the next one usually starts there
        self._anchor = False  # the next decoded frame's time says where the buffer starts
        self._frames = None
        self._resampler: av.AudioResampler | None = None
        self._ended = False

    def _loop_samples(self, stream: av.stream.Stream) -> float:
        """The loop length in samples: the video's declared length (as `FileSource` loops), or
        the container's; inf when unknown (then nothing loops)."""
        if stream.duration and stream.time_base:
            return round(float(stream.duration * stream.time_base) * RATE)
        if self._container.duration:
            return round(self._container.duration / av.time_base * RATE)
        return math.inf

    def read(self, start: int, count: int) -> np.ndarray:
        """Samples `start` … `start + count - 1` of the timeline (silence where the file has none)."""
        pieces = []
        position = start + self._offset
        if position < 0:  # before a file that starts later (a negative offset): silence
            silent = min(count, -position)
            pieces.append(np.zeros((silent, CHANNELS), np.float32))
            position += silent
            count -= silent
        while count > 0:
            local = position % self._period if math.isfinite(self._period) else position
            take = int(min(count, self._period - local)) if math.isfinite(self._period) else count
            pieces.append(self._read_local(int(local), take))
            position += take
            count -= take
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)

    def _read_local(self, local: int, count: int) -> np.ndarray:
        end = self._buffer_start + len(self._buffer)
        sequential = local == self._read_to  # e.g. in a silent gap before the file's sound starts
        if not self._positioned or (not sequential and local < self._buffer_start) or local > end + _SEEK_AHEAD:
            self._seek(local)
        self._read_to = local + count
        while not self._ended and self._buffer_start + len(self._buffer) < local + count:
            self._decode_more()
        out = np.zeros((count, CHANNELS), np.float32)
        lo = max(local, self._buffer_start)
        hi = min(local + count, self._buffer_start + len(self._buffer))
        if hi > lo:
            out[lo - local:hi - local] = self._buffer[lo - self._buffer_start:hi - self._buffer_start]
        drop = max(0, min(local + count - self._buffer_start, len(self._buffer)))
        self._buffer = self._buffer[drop:]
        self._buffer_start += drop
        return out

    def _seek(self, local: int) -> None:
        """Position the decoder at or before `local` (keyframes of audio are every packet)."""
        target = self._origin + local / RATE
        if local > 0:
            self._container.seek(max(0, int(target / self._stream.time_base)), stream=self._stream,
                                 backward=True, any_frame=False)
        else:
            self._container.seek(0, backward=True)
        self._frames = self._container.decode(self._stream)
        self._resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
        self._buffer = np.zeros((0, CHANNELS), np.float32)
        self._buffer_start = local
        self._ended = False
        self._positioned = self._anchor = True

    def _decode_more(self) -> None:
        """Decode one frame into the buffer (the first after a seek sets where the buffer starts)."""
        assert self._frames is not None and self._resampler is not None
        try:
            frame = next(self._frames, None)
        except av.FFmpegError:
            frame = None  # a damaged tail ends the sound where the damage starts
        resampled = self._resampler.resample(frame)  # None flushes the resampler
        if frame is None:
            self._ended = True
        elif self._anchor:
            self._anchor = False
            if frame.time is not None:
                self._buffer_start = round((frame.time - self._origin) * RATE)
        for out in resampled:
            samples = out.to_ndarray()  # (2, n) planar
            self._buffer = np.concatenate([self._buffer, samples.T.astype(np.float32, copy=False)])

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> AudioTrack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_s(stream: av.stream.Stream) -> float:
    if stream.start_time is not None and stream.time_base:
        return float(stream.start_time * stream.time_base)
    return 0.0
