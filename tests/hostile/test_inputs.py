"""Hostile inputs from files and options: scenario fields, `--params` files, sizes, export options.

A bad value must be refused with one `error: ` line naming where it came from (the file, or the
option as typed) and the field or the limit, quickly (no frame loop over a billion frames), and
before anything is written: an existing export stays byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import (GOOD, assert_failed, assert_rendered, render_args, run_vcs, write_comp)


@pytest.fixture
def comp(tmp_path) -> Path:
    return write_comp(tmp_path / "comp", GOOD)


def write_json_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def scenario_file(tmp_path: Path, **fields) -> Path:
    """A scenario `.json` with `fields` over a small valid base (64x36, one frame)."""
    data = {"outputSize": {"w": 64, "h": 36}, "durationInFrames": 1, "outputFrames": [0],
            "initialState": {"activeVideoInputSlots": [True], "params": {}}}
    data.update(fields)
    # Python's json writes NaN/Infinity literals, as some tools do: the engine must cope.
    return write_json_text(tmp_path / "scenario.json", json.dumps(data))


def run_scenario_file(comp: Path, tmp_path: Path, scenario: Path, *extra: str):
    """Without --size: the scenario's outputSize is what is checked."""
    return run_vcs(["render", str(comp), "--out", str(tmp_path / "out"), "--scenario", str(scenario), *extra])


# ---------------------------------------------------------------------- scenario fields


@pytest.mark.parametrize("fields,field", [
    ({"initialState": [1, 2]}, "initialState"),
    ({"events": {"frame": 0, "state": {}}}, "events"),
    ({"initialState": {"activeVideoInputSlots": 4}}, "activeVideoInputSlots"),
    ({"outputSize": {"w": 0, "h": 0}}, "outputSize"),
    ({"outputSize": {"w": -64, "h": -36}}, "outputSize"),
    ({"outputSize": {"w": 100000, "h": 100000}}, "outputSize"),
    ({"outputSize": {"w": "wide", "h": 36}}, "outputSize"),
    ({"outputFrames": ["0", "last"]}, "outputFrames"),
    ({"outputFrames": [-1]}, "outputFrames"),
    ({"fps": 0}, "fps"),
    ({"fps": -30}, "fps"),
    ({"events": [{"frame": 0, "state": {"params": [1]}}]}, "params"),
    ({"events": [{"frame": "soon", "state": {}}]}, "frame"),
])
def test_malformed_scenario_field(comp, tmp_path, fields, field):
    scenario = scenario_file(tmp_path, **fields)
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario)
    assert_failed(code, err, seconds, str(scenario), field)


def test_scenario_duration_of_a_billion_frames_fails_fast(comp, tmp_path):
    scenario = scenario_file(tmp_path, durationInFrames=1e9, outputFrames=[0])
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario)
    assert_failed(code, err, seconds, str(scenario), "durationInFrames", "216,000")


def test_scenario_output_frame_a_billion_fails_fast(comp, tmp_path):
    scenario = scenario_file(tmp_path, outputFrames=[0, 10**9])
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario)
    assert_failed(code, err, seconds, str(scenario), "outputFrames")


def test_export_of_a_billion_frame_scenario_fails_fast(comp, tmp_path):
    scenario = scenario_file(tmp_path, durationInFrames=10**9)
    out = tmp_path / "x.mp4"
    code, _out, err, seconds = run_vcs(["export", str(comp), "--scenario", str(scenario), "--out", str(out)])
    assert_failed(code, err, seconds, str(scenario), "durationInFrames")
    assert not out.exists()


def test_scenario_odd_output_size_renders(comp, tmp_path):
    # Odd sizes are fine for PNGs and lists (only H.264 needs even sides).
    scenario = scenario_file(tmp_path, outputSize={"w": 63, "h": 35})
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario)
    assert_rendered(code, err, seconds)
    from PIL import Image
    with Image.open(tmp_path / "out" / "vcs-output_0.png") as im:
        assert im.size == (63, 35)


def test_scenario_odd_output_size_for_mp4(comp, tmp_path):
    scenario = scenario_file(tmp_path, outputSize={"w": 63, "h": 35})
    out = tmp_path / "x.mp4"
    code, _out, err, seconds = run_vcs(["export", str(comp), "--scenario", str(scenario), "--out", str(out)])
    assert_failed(code, err, seconds, str(scenario), "even")
    assert not out.exists()


@pytest.mark.parametrize("text,needle", [
    ('{"outputSize": {"w": NaN, "h": 36}}', "outputSize"),
    ('{"initialState": {"params": {"n": Infinity}}}', "'n'"),
    ('{"initialState": {"params": {"n": 1e400}}}', "'n'"),
    ('{"initialState": {"activeVideoInputSlots": [{"id": 1, "displayName": "\\ud800"}]}}', "displayName"),
    ('[' * 100000 + ']' * 100000, "nested"),
    ('{"durationInFrames": 1' + '0' * 5000 + '}', "scenario.json"),
])
def test_scenario_json_text_edge_cases(comp, tmp_path, text, needle):
    scenario = write_json_text(tmp_path / "scenario.json", text)
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario, "--size", "64x36")
    assert_failed(code, err, seconds, str(scenario), needle)


def test_scenario_that_is_not_utf8(comp, tmp_path):
    scenario = tmp_path / "scenario.json"
    scenario.write_bytes(b'{"fps": 30, "x": "\xff\xfe"}')
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario, "--size", "64x36")
    assert_failed(code, err, seconds, str(scenario), "UTF-8")


# ---------------------------------------------------------------------- --params


def params_file(tmp_path: Path, text: str) -> Path:
    return write_json_text(tmp_path / "params.json", text)


@pytest.mark.parametrize("text,needles", [
    ("[1, 2, 3]", ("object",)),
    ('"title"', ("object",)),
    (json.dumps({"n": float("nan")}), ("'n'", "finite")),
    (json.dumps({"n": float("inf")}), ("'n'", "finite")),
    (json.dumps({"n": float("-inf")}), ("'n'", "finite")),
    ('{"n": 1e400}', ("'n'", "finite")),
    ('{"n": ' + "9" * 400 + "}", ("'n'", "2**53")),
    ('{"n": ' + "9" * 5000 + "}", ()),
    (json.dumps({"title": "x" * 1_000_000}), ("'title'", "20,000")),
    ('{"title": "\\ud800"}', ("'title'", "surrogate")),
    ('{"\\udc00": 1}', ("surrogate",)),
    ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", ("nested",)),
    ("{not json", ("JSON",)),
])
def test_bad_params_file(comp, tmp_path, text, needles):
    p = params_file(tmp_path, text)
    code, _out, err, seconds = run_vcs(render_args(comp, tmp_path, "--params", str(p)))
    assert_failed(code, err, seconds, str(p), *needles)
    assert "Segmentation" not in err and code != -11


def test_params_file_missing(comp, tmp_path):
    p = tmp_path / "nope.json"
    code, _out, err, seconds = run_vcs(render_args(comp, tmp_path, "--params", str(p)))
    assert_failed(code, err, seconds, str(p))


def test_lone_surrogate_param_reaches_no_native_code(tmp_path):
    # A composition that draws its text param: the lone surrogate must be refused at the edge,
    # not crash the text shaper or QuickJS (a SIGSEGV would show as a crashed engine).
    comp = write_comp(tmp_path / "comp", """
        import { useParams } from '#vcs-react/hooks';
        export const compositionInterface = { params: [{ id: 'title', type: 'text', defaultValue: 'x' }] };
        export default function C() {
          return <Text>{useParams().title}</Text>;
        }
    """)
    p = params_file(tmp_path, '{"title": "a\\ud800b"}')
    code, _out, err, seconds = run_vcs(render_args(comp, tmp_path, "--params", str(p)))
    line = assert_failed(code, err, seconds, str(p), "'title'")
    assert "crash" not in line and "signal" not in line, line


def test_lone_surrogate_in_a_scenario_state(tmp_path):
    comp = write_comp(tmp_path / "comp", """
        import { useParams } from '#vcs-react/hooks';
        export default function C() {
          return <Text>{String(useParams().title)}</Text>;
        }
    """)
    scenario = write_json_text(tmp_path / "scenario.json", json.dumps(
        {"durationInFrames": 2, "outputFrames": [1], "outputSize": {"w": 64, "h": 36},
         "events": [{"frame": 1, "state": {"params": {"title": "a\ud800b"}}}]}))
    code, _out, err, seconds = run_scenario_file(comp, tmp_path, scenario)
    line = assert_failed(code, err, seconds, str(scenario), "'title'")
    assert "crash" not in line and "signal" not in line, line


def test_a_large_but_allowed_text_param_renders(tmp_path):
    comp = write_comp(tmp_path / "comp", """
        import { useParams } from '#vcs-react/hooks';
        export const compositionInterface = { params: [{ id: 'title', type: 'text', defaultValue: 'x' }] };
        export default function C() {
          return <Text>{useParams().title}</Text>;
        }
    """)
    p = params_file(tmp_path, json.dumps({"title": "word " * 400}))
    code, _out, err, seconds = run_vcs(render_args(comp, tmp_path, "--params", str(p)))
    assert_rendered(code, err, seconds)


# ---------------------------------------------------------------------- sizes


@pytest.mark.parametrize("size", ["0x0", "100000x100000", "64x0", "-64x36", "7680x7680"])
def test_bad_size_option(comp, tmp_path, size):
    code, _out, err, seconds = run_vcs(["render", str(comp), "--out", str(tmp_path / "out"), f"--size={size}"])
    assert_failed(code, err, seconds, "--size")
    assert not (tmp_path / "out" / "vcs-output_0.png").exists()


def test_odd_size_for_mp4_export(comp, tmp_path):
    out = tmp_path / "x.mp4"
    code, _out, err, seconds = run_vcs(["export", str(comp), "--out", str(out), "--size", "63x35", "--seconds", "0.1"])
    assert_failed(code, err, seconds, "--size", "even")
    assert not out.exists()


def test_odd_size_for_png_export_is_fine(comp, tmp_path):
    out = tmp_path / "frames"
    code, _out, err, seconds = run_vcs(["export", str(comp), "--out", str(out), "--size", "63x35",
                                        "--seconds", "0.1", "--format", "png"])
    assert_rendered(code, err, seconds)
    assert list(out.glob("*.png"))


# ---------------------------------------------------------------------- export options


KNOWN_BYTES = b"an export from an earlier run\n" * 100


@pytest.mark.parametrize("options,needle", [
    (["--seconds", "-1"], "--seconds"),
    (["--seconds", "0"], "--seconds"),
    (["--seconds", "nan"], "--seconds"),
    (["--seconds", "inf"], "--seconds"),
    (["--seconds", "1e9"], "--seconds"),
    (["--crf", "99"], "--crf"),
    (["--crf", "-1"], "--crf"),
    (["--preset", "placebo-fast"], "--preset"),
    (["--fps", "0"], "--fps"),
    (["--fps", "1e9"], "--fps"),
    (["--size", "63x35"], "--size"),
])
def test_refused_export_leaves_the_existing_file_alone(comp, tmp_path, options, needle):
    out = tmp_path / "x.mp4"
    out.write_bytes(KNOWN_BYTES)
    code, _out, err, seconds = run_vcs(["export", str(comp), "--out", str(out), *options])
    assert_failed(code, err, seconds, needle)
    assert out.read_bytes() == KNOWN_BYTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp", "x.mp4"], "stray files left next to the output"


def test_failing_composition_leaves_the_existing_export_alone(tmp_path):
    # The composition fails at frame 3 of the export: the earlier file stays, no partial file.
    comp = write_comp(tmp_path / "comp", """
        import { useVideoTime } from '#vcs-react/hooks';
        export default function C() {
          const t = useVideoTime();
          if (t > 0.1) {
            for (;;) {}
          }
          return <Box />;
        }
    """)
    out = tmp_path / "x.mp4"
    out.write_bytes(KNOWN_BYTES)
    code, _out, err, seconds = run_vcs(["export", str(comp), "--out", str(out), "--size", "64x36", "--seconds", "1"])
    assert_failed(code, err, seconds, str(comp / "index.jsx"))
    assert out.read_bytes() == KNOWN_BYTES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp", "x.mp4"], "stray files left next to the output"
