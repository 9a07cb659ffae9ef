"""Video sources: decoding, looping, seeking, fallbacks."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np
import pytest

from vcs_engine.export import export_mp4
from vcs_engine.media import (FileSource, MediaError, SourceSet, StillSource, SyntheticSource,
                              VideoSource, open_source)

FPS = 30
FRAMES = 30
SIZE = (160, 120)
FOOTAGE = Path(__file__).resolve().parents[1] / "assets" / "footage"


def frame_color(n: int) -> tuple[int, int, int]:
    """A colour that survives H.264 and identifies frame n (red = 8·n)."""
    return (8 * n, 255 - 8 * n, 128)


def frame_number(rgb: np.ndarray) -> int:
    return round(int(rgb[SIZE[1] // 2, SIZE[0] // 2, 0]) / 8)


@pytest.fixture(scope="module")
def counting_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One second at 30 fps whose frame n is filled with frame_color(n)."""
    path = tmp_path_factory.mktemp("clip") / "count.mp4"
    w, h = SIZE
    export_mp4((np.full((h, w, 3), frame_color(n), np.uint8) for n in range(FRAMES)), path, FPS, SIZE)
    return path


@pytest.fixture
def clip(counting_clip: Path):
    source = FileSource(counting_clip)
    yield source
    source.close()


def test_decodes_size_duration_and_colours(clip: FileSource) -> None:
    assert isinstance(clip, VideoSource)
    assert clip.size == SIZE
    assert clip.duration == pytest.approx(FRAMES / FPS)
    rgb = clip.frame_at(0.0)
    assert rgb.shape == (SIZE[1], SIZE[0], 3) and rgb.dtype == np.uint8
    assert np.abs(rgb[60, 80].astype(int) - frame_color(0)).max() <= 3
    assert [frame_number(clip.frame_at((n + 0.5) / FPS)) for n in range(FRAMES)] == list(range(FRAMES))


def test_loops_and_seeks_both_ways(clip: FileSource) -> None:
    sequential = [frame_number(clip.frame_at((n + 0.5) / FPS)) for n in range(2 * FRAMES + 5)]
    assert sequential == [n % FRAMES for n in range(2 * FRAMES + 5)]
    exact = [frame_number(clip.frame_at(n / FPS)) for n in range(3 * FRAMES)]
    assert exact == [n % FRAMES for n in range(3 * FRAMES)]
    for t, expected in [(0.51, 15), (0.1, 3), (10.55, 16), (3.0, 0), (0.0, 0)]:
        assert frame_number(clip.frame_at(t)) == expected, t


def test_truncated_file_loops_over_what_decodes(tmp_path: Path) -> None:
    data = (FOOTAGE / "ana.mp4").read_bytes() if FOOTAGE.is_dir() else b""
    if not data:
        pytest.skip("sample footage not generated")
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 2])
    with FileSource(path) as source:
        frames = [source.frame_at(n / FPS) for n in range(8 * FPS)]  # past the damage, twice
        assert 0.5 < source.duration < 5.5
        assert all(frame.shape == (360, 640, 3) for frame in frames)


def test_frames_are_read_only(clip: FileSource) -> None:
    assert not clip.frame_at(0.2).flags.writeable


@pytest.mark.parametrize("content", [None, b"", b"\x00" * 64 + b"not a video" * 50])
def test_missing_or_broken_file_raises_media_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "clip.mp4"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(MediaError, match=r"clip\.mp4"):
        FileSource(path)


def test_still_source_flattens_transparency(tmp_path: Path) -> None:
    from PIL import Image
    rgba = np.zeros((10, 20, 4), np.uint8)
    rgba[:, :10] = (255, 0, 0, 255)
    rgba[:, 10:] = (0, 255, 0, 0)
    Image.fromarray(rgba, "RGBA").save(tmp_path / "still.png")
    still = open_source(tmp_path / "still.png")
    assert isinstance(still, StillSource) and still.size == (20, 10)
    assert still.frame_at(5.0)[0, 0].tolist() == [255, 0, 0]
    assert still.frame_at(0.0)[0, 15].tolist() == [0, 0, 0]


def test_large_stills_are_reduced_once(tmp_path: Path) -> None:
    from PIL import Image
    Image.new("RGB", (4000, 1000), (10, 20, 30)).save(tmp_path / "wide.jpg")
    still = StillSource(tmp_path / "wide.jpg")
    assert still.size == (1920, 480)
    assert np.abs(still.frame_at(0)[100, 100].astype(int) - (10, 20, 30)).max() <= 2


def test_large_videos_are_reduced_when_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wide.mp4"
    export_mp4((np.full((200, 2400, 3), (30, 160, 90), np.uint8) for _ in range(3)), path, FPS, (2400, 200))
    with FileSource(path) as source:
        assert source.size == (1920, 160)
        frame = source.frame_at(0.05)
        assert frame.shape == (160, 1920, 3)
        assert np.abs(frame[80, 900].astype(int) - (30, 160, 90)).max() <= 4


def test_display_rotation_is_applied(tmp_path: Path) -> None:
    import av
    path = tmp_path / "portrait.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = 64, 32, "yuv420p"
        stream.set_display_rotation(90)  # counter-clockwise, as phones record portrait video
        rgb = np.zeros((32, 64, 3), np.uint8)
        rgb[:, :32], rgb[:, 32:] = (255, 0, 0), (0, 255, 0)
        for n in range(3):
            frame = av.VideoFrame.from_ndarray(rgb)
            frame.pts = n
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    with FileSource(path) as source:
        assert source.size == (32, 64)
        frame = source.frame_at(0.0)
        assert frame.shape == (64, 32, 3)
        assert frame[56, 16, 0] > 200 and frame[8, 16, 1] > 200  # left half turned to the bottom


def test_synthetic_sources_differ_move_and_cache() -> None:
    a, b = SyntheticSource(0, "Ann"), SyntheticSource(1, "Bob")
    assert a.size == (640, 360)
    assert not np.array_equal(a.frame_at(1.0), b.frame_at(1.0))
    assert not np.array_equal(a.frame_at(1.0), a.frame_at(1.5))
    assert a.bgra_at(1.0) is a.bgra_at(1.01)  # same 1/30 s frame: cached
    assert (a.bgra_at(2.0)[..., 3] == 255).all()


def test_source_set_falls_back_to_synthetic(tmp_path: Path, counting_clip: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        sources = SourceSet.open({0: counting_clip, 1: tmp_path / "missing.mp4", 2: None},
                                 names={1: "Bea"})
    with sources:
        assert isinstance(sources[0], FileSource)
        assert isinstance(sources["1"], SyntheticSource) and sources[1].name == "Bea"
        assert isinstance(sources.get(2), SyntheticSource)
        assert sources.get(3) is None
    assert "missing.mp4" in caplog.text


def test_source_set_add_replaces_and_closes(counting_clip: Path) -> None:
    with SourceSet() as sources:
        clip = sources.add("3", counting_clip)
        assert isinstance(clip, FileSource) and sources[3] is clip
        synthetic = sources.add(3, name="Cy")
        assert sources[3] is synthetic and synthetic.index == 3 and synthetic.name == "Cy"
        decoders = [t.name for t in threading.enumerate() if t.name.startswith("FileSource(")]
        assert f"FileSource({counting_clip})" not in decoders  # the replaced source was closed


@pytest.mark.skipif(not FOOTAGE.is_dir(), reason="sample footage not generated")
def test_sample_footage_opens() -> None:
    clips = sorted(FOOTAGE.glob("*.mp4"))
    assert clips
    for path in clips:
        with FileSource(path) as source:
            assert source.size == (640, 360)
            assert source.duration == pytest.approx(6.0, abs=0.05)
            assert source.frame_at(7.0).std() > 5  # looped, and not a blank frame


def test_sources_deliver_the_size_they_are_shown_at(tmp_path: Path, counting_clip: Path) -> None:
    from PIL import Image
    synthetic = SyntheticSource(0, "Ann")
    synthetic.prefer_size((320, 180))
    assert synthetic.size == (640, 360) and synthetic.bgra_at(0.0).shape == (180, 320, 4)
    synthetic.prefer_size((5000, 3000))  # beyond MAX_SIDE: back to the native size
    assert synthetic.bgra_at(0.0).shape == (360, 640, 4)

    Image.new("RGB", (400, 200), (10, 20, 30)).save(tmp_path / "card.png")
    still = StillSource(tmp_path / "card.png")
    still.prefer_size((100, 50))
    assert still.size == (400, 200) and still.frame_at(0).shape == (50, 100, 3)
    assert np.abs(still.frame_at(0)[25, 50].astype(int) - (10, 20, 30)).max() <= 1

    with FileSource(counting_clip) as clip:
        clip.prefer_size((81, 61))  # an odd width: FFmpeg pads such rows
        # frames already decoded keep their size; the next ones come scaled, colours intact
        later = [clip.bgra_at((n + 0.5) / FPS) for n in range(12)][-1]
        assert clip.size == SIZE and later.shape == (61, 81, 4) and later.flags.c_contiguous
        assert np.abs(later[30, 40, 2::-1].astype(int) - frame_color(11)).max() <= 4
