"""`vcs render`: write a scenario's output frames (video layers, display list, PNGs)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ..authoring import FramePainter, asset_resolver
from ..export.files import atomic_output
from ..host import FrameOutput
from ..jobs import JobSession, warn
from .job_options import job_from_args


def render_command(args: argparse.Namespace) -> int:
    job, _ = job_from_args(args, out=args.out, format="png")  # composites have no sound
    job.check()
    out: Path = args.out
    with JobSession(job) as session:
        writer = _FrameWriter(session, out, args.emit)
        out.mkdir(parents=True, exist_ok=True)
        for frame in session.outputs(only=session.scenario.output_frames):
            writer.write(frame)
    return 0


class _FrameWriter:
    """Writes the requested kinds of files for one output frame."""

    def __init__(self, session: JobSession, out: Path, kinds: tuple[str, ...]) -> None:
        self.out = out
        self.kinds = kinds
        self.session = session
        self._assets = None
        self._painter: FramePainter = session.painter

    def write(self, frame: FrameOutput) -> None:
        """Each file appears complete or not at all (`atomic_output`): a failure or Ctrl-C in the
        middle leaves the previous run's file, never a truncated one."""
        n = frame.frame_index
        base = self.out / f"vcs-output_{n}"
        if "videolayers" in self.kinds:
            with atomic_output(f"{base}_videolayers.json") as temporary:
                temporary.write_text(frame.video_layers_json, encoding="utf-8")
        if "fgdisplaylist" in self.kinds:
            with atomic_output(f"{base}_fgdisplaylist.json") as temporary:
                temporary.write_text(frame.flattened_json, encoding="utf-8")
        if "graphics" in self.kinds:
            from ..render import render_display_list, write_png
            from ..render.canvex import DisplayListError

            if self._assets is None:
                self._assets = asset_resolver(self.session.host)  # Daily-exact: no placeholders
            try:
                rgba = render_display_list(frame.flattened, frame.width, frame.height, self._assets)
            except DisplayListError as error:  # e.g. a NaN frame, written as null: nothing is drawn
                warn(f"frame {n}: the display list is not drawn: {error}")
                rgba = np.zeros((frame.height, frame.width, 4), np.uint8)
            with atomic_output(f"{base}_graphics.png") as temporary:
                write_png(rgba, temporary)
        if "composite" in self.kinds:
            from ..render import write_png

            rgba = self._painter.paint(frame)
            with atomic_output(f"{base}.png") as temporary:
                write_png(rgba, temporary)
