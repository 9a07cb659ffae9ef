"""Playback paced by the wall clock (no Qt): which frame should be on screen now.

A preview that renders "the next frame" on every timer tick plays in slow motion as soon as a
frame takes longer than its budget. Here the frame shown is the one whose time has come, so a
slow composition skips frames instead; the skipped ones are counted (`dropped`) for the status
bar. `speed` (0.25–2×) scales the clock: at 0.5× a frame's time comes twice as late.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["PlaybackClock"]


class PlaybackClock:
    """Frame index as a function of elapsed time while playing; a fixed index while paused."""

    def __init__(self, fps: float = 30.0, now: Callable[[], float] = time.monotonic) -> None:
        self.fps = fps
        self.speed = 1.0
        self._now = now
        self.playing = False
        self._origin_frame = 0
        self._origin_time = 0.0
        self.dropped = 0
        self._last_shown: int | None = None

    def frame(self) -> int:
        """The frame that belongs on screen now."""
        if not self.playing:
            return self._origin_frame
        return self._origin_frame + int((self._now() - self._origin_time) * self.fps * self.speed)

    def play(self) -> None:
        if not self.playing:
            self._origin_time = self._now()
            self.playing = True

    def pause(self) -> None:
        if self.playing:
            self._origin_frame = self.frame()
            self.playing = False

    def seek(self, frame_index: int) -> None:
        """Continue from `frame_index` (playing or not)."""
        self._origin_frame = max(0, frame_index)
        self._origin_time = self._now()
        self._last_shown = None

    def set_speed(self, speed: float) -> None:
        """Play at `speed` from the frame due now (no jump)."""
        if self.playing:
            self._origin_frame, self._origin_time = self.frame(), self._now()
        self.speed = min(2.0, max(0.25, float(speed)))

    def shown(self, frame_index: int) -> None:
        """A frame reached the screen: count the ones skipped since the previous one."""
        if self.playing and self._last_shown is not None and frame_index > self._last_shown + 1:
            self.dropped += frame_index - self._last_shown - 1
        self._last_shown = frame_index
