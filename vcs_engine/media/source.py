"""The video-source contract shared by the compositor, the studio preview and the exporters.

Every source hands out whole frames and the compositor scales and crops them itself, so any
frame size is always drawn right. A source may also be told how big the compositor is about to
draw its whole frame (`BgraSource.prefer_size`) and deliver that size: the compositor then copies
the frame 1:1, which is about 7× cheaper than resampling it on the rendering thread.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable

import numpy as np


class MediaError(RuntimeError):
    """A source could not be opened or read. Callers fall back to synthetic footage."""


@runtime_checkable
class VideoSource(Protocol):
    """Anything that yields an RGB frame for a time in seconds (any time: sources loop)."""

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the frames in pixels."""
        ...

    def frame_at(self, t: float) -> np.ndarray:
        """The frame shown at `t` seconds: (h, w, 3) uint8 RGB, read-only."""
        ...

    def close(self) -> None:
        """Release files and threads; the source is unusable afterwards."""
        ...


class BgraSource(ABC):
    """A source that keeps its frames as (h, w, 4) B,G,R,255 arrays.

    Why: that byte order is Skia's native N32 layout, which its raster pipeline scales several
    times faster than RGBA, and the compositor can wrap such an array without copying. The RGB
    view required by `VideoSource` is then a free reordering of the same memory.
    """

    @property
    @abstractmethod
    def size(self) -> tuple[int, int]:
        """(width, height) of the frames in pixels."""

    @abstractmethod
    def bgra_at(self, t: float) -> np.ndarray:
        """The frame shown at `t` seconds: (h, w, 4) uint8 B,G,R,255, read-only."""

    def frame_at(self, t: float) -> np.ndarray:
        """`bgra_at` seen as RGB: a read-only strided view, not a copy."""
        return self.bgra_at(t)[..., 2::-1]

    def prefer_size(self, size: tuple[int, int]) -> None:  # noqa: B027 - a hint, optional
        """The compositor will draw the whole frame at `size` (device pixels) from now on.

        Sources that can produce that size cheaply (a decoder thread's swscale pass, which
        runs without the GIL; drawing generated footage at that size) deliver it from then
        on. `size` keeps reporting the native size. Ignoring the hint is always correct.
        """

    def close(self) -> None:  # noqa: B027 - deliberately optional to override
        """Nothing to release by default."""

    def __enter__(self) -> BgraSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def frozen(array: np.ndarray) -> np.ndarray:
    """Mark a frame read-only: frames are shared between the ring buffer, caches and callers."""
    array.flags.writeable = False
    return array


MAX_SIDE = 1920
"""Frames larger than this (either side) are reduced once when decoded or loaded: the
compositor would otherwise scale a 4K frame or a 24 MP photo down on every output frame, and
no video layer needs more than a 1080p output's worth of pixels."""


def scaled_size(native: tuple[int, int], wanted: tuple[int, int]) -> tuple[int, int]:
    """The size to deliver frames at: `wanted` if within MAX_SIDE, else `native`."""
    if max(wanted) > MAX_SIDE or min(wanted) < 1:
        return native
    return wanted


def fit_within(width: int, height: int, max_side: int = MAX_SIDE) -> tuple[int, int]:
    """The size reduced, keeping its aspect, so that neither side exceeds `max_side`."""
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))
