"""Golden images of our renderer, one small scene per command family.

These pin our own output (fonts, assets and Skia settings included) so a change in drawing is
noticed. Regenerate after an intended change with ``VCS_UPDATE_GOLDENS=1 pytest
tests/test_render_golden.py`` and review the new PNGs in tests/golden/render/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from vcs_engine.render import AssetResolver, read_png, render_display_list, write_png
from vcs_engine.render.compare import Tolerance, compare_images, save_diff_image

GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "render"
FAILURES = Path(__file__).resolve().parent / "_failures"
UPDATE = os.environ.get("VCS_UPDATE_GOLDENS") == "1"
# Same fonts and assets: only a different Skia build may move anti-aliased edges a little.
OWN_TOLERANCE = Tolerance(mean_abs_error=0.5, fraction_off=0.01, tile_mean=8.0)


def font(weight: str, style: str, px: float, family: str) -> list[Any]:
    return ["font", [weight, style, px, family]]


def image(asset_id: str, *numbers: float) -> list[Any]:
    return ["drawImage", [{"type": "defaultAsset", "id": asset_id}, *numbers]]


def zigzag(x: float, join: str) -> list[list[Any]]:
    return [["lineJoin", join], ["beginPath"], ["moveTo", [x, 100]], ["lineTo", [x + 15, 60]],
            ["lineTo", [x + 30, 100]], ["lineTo", [x + 45, 60]], ["stroke"]]


SCENES: dict[str, tuple[int, int, list[list[Any]]]] = {
    "strokes_and_joins": (200, 120, [
        ["fillStyle", "#1e3a5f"], ["fillRect", [0, 0, 200, 120]],
        ["fillStyle", "rgba(240, 200, 60, 0.9)"], ["fillRect", [10, 10, 50, 30]],
        ["strokeStyle", "#ffffff"], ["lineWidth", 6], ["strokeRect", [75, 10, 50, 30]],
        ["strokeStyle", "rgb(90, 220, 120)"], ["lineWidth", 0], ["strokeRect", [190, 45, -50, -35]],
        ["strokeStyle", "#e94560"], ["lineWidth", 8],
        *zigzag(10, "miter"), *zigzag(70, "round"), *zigzag(130, "bevel"),
        ["strokeStyle", "#f0f0f0"], ["lineWidth", 2], ["beginPath"], ["moveTo", [10, 115]],
        ["quadraticCurveTo", [50, 85, 90, 115]], ["moveTo", [100, 115]],
        ["arcTo", [140, 75, 180, 115, 20]], ["stroke"],
        ["fillStyle", "rgba(255, 255, 255, 0.5)"], ["beginPath"], ["moveTo", [150, 10]],
        ["lineTo", [190, 10]], ["lineTo", [170, 40]], ["closePath"], ["fill"],
    ]),
    "rounded_rects": (200, 120, [
        ["fillStyle", "#2d3436"], ["fillRect", [0, 0, 200, 120]],
        ["fillStyle", "#0984e3"], ["beginPath"], ["roundRect", [10, 10, 80, 45, 12, 12, 12, 12]],
        ["fill"],
        ["fillStyle", "#00b894"], ["beginPath"], ["roundRect", [110, 10, 80, 45, 0, 20, 5, -3]],
        ["fill"],
        ["fillStyle", "#fdcb6e"], ["beginPath"], ["roundRect", [10, 65, 80, 45, 60, 60, 60, 60]],
        ["fill"],
        ["strokeStyle", "#fab1a0"], ["lineWidth", 3], ["beginPath"],
        ["roundRect", [110, 65, 80, 45, 16, 4, 16, 4]], ["stroke"],
    ]),
    "clips": (200, 120, [
        ["fillStyle", "#6c5ce7"], ["fillRect", [0, 0, 200, 120]],
        ["save"], ["beginPath"], ["rect", [0, 0, 200, 120]], ["rect", [10, 10, 80, 50]],
        ["roundRect", [110, 10, 80, 50, 20, 20, 20, 20]], ["clip", ["evenodd"]],
        ["fillStyle", "#ffeaa7"], ["fillRect", [0, 0, 200, 70]], ["restore"],
        ["save"], ["beginPath"], ["roundRect", [10, 75, 180, 40, 20, 20, 20, 20]], ["clip", []],
        ["beginPath"], ["rect", [0, 75, 60, 60]], ["clip", []],
        ["fillStyle", "#d63031"], ["fillRect", [0, 0, 200, 120]], ["restore"],
        ["fillStyle", "rgba(0, 0, 0, 0.4)"], ["fillRect", [100, 80, 80, 30]],
    ]),
    "transforms": (160, 160, [
        ["fillStyle", "#222f3e"], ["fillRect", [0, 0, 160, 160]],
        ["save"], ["translate", [80, 80]], ["rotate", [0.5]], ["translate", [-80, -80]],
        ["fillStyle", "#ff9f43"], ["fillRect", [50, 50, 60, 60]], ["restore"],
        ["save"], ["translate", [20, 120]], ["scale", [2, 0.5]],
        ["fillStyle", "#10ac84"], ["fillRect", [0, 0, 20, 40]],
        ["save"], ["rotate", [-0.3]], ["fillStyle", "rgba(84, 160, 255, 0.8)"],
        ["fillRect", [30, 0, 20, 40]], ["restore"], ["restore"],
        ["fillStyle", "#ffffff"], ["fillRect", [5, 5, 10, 10]],
    ]),
    "global_alpha": (160, 100, [
        ["fillStyle", "#ffffff"], ["fillRect", [0, 0, 160, 100]],
        ["fillStyle", "#e74c3c"], ["globalAlpha", 0.5], ["fillRect", [10, 10, 80, 50]],
        ["fillStyle", "rgba(52, 152, 219, 0.8)"], ["globalAlpha", 0.25],
        ["fillRect", [50, 30, 80, 50]],
        ["globalAlpha", 0.6], ["fillStyle", "#000000"], font("700", "", 18, "Roboto"),
        ["fillText", ["alpha", 20, 90]],
        image("user_white_64.png", 100, 40, 50, 50), ["globalAlpha", 1],
    ]),
    "text": (320, 210, [
        ["fillStyle", "#10131a"], ["fillRect", [0, 0, 320, 210]], ["fillStyle", "#f5f6fa"],
        font("100", "", 18, "Roboto"), ["fillText", ["Roboto Thin", 8, 22]],
        font("300", "", 18, "Roboto"), ["fillText", ["Light", 120, 22]],
        font("700", "italic", 18, "Roboto"), ["fillText", ["Bold Italic", 190, 22]],
        font("900", "", 18, ""), ["fillText", ["Black (default family)", 8, 46]],
        font("400", "", 18, "Bitter"), ["fillText", ["Bitter", 210, 46]],
        font("600", "italic", 18, "DMSans"), ["fillText", ["DMSans SemiBold It", 8, 70]],
        font("700", "italic", 18, "Exo"), ["fillText", ["Exo", 200, 70]],
        font("400", "", 22, "Teko"), ["fillText", ["Teko", 250, 70]],
        font("400", "", 20, "Bangers"), ["fillText", ["Bangers!", 8, 96]],
        font("400", "", 18, "PermanentMarker"), ["fillText", ["Marker", 110, 96]],
        font("400", "", 18, "SuezOne"), ["fillText", ["Suez", 210, 96]],
        font("400", "", 18, "Anton"), ["fillText", ["ANTON", 8, 122]],
        font("700", "", 18, "Magra"), ["fillText", ["Magra", 90, 122]],
        font("500", "", 18, "RobotoCondensed"), ["fillText", ["Condensed", 170, 122]],
        font(700, "", 18, "Roboto"), ["fillText", ["numeric 700 keeps weight", 8, 148]],
        ["strokeStyle", "rgba(0, 0, 30, 0.8)"], ["lineWidth", 4], ["lineJoin", "round"],
        ["fillStyle", "#ffd32a"], font("800", "", 30, "Roboto"),
        ["strokeText", ["Outlined", 8, 190]], ["fillText", ["Outlined", 8, 190]],
        font("400", "", 16, "No Such Family"), ["fillText", ["invisible", 200, 190]],
    ]),
    "emoji": (200, 70, [
        ["fillStyle", "#2c3e50"], ["fillRect", [0, 0, 200, 70]],
        ["fillStyle", "#ffffff"], ["fillText_emoji", ["😀", 5, 40, 36, 36]],
        ["fillText_emoji", ["🎉👍🏽", 50, 40, 36, 36]],
        ["fillStyle", "rgba(255, 255, 255, 0.5)"], ["fillText_emoji", ["💚", 150, 40, 36, 36]],
        ["fillStyle", "#ffffff"], ["fillText_emoji", ["😎", 10, 66, 20, 20]],
    ]),
    "images": (240, 120, [
        ["fillStyle", "#404040"], ["fillRect", [0, 0, 240, 120]],
        image("test_square_320px.png", 5, 5, 100, 100),
        image("test_square_320px.png", 0, 0, 160, 160, 115, 5, 50, 50),
        image("test_square_320px.png", 115.5, 60.4, 50.3, 40.7),
        image("user_white_64.png", 175, 5, 60, 60),
        image("party-popper_1f389.png", 175, 65, 50, 50),
    ]),
}


@pytest.mark.parametrize("name", sorted(SCENES))
def test_golden(name: str) -> None:
    width, height, commands = SCENES[name]
    document = {"width": width, "height": height, "commands": commands}
    actual = render_display_list(document, width, height, AssetResolver())
    golden = GOLDEN_DIR / f"{name}.png"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        write_png(actual, golden)
    if not golden.is_file():
        pytest.fail(f"no golden {golden}; create it with VCS_UPDATE_GOLDENS=1")
    expected = read_png(golden)
    difference = compare_images(actual, expected, OWN_TOLERANCE)
    if not difference.within():
        path = save_diff_image(actual, expected, FAILURES / f"golden_{name}_diff.png")
        pytest.fail(f"{name}: {difference}; diff image: {path}")
