"""`vcs render` / `vcs info` end to end (vcs_engine/cli.py), in process and once as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import texts, write_composition
from PIL import Image as PILImage
from test_layout import ref_grid

from vcs_engine.cli import main as vcs

REPO = Path(__file__).resolve().parent.parent

COMP = """
    import { RoomContext } from '#vcs-react/contexts';
    export const compositionInterface = {
      displayMeta: { name: 'CLI test', description: '' },
      params: [
        { id: 'title', type: 'text', defaultValue: 'Hello', shortHelpText: 'the title' },
        { id: 'look.mode', type: 'enum', values: ['dark', 'light'], defaultValue: 'dark' },
        { id: 'size', type: 'number', defaultValue: 1.5, step: 0.1 },
      ],
      standardSources: ['chatMessages'],
    };
    export default function C() {
      const p = hooks.useParams();
      const { activeIds } = hooks.useActiveVideo();
      const chat = hooks.useStandardSources().chatMessages.latest;
      const peers = React.useContext(RoomContext).availablePeers;
      return (
        <Box style={{ fillColor: p.look.mode === 'dark' ? '#000' : '#fff' }}>
          {activeIds.map((id, i) => (
            <Video key={id} src={id} layout={[layouts.grid, { index: i, total: activeIds.length }]} />
          ))}
          <Text>{p.title}</Text>
          {chat.map(m => <Text key={m.key}>{m.text}</Text>)}
          {peers.map(pe => <Text key={pe.id}>{pe.displayName}</Text>)}
        </Box>
      );
    }
"""

SCENARIO = {
    "outputSize": {"w": 640, "h": 360},
    "durationInFrames": 8,
    "outputFrames": [0, 4, 7],
    "initialState": {"activeVideoInputSlots": [True, True], "params": {"title": "Start"}},
    "events": [
        {"frame": 3, "state": {"activeVideoInputSlots": [True, True, {"id": 9}], "params": {"look.mode": "light"},
                               "room": {"availablePeers": [{"id": "a", "displayName": "Peer A"}]}}},
        {"frame": 6, "state": {"params": {"title": "End"}, "activeVideoInputSlots": [True],
                               "standardSources": {"chatMessages": [{"key": "1", "text": "msg"}]}}},
    ],
}


@pytest.fixture
def comp(tmp_path) -> Path:
    return write_composition(tmp_path / "comp", COMP)


@pytest.fixture
def scenario(tmp_path) -> Path:
    p = tmp_path / "scenario.json"
    p.write_text(json.dumps(SCENARIO))
    return p


def grid_layers(n, size):
    full = {"x": 0, "y": 0, "w": size[0], "h": size[1]}
    ppg = min(size) / 36
    return [{"type": "video", "id": i, "frame": ref_grid(full, {"index": i, "total": n}, ppg, size),
             "attrs": {"scaleMode": "fill", "zoomFactor": 1}} for i in range(n)]


def one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip() and "Fontconfig" not in ln]
    assert len(lines) == 1, err
    return lines[0]


# ---------------------------------------------------------------------- render


def test_render_scenario_end_to_end(comp, scenario, tmp_path):
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"vcs-output_{n}{suffix}" for n in (0, 4, 7)
                           for suffix in ("_videolayers.json", "_fgdisplaylist.json", "_graphics.png", ".png"))

    def vl(n):
        return (out / f"vcs-output_{n}_videolayers.json").read_text()

    def fg(n):
        return json.loads((out / f"vcs-output_{n}_fgdisplaylist.json").read_text())

    assert vl(0) == json.dumps(grid_layers(2, (640, 360)), separators=(",", ":"))
    third = grid_layers(3, (640, 360))
    third[2]["id"] = 9
    assert json.loads(vl(4)) == third
    assert json.loads(vl(7)) == grid_layers(1, (640, 360))
    assert (fg(0)["width"], fg(0)["height"]) == (640, 360)
    assert texts(fg(0)) == ["Start"]
    assert ["fillStyle", "#000"] in fg(0)["commands"]
    assert texts(fg(4)) == ["Start", "Peer A"]
    assert ["fillStyle", "#fff"] in fg(4)["commands"]
    assert texts(fg(7)) == ["End", "msg", "Peer A"]
    for name in ("vcs-output_0_graphics.png", "vcs-output_7.png"):
        with PILImage.open(out / name) as im:
            assert im.size == (640, 360) and im.mode == "RGBA"


def test_render_composite_has_video_where_the_layers_are(comp, scenario, tmp_path):
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--out", str(out), "--emit", "composite,graphics"]) == 0
    with PILImage.open(out / "vcs-output_0.png") as im:
        comp_px = im.convert("RGBA").load()
    with PILImage.open(out / "vcs-output_0_graphics.png") as im:
        gfx_px = im.convert("RGBA").load()
    frame = grid_layers(2, (640, 360))[0]["frame"]
    cx, cy = frame["x"] + frame["w"] // 2, frame["y"] + frame["h"] // 2
    assert gfx_px[cx, cy][3] == 0           # a hole in the graphics where the video goes
    assert comp_px[cx, cy][3] == 255        # the composite is opaque there (video drawn)
    assert gfx_px[2, 2] == (0, 0, 0, 255)   # the black background fill outside the videos


@pytest.mark.parametrize("kinds,suffixes", [
    ("videolayers", ["_videolayers.json"]),
    ("fgdisplaylist,videolayers", ["_fgdisplaylist.json", "_videolayers.json"]),
    ("graphics", ["_graphics.png"]),
])
def test_render_emit_subsets(comp, scenario, tmp_path, kinds, suffixes):
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--out", str(out), "--emit", kinds]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"vcs-output_{n}{s}" for n in (0, 4, 7) for s in suffixes)


def test_render_unknown_emit_kind_is_a_usage_error(comp, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        vcs(["render", str(comp), "--out", str(tmp_path / "o"), "--emit", "videolayers,bogus"])
    assert info.value.code == 2
    assert "bogus" in capsys.readouterr().err


def test_render_size_overrides_scenario(comp, scenario, tmp_path):
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--out", str(out), "--size", "1080x1920",
                "--emit", "videolayers,fgdisplaylist,graphics"]) == 0
    doc = json.loads((out / "vcs-output_0_fgdisplaylist.json").read_text())
    assert (doc["width"], doc["height"]) == (1080, 1920)
    assert json.loads((out / "vcs-output_0_videolayers.json").read_text()) == grid_layers(2, (1080, 1920))
    with PILImage.open(out / "vcs-output_0_graphics.png") as im:
        assert im.size == (1080, 1920)


def test_render_without_scenario_uses_four_participants(comp, tmp_path):
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--out", str(out), "--emit", "videolayers"]) == 0
    assert [p.name for p in out.iterdir()] == ["vcs-output_0_videolayers.json"]
    layers = json.loads((out / "vcs-output_0_videolayers.json").read_text())
    assert layers == grid_layers(4, (1280, 720))


def test_render_js_scenario(comp, tmp_path):
    sc = tmp_path / "s.js"
    sc.write_text(textwrap.dedent("""\
        const state = { activeVideoInputSlots: [true], params: {} };
        export default {
          outputSize: { w: 400, h: 400 },
          outputFrames: [0, 2],
          initialState: state,
          frameWillRenderCb: (i) => {
            if (i === 1) { state.activeVideoInputSlots.push(true); state.params.title = 'JS'; return state; }
            return null;
          },
        };
    """))
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(sc), "--out", str(out), "--emit", "videolayers,fgdisplaylist"]) == 0
    assert json.loads((out / "vcs-output_2_videolayers.json").read_text()) == grid_layers(2, (400, 400))
    assert texts(json.loads((out / "vcs-output_2_fgdisplaylist.json").read_text())) == ["JS"]
    assert texts(json.loads((out / "vcs-output_0_fgdisplaylist.json").read_text())) == ["Hello"]


def test_render_custom_assets_folder(tmp_path):
    comp = write_composition(tmp_path / "c", """
        export default function C() { return <Image src="logo.png" />; }
    """)
    assets = tmp_path / "assets"
    assets.mkdir()
    PILImage.new("RGBA", (40, 20), (0, 255, 0, 255)).save(assets / "logo.png")
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--out", str(out), "--assets", str(assets), "--emit", "fgdisplaylist,graphics"]) == 0
    doc = json.loads((out / "vcs-output_0_fgdisplaylist.json").read_text())
    draws = [c[1] for c in doc["commands"] if c[0] == "drawImage"]
    assert draws == [[{"type": "defaultAsset", "id": "logo.png"}, 0, 40, 1280, 640]]
    with PILImage.open(out / "vcs-output_0_graphics.png") as im:
        assert im.convert("RGBA").getpixel((640, 360)) == (0, 255, 0, 255)
        assert im.convert("RGBA").getpixel((640, 20))[3] == 0  # letterbox above the fitted image


def test_render_assets_folder_overrides_an_aliased_default_asset(tmp_path):
    # `test_square.png` is an alias of our built-in test_square_320px.png unless a folder has it.
    comp = write_composition(tmp_path / "c", """
        export default function C() { return <Image src="test_square" />; }
    """)
    assets = tmp_path / "assets"
    assets.mkdir()
    PILImage.new("RGBA", (40, 20), (255, 0, 0, 255)).save(assets / "test_square.png")
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--out", str(out), "--assets", str(assets), "--emit", "fgdisplaylist,graphics"]) == 0
    doc = json.loads((out / "vcs-output_0_fgdisplaylist.json").read_text())
    draws = [c[1] for c in doc["commands"] if c[0] == "drawImage"]
    assert draws == [[{"type": "defaultAsset", "id": "test_square.png"}, 0, 40, 1280, 640]]
    with PILImage.open(out / "vcs-output_0_graphics.png") as im:
        assert im.convert("RGBA").getpixel((640, 360)) == (255, 0, 0, 255)


# ---------------------------------------------------------------------- errors


def test_render_syntax_error_one_line_with_location(tmp_path, capsys):
    comp = write_composition(tmp_path / "bad", "import * as React from 'react';\nexport default function C() {\n  return (;\n}\n",
                             header=False)
    code = vcs(["render", str(comp), "--out", str(tmp_path / "out")])
    assert code != 0
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: {comp / 'index.jsx'}:3:")


def test_render_runtime_error_one_line_with_location(tmp_path, capsys):
    comp = write_composition(tmp_path / "bad", "import * as React from 'react';\nexport default function C() {\n  const a = null;\n  return a.b;\n}\n",
                             header=False)
    assert vcs(["render", str(comp), "--out", str(tmp_path / "out")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: {comp / 'index.jsx'}:4: TypeError")


def test_render_closes_video_sources_when_a_frame_fails(tmp_path, monkeypatch):
    from vcs_engine.media import SourceSet

    closed = []
    original = SourceSet.close
    monkeypatch.setattr(SourceSet, "close", lambda self: (closed.append(True), original(self))[1])
    comp = write_composition(tmp_path / "c", """
        export default function C() {
          if (hooks.useVideoTime() > 0) throw new Error('late failure');
          return <Video src={0} />;
        }
    """)
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"outputFrames": [0, 1], "initialState": {"activeVideoInputSlots": [True]}}))
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--out", str(out), "--emit", "composite"]) == 1
    assert (out / "vcs-output_0.png").is_file()
    assert closed


def test_render_missing_composition(tmp_path, capsys):
    missing = tmp_path / "nothere"
    assert vcs(["render", str(missing), "--out", str(tmp_path / "out")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: ") and str(missing) in line


def test_render_missing_scenario(comp, tmp_path, capsys):
    missing = tmp_path / "nope.json"
    assert vcs(["render", str(comp), "--scenario", str(missing), "--out", str(tmp_path / "out")]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("error: ") and str(missing) in line
    assert not (tmp_path / "out").exists()


def test_render_bad_size_is_a_usage_error(comp, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        vcs(["render", str(comp), "--out", str(tmp_path / "o"), "--size", "12by3"])
    assert info.value.code == 2
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_subprocess_exit_code_and_single_stderr_line(tmp_path):
    comp = write_composition(tmp_path / "bad", "export default function C() {\n  return <Box>\n}\n", header=False)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "vcs_engine", "render", str(comp), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=60, check=False)
    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert line.startswith(f"error: {comp / 'index.jsx'}:")
    assert proc.stdout == ""


# ---------------------------------------------------------------------- info


def test_info_lists_params(comp, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert vcs(["info", str(comp)]) == 0
    out = capsys.readouterr().out
    assert "CLI test" in out and "3 params" in out
    for needle in ("title", "'Hello'", "the title", "look.mode", "dark, light", "size", "1.5", "step 0.1"):
        assert needle in out, needle


def test_info_error_for_broken_composition(tmp_path, capsys):
    comp = write_composition(tmp_path / "bad", "export default 5;\n", header=False)
    assert vcs(["info", str(comp)]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: {comp / 'index.jsx'}:1:")


def test_render_scenario_fps_sets_video_time(tmp_path):
    comp = write_composition(tmp_path / "c", """
        export default function C() {
          return <Text>{'t=' + Math.round(hooks.useVideoTime() * 100)}</Text>;
        }
    """)
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps({"fps": 10, "outputFrames": [5, 12]}))
    out = tmp_path / "out"
    assert vcs(["render", str(comp), "--scenario", str(sc), "--out", str(out), "--emit", "fgdisplaylist"]) == 0
    assert texts(json.loads((out / "vcs-output_5_fgdisplaylist.json").read_text())) == ["t=50"]
    assert texts(json.loads((out / "vcs-output_12_fgdisplaylist.json").read_text())) == ["t=120"]


def test_export_uses_the_scenario_fps_unless_given(tmp_path):
    comp = write_composition(tmp_path / "c", "export default function C() { return <Box />; }")
    sc = tmp_path / "s.json"
    sc.write_text(json.dumps({"fps": 10, "outputSize": {"w": 64, "h": 36}}))
    out = tmp_path / "png"
    assert vcs(["export", str(comp), "--scenario", str(sc), "--out", str(out), "--format", "png", "--seconds", "0.5"]) == 0
    assert len(list(out.glob("*.png"))) == 5
    out2 = tmp_path / "png2"
    assert vcs(["export", str(comp), "--scenario", str(sc), "--out", str(out2), "--format", "png", "--seconds", "0.5",
                "--fps", "20"]) == 0
    assert len(list(out2.glob("*.png"))) == 10


def test_composite_shows_mistakes_that_graphics_png_keeps_daily_exact(tmp_path, caplog) -> None:
    """A broken image file and an unknown font family: the Daily-exact graphics PNG draws
    nothing for them, the composite PNG users look at shows a crossed box and Roboto text, with
    one warning each."""
    import logging

    from vcs_engine.render import read_png

    comp = tmp_path / "comp"
    (comp / "images").mkdir(parents=True)
    (comp / "images" / "logo.png").write_bytes(b"not a png")
    (comp / "images" / "logo.png.json").write_text('{"width": 100, "height": 100}')
    (comp / "index.jsx").write_text(
        "import * as React from 'react';\n"
        "import { Box, Image, Text } from '#vcs-react/components';\n"
        "const at = (f, p) => ({ x: p.x, y: p.y, w: p.w, h: p.h });\n"
        "export default function C() {\n"
        "  return <Box>\n"
        "    <Image src='logo.png' layout={[at, { x: 100, y: 100, w: 200, h: 200 }]} />\n"
        "    <Text layout={[at, { x: 500, y: 100, w: 600, h: 100 }]}\n"
        "          style={{ fontFamily: 'NoSuchFont', fontSize_px: 60, textColor: '#ff0000' }}>Hello</Text>\n"
        "  </Box>;\n"
        "}\n")
    out = tmp_path / "out"
    with caplog.at_level(logging.WARNING):
        assert vcs(["render", str(comp), "--out", str(out), "--emit", "graphics,composite"]) == 0
    graphics = read_png(out / "vcs-output_0_graphics.png")
    composite = read_png(out / "vcs-output_0.png")
    image_box = (slice(100, 300), slice(100, 300))
    text_box = (slice(100, 200), slice(500, 700))
    assert graphics[image_box][..., 3].max() == 0 and graphics[text_box][..., 3].max() == 0
    assert composite[image_box][..., :3].max() > 100  # the crossed placeholder box
    red = composite[text_box]
    assert ((red[..., 0] > 200) & (red[..., 1] < 60)).sum() > 200  # "Hello" in red, in Roboto
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "NoSuchFont" in messages and "logo.png" in messages
