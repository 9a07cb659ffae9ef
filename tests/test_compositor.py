"""Compositor geometry: where and how video layers land (layout-and-output.md §2.2)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from vcs_engine.media import BgraSource, SourceSet
from vcs_engine.render.compositor import Compositor, lround

W, H = 200, 120
BLUE = (0, 0, 255)


class Solid:
    """A plain `VideoSource` (RGB only, not BGRA): exercises the compositor's generic path."""

    def __init__(self, rgb: np.ndarray) -> None:
        self._rgb = rgb

    @property
    def size(self) -> tuple[int, int]:
        return self._rgb.shape[1], self._rgb.shape[0]

    def frame_at(self, t: float) -> np.ndarray:
        return self._rgb

    def close(self) -> None:
        pass


def solid(color: tuple[int, int, int], w: int = 64, h: int = 36) -> Solid:
    return Solid(np.full((h, w, 3), color, np.uint8))


def marker(w: int = 200, h: int = 100, side: int = 20) -> Solid:
    """Black with a white square of `side` px in the exact centre."""
    rgb = np.zeros((h, w, 3), np.uint8)
    rgb[(h - side) // 2:(h + side) // 2, (w - side) // 2:(w + side) // 2] = 255
    return Solid(rgb)


@dataclass
class Output:
    """Stand-in for host.FrameOutput with only the fields the compositor reads."""

    video_layers: list[dict[str, Any]]
    background: dict[str, Any] = field(default_factory=lambda: {"width": W, "height": H, "commands": []})
    foreground: dict[str, Any] = field(default_factory=lambda: {"width": W, "height": H, "commands": []})


def video(input_id: Any, x: float, y: float, w: float, h: float, **attrs: Any) -> dict[str, Any]:
    return {"type": "video", "id": input_id, "frame": {"x": x, "y": y, "w": w, "h": h},
            "attrs": {"scaleMode": "fill", "zoomFactor": 1, **attrs}}


def composite(layers: list[dict[str, Any]], sources: dict[Any, Any], **kwargs: Any) -> np.ndarray:
    return Compositor(W, H).composite(Output(layers), sources, 0.0, background_color=BLUE, **kwargs)


def painted(out: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    """Mask of pixels exactly `color` (opaque)."""
    return (out[..., :3] == color).all(axis=2) & (out[..., 3] == 255)


def bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def test_lround_rounds_halves_away_from_zero() -> None:
    assert [lround(v) for v in (2.5, -2.5, 0.49, -0.5, 3.0)] == [3, -3, 0, -1, 3]


def test_fill_places_source_exactly_in_rounded_frame() -> None:
    out = composite([video(0, 10.4, 20.5, 50.2, 40)], {0: solid((255, 0, 0))})
    assert out.shape == (H, W, 4) and out.dtype == np.uint8
    red = painted(out, (255, 0, 0))
    assert bbox(red) == (10, 21, 60, 61) and red.sum() == 50 * 40
    assert painted(out, BLUE).sum() == W * H - 50 * 40


@pytest.mark.parametrize("zoom, half_width", [(1, 10), (2, 20), (10, 40), (0.5, 10)])
def test_fill_crops_centre_then_zooms(zoom: float, half_width: int) -> None:
    # 200x100 source into a 100x100 frame: the crop is the centre 100x100, shrunk by the zoom
    # (clamped to 1..4), so the 20 px marker spans 20·zoom px around the frame centre.
    out = composite([video(0, 50, 10, 100, 100, zoomFactor=zoom)], {0: marker()})
    white = out[..., 0] > 127
    assert bbox(white) == (100 - half_width, 60 - half_width, 100 + half_width, 60 + half_width)


def test_fit_letterboxes_with_black_inside_the_frame() -> None:
    out = composite([video(0, 50, 10, 100, 100, scaleMode="fit")], {0: solid((0, 255, 0), 200, 100)})
    assert bbox(painted(out, (0, 255, 0))) == (50, 35, 150, 85)
    black = painted(out, (0, 0, 0))
    assert black.sum() == 100 * 100 - 100 * 50
    assert bbox(black) == (50, 10, 150, 110)


def test_rounded_corners_antialias_only_at_corners() -> None:
    radius = 16
    out = composite([video(0, 20, 10, 120, 80, cornerRadiusPx=radius)], {0: solid((255, 255, 255))})
    mixed = (out[..., 0] > 0) & (out[..., 0] < 255)
    assert mixed.any()
    ys, xs = np.nonzero(mixed)
    near_x = (xs < 20 + radius) | (xs >= 140 - radius)
    near_y = (ys < 10 + radius) | (ys >= 90 - radius)
    assert (near_x & near_y).all()
    assert out[10, 80, 0] == 255 and out[9, 80, 0] == 0  # straight edge: hard
    assert out[10, 20, 0] == 0  # the corner itself is cut


def test_opacity_blends_uniformly() -> None:
    out = composite([video(0, 0, 0, W, H, opacity=0.5)], {0: solid((255, 255, 255))})
    assert set(np.unique(out[..., 0])) <= {127, 128}
    assert set(np.unique(out[..., 2])) == {255}
    assert (out[..., 3] == 255).all()


def test_layers_clip_at_the_output_edges_and_zero_opacity_is_skipped() -> None:
    layers = [video(0, -30, -20, 80, 60), video(1, 170, 100, 100, 100), video(1, 500, 0, 10, 10),
              video(1, 0, 0, W, H, opacity=0)]
    out = composite(layers, {0: solid((255, 0, 0)), 1: solid((0, 255, 0))})
    assert bbox(painted(out, (255, 0, 0))) == (0, 0, 50, 40)
    assert bbox(painted(out, (0, 255, 0))) == (170, 100, W, H)


def test_later_layers_draw_over_earlier_ones() -> None:
    out = composite([video(0, 0, 0, 100, 100), video(1, 50, 50, 100, 50)],
                    {0: solid((255, 0, 0)), 1: solid((0, 255, 0))})
    assert tuple(out[60, 60, :3]) == (0, 255, 0) and tuple(out[40, 40, :3]) == (255, 0, 0)


def test_missing_ids_and_empty_frames_are_skipped() -> None:
    layers = [video(7, 0, 0, W, H), video(0, 10, 10, 0, 50), video("1", 0, 0, 20, 20)]
    sources = SourceSet({0: solid((255, 0, 0)), 1: solid((0, 255, 0))})
    out = composite(layers, sources)
    assert painted(out, (0, 255, 0)).sum() == 400  # "1" finds input 1
    assert painted(out, BLUE).sum() == W * H - 400


def test_layer_toggles_and_display_lists() -> None:
    bg = {"width": W, "height": H, "commands": [["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]]]}
    fg = {"width": W, "height": H, "commands": [["fillStyle", "#ffffff"], ["fillRect", [0, 0, 10, 10]]]}
    output = Output([video(0, 50, 50, 20, 20)], bg, fg)
    sources = {0: solid((0, 255, 0))}
    compositor = Compositor(W, H)

    def pixels(layers: set[str]) -> tuple[tuple[int, ...], ...]:
        out = compositor.composite(output, sources, 0.0, layers=layers)
        return tuple(tuple(int(v) for v in out[y, x, :3]) for x, y in ((5, 5), (60, 60), (100, 100)))

    assert pixels({"background", "video", "foreground"}) == ((255, 255, 255), (0, 255, 0), (255, 0, 0))
    assert pixels({"video"}) == ((0, 0, 0), (0, 255, 0), (0, 0, 0))
    assert pixels({"background", "foreground"}) == ((255, 255, 255), (255, 0, 0), (255, 0, 0))
    assert pixels(set()) == ((0, 0, 0),) * 3


def test_transparent_background_and_rgb_output() -> None:
    compositor = Compositor(W, H)
    out = compositor.composite(Output([video(0, 0, 0, 10, 10)]), {0: solid((9, 8, 7))}, 0.0,
                               background_color=None)
    assert out[50, 50].tolist() == [0, 0, 0, 0] and out[5, 5].tolist() == [9, 8, 7, 255]
    rgb = compositor.composite(Output([]), {}, 0.0, background_color=(1, 2, 3), alpha=False)
    assert rgb.shape == (H, W, 3) and rgb[0, 0].tolist() == [1, 2, 3]


def test_bgra_order_is_the_same_frame_with_red_and_blue_swapped() -> None:
    compositor = Compositor(W, H)
    output = Output([video(0, 0, 0, 10, 10)])
    rgba = compositor.composite(output, {0: solid((9, 8, 7))}, 0.0, background_color=(1, 2, 3))
    bgra = compositor.composite(output, {0: solid((9, 8, 7))}, 0.0, background_color=(1, 2, 3),
                                order="bgra")
    assert bgra[5, 5].tolist() == [7, 8, 9, 255] and bgra[50, 50].tolist() == [3, 2, 1, 255]
    assert np.array_equal(bgra[..., [2, 1, 0, 3]], rgba)


def test_each_call_returns_a_new_array() -> None:
    compositor = Compositor(W, H)
    for order in ("rgba", "bgra"):
        first = compositor.composite(Output([]), {}, 0.0, background_color=(10, 10, 10), order=order)
        compositor.composite(Output([]), {}, 0.0, background_color=(20, 20, 20), order=order)
        assert first[0, 0, 0] == 10


def test_display_list_changes_are_picked_up() -> None:
    compositor = Compositor(W, H)

    def fill(color: str) -> dict[str, Any]:
        return {"width": W, "height": H, "commands": [["fillStyle", color], ["fillRect", [0, 0, W, H]]]}

    colors = []
    for doc in (fill("#ff0000"), fill("#ff0000"), fill("#00ff00")):
        out = compositor.composite(Output([], foreground=doc), {}, 0.0)
        colors.append(out[0, 0, :3].tolist())
    assert colors == [[255, 0, 0], [255, 0, 0], [0, 255, 0]]


def test_output_smaller_than_the_composition_scales_everything() -> None:
    lists = {"width": 2 * W, "height": 2 * H, "commands": []}
    fg = {**lists, "commands": [["fillStyle", "#ffffff"], ["fillRect", [2 * W - 40, 0, 40, 40]]]}
    output = Output([video(0, 40, 20, 100, 60)], lists, fg)
    out = Compositor(W, H).composite(output, {0: solid((255, 0, 0))}, 0.0)
    assert bbox(painted(out, (255, 0, 0))) == (20, 10, 70, 40)
    assert bbox(painted(out, (255, 255, 255))) == (W - 20, 0, W, 20)


class Sized(BgraSource):
    """A BGRA source that honours `prefer_size`: a 1-px white border around grey, at any size."""

    def __init__(self, native: tuple[int, int]) -> None:
        self.native, self.shown, self.requests = native, native, []

    @property
    def size(self) -> tuple[int, int]:
        return self.native

    def prefer_size(self, size: tuple[int, int]) -> None:
        self.requests.append(size)
        self.shown = size

    def bgra_at(self, t: float) -> np.ndarray:
        w, h = self.shown
        bgra = np.full((h, w, 4), 255, np.uint8)
        bgra[1:-1, 1:-1, :3] = 90
        return bgra


@pytest.mark.parametrize(("attrs", "native", "shown"), [
    ({}, (64, 36), (100, 56)),  # fill, wider source: height fits, width overhangs evenly
    ({"scaleMode": "fit"}, (64, 36), (100, 56)),  # fit: the whole frame inside, even margins
    ({"scaleMode": "fit"}, (36, 64), (32, 56)),
    ({"zoomFactor": 2}, (64, 36), (200, 112)),
])
def test_sources_are_asked_for_the_size_they_are_shown_at(attrs: dict[str, Any],
                                                          native: tuple[int, int],
                                                          shown: tuple[int, int]) -> None:
    source = Sized(native)
    composite([video(0, 10, 10, 100, 56, **attrs)], {0: source})
    assert source.requests == [shown]


def test_a_frame_at_the_shown_size_is_copied_pixel_for_pixel() -> None:
    source = Sized((64, 36))
    composite([video(0, 10, 10, 100, 56, scaleMode="fit")], {0: source})  # learns the size
    out = composite([video(0, 10, 10, 100, 56, scaleMode="fit")], {0: source})
    white = painted(out, (255, 255, 255))
    assert bbox(white) == (10, 10, 110, 66)  # the border lands exactly on the box's edge pixels
    assert painted(out[11:65, 11:109], (90, 90, 90)).all()


def test_a_source_shown_twice_is_asked_for_the_larger_size() -> None:
    source = Sized((64, 36))
    composite([video(0, 0, 0, 40, 22), video(0, 50, 10, 100, 56)], {0: source})
    assert source.requests == [(100, 56)]


def test_a_scaled_output_asks_for_device_pixels() -> None:
    source = Sized((64, 36))
    lists = {"width": 2 * W, "height": 2 * H, "commands": []}
    Compositor(W, H).composite(Output([video(0, 0, 0, 200, 112)], lists, lists), {0: source}, 0.0)
    assert source.requests == [(100, 56)]
