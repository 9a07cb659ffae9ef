"""Conformance: our renderer against Daily's reference frames (shared/daily-reference).

Every ``vcs-output_N_fgdisplaylist.canvex.json`` of Daily's scenarios is rendered and compared
with Daily's ``…canvex.linux_skia_x86_64.png`` under the README tolerance. The folder is not
part of the product and is never copied into the repository: without it these tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vcs_engine.render import AssetResolver, read_png, render_display_list
from vcs_engine.render.compare import compare_images, save_diff_image

DAILY = Path(__file__).resolve().parents[2] / "shared" / "daily-reference"
FAILURES = Path(__file__).resolve().parent / "_failures"
LISTS = sorted(DAILY.glob("scenarios/*/vcs-output_*_fgdisplaylist.canvex.json"))


def _frame_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name.split('_')[1]}"


@pytest.fixture(scope="module")
def daily_assets() -> AssetResolver:
    """Daily's own ``test_square_320px.png`` first, as its reference frames were drawn with it."""
    return AssetResolver(asset_dirs=[DAILY / "assets"])


@pytest.mark.skipif(not LISTS, reason="shared/daily-reference is not available")
@pytest.mark.parametrize("list_path", LISTS, ids=[_frame_id(p) for p in LISTS])
def test_matches_daily_reference_frame(list_path: Path, daily_assets: AssetResolver) -> None:
    text = list_path.read_text(encoding="utf-8")
    doc = json.loads(text)
    expected = read_png(list_path.with_name(list_path.name.replace(".json",
                                                                   ".linux_skia_x86_64.png")))
    actual = render_display_list(text, doc["width"], doc["height"], daily_assets)
    difference = compare_images(actual, expected)
    print(f"{_frame_id(list_path)}: {difference}")
    if not difference.within():
        name = _frame_id(list_path).replace("/", "_") + "_diff.png"
        path = save_diff_image(actual, expected, FAILURES / name)
        pytest.fail(f"{_frame_id(list_path)}: {difference}; diff image: {path}")
