"""`vcs export`: engine → compositor → encoder, with a progress bar; Ctrl-C leaves no partial file."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..authoring import FramePainter
from ..errors import InputError
from ..limits import check_crf, check_preset, check_seconds, frames_in
from ..scenario import run_scenario
from .session import Session, open_session, warn

if TYPE_CHECKING:
    from ..render.compositor import PixelOrder


def export_command(args: argparse.Namespace) -> int:
    from ..export import run_export

    fmt = args.format or ("mp4" if args.out.suffix.lower() == ".mp4" else "png")
    # Refused before anything is opened or written: an existing export stays as it is.
    check_crf(args.crf)
    check_preset(args.preset)
    _check_out(args.out, fmt)
    if args.seconds is not None:
        check_seconds(args.seconds, f"--seconds {args.seconds:g}")
    session = open_session(args, even_size=fmt == "mp4")
    try:
        scenario = session.scenario
        fps = session.host.fps  # --fps, else the scenario's
        frames = (max(scenario.duration_in_frames, scenario.last_frame + 1) if args.seconds is None
                  else frames_in(args.seconds, fps, f"--seconds {args.seconds:g}"))
        order = "bgra" if fmt == "mp4" else "rgba"  # the encoder takes the surface's own order
        count = run_export(_composited(session, frames, args.inputs, order), frames, args.out, fps,
                           session.host.size, fmt, crf=args.crf, preset=args.preset, order=order)
    finally:
        session.close()
    print(f"wrote {count} frames to {args.out}")
    return 0


def _check_out(out: Path, fmt: str) -> None:
    """An MP4 replaces a file, a PNG sequence fills a folder: the other kind at `--out` is refused
    now, not after the whole export was rendered."""
    if fmt == "mp4" and out.is_dir():
        raise InputError(f"--out {out}: is a folder; an MP4 export needs a file name (or use --format png)")
    if fmt == "png" and out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: is a file; a PNG sequence is written into a folder")


def _composited(session: Session, frames: int, inputs: list[str],
                order: PixelOrder) -> Iterator[np.ndarray]:
    painter = FramePainter(session.host, inputs)
    try:
        for frame in run_scenario(session.host, session.scenario, frames=frames, on_warning=warn):
            yield painter.paint(frame, order=order)
    finally:
        painter.close()
