"""The stated limits and the checks of user-supplied values (vcs_engine/limits.py), scenario fields
(vcs_engine/scenario.py) and param values at `Host.set_params` / `Host.set_output_size`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import texts

from vcs_engine import limits
from vcs_engine.errors import InputError
from vcs_engine.interface import ParamSpec
from vcs_engine.limits import (MAX_FRAMES, MAX_JSON_DEPTH, MAX_TEXT_LENGTH, check_crf, check_fps,
                               check_json_value, check_output_size, check_param_value, check_preset, check_seconds,
                               describe, frames_in, read_json_file, read_params_file)
from vcs_engine.scenario import ScenarioError, apply_state, load_scenario, run_scenario


def nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def short_id(value) -> str | None:
    """Test ids for huge values (pytest would print a million characters, or fail on a huge int)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"int{value.bit_length()}bits"
    if isinstance(value, (str, dict, list)) and len(repr(value)) > 40:
        return f"{type(value).__name__}{len(repr(value))}"
    return None


def printable(message: str) -> bool:
    """An error line must print anywhere: no lone surrogates, no line breaks."""
    message.encode("utf-8")
    return "\n" not in message


# ---------------------------------------------------------------------- JSON values


@pytest.mark.parametrize("value", [
    None, True, 0, -1.5, 2**53, -(2**53), "", "héllo 😀", "x" * MAX_TEXT_LENGTH,
    {"a": [1, {"b": None}], "look.mode": "dark"}, (1, 2), nested(MAX_JSON_DEPTH),
], ids=short_id)
def test_sendable_values_pass(value):
    check_json_value(value, "v")


@pytest.mark.parametrize("value,path,needle", [
    (math.nan, "", "not a finite number (NaN)"),
    (math.inf, "", "not a finite number (Infinity)"),
    ([1, -math.inf], "[1]", "not a finite number (-Infinity)"),
    (2**53 + 1, "", "number too large"),
    (1e300, "", "number too large"),
    (10**5000, "", "about 5,001 digits"),            # str() of it would raise in Python itself
    ("ab\ud800", "", "lone surrogate U+D800 at character 2"),
    ({"slots": [{"displayName": "\udfff"}]}, ".slots[0].displayName", "lone surrogate U+DFFF"),
    ({"bad\ud800key": 1}, "['bad\\ud800key']", "key not valid Unicode"),
    ("x" * (MAX_TEXT_LENGTH + 1), "", f"text too long ({MAX_TEXT_LENGTH + 1:,} characters"),
    ({"look.mode": "y" * 1_000_000}, "['look.mode']", "text too long (1,000,000 characters"),
    (nested(MAX_JSON_DEPTH + 1), "[0]" * MAX_JSON_DEPTH, f"nested too deeply (more than {MAX_JSON_DEPTH} levels)"),
    ({1: "a"}, "", "keys must be strings"),
    ({1, 2}, "", "not a JSON value (a set)"),
    ([b"bytes"], "[0]", "not a JSON value (a bytes)"),
    (object(), "", "not a JSON value (a object)"),
], ids=short_id)
def test_unsendable_values_are_named(value, path, needle):
    with pytest.raises(InputError) as info:
        check_json_value(value, "f.json: field")
    message = str(info.value)
    assert message.startswith(f"f.json: field{path}: "), message
    assert needle in message and printable(message)


def test_a_self_referencing_value_stops_at_the_depth_limit():
    loop: list = []
    loop.append(loop)
    with pytest.raises(InputError, match="nested too deeply"):
        check_json_value(loop, "v")


def test_describe_is_short_and_printable():
    assert describe([1]) == "a list" and describe({}) == "an object" and describe(None) == "null"
    assert describe(True) == "a boolean (true)" and describe(2.5) == "a number (2.5)"
    text = describe("\ud800" + "z" * 100)
    assert printable(text) and "\\ud800" in text and len(text) < 70


# ---------------------------------------------------------------------- params


def test_param_value_messages_name_the_source_param_and_type():
    spec = ParamSpec(id="size", type="number")
    with pytest.raises(InputError) as info:
        check_param_value(spec, "size", math.nan, where="params.json")
    assert str(info.value) == "params.json: param 'size' (number): not a finite number (NaN)"
    with pytest.raises(InputError, match=r"^param 'title': text too long \(1,000,000 characters; the limit is 20,000\)"):
        check_param_value(None, "title", "x" * 1_000_000)
    with pytest.raises(InputError, match="param ids must be strings"):
        check_param_value(None, 5, 1)
    check_param_value(spec, "size", "a string for a number")  # a type mismatch is Daily's pass-through


def test_read_params_file(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"mode": "grid", "a.b": [1, 2]}')
    assert read_params_file(good) == {"mode": "grid", "a.b": [1, 2]}
    cases = {
        '{"mode": NaN}': "param 'mode': not a finite number (NaN)",
        '{"x": 1e400}': "param 'x': not a finite number (Infinity)",
        '{"x": 123456789012345678901234567890}': "param 'x': number too large",
        '{"t": "\\ud800"}': "param 't': not valid Unicode",
        '[1, 2]': 'params must be an object of {"id": value}, not a list',
        '"grid"': "not a string ('grid')",
    }
    for n, (text, needle) in enumerate(cases.items()):
        path = tmp_path / f"p{n}.json"
        path.write_text(text)
        with pytest.raises(InputError) as info:
            read_params_file(path)
        assert str(info.value).startswith(f"{path}: ") and needle in str(info.value), (text, str(info.value))


# ---------------------------------------------------------------------- files


def test_read_json_file_refusals(tmp_path, monkeypatch):
    cases = {
        "bad.json": (b'{\n  "a": 1,\n  oops\n}', ":3:3: not valid JSON"),
        "latin1.json": (b'{"a": "\xe9"}', "not UTF-8 text"),
        "deep.json": (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        "huge-int.json": (b"1" * 5000, "not valid JSON"),
    }
    for name, (content, needle) in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(InputError) as info:
            read_json_file(tmp_path / name, "scenario file")
        assert str(info.value).startswith(str(tmp_path / name)) and needle in str(info.value), str(info.value)
    with pytest.raises(InputError, match="^params file not found: "):
        read_json_file(tmp_path / "missing.json", "params file")
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"a": 1}')
    assert read_json_file(tmp_path / "bom.json", "x") == {"a": 1}
    monkeypatch.setattr(limits, "MAX_JSON_FILE_BYTES", 8)
    with pytest.raises(InputError, match="MB limit for a scenario file"):
        read_json_file(tmp_path / "bom.json", "scenario file")


# ---------------------------------------------------------------------- sizes, rates, lengths


@pytest.mark.parametrize("w,h", [(1, 1), (64, 36), (7680, 4320), (4320, 7680), (1280.0, 720)])
def test_possible_output_sizes(w, h):
    assert check_output_size(w, h, "--size") == (int(w), int(h))


@pytest.mark.parametrize("w,h,needle", [
    (0, 0, "width must be between 1 and 7,680"),
    (-4, 4, "width must be between 1 and 7,680"),
    (64, 0, "height must be between 1 and 7,680"),
    (100000, 100000, "width must be between 1 and 7,680"),
    (7680, 7680, "more than 8K UHD"),
    ("1280", 720, "width must be a whole number, not a string ('1280')"),
    (math.nan, 720, "width must be a whole number, not a number (NaN)"),
    (True, 720, "width must be a whole number, not a boolean"),
    (640.5, 360, "width must be a whole number"),
])
def test_impossible_output_sizes(w, h, needle):
    with pytest.raises(InputError) as info:
        check_output_size(w, h, f"--size {w}x{h}")
    assert str(info.value).startswith(f"--size {w}x{h}: ") and needle in str(info.value)


def test_h264_needs_even_sides():
    assert check_output_size(1281, 721, "s") == (1281, 721)  # fine for PNGs
    for (w, h), odd in {(1281, 720): "width", (1280, 721): "height", (1281, 721): "width and height"}.items():
        with pytest.raises(InputError) as info:
            check_output_size(w, h, f"--size {w}x{h}", even=True)
        assert str(info.value) == f"--size {w}x{h}: H.264 needs an even {odd}"


def test_rates_lengths_and_encoder_settings():
    assert check_fps(29.97, "fps") == 29.97
    for bad in (0, -30, math.nan, math.inf, 121, 0.5, "30", None):
        with pytest.raises(InputError):
            check_fps(bad, "--fps")
    assert frames_in(0.1, 30, "--seconds") == 3
    assert frames_in(3600, 60, "--seconds") == MAX_FRAMES
    for seconds, needle in ((0, "positive"), (-1, "positive"), (math.nan, "positive"), (math.inf, "positive"),
                            (3600.1, "the limit is 216,000"), (0.01, "less than one frame")):
        with pytest.raises(InputError, match=needle):
            frames_in(seconds, 60 if seconds == 3600.1 else 30, "--seconds")
    assert check_seconds(2, "--seconds") == 2.0
    assert check_crf(0) == 0 and check_crf(51) == 51
    for crf in (-1, 52):
        with pytest.raises(InputError, match=r"^--crf must be between 0 and 51"):
            check_crf(crf)
    assert check_preset("veryslow") == "veryslow"
    with pytest.raises(InputError, match="not an x264 preset; choose one of ultrafast"):
        check_preset("fastest")


# ---------------------------------------------------------------------- scenario fields


def scenario_error(tmp_path: Path, data) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data, allow_nan=True))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and printable(message), message
    return message[len(str(path)) + 2:]


@pytest.mark.parametrize("data,expected", [
    ([], "the top level must be an object, not a list"),
    ({"initialState": []}, "initialState must be an object, not a list"),
    ({"initialState": "x"}, "initialState must be an object, not a string ('x')"),
    ({"events": {"3": {}}}, "events must be a list of {frame, state}, not an object"),
    ({"events": [5]}, "events[0] must be an object {frame, state}, not a number (5)"),
    ({"events": [{"state": {}}]}, "events[0] has no frame"),
    ({"events": [{"frame": -1}]}, "events[0].frame must be between 0 and 215,999"),
    ({"events": [{"frame": 1e9}]}, "events[0].frame must be between 0 and 215,999 (1 hour at 60 fps); got 1000000000"),
    ({"events": [{"frame": "3"}]}, "events[0].frame must be a whole number, not a string ('3')"),
    ({"events": [{"frame": 2}, {"frame": 2}]}, "events[1]: a second event for frame 2"),
    ({"events": [{"frame": 2, "state": {"params": []}}]}, "events[0].state.params must be an object, not a list"),
    ({"initialState": {"activeVideoInputSlots": 3}}, "initialState.activeVideoInputSlots must be a list, not a number (3)"),
    ({"initialState": {"activeVideoInputSlots": [{"displayName": "\ud800"}]}},
     "initialState.activeVideoInputSlots[0].displayName: not valid Unicode (a lone surrogate U+D800"),
    ({"initialState": {"params": {"mode": math.nan}}}, "initialState: param 'mode': not a finite number (NaN)"),
    ({"initialState": {"params": {"t": "x" * 1_000_000}}}, "initialState: param 't': text too long"),
    ({"initialState": {"params": {"n": 2**64}}}, "initialState: param 'n': number too large"),
    ({"initialState": {"room": "abc"}}, "initialState.room must be a list of peers or an object of them"),
    ({"initialState": {"room": {"availablePeers": 5}}}, "initialState.room.availablePeers must be a list of peers"),
    ({"initialState": {"room": [{"id": 1}, 7]}}, "initialState.room[1] must be a peer object, not a number (7)"),
    ({"initialState": {"standardSources": []}}, "initialState.standardSources must be an object, not a list"),
    ({"initialState": {"standardSources": {"chatMessages": "hi"}}},
     "initialState.standardSources.chatMessages must be a list of messages"),
    ({"initialState": {"standardSources": {"chatMessages": [1]}}},
     "initialState.standardSources.chatMessages[0] must be a message object"),
    ({"initialState": {"standardSources": {"chatMessages": [{"key": [1]}]}}},
     "initialState.standardSources.chatMessages[0].key must be a string or a number"),
    ({"outputSize": "1280x720"}, "outputSize must be an object {w, h}, not a string ('1280x720')"),
    ({"outputSize": {"w": 1280}}, "outputSize needs both w and h"),
    ({"outputSize": {"w": 0, "h": 720}}, "outputSize: width must be between 1 and 7,680"),
    ({"outputSize": {"w": -640, "h": 360}}, "outputSize: width must be between 1 and 7,680"),
    ({"outputSize": {"w": 1280, "h": 100000}}, "outputSize: height must be between 1 and 7,680"),
    ({"outputSize": {"w": "wide", "h": 720}}, "outputSize: width must be a whole number, not a string ('wide')"),
    ({"durationInFrames": 1e9}, "durationInFrames must be between 1 and 216,000 (1 hour at 60 fps); got 1000000000"),
    ({"durationInFrames": -5}, "durationInFrames must be between 1 and 216,000"),
    ({"durationInFrames": 2.5}, "durationInFrames must be a whole number, not a number (2.5)"),
    ({"outputFrames": 5}, "outputFrames must be a list of frame numbers, not a number (5)"),
    ({"outputFrames": [0, 1.5]}, "outputFrames[1] must be a whole number, not a number (1.5)"),
    ({"outputFrames": [MAX_FRAMES]}, "outputFrames[0] must be between 0 and 215,999"),
    ({"fps": 0}, "fps: the frame rate must be between 1 and 120 fps"),
    ({"fps": -30}, "fps: the frame rate must be between 1 and 120 fps"),
    ({"fps": math.nan}, "fps: not a finite number (NaN)"),
    ({"fps": "30"}, "fps must be a number of frames per second, not a string ('30')"),
    ({"compositionId": 5}, "compositionId must be a string, not a number (5)"),
], ids=short_id)
def test_malformed_scenario_fields_are_named(tmp_path, data, expected):
    assert scenario_error(tmp_path, data).startswith(expected)


def test_well_formed_scenario_fields_still_load(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({
        "outputSize": {"w": 641.0, "h": 361}, "durationInFrames": 10.0, "outputFrames": [], "fps": 29.97,
        "initialState": {"activeVideoInputSlots": None, "room": None, "params": {"x": "a string"}},
        "events": [{"frame": 3}, {"frame": 4, "state": {"room": {"p1": {"displayName": "by id"}}}}],
    }))
    sc = load_scenario(path)
    assert sc.output_size == (641, 361) and sc.duration_in_frames == 10 and sc.output_frames == [0]
    assert sc.fps == 29.97 and sc.events[3] == {} and sc.state_for(4)["room"]["p1"]["displayName"] == "by id"


SHOW = """
    export const compositionInterface = { params: [{ id: 'label', type: 'text', defaultValue: 'start' },
                                                   { id: 'n', type: 'number', defaultValue: 1 }] };
    export default function C() {
      const p = hooks.useParams();
      return <Box><Text>{'label ' + p.label}</Text><Text>{'n ' + p.n}</Text></Box>;
    }
"""


def test_js_callback_states_are_checked_like_event_states(load, tmp_path):
    host = load(SHOW, size=(64, 36))
    sc = tmp_path / "s.js"
    sc.write_text("""
        export default {
          outputFrames: [3],
          initialState: { params: {} },
          frameWillRenderCb: (i) => i === 1 ? { params: { label: 'one' } }
                                  : i === 2 ? { params: { n: 1e300 } } : null,
        };
    """)
    outs = []
    with pytest.raises(ScenarioError) as info:
        for out in run_scenario(host, load_scenario(sc)):
            outs.append(out)
    assert str(info.value) == f"{sc}: frameWillRenderCb(2) result: param 'n': number too large (1e+300; the limit is ±2**53)"
    assert [o.frame_index for o in outs] == [0, 1] and texts(outs[1]) == ["label one", "n 1"]


def test_js_callback_returning_a_non_object_is_named(load, tmp_path):
    host = load(SHOW, size=(64, 36))
    sc = tmp_path / "s.js"
    sc.write_text("export default { outputFrames: [2], frameWillRenderCb: (i) => i === 1 ? 5 : null };\n")
    with pytest.raises(ScenarioError, match=r"frameWillRenderCb\(1\) result must be an object, not a number \(5\)$"):
        list(run_scenario(host, load_scenario(sc)))


def test_apply_state_checks_and_warns_of_unknown_fields(load):
    host = load(SHOW, size=(64, 36))
    with pytest.raises(ScenarioError, match=r"^my state\.activeVideoInputSlots must be a list"):
        apply_state(host, {"activeVideoInputSlots": "all"}, {}, "my state")
    warnings = apply_state(host, {"param": {"label": "typo"}}, {}, "my state")
    assert warnings == ["scenario states have no field 'param' (ignored; they have activeVideoInputSlots, "
                        "params, room, standardSources)"]


def test_params_file_applies_after_the_initial_state(load, tmp_path):
    from vcs_engine.scenario import with_params

    host = load(SHOW, size=(64, 36))
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"initialState": {"params": {"label": "scenario", "n": 2}},
                                "events": [{"frame": 1, "state": {"params": {"n": 3}}}], "outputFrames": [1]}))
    sc = with_params(load_scenario(path), {"label": "file"})
    outs = list(run_scenario(host, sc))
    assert texts(outs[0]) == ["label file", "n 2"] and texts(outs[1]) == ["label file", "n 3"]


# ---------------------------------------------------------------------- Host.set_params / set_output_size


@pytest.mark.parametrize("bad,needle", [
    (math.nan, "param 'n' (number): not a finite number (NaN)"),
    (math.inf, "param 'n' (number): not a finite number (Infinity)"),
    (10**30, "param 'n' (number): number too large"),
    ({1, 2}, "param 'n' (number): not a JSON value (a set)"),
    ([[[]]] * 2 + [nested(MAX_JSON_DEPTH + 1)], "param 'n' (number)[2]"),
], ids=short_id)
def test_unsendable_param_is_rejected_alone(load, bad, needle):
    host = load(SHOW, size=(64, 36))
    with pytest.raises(InputError) as info:
        host.set_params({"label": "applied", "n": bad})
    assert needle in str(info.value) and "'label'" not in str(info.value)
    assert host.params == {"label": "applied"}           # the good one is kept, the bad one never
    assert texts(host.render(1)) == ["label applied", "n 1"]
    host.reload()                                        # a rejected value cannot break later reloads
    assert host.params == {"label": "applied"} and host.render(2).frame_index == 2


def test_rejected_params_are_named_together_and_text_is_bounded(load):
    host = load(SHOW, size=(64, 36))
    with pytest.raises(InputError) as info:
        host.set_params({"label": "x" * (MAX_TEXT_LENGTH + 1), "other": "\ud800", "n": 5})
    message = str(info.value)
    assert message.startswith("param 'label' (text): text too long") and "; param 'other': not valid Unicode" in message
    assert printable(message) and host.params == {"n": 5}
    assert host.set_params({"label": "x" * MAX_TEXT_LENGTH}) == []


def test_type_mismatch_stays_a_warning(load):
    host = load(SHOW, size=(64, 36))
    warnings = host.set_params({"n": "seven", "undeclared": 1})
    assert len(warnings) == 2 and any("'n' is a number" in w for w in warnings)
    assert texts(host.render(1)) == ["label start", "n seven"]  # passed through uncoerced


@pytest.mark.parametrize("w,h,needle", [(0, 720, "width must be between"), (-2, 2, "width must be between"),
                                        (100000, 100, "width must be between"), (7680, 7680, "8K UHD"),
                                        (math.nan, 720, "whole number")])
def test_set_output_size_refuses_impossible_sizes(load, w, h, needle):
    host = load(SHOW, size=(64, 36))
    with pytest.raises(InputError, match=needle):
        host.set_output_size(w, h)
    assert host.size == (64, 36)
    assert host.render(1).width == 64
