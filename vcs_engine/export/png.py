"""PNG-sequence export (one file per frame), for editors and frame-by-frame comparison."""
from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from pathlib import Path

import numpy as np
from PIL import Image

from .files import atomic_output
from .pipeline import Progress, run_pipelined

PATTERN = "frame_{:05d}.png"


def export_png_sequence(frames: Iterable[np.ndarray], folder: str | PathLike[str],
                        progress: Progress | None = None, *,
                        pattern: str = PATTERN, compress_level: int = 1, first: int = 0) -> int:
    """Write each (h, w, 3|4) uint8 frame as `folder/pattern.format(n)`, n counting from
    `first` (an export of frames 300 … 599 writes frame_00300.png …, so ranges rendered apart
    fill one folder as a single export would); returns the count.

    RGBA frames are written as their raw (premultiplied) bytes, like the renderer's PNGs. Each
    file is written under a temporary name and renamed, so an interrupted export leaves only
    complete frames. The low default compression keeps the writer ahead of the renderer.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    index = first

    def write(frame: np.ndarray) -> None:
        nonlocal index
        write_png_frame(frame, target, index, pattern=pattern, compress_level=compress_level)
        index += 1

    return run_pipelined(frames, write, progress=progress)


def write_png_frame(frame: np.ndarray, folder: Path, index: int, *, pattern: str = PATTERN,
                    compress_level: int = 1) -> Path:
    """Write one (h, w, 3|4) uint8 frame as `folder/pattern.format(index)`, complete or not at all."""
    path = folder / pattern.format(index)
    mode = "RGB" if frame.shape[2] == 3 else "RGBA"
    with atomic_output(path) as temporary:
        Image.fromarray(np.ascontiguousarray(frame), mode).save(
            temporary, format="PNG", compress_level=compress_level
        )
    return path
