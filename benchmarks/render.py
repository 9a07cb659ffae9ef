"""Benchmark: rasterise a baseline-like 1280×720 foreground display list.

Run ``python benchmarks/render.py``. Prints the median time of ``render_display_list`` (parse,
draw, pixels in a numpy array) for a list shaped like a busy baseline frame (participant labels
on rounded boxes, a toast with outlined text, a banner, images, emoji), the target (≤ 6 ms),
and the ratio against a bare clear + readPixels of a 1280×720 surface measured in the same run,
so figures from different machines can be compared.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import skia

from vcs_engine.render import AssetResolver, parse_display_list, render_display_list

WIDTH, HEIGHT = 1280, 720
TARGET_MS = 6.0
TILES = [(58, 25), (658, 25), (58, 378), (658, 378)]
TILE_W, TILE_H = 564, 317


def _label(x: float, y: float, name: str) -> list[list[Any]]:
    """A participant label: rounded translucent box, user icon, name text."""
    return [
        ["save"], ["beginPath"], ["roundRect", [x + 10, y + TILE_H - 50, 240, 40, 8, 8, 8, 8]],
        ["closePath"], ["clip", []], ["fillStyle", "rgba(0, 0, 0, 0.55)"],
        ["fillRect", [x + 10, y + TILE_H - 50, 240, 40]], ["restore"],
        ["drawImage", [{"type": "defaultAsset", "id": "user_white_64.png"},
                       x + 18, y + TILE_H - 44, 28, 28]],
        ["fillStyle", "#ffffff"], ["font", ["600", "", 20, "Roboto"]],
        ["fillText", [name, x + 54, y + TILE_H - 23]],
    ]


def baseline_like_list() -> dict[str, Any]:
    """A foreground list with the command mix of a busy baseline frame."""
    holes = [["rect", [x, y, TILE_W, TILE_H]] for x, y in TILES]
    commands: list[list[Any]] = [
        ["save"], ["beginPath"], ["rect", [0, 0, WIDTH, HEIGHT]], *holes, ["clip", ["evenodd"]],
        ["fillStyle", "rgba(20, 24, 32, 1)"], ["fillRect", [0, 0, WIDTH, HEIGHT]], ["restore"],
    ]
    for i, (x, y) in enumerate(TILES):
        commands += _label(x, y, f"Participant {i + 1}")
    commands += [
        ["save"], ["beginPath"], ["roundRect", [1027, 20, 233, 90, 24, 24, 24, 24]], ["clip", []],
        ["fillStyle", "rgba(215, 50, 110, 0.8)"], ["fillRect", [1027, 20, 233, 90]],
        ["strokeStyle", "rgba(0, 0, 30, 0.44)"], ["lineWidth", 2], ["beginPath"],
        ["roundRect", [1027, 20, 233, 90, 24, 24, 24, 24]], ["stroke"],
        ["fillStyle", "#ffffff"], ["font", ["400", "", 33, "Bitter"]], ["lineWidth", 4],
        ["lineJoin", "round"], ["strokeText", ["First toast", 1067, 75]],
        ["fillText", ["First toast", 1067, 75]], ["restore"],
        ["fillStyle", "rgba(50, 70, 255, 0.7)"], ["fillRect", [20, 600, 700, 100]],
        ["fillStyle", "rgba(255, 250, 200, 0.95)"], ["font", ["300", "", 44, "Roboto"]],
        ["fillText", ["Welcome to the show", 40, 650]],
        ["font", ["400", "italic", 24, "Roboto"]], ["fillText", ["live from VCS Studio", 40, 685]],
        ["fillStyle", "#ffffff"], ["fillText_emoji", ["🎉", 600, 655, 42, 42]],
        ["drawImage", [{"type": "defaultAsset", "id": "test_square_320px.png"},
                       1160, 600, 100, 100]],
    ]
    return {"width": WIDTH, "height": HEIGHT, "commands": commands}


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``action`` in milliseconds, after a few warm-up calls."""
    for _ in range(5):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def bare_surface_ms(runs: int) -> float:
    """Reference cost: clear a 1280×720 RGBA surface and read its pixels into numpy."""
    info = skia.ImageInfo.Make(WIDTH, HEIGHT, skia.kRGBA_8888_ColorType, skia.kPremul_AlphaType)
    surface = skia.Surface.MakeRaster(info)
    pixels = np.empty((HEIGHT, WIDTH, 4), np.uint8)

    def clear_and_read() -> None:
        surface.getCanvas().clear(skia.ColorTRANSPARENT)
        surface.readPixels(info, pixels, WIDTH * 4, 0, 0)

    return median_ms(clear_and_read, runs)


def main(runs: int = 200) -> None:
    document = baseline_like_list()
    assets = AssetResolver()
    render_ms = median_ms(lambda: render_display_list(document, WIDTH, HEIGHT, assets), runs)
    parse_ms = median_ms(lambda: parse_display_list(document), runs)
    bare_ms = bare_surface_ms(runs)
    print(f"display list: {len(document['commands'])} commands, {WIDTH}x{HEIGHT}")
    print(f"render_display_list median: {render_ms:.2f} ms (target <= {TARGET_MS:.0f} ms: "
          f"{'ok' if render_ms <= TARGET_MS else 'MISSED'})")
    print(f"  of which parse/validate:  {parse_ms:.2f} ms")
    print(f"bare clear+readPixels:      {bare_ms:.2f} ms")
    print(f"ratio render / bare:        {render_ms / bare_ms:.1f}x")


if __name__ == "__main__":
    main()
