"""The inspector's engine side (vcs_engine/inspect.py, runtime/inspect.js) and `vcs inspect`:
the node tree against the frame's real outputs, paths, hit testing, probing the params that
move a node (checked against renders with those params), and that probing leaves no trace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import texts
from test_cli_errors import assert_refused, refused_in_process, run_vcs

from vcs_engine.cli import main as vcs
from vcs_engine.errors import CompositionError, InputError
from vcs_engine.host import COMPOSITIONS_DIR, Host
from vcs_engine.inspect import draws, find_node, nodes_at, split_path, walk
from vcs_engine.scenario import default_scenario, run_scenario, with_params
from vcs_engine.supervisor import SupervisedHost

REPO = Path(__file__).resolve().parent.parent
DAILY_BASELINE = REPO.parent / "shared" / "daily-reference" / "compositions" / "daily-baseline"
OVERLAY = {"showImageOverlay": True}
FRAME = 20  # the overlay has faded in by then


def overlay_host(composition: str | Path = "daily:baseline", host_class: type = Host) -> Any:
    """A baseline with 4 participants and its image overlay on, rendered to FRAME."""
    host = host_class.load(composition)
    host.set_inputs([True] * 4)
    host.set_params(OVERLAY)
    for n in range(FRAME + 1):
        host.render(n)
    return host


def centre(rect: dict[str, float]) -> tuple[float, float]:
    return rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2


def only(nodes: list[dict], **fields: Any) -> dict:
    found = [n for n in nodes if all(n.get(k) == v for k, v in fields.items())]
    assert len(found) == 1, (fields, [n["path"] for n in found])
    return found[0]


@pytest.fixture(scope="module")
def baseline() -> Host:
    return overlay_host()


# ---------------------------------------------------------------------- the tree


def assert_tree_matches_outputs(tree: dict, out: Any) -> None:
    """Every video layer is a Video node with its id and frame, every drawn text a Text node's."""
    nodes = list(walk(tree))
    assert (tree["width"], tree["height"]) == (out.width, out.height)
    videos = [n for n in nodes if n.get("type") == "video"]
    xywh = lambda f: json.dumps([f[k] for k in "xywh"])  # noqa: E731 (layers' frames may carry more)
    assert sorted((json.dumps(v["video"]), xywh(v["frame"])) for v in videos) == \
        sorted((json.dumps(layer["id"]), xywh(layer["frame"])) for layer in out.video_layers)
    drawn = "".join(texts(out)).replace(" ", "")
    for node in nodes:
        if node.get("type") == "label" and node["text"].strip():
            assert node["text"].replace(" ", "") in drawn, node["path"]


def test_tree_matches_the_frame_outputs(baseline):
    out = baseline.render(FRAME + 1)
    tree = baseline.inspect()
    assert_tree_matches_outputs(tree, out)
    nodes = list(walk(tree))
    image = only(nodes, component="Image")
    assert image["kind"] == "host" and image["image"] == "overlay.png" and image["key"] is None
    # The image is drawn fitted inside its frame.
    (x, y, w, h) = next(c[1][1:] for c in out.foreground["commands"] if c[0] == "drawImage")
    f = image["frame"]
    assert f["x"] <= x and x + w <= f["x"] + f["w"] + 1e-6 and f["y"] <= y and y + h <= f["y"] + f["h"] + 1e-6
    assert abs((x + w / 2) - centre(f)[0]) < 1e-6
    # Components have their nodes' union as frame; built-ins are one node with their host node.
    overlay = find_node(tree, image["path"].rsplit("/", 1)[0])
    assert overlay["component"] == "ImageOverlay" and overlay["kind"] == "component"
    assert overlay["frame"] == image["frame"] and overlay["children"] == [image]
    root = tree["root"]
    assert root["path"] == "Root" and root["frame"] == {"x": 0, "y": 0, "w": 1280, "h": 720}
    assert only(nodes, id="main")["component"] == "Box"


def test_paths_are_unique_and_stable_across_renders(baseline):
    baseline.render(FRAME + 2)
    first = baseline.inspect()
    baseline.render(FRAME + 3)
    second = baseline.inspect()
    paths = [n["path"] for n in walk(first)]
    assert len(paths) == len(set(paths)) > 20
    assert paths == [n["path"] for n in walk(second)]
    assert first["root"] == second["root"]  # nothing moves between these frames
    assert (first["frame_index"], second["frame_index"]) == (FRAME + 2, FRAME + 3)


def test_paths_follow_react_slots(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'first', type: 'boolean', defaultValue: false }] };
        function Tag({ children }) { return <Text>{children}</Text>; }
        export default function C() {
          const p = hooks.useParams();
          return (
            <Box id="top">
              {p.first && <Tag>first</Tag>}
              <Image src="logo" />
              <React.Fragment><Tag>a</Tag><Tag>b</Tag></React.Fragment>
              <Tag>c</Tag>
              {['x/y', 'z'].map(k => <Box key={k} />)}
            </Box>
          );
        }""")
    tree = host.inspect()
    top = tree["root"]["children"][0]["children"][0]
    assert top["path"] == "Root/C/Box"
    segments = [c["path"][len(top["path"]) + 1:] for c in top["children"]]
    # A fragment's second child and the parent's Tag at slot 3 would share `Tag[1]`... so both
    # show every slot; keys escape the path separator.
    assert segments == ["Image[1]", "Tag[2]", "Tag[2][1]", "Tag[3]", "Box[4][key=x\\/y]", "Box[4][key=z]"]
    assert split_path(top["children"][4]["path"]) == ["Root", "C", "Box", "Box[4][key=x\\/y]"]
    host.set_params({"first": True})
    host.render(1)
    shown = host.inspect()["root"]["children"][0]["children"][0]
    assert [c["path"] for c in shown["children"]][1:] == [c["path"] for c in top["children"]]
    assert shown["children"][0]["path"] == "Root/C/Box/Tag"
    assert shown["children"][0]["children"][0]["text"] == "first"


def test_a_deep_tree_is_described_200_levels_deep(load):
    host = load("""
        function Nest({ n }) { return n ? <Box><Nest n={n - 1} /></Box> : <Box style={{ fillColor: 'red' }} />; }
        export default function C() { return <Nest n={300} />; }""")
    tree = json.loads(json.dumps(host.inspect()))  # every reader of the JSON copes with it
    nodes = list(walk(tree))
    assert len(nodes) == 201 and nodes[-1]["omitted"] == (2 + 301 + 301) - 201  # Root, C, 301 Nests and Boxes
    assert nodes_at(tree, 5, 5)[-1]["path"] == "Root"
    deepest = nodes[-1]["path"] + "/Box"
    assert host.probe_params(deepest).bounds == {"x": 0, "y": 0, "w": 1280, "h": 720}


def test_inspect_needs_a_frame_of_the_current_size(load):
    host = load("export default function C() { return <Box />; }")
    host.set_output_size(640, 360)
    with pytest.raises(CompositionError, match="render one first"):
        host.inspect()
    host.render(1)
    assert host.inspect()["width"] == 640


# ---------------------------------------------------------------------- hit testing


def node(kind: str, path: str, rect: tuple, children: list | None = None, **extra: Any) -> dict:
    r = dict(zip("xywh", rect, strict=True))
    out = {"component": path.rsplit("/", 1)[-1], "kind": "component" if kind == "component" else "host",
           "path": path, "frame": r, "bounds": r, "style": {}, "children": children or []}
    if kind != "component":
        out["type"] = kind
    out.update(extra)
    return out


def test_nodes_at_follows_draw_order_layers_and_clips():
    fill = {"fillColor": "red"}
    tree = {"root": node("root", "R", (0, 0, 100, 100), [
        node("box", "R/bg", (0, 0, 100, 100), style=fill),
        node("box", "R/clipper", (0, 0, 50, 50), [
            node("box", "R/clipper/inner", (40, 40, 20, 20), style=fill),
            node("video", "R/clipper/video", (30, 30, 40, 40), video=1),
        ], clip={"x": 0, "y": 0, "w": 50, "h": 50}),
        node("box", "R/before", (10, 10, 20, 20), style=fill),  # after the first video: foreground
        node("component", "R/Comp", (0, 0, 100, 100), [
            node("box", "R/Comp/later", (10, 10, 20, 20), style=fill),
            node("box", "R/Comp/empty", (0, 0, 100, 100)),
            node("box", "R/Comp/hidden", (0, 0, 100, 100), style=fill, opacity=0),
        ]),
    ])}
    at = lambda x, y: [n["path"] for n in nodes_at(tree, x, y)]  # noqa: E731
    # Later siblings over earlier ones; nodes that draw nothing after everything that draws.
    assert at(15, 15) == ["R/Comp/later", "R/before", "R/bg",
                          "R/Comp/hidden", "R/Comp/empty", "R/Comp", "R/clipper", "R"]
    # The clip hides its Box child outside it, not the video (video layers are not clipped);
    # the video is under the foreground but over the background graphics.
    assert at(55, 55) == ["R/clipper/video", "R/bg", "R/Comp/hidden", "R/Comp/empty", "R/Comp", "R"]
    assert at(45, 45)[:3] == ["R/clipper/video", "R/clipper/inner", "R/bg"]
    assert at(100, 5) == []  # the right edge is outside
    assert not draws(node("box", "x", (0, 0, 1, 1))) and draws(node("label", "t", (0, 0, 1, 1), text="a"))


def test_the_node_at_the_image_centre_is_the_image(baseline):
    tree = baseline.inspect()
    image = only(list(walk(tree)), component="Image")
    under = nodes_at(tree, *centre(image["frame"]))
    assert under[0] is image
    assert under[-1]["path"] == "Root"
    video = next(n for n in under if n.get("type") == "video")
    assert under.index(video) > 0 and video["video"] == 1  # the image is over the top-right tile


# ---------------------------------------------------------------------- probing


def frame_at(host: Any, path: str, frame_index: int) -> dict | None:
    host.render(frame_index)
    found = find_node(host.inspect(), path)
    return found["bounds"] if found else None


def moved(rect: dict, delta: dict) -> dict:
    return {"x": rect["x"] + delta["dx"], "y": rect["y"] + delta["dy"],
            "w": rect["w"] + delta["dw"], "h": rect["h"] + delta["dh"]}


def assert_effects_are_real(host: Any, result: Any, frame_index: int, limit: int = 6) -> None:
    """Each reported effect is what rendering with that value does (layouts without animations)."""
    start = dict(host.params)
    for effect in result.effects[:limit]:
        if effect.type == "number":
            tries = [(effect.value + effect.step, effect.plus), (effect.value - effect.step, effect.minus)]
            tries = [(v, moved(result.bounds, d) if d else None) for v, d in tries]
        else:
            tries = list(effect.frames)
        for value, expected in tries:
            host.set_params({effect.param: value})
            got = frame_at(host, result.path, frame_index := frame_index + 1)
            if expected is None:
                assert got is None or got != result.bounds, (effect.param, value)
            else:
                assert got == pytest.approx(expected, abs=1e-6), (effect.param, value)
            host.set_params({effect.param: start.get(effect.param, host.interface.param(effect.param).default)})
            frame_index += 1
            host.render(frame_index)


@pytest.mark.parametrize("composition", ["daily:baseline", "daily-reference"])
def test_params_that_move_the_image(composition):
    if composition == "daily-reference":
        if not DAILY_BASELINE.is_dir():
            pytest.skip("shared/daily-reference is not present")
        composition = DAILY_BASELINE
    host = overlay_host(composition)
    tree = host.inspect()
    image = only(list(walk(tree)), component="Image")
    assert nodes_at(tree, *centre(image["frame"]))[0] is image
    result = host.probe_params(image["path"])
    names = [e.param for e in result.effects]
    assert "image.height_gu" in names and "image.position" in names
    assert "text.content" not in names and "showImageOverlay" not in names  # fading out still shows it
    assert result.probes > 380 and not result.failed
    height = next(e for e in result.effects if e.param == "image.height_gu")
    assert height.value == 12 and height.step == 1
    assert height.plus["dh"] > 0 and height.minus["dh"] < 0 and height.plus["dw"] > 0
    position = next(e for e in result.effects if e.param == "image.position")
    assert {v for v, _ in position.frames} == {"top-left", "bottom-left", "bottom-right"}
    assert_effects_are_real(host, result, FRAME + 1)


def test_lanes_agree(baseline, monkeypatch):
    """Probing split between copies side by side answers as one copy probing everything."""
    import vcs_engine.inspect as inspection

    image = only(list(walk(baseline.inspect())), component="Image")
    split = baseline.probe_params(image["path"])
    monkeypatch.setattr(inspection, "LANES", 1)
    assert baseline.probe_params(image["path"]) == split
    monkeypatch.setattr(inspection, "LANES", 5)
    assert baseline.probe_params(image["path"]) == split


def test_probing_respects_ranges_and_unknown_paths(load):
    host = load("""
        export const compositionInterface = { params: [
          { id: 'x', type: 'number', defaultValue: 10, min: 0, max: 10 },
          { id: 'w', type: 'number', defaultValue: 0, step: 5, min: 0 },
          { id: 'side', type: 'enum', values: ['left', 'right'], defaultValue: 'left' },
          { id: 'label', type: 'text', defaultValue: 'hi' },
        ] };
        export default function C() {
          const p = hooks.useParams();
          const place = (f) => ({ x: (p.side === 'left' ? 0 : 500) + p.x, y: 0, w: 100 + p.w, h: 50 });
          return <Box layout={[place]} style={{ fillColor: 'red' }}><Text>{p.label}</Text></Box>;
        }""")
    result = host.probe_params("Root/C/Box")
    assert result.probes == 3  # x - 1 (x + 1 is past max), w + 5 (w - 5 is under min), side=right
    x, w, side = result.effects
    assert (x.param, x.plus, x.minus) == ("x", None, {"dx": -1, "dy": 0, "dw": 0, "dh": 0})
    assert (w.param, w.plus, w.minus) == ("w", {"dx": 0, "dy": 0, "dw": 5, "dh": 0}, None)
    assert side.frames == (("right", {"x": 510, "y": 0, "w": 100, "h": 50}),)
    assert json.loads(json.dumps(result.to_json()))["effects"][0]["param"] == "x"
    with pytest.raises(InputError, match="no node at 'Root/C/Nope'"):
        host.probe_params("Root/C/Nope")


def test_a_probe_that_fails_is_reported_alone(load):
    """A value that throws, and one that loops until the time limit interrupts it (which JS
    cannot catch, so its whole call fails), cost only their own probe."""
    host = load("""
        export const compositionInterface = { params: [
          { id: 'mode', type: 'enum', values: ['ok', 'throws', 'loops'], defaultValue: 'ok' },
          { id: 'x', type: 'number', defaultValue: 0 },
          { id: 'y', type: 'number', defaultValue: 0 },
        ] };
        function Bad({ mode }) {
          if (mode === 'throws') throw new Error('bad mode');
          if (mode === 'loops') for (;;) {}
          return null;
        }
        export default function C() {
          const p = hooks.useParams();
          return <Box><Bad mode={p.mode} /><Box layout={[() => ({ x: p.x, y: p.y, w: 10, h: 10 })]} /></Box>;
        }""", fresh=True)
    host.runtime.time_limit_s = 0.3
    result = host.probe_params("Root/C/Box/Box[1]")
    assert [e.param for e in result.effects] == ["x", "y"]
    assert result.effects[1].plus == {"dx": 0, "dy": 1, "dw": 0, "dh": 0}
    assert len(result.failed) == 2
    assert result.failed[0].startswith("mode='throws': ") and "bad mode" in result.failed[0]
    assert result.failed[1].startswith("mode='loops': ") and "0.3 s" in result.failed[1]
    assert host.render(1).changed is False  # the host itself is untouched and still works


def test_probing_leaves_the_composition_as_it_was():
    """A supervised host that probes mid-fade, with messages and a banner toggled, renders the
    same next frames as a host that does not; its params and render count are unchanged."""
    probed = overlay_host(host_class=SupervisedHost)
    plain = overlay_host()
    try:
        for host in (probed, plain):
            host.set_params({"image.enableFade": True, "showImageOverlay": False, "showBannerOverlay": True,
                             "text.source": "chatMessages", "showTextOverlay": True})
            host.add_messages({"chatMessages": [{"key": "1", "senderDisplayName": "Ann", "text": "hello"}]})
            host.render(FRAME + 1)
            host.render(FRAME + 2)  # the image fades out, the banner in
        count = probed.render_count
        image = only(list(walk(probed.inspect())), component="Image")
        result = probed.probe_params(image["path"])
        assert result.effects  # probing did render other params in the copy
        assert probed.params == plain.params and probed.render_count == count
        for n in range(FRAME + 3, FRAME + 20):
            a, b = probed.render(n), plain.render(n)
            assert (a.video_layers_json, a.flattened_json) == (b.video_layers_json, b.flattened_json), n
        assert probed.render_count == plain.render_count
    finally:
        probed.close()


@pytest.mark.parametrize("example", sorted(p.name for p in (COMPOSITIONS_DIR / "examples").iterdir()))
def test_examples(example):
    host = Host.load(COMPOSITIONS_DIR / "examples" / example)
    host.set_inputs([True] * 4)
    for n in range(31):
        out = host.render(n)
    tree = host.inspect()
    assert_tree_matches_outputs(tree, out)
    videos = [n for n in walk(tree) if n.get("type") == "video"]
    assert videos
    for video in videos:
        assert nodes_at(tree, *centre(video["frame"]))[0] is video
    result = host.probe_params(videos[0]["path"])
    assert not result.failed
    assert_effects_are_real(host, result, 31)


# ---------------------------------------------------------------------- vcs inspect


@pytest.fixture(scope="module")
def overlay_params(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("inspect") / "overlay.json"
    path.write_text(json.dumps(OVERLAY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected_tree() -> dict:
    """What `vcs inspect daily:baseline --params overlay.json --frame FRAME` inspects."""
    host = Host()
    host.open("daily:baseline")
    for _ in run_scenario(host, with_params(default_scenario(), OVERLAY), frames=FRAME + 1):
        pass
    return host.inspect()


def test_cli_json_tree(overlay_params, expected_tree, capsys):
    assert vcs(["inspect", "daily:baseline", "--params", str(overlay_params), "--frame", str(FRAME), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["frame_index"], printed["time"]) == (FRAME, FRAME / 30)
    assert printed == expected_tree


def test_cli_text_tree(overlay_params, expected_tree, capsys):
    assert vcs(["inspect", "daily:baseline", "--params", str(overlay_params), "--frame", str(FRAME)]) == 0
    lines = capsys.readouterr().out.splitlines()
    nodes = list(walk(expected_tree))
    assert len(lines) == len(nodes)
    image = only(nodes, component="Image")
    f = image["frame"]
    line = lines[nodes.index(image)]
    depth = image["path"].count("/")
    assert line == "  " * depth + f"Image  {f['x']},{f['y']} {f['w']}x{f['h']}  image overlay.png"
    assert lines[0] == "Root  0,0 1280x720"
    video = only(nodes, video=2)
    assert lines[nodes.index(video)].endswith("  video 2")


def test_cli_at_the_image(overlay_params, expected_tree, capsys):
    image = only(list(walk(expected_tree)), component="Image")
    x, y = centre(image["frame"])
    args = ["inspect", "daily:baseline", "--params", str(overlay_params), "--frame", str(FRAME), "--at", f"{x},{y}"]
    assert vcs([*args, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["nodes"][0]["path"] == image["path"] and "children" not in printed["nodes"][0]
    assert [n["path"] for n in printed["nodes"]] == [n["path"] for n in nodes_at(expected_tree, x, y)]
    effects = {e["param"]: e for e in printed["probe"]["effects"]}
    assert "image.height_gu" in effects and "image.position" in effects and "text.content" not in effects
    assert vcs(args) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[1].startswith(f"  {image['path']}  ")
    assert f"Params that move or resize {image['path']} (" in text
    plus = effects["image.height_gu"]["plus"]
    assert f"  image.height_gu = 12 (step 1): +1 → dx {plus['dx']:+g} dy {plus['dy']:+g} " in text
    assert "text.content" not in text


def test_cli_frame_runs_the_scenario_like_render(tmp_path, capsys):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({
        "outputSize": {"w": 640, "h": 360}, "durationInFrames": 8, "outputFrames": [5],
        "initialState": {"activeVideoInputSlots": [True, True]},
        "events": [{"frame": 3, "state": {"activeVideoInputSlots": [True, True, True]}}]}), encoding="utf-8")
    for frame, count in ((2, 2), (4, 3), (None, 3)):
        extra = ["--frame", str(frame)] if frame is not None else []
        assert vcs(["inspect", "daily:baseline", "--scenario", str(scenario), "--json", *extra]) == 0
        printed = json.loads(capsys.readouterr().out)
        assert (printed["width"], printed["height"]) == (640, 360)
        assert printed["frame_index"] == (5 if frame is None else frame)
        assert len([n for n in walk(printed) if n.get("type") == "video"]) == count
    assert vcs(["render", "daily:baseline", "--scenario", str(scenario), "--out", str(tmp_path / "out"),
                "--emit", "videolayers"]) == 0
    layers = json.loads((tmp_path / "out" / "vcs-output_5_videolayers.json").read_text())
    xywh = lambda f: [f[k] for k in "xywh"]  # noqa: E731
    assert sorted(xywh(n["frame"]) for n in walk(printed) if n.get("type") == "video") == \
        sorted(xywh(layer["frame"]) for layer in layers)


@pytest.mark.parametrize("at, needle", [("12", "expected X,Y"), ("1,2,3", "expected X,Y"), ("nan,4", "expected X,Y"),
                                        ("1280,10", "outside the 1280x720 output"), ("-1,10", "outside")])
def test_cli_bad_at_is_one_line(at, needle, capsys):
    refused_in_process(["inspect", "daily:baseline", f"--at={at}"], capsys, f"--at {at}", needle)


def test_cli_bad_at_subprocess(tmp_path):
    assert_refused(run_vcs("inspect", "daily:baseline", "--at", "x,y", cwd=tmp_path), "--at x,y: expected X,Y")
    assert_refused(run_vcs("inspect", "daily:baseline", "--frame", "-1", cwd=tmp_path), "--frame -1")
