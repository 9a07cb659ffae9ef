"""PNG files of premultiplied RGBA frames, byte for byte as Daily's frame tool writes them.

Skia's own encoder un-premultiplies (a 50 % red pixel would become 255,0,0,127), so frames
are written with Pillow from the raw bytes instead (layout-and-output.md §5.1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def write_png(rgba: np.ndarray, path: Path | str) -> None:
    """Write an ``(h, w, 4)`` uint8 array as an 8-bit RGBA PNG without any conversion."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"expected an (h, w, 4) uint8 array, got {rgba.shape} {rgba.dtype}")
    Image.fromarray(np.ascontiguousarray(rgba), mode="RGBA").save(path, format="PNG")


def read_png(path: Path | str) -> np.ndarray:
    """Read a PNG as an ``(h, w, 4)`` uint8 array of its stored bytes (no alpha conversion).

    Files without alpha are widened to RGBA with opaque alpha, which is the same pixel either way.
    """
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA") if image.mode != "RGBA" else image).copy()
