"""`vcs render`: write a scenario's output frames (video layers, display list, PNGs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..host import FrameOutput
from ..scenario import run_scenario
from .session import Session, add_missing_sources, asset_resolver, authoring_compositor, open_session, warn


def render_command(args: argparse.Namespace) -> int:
    session = open_session(args)
    out: Path = args.out
    writer = _FrameWriter(session, out, args.emit, args.inputs)
    wanted = set(session.scenario.output_frames)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for frame in run_scenario(session.host, session.scenario, on_warning=warn):
            if frame.frame_index in wanted:
                writer.write(frame)
    finally:
        writer.close()  # the video sources (open files) also when a frame fails
        session.close()
    return 0


class _FrameWriter:
    """Writes the requested kinds of files for one output frame."""

    def __init__(self, session: Session, out: Path, kinds: tuple[str, ...], inputs: list[str]) -> None:
        self.out = out
        self.kinds = kinds
        self.session = session
        self._assets = None
        self._compositor = None
        self._sources = None
        self._inputs = inputs

    def _resolver(self):
        if self._assets is None:
            self._assets = asset_resolver(self.session)
        return self._assets

    def write(self, frame: FrameOutput) -> None:
        n = frame.frame_index
        base = self.out / f"vcs-output_{n}"
        if "videolayers" in self.kinds:
            Path(f"{base}_videolayers.json").write_text(frame.video_layers_json, encoding="utf-8")
        if "fgdisplaylist" in self.kinds:
            Path(f"{base}_fgdisplaylist.json").write_text(frame.flattened_json, encoding="utf-8")
        if "graphics" in self.kinds:
            from ..render import render_display_list, write_png

            rgba = render_display_list(frame.flattened, frame.width, frame.height, self._resolver())
            write_png(rgba, Path(f"{base}_graphics.png"))
        if "composite" in self.kinds:
            from ..render import write_png

            write_png(self._composite(frame), Path(f"{base}.png"))

    def _composite(self, frame: FrameOutput):
        from ..media import SourceSet

        if self._compositor is None:
            self._compositor = authoring_compositor(self.session)
            self._sources = SourceSet()
        add_missing_sources(self._sources, frame.video_layers, self._inputs)
        return self._compositor.composite(frame, self._sources, frame.time)

    def close(self) -> None:
        if self._sources is not None:
            self._sources.close()
