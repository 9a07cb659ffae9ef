"""Compositor and encoder speed: can a 16-tile call be previewed live and exported quickly?

Prints the median time to composite 16 video tiles (4x4 grid at 1280x720, synthetic sources,
plus the sample clips when present) with empty graphic layers, relative to a plain full-frame
copy measured in the same run (so the ratio is comparable across machines), and the H.264
encode throughput of 1280x720 frames. Run: python benchmarks/composite.py
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from vcs_engine.export import export_mp4
from vcs_engine.media import FileSource, SourceSet, SyntheticSource
from vcs_engine.render.compositor import Compositor

WIDTH, HEIGHT, FPS = 1280, 720, 30
TARGET_MS = 20.0
FOOTAGE = Path(__file__).resolve().parents[1] / "assets" / "footage"


def empty_list() -> dict[str, Any]:
    return {"width": WIDTH, "height": HEIGHT, "commands": []}


@dataclass
class GridOutput:
    """A FrameOutput stand-in: a 4x4 grid of video layers, empty graphic layers."""

    video_layers: list[dict[str, Any]]
    background: dict[str, Any] = field(default_factory=empty_list)
    foreground: dict[str, Any] = field(default_factory=empty_list)


def grid_layers(columns: int = 4, rows: int = 4) -> list[dict[str, Any]]:
    w, h = WIDTH // columns, HEIGHT // rows
    return [{"type": "video", "id": i,
             "frame": {"x": (i % columns) * w, "y": (i // columns) * h, "w": w, "h": h},
             "attrs": {"scaleMode": "fill", "zoomFactor": 1}} for i in range(columns * rows)]


def median_ms(run: Callable[[int], object], repeats: int) -> float:
    """Median wall time of run(i) over `repeats` calls, after two warm-up calls."""
    run(0), run(1)
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        run(i + 2)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_composite(sources: SourceSet, repeats: int) -> float:
    compositor, output = Compositor(WIDTH, HEIGHT), GridOutput(grid_layers())
    return median_ms(lambda i: compositor.composite(output, sources, i / FPS), repeats)


def bench_encode(frames: Iterable[np.ndarray]) -> float:
    """Frames per second through export_mp4: prepared frames measure the encoder alone, a
    generator measures compositing and encoding overlapped as in `vcs export`."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        written = export_mp4(frames, Path(folder) / "bench.mp4", FPS, (WIDTH, HEIGHT))
        return written / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=60, help="composites per measurement")
    parser.add_argument("--encode-frames", type=int, default=90, help="frames to encode")
    args = parser.parse_args()

    frame = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
    copy_ms = median_ms(lambda i: frame.copy(), args.repeats)
    print(f"full-frame copy (1280x720 RGBA)      {copy_ms:7.2f} ms")
    with SourceSet({i: SyntheticSource(i) for i in range(16)}) as synthetic:
        ms = bench_composite(synthetic, args.repeats)
        verdict = "ok" if ms <= TARGET_MS else f"over the {TARGET_MS:.0f} ms target"
        print(f"composite 16 synthetic tiles         {ms:7.2f} ms  ({ms / copy_ms:.0f}x copy; {verdict})")
    clips = sorted(FOOTAGE.glob("*.mp4"))
    if clips:
        with SourceSet({i: FileSource(clips[i % len(clips)]) for i in range(16)}) as footage:
            ms = bench_composite(footage, args.repeats)
            print(f"composite 16 file tiles (640x360)    {ms:7.2f} ms  ({ms / copy_ms:.0f}x copy;"
                  " decode-bound: 16 decoders faster than real time)")

    compositor, output = Compositor(WIDTH, HEIGHT), GridOutput(grid_layers())
    with SourceSet({i: SyntheticSource(i) for i in range(16)}) as synthetic:
        frames = [compositor.composite(output, synthetic, i / FPS) for i in range(args.encode_frames)]
        print(f"H.264 encode 1280x720 (defaults)     {bench_encode(frames):7.1f} fps")
        live = (compositor.composite(output, synthetic, i / FPS) for i in range(args.encode_frames))
        print(f"composite + encode, pipelined        {bench_encode(live):7.1f} fps")


if __name__ == "__main__":
    main()
