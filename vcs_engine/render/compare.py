"""Tolerant comparison of rendered frames with reference frames, and a diff picture for humans.

Daily's reference PNGs come from a different Skia build, so anti-aliased edges may differ by a
level or two; the tolerance (daily-reference README) accepts that but catches anything a viewer
would notice: a wrong colour (mean error), a shifted shape (share of pixels off), or a missing
or misplaced element (32×32 tile mean).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .png import write_png


@dataclass(frozen=True)
class Tolerance:
    """Limits for :meth:`ImageDifference.within`; the defaults are the daily-reference ones."""

    mean_abs_error: float = 2.5
    fraction_off: float = 0.06
    tile_mean: float = 32.0
    pixel_threshold: int = 8
    tile_size: int = 32


DAILY_TOLERANCE = Tolerance()


@dataclass(frozen=True)
class ImageDifference:
    """How far two same-sized RGBA frames are apart."""

    mean_abs_error: float
    fraction_off: float
    worst_tile: float
    tolerance: Tolerance

    def within(self) -> bool:
        """True if every figure is inside the tolerance the difference was measured with."""
        t = self.tolerance
        return (self.mean_abs_error <= t.mean_abs_error and self.fraction_off <= t.fraction_off
                and self.worst_tile <= t.tile_mean)

    def __str__(self) -> str:
        return (f"mean abs error {self.mean_abs_error:.3f}, {100 * self.fraction_off:.3f} % pixels "
                f"off by > {self.tolerance.pixel_threshold}, worst tile {self.worst_tile:.1f}")


def compare_images(actual: np.ndarray, expected: np.ndarray,
                   tolerance: Tolerance = DAILY_TOLERANCE) -> ImageDifference:
    """Measure two ``(h, w, 4)`` uint8 frames (ValueError if their shapes differ)."""
    if actual.shape != expected.shape:
        raise ValueError(f"frame sizes differ: {actual.shape} vs {expected.shape}")
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    delta = np.abs(a - e)
    off = (delta.max(axis=2) > tolerance.pixel_threshold).mean()
    return ImageDifference(float(delta.mean()), float(off), _worst_tile(a, e, tolerance.tile_size),
                           tolerance)


def _worst_tile(a: np.ndarray, e: np.ndarray, size: int) -> float:
    """Largest per-channel difference of tile mean colours (edge tiles may be partial)."""
    worst = 0.0
    height, width = a.shape[:2]
    for y in range(0, height, size):
        for x in range(0, width, size):
            means = np.abs(a[y:y + size, x:x + size].mean(axis=(0, 1))
                           - e[y:y + size, x:x + size].mean(axis=(0, 1)))
            worst = max(worst, float(means.max()))
    return worst


def diff_image(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """``actual | expected | difference`` side by side, opaque, for looking at a failure.

    The frames are shown over mid grey so transparent areas are visible; the difference panel
    shows the largest channel difference ×4 in red.
    """
    def over_grey(rgba: np.ndarray) -> np.ndarray:
        alpha = rgba[..., 3:4].astype(np.float64) / 255.0
        rgb = rgba[..., :3].astype(np.float64) + 128.0 * (1.0 - alpha)  # premultiplied "over"
        return np.dstack([np.clip(rgb, 0, 255), np.full(alpha.shape, 255.0)]).astype(np.uint8)

    delta = np.abs(actual.astype(np.int16) - expected.astype(np.int16)).max(axis=2)
    heat = np.zeros_like(actual)
    heat[..., 0] = np.clip(delta * 4, 0, 255)
    heat[..., 3] = 255
    return np.hstack([over_grey(actual), over_grey(expected), heat])


def save_diff_image(actual: np.ndarray, expected: np.ndarray, path: Path) -> Path:
    """Write :func:`diff_image` of a failed comparison to ``path`` (folders created); returns it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(diff_image(actual, expected), path)
    return path
