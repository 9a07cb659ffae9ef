"""Image assets (resolver, cache, live refresh), ``drawImage`` drawing rules and PNG I/O."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vcs_engine.render import AssetRef, AssetResolver, read_png, render_display_list, write_png
from vcs_engine.render.images import BUILTIN_ASSET_DIR

BUILTIN_ASSETS = ("test_square_320px.png", "user_white_64.png", "party-popper_1f389.png")


def solid_png(path: Path, rgba: tuple[int, int, int, int], size: tuple[int, int] = (4, 4)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png(np.full((size[1], size[0], 4), rgba, np.uint8), path)
    return path


def draw(assets: AssetResolver, *commands: Any, size: int = 20) -> np.ndarray:
    document = {"width": size, "height": size, "commands": list(commands)}
    return render_display_list(document, size, size, assets)


def image_command(asset_id: str, *numbers: float, asset_type: str = "defaultAsset") -> list[Any]:
    return ["drawImage", [{"type": asset_type, "id": asset_id}, *numbers]]


@pytest.mark.parametrize("name", BUILTIN_ASSETS)
def test_builtin_assets_exist_and_decode(name: str) -> None:
    assert AssetResolver().image(AssetRef("defaultAsset", name)) is not None
    assert (BUILTIN_ASSET_DIR / name).is_file()


def test_user_asset_folders_come_before_builtin_ones(tmp_path: Path) -> None:
    solid_png(tmp_path / "extra" / "test_square_320px.png", (0, 0, 255, 255))
    assets = AssetResolver(asset_dirs=[tmp_path / "missing", tmp_path / "extra"])
    assert assets.path(AssetRef("defaultAsset", "test_square_320px.png")) == \
        (tmp_path / "extra" / "test_square_320px.png").resolve()
    assert assets.path(AssetRef("defaultAsset", "user_white_64.png")) == \
        BUILTIN_ASSET_DIR / "user_white_64.png"


def test_composition_assets_come_from_its_images_folder(tmp_path: Path) -> None:
    solid_png(tmp_path / "images" / "logo.png", (0, 255, 0, 255))
    assets = AssetResolver(composition_dir=tmp_path)
    assert assets.image(AssetRef("compositionAsset", "logo.png")) is not None
    assert assets.path(AssetRef("defaultAsset", "logo.png")) is None


def test_ids_cannot_leave_their_folder(tmp_path: Path) -> None:
    solid_png(tmp_path / "secret.png", (1, 2, 3, 255))
    assets = AssetResolver(composition_dir=tmp_path / "comp")
    (tmp_path / "comp" / "images").mkdir(parents=True)
    assert assets.path(AssetRef("compositionAsset", "../../secret.png")) is None


def test_missing_image_draws_nothing_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    assets = AssetResolver()
    with caplog.at_level(logging.WARNING, logger="vcs_engine.render"):
        pixels = draw(assets, image_command("nope.png", 0, 0, 20, 20),
                      image_command("nope.png", 0, 0, 20, 20))
    assert not pixels.any()
    assert len(caplog.records) == 1


def test_placeholder_mode_marks_missing_images() -> None:
    pixels = draw(AssetResolver(placeholder=True), image_command("nope.png", 2, 2, 16, 16))
    assert pixels[..., 3].any()


def test_live_assets_strip_the_update_key_and_refresh_on_newer_files(tmp_path: Path) -> None:
    now = [0.0]
    path = solid_png(tmp_path / "cam.png", (255, 0, 0, 255))
    assets = AssetResolver(live_dir=tmp_path, clock=lambda: now[0])

    def red_of(asset_id: str) -> int:
        command = ["drawImage", [{"type": "liveAsset", "id": asset_id}, 0, 0, 20, 20]]
        return int(draw(assets, command)[10, 10, 0])

    def replace_with_blue() -> None:
        mtime_ns = path.stat().st_mtime_ns
        solid_png(path, (0, 0, 255, 255))
        os.utime(path, ns=(mtime_ns + 10 ** 9, mtime_ns + 10 ** 9))

    assert red_of("cam.png#1") == 255
    replace_with_blue()
    now[0] = 0.1
    assert red_of("cam.png#1") == 255  # re-checked at most every 0.25 s …
    now[0] = 0.5
    assert red_of("cam.png#1") == 0
    solid_png(path, (255, 0, 0, 255))
    os.utime(path, ns=(path.stat().st_mtime_ns + 3 * 10 ** 9,) * 2)
    now[0] = 0.6
    assert red_of("cam.png#2") == 255  # … unless the update key changed
    path.unlink()
    now[0] = 1.0
    assert assets.image(AssetRef("liveAsset", "cam.png#2")) is None


def test_five_and_nine_argument_forms(tmp_path: Path) -> None:
    left_red_right_blue = np.zeros((4, 8, 4), np.uint8)
    left_red_right_blue[:, :4] = (255, 0, 0, 255)
    left_red_right_blue[:, 4:] = (0, 0, 255, 255)
    (tmp_path / "images").mkdir()
    write_png(left_red_right_blue, tmp_path / "images" / "two.png")
    assets = AssetResolver(composition_dir=tmp_path)
    whole = draw(assets, image_command("two.png", 0, 0, 20, 20, asset_type="compositionAsset"))
    assert tuple(whole[10, 1]) == (255, 0, 0, 255) and tuple(whole[10, 18]) == (0, 0, 255, 255)
    right_half = draw(assets, image_command("two.png", 4, 0, 4, 4, 0, 0, 20, 20,
                                            asset_type="compositionAsset"))
    assert tuple(right_half[10, 10]) == (0, 0, 255, 255)


def test_images_use_global_alpha_without_anti_aliasing(tmp_path: Path) -> None:
    solid_png(tmp_path / "white.png", (255, 255, 255, 255))
    assets = AssetResolver(asset_dirs=[tmp_path])
    pixels = draw(assets, ["globalAlpha", 0.5], ["fillStyle", "#ff0000"],
                  image_command("white.png", 2.5, 2.5, 10, 10))
    alphas = set(np.unique(pixels[..., 3]).tolist())
    assert alphas == {0, 127}  # hard edges at a fractional position; fill colour unused
    assert not draw(assets, ["globalAlpha", 0], image_command("white.png", 0, 0, 20, 20)).any()


def test_png_round_trip_keeps_premultiplied_bytes(tmp_path: Path) -> None:
    frame = np.array([[[127, 0, 0, 127], [0, 0, 0, 0]]], np.uint8)
    write_png(frame, tmp_path / "f.png")
    assert (read_png(tmp_path / "f.png") == frame).all()
    with pytest.raises(ValueError):
        write_png(np.zeros((2, 2, 3), np.uint8), tmp_path / "g.png")
