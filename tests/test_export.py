"""MP4 and PNG-sequence export: content, atomicity on cancel, error propagation."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from vcs_engine.export import export_mp4, export_png_sequence, run_pipelined

SIZE = (128, 96)
COLORS = [(200, 40, 40), (40, 200, 40), (40, 40, 200), (230, 230, 230)]


def frames(count: int, channels: int = 3) -> Iterator[np.ndarray]:
    """Solid frames cycling through COLORS (alpha 255 when RGBA)."""
    w, h = SIZE
    for n in range(count):
        frame = np.full((h, w, channels), 255, np.uint8)
        frame[..., :3] = COLORS[n % len(COLORS)]
        yield frame


def cancelled_after(count: int) -> Iterator[np.ndarray]:
    yield from frames(count)
    raise KeyboardInterrupt


@pytest.mark.parametrize("channels", [3, 4])
def test_mp4_round_trip(tmp_path: Path, channels: int) -> None:
    path = tmp_path / "out" / "clip.mp4"
    seen: list[int] = []
    assert export_mp4(frames(20, channels), path, 30, SIZE, progress=seen.append) == 20
    assert seen[-1] == 20
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264" and stream.codec_context.pix_fmt == "yuv420p"
        assert stream.average_rate == 30
        decoded = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    assert len(decoded) == 20
    assert decoded[0].shape == (SIZE[1], SIZE[0], 3)
    assert np.abs(decoded[6][48, 64].astype(int) - COLORS[6 % 4]).max() <= 4
    assert [p.name for p in path.parent.iterdir()] == ["clip.mp4"]


def test_mp4_takes_bgra_frames(tmp_path: Path) -> None:
    path = tmp_path / "bgra.mp4"
    bgra = (frame[..., [2, 1, 0, 3]] for frame in frames(4, channels=4))
    assert export_mp4(bgra, path, 30, SIZE, order="bgra") == 4
    with av.open(str(path)) as container:
        decoded = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    for n, frame in enumerate(decoded):
        assert np.abs(frame[48, 64].astype(int) - COLORS[n]).max() <= 4


def test_pipeline_shortens_the_gil_interval_only_while_it_runs() -> None:
    before = sys.getswitchinterval()
    seen: list[float] = []
    run_pipelined(range(3), lambda _: seen.append(sys.getswitchinterval()))
    assert seen and max(seen) <= 0.001 < before
    assert sys.getswitchinterval() == before


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    with pytest.raises(KeyboardInterrupt):
        export_mp4(cancelled_after(10), path, 30, SIZE)
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_a_previous_export(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    export_mp4(frames(3), path, 30, SIZE)
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        export_mp4(cancelled_after(10), path, 30, SIZE)
    assert path.read_bytes() == before and list(tmp_path.iterdir()) == [path]


def test_bad_frames_and_sizes_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="export size"):
        export_mp4([np.zeros((10, 10, 3), np.uint8)], tmp_path / "a.mp4", 30, SIZE)
    with pytest.raises(ValueError, match="even"):
        export_mp4(frames(1), tmp_path / "b.mp4", 30, (127, 96))
    assert list(tmp_path.iterdir()) == []


def test_png_sequence(tmp_path: Path) -> None:
    rgba = list(frames(5, channels=4))
    rgba[2][0, 0] = (100, 0, 0, 128)  # premultiplied bytes are written as they are
    assert export_png_sequence(rgba, tmp_path / "seq") == 5
    files = sorted((tmp_path / "seq").iterdir())
    assert [f.name for f in files] == [f"frame_{n:05d}.png" for n in range(5)]
    with Image.open(files[2]) as image:
        pixels = np.asarray(image)
    assert pixels.shape == (96, 128, 4) and pixels[0, 0].tolist() == [100, 0, 0, 128]
    assert pixels[5, 5].tolist() == [*COLORS[2], 255]


def test_png_cancel_leaves_only_complete_frames(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        export_png_sequence(cancelled_after(3), tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"frame_{n:05d}.png" for n in range(len(names))] and len(names) <= 3


def test_pipeline_keeps_order_and_surfaces_worker_errors() -> None:
    seen: list[int] = []
    assert run_pipelined(range(50), seen.append, depth=2) == 50
    assert seen == list(range(50))

    def fail_at_3(item: int) -> None:
        if item == 3:
            raise RuntimeError("encoder broke")

    produced: list[int] = []

    def source() -> Iterator[int]:
        for n in range(1000):
            produced.append(n)
            yield n

    with pytest.raises(RuntimeError, match="encoder broke"):
        run_pipelined(source(), fail_at_3, depth=2)
    assert len(produced) < 1000  # production stopped early
