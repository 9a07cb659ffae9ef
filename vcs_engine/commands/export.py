"""`vcs export`: engine → compositor → encoder, with a progress bar; Ctrl-C leaves no partial file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Iterator

import numpy as np

from ..scenario import run_scenario
from .session import Session, add_missing_sources, authoring_compositor, open_session, warn

if TYPE_CHECKING:
    from ..render.compositor import PixelOrder


def export_command(args: argparse.Namespace) -> int:
    from ..export import run_export

    session = open_session(args)
    try:
        scenario = session.scenario
        fps = session.host.fps  # --fps, else the scenario's
        frames = round(args.seconds * fps) if args.seconds else max(scenario.duration_in_frames, scenario.last_frame + 1)
        fmt = args.format or ("mp4" if args.out.suffix.lower() == ".mp4" else "png")
        order = "bgra" if fmt == "mp4" else "rgba"  # the encoder takes the surface's own order
        count = run_export(_composited(session, frames, args.inputs, order), frames, args.out, fps,
                           session.host.size, fmt, crf=args.crf, preset=args.preset, order=order)
    finally:
        session.close()
    print(f"wrote {count} frames to {args.out}")
    return 0


def _composited(session: Session, frames: int, inputs: list[str],
                order: PixelOrder) -> Iterator[np.ndarray]:
    from ..media import SourceSet

    compositor = authoring_compositor(session)
    with SourceSet() as sources:
        for frame in run_scenario(session.host, session.scenario, frames=frames, on_warning=warn):
            add_missing_sources(sources, frame.video_layers, inputs)
            yield compositor.composite(frame, sources, frame.time, order=order)
