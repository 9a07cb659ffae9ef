"""`FileSource`: any video file PyAV can read, looped, decoded ahead in a background thread.

Times are "absolute" seconds on an endless timeline made of back-to-back copies of the clip.
The decoder thread walks that timeline forward and keeps a few frames ahead of the most
recently requested time in a small ring buffer, so a preview ticking in real time or an export
asking frame after frame finds its frame already converted. A request outside the buffered
window (scrubbing backwards, jumping ahead) makes the thread seek.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from os import PathLike

import av
import numpy as np
from av.video.reformatter import VideoReformatter

from .source import BgraSource, MediaError, fit_within, frozen, scaled_size

_SEEK_AHEAD_S = 1.0
"""Requests further ahead of the buffer than this seek instead of decoding through the gap."""

_EPSILON_S = 1e-6
"""A request at a frame's exact start time must get that frame despite float rounding of
n / fps versus pts · time_base (and loop offsets)."""

_WAIT_S = 10.0
"""Longest wait for the decoder before a request gives up and shows the last frame it had."""


@dataclass(frozen=True)
class _Entry:
    start: float
    end: float
    bgra: np.ndarray


class FileSource(BgraSource):
    """A looped video file. Opening validates the file by decoding its first frame.

    Meant for one consumer at a time (a preview or an export): two callers asking for distant
    times would make the decoder seek back and forth. Give each its own source. Call `close()`
    (or use it as a context manager) to stop the decoder thread.
    """

    def __init__(self, path: str | PathLike[str], *, buffer_frames: int = 4) -> None:
        self.path = str(path)
        # One swscale context for the clip: `VideoFrame.to_ndarray(format=...)` builds a new
        # one per frame, which costs more than the conversion itself. One thread, because the
        # renderer and the other decoders share the cores.
        self._reformatter = VideoReformatter()
        try:
            self._container = av.open(self.path)
        except (av.FFmpegError, OSError) as error:
            raise MediaError(f"cannot open video file {self.path!r}: {error}") from error
        try:
            first = self._open_stream()
        except MediaError:
            self._container.close()
            raise
        self._capacity = max(2, buffer_frames)
        self._cond = threading.Condition()
        self._buffer: deque[_Entry] = deque([first])
        self._latest = first.bgra
        self._want = 0.0
        self._seek: float | None = None
        self._seek_from = 0.0
        self._generation = 0
        self._closing = False
        self._done = False
        self._thread = threading.Thread(
            target=self._run, name=f"FileSource({self.path})", daemon=True
        )
        self._thread.start()

    # -- opening ---------------------------------------------------------------------------

    def _open_stream(self) -> _Entry:
        """Pick the first video stream, read its timing and decode the first frame."""
        streams = self._container.streams.video
        if not streams:
            raise MediaError(f"{self.path!r} has no video stream")
        self._stream = stream = streams[0]
        stream.thread_type = "AUTO"
        self._time_base = stream.time_base or Fraction(1, 90000)
        rate = stream.average_rate or stream.guessed_rate or 30
        self._frame_s = float(1 / Fraction(rate))
        self._frames = self._decoder()
        try:
            frame = next(self._frames)
        except StopIteration:
            raise MediaError(f"{self.path!r} contains no decodable video frame") from None
        except av.FFmpegError as error:
            raise MediaError(f"cannot decode {self.path!r}: {error}") from error
        self._start_pts = frame.pts or 0
        # Phones store portrait video as landscape plus a display rotation: apply it, as players do.
        self._quarter_turns = round((frame.rotation or 0) / 90) % 4
        width, height = fit_within(frame.width, frame.height)
        self._size = (height, width) if self._quarter_turns % 2 else (width, height)
        self._shown_size = self._size  # what frames are delivered at: see prefer_size
        self._period = self._declared_duration()
        self._last_end = self._frame_s
        return _Entry(0.0, self._frame_s, self._to_bgra(frame))

    def _declared_duration(self) -> float:
        """Clip length from the metadata; refined to the real end when the decoder reaches it."""
        stream = self._stream
        if stream.duration:
            return float(stream.duration * self._time_base)
        if self._container.duration:
            return self._container.duration / av.time_base
        return math.inf

    def _decoder(self) -> Iterator[av.VideoFrame]:
        return self._container.decode(self._stream)

    def _to_bgra(self, frame: av.VideoFrame) -> np.ndarray:
        """Colour conversion and scaling to the shown size (one swscale pass), rotation."""
        width, height = self._shown_size
        if self._quarter_turns % 2:
            width, height = height, width
        # Rows of odd widths are padded in FFmpeg's buffer: compact them (Skia wraps the array).
        bgra = np.ascontiguousarray(self._reformatter.reformat(
            frame, format="bgra", width=width, height=height, threads=1).to_ndarray())
        if self._quarter_turns:
            bgra = np.ascontiguousarray(np.rot90(bgra, self._quarter_turns))  # counter-clockwise
        return frozen(bgra)

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def prefer_size(self, size: tuple[int, int]) -> None:
        """Frames decoded from now on are scaled on the decoder thread, where swscale runs
        without the GIL; frames already buffered keep their size (the compositor scales them)."""
        self._shown_size = scaled_size(self._size, size)

    @property
    def duration(self) -> float:
        """Length of one loop in seconds (inf until known for files without metadata)."""
        return self._period

    # -- requests (caller thread) ------------------------------------------------------------

    def bgra_at(self, t: float) -> np.ndarray:
        t = (float(t) if math.isfinite(t) else 0.0) + _EPSILON_S
        with self._cond:
            self._want = t
            self._cond.notify_all()  # the decoder may be idle, waiting for the caller to advance
            deadline = time.monotonic() + _WAIT_S
            while True:
                entry = self._covering(t)
                if entry is not None:
                    self._latest = entry.bgra
                    return entry.bgra
                remaining = deadline - time.monotonic()
                if self._done or remaining <= 0:
                    return self._latest
                if self._needs_seek(t):
                    self._request_seek(t)
                    self._cond.notify_all()
                self._cond.wait(remaining)

    def _covering(self, t: float) -> _Entry | None:
        """The buffered frame on screen at `t`: the last one starting at or before it."""
        found = None
        for index, entry in enumerate(self._buffer):
            if entry.start > t:
                break
            found = index
        if found is None:
            return None
        entry = self._buffer[found]
        has_successor = found + 1 < len(self._buffer)
        return entry if has_successor or t < entry.end else None

    def _needs_seek(self, t: float) -> bool:
        if not self._buffer:
            return not self._seek_from <= t <= self._seek_from + _SEEK_AHEAD_S
        return t < self._buffer[0].start or t > self._buffer[-1].end + _SEEK_AHEAD_S

    def _request_seek(self, t: float) -> None:
        self._seek = self._seek_from = t
        self._generation += 1
        self._buffer.clear()

    def close(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()
        self._container.close()

    # -- decoding (worker thread) ------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._decode_loop()
        finally:
            with self._cond:
                self._done = True
                self._cond.notify_all()

    def _ahead(self) -> int:
        return sum(1 for entry in self._buffer if entry.start > self._want)

    def _decode_loop(self) -> None:
        loop_start = 0.0
        progressed = True  # a frame since the last rewind; without one, looping would spin
        while True:
            with self._cond:
                while not self._closing and self._seek is None and self._ahead() >= self._capacity:
                    self._cond.wait()
                if self._closing:
                    return
                target, self._seek = self._seek, None
                generation, want = self._generation, self._want
            if target is not None:
                loop_start, progressed = self._seek_to(target), True
            try:
                frame = next(self._frames, None)
            except av.FFmpegError:
                frame = None  # a damaged tail ends the loop where the damage starts
            local = None if frame is None else self._local_time(frame)
            if local is None or local >= self._period:
                if not progressed:
                    return  # nothing decodable after a rewind: keep showing the last frame
                loop_start, progressed = self._wrap(loop_start), False
                continue
            progressed = True
            start = loop_start + local
            end = min(start + self._duration_of(frame), loop_start + self._period)
            self._last_end = end - loop_start
            if end <= want:
                continue  # already behind the caller: skip the colour conversion
            entry = _Entry(start, end, self._to_bgra(frame))
            with self._cond:
                if generation == self._generation:
                    self._append(entry)

    def _local_time(self, frame: av.VideoFrame) -> float:
        pts = frame.pts if frame.pts is not None else self._start_pts
        return float((pts - self._start_pts) * self._time_base)

    def _duration_of(self, frame: av.VideoFrame) -> float:
        return float(frame.duration * self._time_base) if frame.duration else self._frame_s

    def _append(self, entry: _Entry) -> None:
        self._buffer.append(entry)
        while len(self._buffer) > 1 and (
            self._buffer[1].start <= self._want or len(self._buffer) > self._capacity + 1
        ):
            self._buffer.popleft()
        self._cond.notify_all()

    def _wrap(self, loop_start: float) -> float:
        """End of the clip: learn its true length, rewind, and start the next copy."""
        self._period = self._last_end
        self._rewind(0.0)
        return loop_start + self._period

    def _seek_to(self, target: float) -> float:
        """Position the decoder at the keyframe before `target`; returns that copy's start."""
        copy = math.floor(target / self._period) if math.isfinite(self._period) else 0
        loop_start = copy * self._period if copy else 0.0
        self._rewind(target - loop_start)
        return loop_start

    def _rewind(self, local: float) -> None:
        offset = self._start_pts + int(local / self._time_base)
        self._container.seek(offset, stream=self._stream, backward=True, any_frame=False)
        self._frames = self._decoder()
