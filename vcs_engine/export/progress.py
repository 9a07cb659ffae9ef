"""`run_export`: the export entry point used by `vcs export`, with a rich progress bar."""
from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .mp4 import DEFAULT_PRESET, export_mp4
from .png import export_png_sequence

if TYPE_CHECKING:
    from vcs_engine.render.compositor import PixelOrder

ExportFormat = Literal["mp4", "png"]


class _FpsColumn(ProgressColumn):
    """Frames per second: the number users compare against real time."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:5.1f} fps" if task.speed else "  ... fps")


def run_export(frames_iter: Iterable[np.ndarray], total: int | None, out: str | PathLike[str],
               fps: float | Fraction, size: tuple[int, int], fmt: ExportFormat = "mp4", *,
               crf: int = 18, preset: str = DEFAULT_PRESET, order: PixelOrder = "rgba") -> int:
    """Export with a progress bar on stderr (stdout stays free for results); returns the count.

    `total` sizes the bar (None: indeterminate). `out` is the MP4 file, or the folder for PNGs.
    `order` is the channel order of 4-channel frames; PNG sequences take RGBA only.
    KeyboardInterrupt propagates after the bar is closed and partial output removed.
    """
    if fmt not in ("mp4", "png"):
        raise ValueError(f"unknown export format {fmt!r} (expected 'mp4' or 'png')")
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               _FpsColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    console = Console(stderr=True)
    # Only on a terminal: elsewhere (logs, a recording server, a pipe) rich prints the bar's last
    # state as a line of its own, and stderr must hold nothing but warnings and the error line.
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:
        task = bar.add_task(f"export {Path(out).name}", total=total)

        def advance(done: int) -> None:
            bar.update(task, completed=done)

        if fmt == "mp4":
            return export_mp4(frames_iter, out, fps, size, advance, crf=crf, preset=preset,
                              order=order)
        if order != "rgba":
            raise ValueError("PNG sequences are written from RGBA frames")
        return export_png_sequence(frames_iter, out, advance)
