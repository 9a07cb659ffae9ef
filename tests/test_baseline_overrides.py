"""Our baseline's override points (baseline.md §9), alone and next to Daily's baseline.

A session may replace `components/CustomOverlay.js` and
`components/overrides/decorateVideo{Single,Split,Grid,Dominant,Pip}Item.js`. Override files are
written for Daily's baseline, so ours must call them with the same arguments and honour the same
answer fields. Next to Daily's baseline (../shared/daily-reference, skipped when absent), the same
override folder must give the same video layers, the same drawing and graphics within the
conformance tolerance, and the decorators must receive equal arguments.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from test_baseline_vs_daily import DAILY, EVERYTHING_ON, ROOM, SLOTS, drawing, first_difference
from vcs_engine.authoring import asset_resolver
from vcs_engine.host import Host
from vcs_engine.render import render_display_list
from vcs_engine.render.compare import compare_images

needs_daily = pytest.mark.skipif(not DAILY.is_dir(), reason="shared/daily-reference is not present")

HEAD = "import * as React from 'react';\nimport { Box, Image, Text } from '#vcs-react/components';\n"

CUSTOM_OVERLAY = HEAD + textwrap.dedent("""\
    import { useVideoTime } from '#vcs-react/hooks';

    export default function CustomOverlay() {
      const t = useVideoTime();
      const place = (p) => ({ x: p.x + 40 + t * 60, y: p.y + 40, w: 320, h: 120 });
      return (
        <Box style={{ fillColor: 'rgba(200, 0, 100, 0.6)', cornerRadius_px: 12 }} layout={[place]}>
          <Text style={{ textColor: 'white', fontSize_px: 30 }}>Session overlay</Text>
          <Image src="badge.png" layout={[(p) => ({ x: p.x + 240, y: p.y + 40, w: 64, h: 64 })]} />
        </Box>
      );
    }
""")

GRID_DECORATOR = HEAD + textwrap.dedent("""\
    export default function decorateVideoGridItem(itemIndex, itemProps, gridProps) {
      return {
        enableDefaultLabels: itemIndex % 2 === 1,
        enableDefaultHighlight: false,
        clipItem: true,
        customComponent: (
          <Box style={{ strokeColor: 'yellow', strokeWidth_px: 6, cornerRadius_px: 40 }}>
            <Text style={{ textColor: 'orange', fontSize_px: 22 }}>
              {`Tile ${itemIndex}: ${itemProps.displayName} r=${gridProps.videoStyle.cornerRadius_px}`}
            </Text>
          </Box>
        ),
      };
    }
""")

# One recording decorator per mode: it keeps its arguments (as JSON) in a global, and answers
# with every field so that each is exercised (the second item of each mode clips and moves its
# video; every item gets a framed custom label).
RECORDER = textwrap.dedent("""\
    export default function decorate{mode}Item({args}) {{
      const label = String({label});
      globalThis.__calls = globalThis.__calls || {{}};
      globalThis.__calls['{mode}:' + label] = JSON.stringify([{args}]);
      const second = label === '1' || label === 'main';
      return {{
        enableDefaultLabels: !second,
        clipItem: second,
        customLayoutForVideo: second ? [(p) => ({{ x: p.x + 10, y: p.y + 10, w: p.w / 2, h: p.h / 2 }})] : undefined,
        customComponent: (
          <Box style={{{{ strokeColor: 'lime', strokeWidth_px: 8 }}}}>
            <Text style={{{{ textColor: 'yellow', fontSize_px: 20 }}}}>{{'{mode} ' + label}}</Text>
          </Box>
        ),
      }};
    }}
""")
RECORDERS = {
    "VideoSingle": ("participant, props", "participant ? participant.displayName : 'none'"),
    "VideoSplit": ("index, participant, props", "index"),
    "VideoGrid": ("itemIndex, itemProps, gridProps", "itemIndex"),
    "VideoDominant": ("isDominant, index, participant, props", "isDominant ? 'main' : index"),
    "VideoPip": ("index, participant, props", "index"),
}


def write(folder: Path, files: dict[str, str]) -> Path:
    for key, text in files.items():
        (folder / key).parent.mkdir(parents=True, exist_ok=True)
        (folder / key).write_text(text)
    return folder


@pytest.fixture
def overlay_and_grid(tmp_path: Path) -> Path:
    folder = write(tmp_path / "session", {"components/CustomOverlay.js": CUSTOM_OVERLAY,
                                          "components/overrides/decorateVideoGridItem.js": GRID_DECORATOR})
    (folder / "images").mkdir()
    Image.new("RGBA", (64, 64), (0, 200, 255, 255)).save(folder / "images" / "badge.png")
    return folder


@pytest.fixture(scope="module")
def recorders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("recorders")
    return write(folder, {f"components/overrides/decorate{mode}Item.js": HEAD + RECORDER.format(mode=mode, args=a, label=l)
                          for mode, (a, l) in RECORDERS.items()})


def start(composition: str | Path, folder: Path | None, params: dict, size=(1280, 720)) -> Host:
    host = Host.load(composition, size=size, session_assets=folder)
    host.runtime.eval("globalThis.__calls = {}")
    host.set_inputs(SLOTS)
    host.set_room(ROOM)
    host.set_params(params, warn=False)
    return host


def fill_texts(out) -> list[str]:
    return [c[1][0] for c in out.flattened["commands"] if c[0] == "fillText"]


def calls(host: Host) -> dict[str, list]:
    return {k: json.loads(v) for k, v in json.loads(host.runtime.eval("JSON.stringify(globalThis.__calls)")).items()}


# ---------------------------------------------------------------------- our baseline alone


def test_overrides_change_our_baseline(overlay_and_grid: Path) -> None:
    params = {**EVERYTHING_ON, "mode": "grid", "videoSettings.roundedCorners": True}
    plain = start("daily:baseline", None, params)
    decorated = start("daily:baseline", overlay_and_grid, params)
    before, after = plain.render(0), decorated.render(0)
    assert "Session overlay" in fill_texts(after) and "Session overlay" not in fill_texts(before)
    assert "Tile 0: Ann r=24" in fill_texts(after)
    assert "Ann" in fill_texts(before) and "Ann" not in fill_texts(after)  # labels off on even tiles
    assert "Ann screen" in fill_texts(after)  # ... and on odd ones
    assert {"type": "defaultAsset", "id": "badge.png"} in [c[1][0] for c in after.flattened["commands"]
                                                            if c[0] == "drawImage"]
    assert drawing(after).count(["clip", []]) >= len(after.video_layers)  # every tile clipped
    assert after.video_layers_json == before.video_layers_json


def test_custom_layout_for_video_moves_the_video_layer(recorders: Path) -> None:
    host = start("daily:baseline", recorders, {"mode": "split"})
    first, second = host.render(0).video_layers[:2]
    assert first["frame"] == {"x": 0, "y": 0, "w": 640, "h": 720}
    assert second["frame"] == {"x": 650, "y": 10, "w": 320, "h": 360}  # [p.x + 10, p.y + 10, p.w / 2, p.h / 2]


def test_default_override_files_change_nothing(tmp_path: Path) -> None:
    """A session folder holding our own default files gives the output without one."""
    ours = Path(__file__).resolve().parents[1] / "compositions" / "baseline" / "components"
    folder = write(tmp_path / "defaults", {
        f"components/{p.relative_to(ours).as_posix()}": p.read_text()
        for p in [ours / "CustomOverlay.js", *sorted((ours / "overrides").glob("*.js"))]})
    for mode in ("single", "split", "grid", "dominant", "pip"):
        params = {**EVERYTHING_ON, "mode": mode}
        with_folder, without = start("daily:baseline", folder, params), start("daily:baseline", None, params)
        a, b = with_folder.render(3), without.render(3)
        assert (a.video_layers_json, a.flattened_json) == (b.video_layers_json, b.flattened_json), mode


# ---------------------------------------------------------------------- next to Daily's baseline


@needs_daily
@pytest.mark.parametrize("size", [(1280, 720), (720, 1280)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_same_overrides_same_output_as_daily(overlay_and_grid: Path, size) -> None:
    params = {**EVERYTHING_ON, "mode": "grid", "videoSettings.roundedCorners": True}
    ours, daily = start("daily:baseline", overlay_and_grid, params, size), start(DAILY, overlay_and_grid, params, size)
    for n in (0, 15):
        a, b = ours.render(n), daily.render(n)
        assert "Session overlay" in fill_texts(a) and "Tile 0: Ann r=24" in fill_texts(a)  # the overrides ran
        assert a.video_layers_json == b.video_layers_json, n
        assert drawing(a) == drawing(b), first_difference(drawing(a), drawing(b))
        # Both with Daily's images: the compositions' icons are drawn differently (ours are our own).
        images = asset_resolver(daily)
        graphics = [render_display_list(out.flattened, out.width, out.height, images) for out in (a, b)]
        difference = compare_images(*graphics)
        assert difference.within(), str(difference)
        assert graphics[0][..., 3].any()


CASES = {
    "single": {"mode": "single"},
    "split": {"mode": "split"},
    "grid": {"mode": "grid"},
    "grid-full-screen": {"mode": "grid", "videoSettings.grid.fullScreenHighlightItemIndex": 1},
    "dominant": {"mode": "dominant"},
    "dominant-screenshare": {"mode": "dominant", "videoSettings.preferScreenshare": True},
    "dominant-bottom-centered": {"mode": "dominant", "videoSettings.dominant.position": "bottom",
                                 "videoSettings.dominant.centerItems": True},
    "pip": {"mode": "pip"},
    "pip-follow-screenshare": {"mode": "pip", "videoSettings.pip.followDomFlag": True,
                               "videoSettings.preferScreenshare": True},
    "pip-web-frame": {"mode": "pip", "videoSettings.pip.includeWebFrame": True,
                      "videoSettings.pip.followDomFlag": True, "webFrame.url": "https://example.com"},
}


@needs_daily
@pytest.mark.parametrize("case", sorted(CASES))
def test_decorators_get_the_arguments_daily_gives_them(recorders: Path, case: str) -> None:
    params = {**EVERYTHING_ON, "videoSettings.roundedCorners": True, **CASES[case]}
    ours, daily = start("daily:baseline", recorders, params), start(DAILY, recorders, params)
    a, b = ours.render(5), daily.render(5)
    got, expected = calls(ours), calls(daily)
    assert expected, "Daily's baseline called no decorator"
    assert sorted(got) == sorted(expected)
    for key in expected:
        assert got[key] == expected[key], key
    assert a.video_layers_json == b.video_layers_json
    assert drawing(a) == drawing(b), first_difference(drawing(a), drawing(b))
