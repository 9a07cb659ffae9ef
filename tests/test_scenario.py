"""Scenario files (.json and Daily's .js form) and the scenario runner (vcs_engine/scenario.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import probe, texts

from vcs_engine.errors import CompositionError
from vcs_engine.scenario import (
    ScenarioError,
    default_scenario,
    load_scenario,
    run_scenario,
)

# A composition that shows what it receives: one Text per active video id, the param `label`,
# chat messages and room peers.
SHOW_COMP = """
    import { RoomContext } from '#vcs-react/contexts';
    export const compositionInterface = {
      params: [{ id: 'label', type: 'text', defaultValue: 'start' }, { id: 'ui.color', type: 'text', defaultValue: 'red' }],
      standardSources: ['chatMessages'],
    };
    export default function C() {
      const p = hooks.useParams();
      const { activeIds } = hooks.useActiveVideo();
      const chat = hooks.useStandardSources().chatMessages.latest;
      const peers = React.useContext(RoomContext).availablePeers;
      return (
        <Box style={{ fillColor: p.ui.color }}>
          {activeIds.map((id, i) => (
            <Video key={id} src={id} layout={[layouts.grid, { index: i, total: activeIds.length }]} />
          ))}
          <Text>{'label ' + p.label}</Text>
          {chat.map(m => <Text key={m.key}>{'chat ' + m.text}</Text>)}
          {peers.map(pe => <Text key={pe.id}>{'peer ' + pe.displayName}</Text>)}
        </Box>
      );
    }
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


JSON_SCENARIO = {
    "compositionId": "test:show",
    "outputSize": {"w": 640, "h": 360},
    "durationInFrames": 12,
    "outputFrames": [0, 3, 7, 10],
    "initialState": {"activeVideoInputSlots": [True], "params": {"label": "first"}},
    "events": [
        {"frame": 2, "state": {"activeVideoInputSlots": [True, {"id": 7, "displayName": "Seven"}],
                               "params": {"ui.color": "blue"}}},
        {"frame": 5, "state": {"params": {"label": "second"},
                               "room": {"availablePeers": [{"id": "p1", "displayName": "Ann"}]},
                               "standardSources": {"chatMessages": [{"key": "m1", "text": "hello"}]}}},
        {"frame": 9, "state": {"activeVideoInputSlots": [], "room": [],
                               "standardSources": {"chatMessages": [{"key": "m1", "text": "hello"},
                                                                    {"key": "m2", "text": "again"}]}}},
    ],
}


def test_load_json_scenario_fields(tmp_path):
    sc = load_scenario(write_json(tmp_path / "s.json", JSON_SCENARIO))
    assert sc.composition_id == "test:show"
    assert sc.output_size == (640, 360)
    assert sc.duration_in_frames == 12
    assert sc.output_frames == [0, 3, 7, 10]
    assert sc.last_frame == 10
    assert sc.initial_state["params"] == {"label": "first"}
    assert sc.state_for(2)["params"] == {"ui.color": "blue"}
    assert sc.state_for(3) is None


def test_json_scenario_defaults(tmp_path):
    sc = load_scenario(write_json(tmp_path / "s.json", {}))
    assert sc.output_size == (1280, 720)
    assert sc.output_frames == [0]
    assert sc.duration_in_frames == 1


def test_default_scenario_has_four_named_participants():
    sc = default_scenario()
    slots = sc.initial_state["activeVideoInputSlots"]
    assert [s["id"] for s in slots] == [0, 1, 2, 3]
    assert slots[0]["displayName"] == "Participant 1"
    assert sc.output_frames == [0]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"events": [{"state": {}}]}'])
def test_malformed_json_scenario(tmp_path, content):
    p = tmp_path / "bad.json"
    p.write_text(content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    assert str(p) in str(info.value)


@pytest.mark.parametrize("body,field", [("{ outputFrames: 5 }", "outputFrames must be a list"),
                                        ("{ outputSize: { w: 'wide', h: 720 } }", "outputSize: width must be a whole number")])
def test_malformed_js_scenario(tmp_path, body, field):
    p = write(tmp_path / "bad.js", f"export default {body};\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    assert str(info.value).startswith(f"{p}: {field}")


def test_missing_scenario_file(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.json")
    assert "nope.json" in str(info.value)


def test_run_json_scenario_applies_events_before_their_frame(load, tmp_path):
    host = load(SHOW_COMP, size=(640, 360))
    sc = load_scenario(write_json(tmp_path / "s.json", JSON_SCENARIO))
    frames = {out.frame_index: out for out in run_scenario(host, sc)}
    assert sorted(frames) == list(range(11))  # every frame up to the last output frame
    assert [layer["id"] for layer in frames[1].video_layers] == [0]
    assert [layer["id"] for layer in frames[2].video_layers] == [0, 7]
    assert texts(frames[4]) == ["label first"]
    assert ["fillStyle", "#0000ff"] in frames[2].flattened["commands"]
    assert texts(frames[5]) == ["label second", "chat hello", "peer Ann"]
    # frame 9: slots and room emptied; the repeated message key is not appended again
    assert frames[9].video_layers == []
    assert texts(frames[9]) == ["label second", "chat hello", "chat again"]
    assert frames[10].frame_index == 10 and frames[10].time == pytest.approx(10 / 30)


def test_param_warnings_reported(load, tmp_path):
    host = load(SHOW_COMP)
    data = {"initialState": {"params": {"nope": 1, "label": 5}}, "outputFrames": [0]}
    sc = load_scenario(write_json(tmp_path / "s.json", data))
    warnings = []
    outs = list(run_scenario(host, sc, on_warning=warnings.append))
    assert len(outs) == 1
    assert len(warnings) == 2 and any("nope" in w for w in warnings)
    assert texts(outs[0]) == ["label 5"]  # passed through uncoerced


JS_SCENARIO = """\
    // Daily's form: the callback mutates one state object and returns it.
    const state = {
      activeVideoInputSlots: [true],
      params: { label: 'js' },
    };
    let calls = [];
    export default {
      compositionId: 'test:show',
      outputSize: { w: 320, h: 180 },
      durationInFrames: 10,
      outputFrames: [1, 3, 5, 8],
      initialState: state,
      frameWillRenderCb: (frameIdx) => {
        calls.push(frameIdx);
        if (frameIdx === 2) {
          state.activeVideoInputSlots.push({ id: 5 });
          state.params.label = 'two';
          return state;
        }
        if (frameIdx === 4) {
          // mutated after being returned, but not returned again: must not leak into the host
          state.activeVideoInputSlots.push({ id: 6 });
          state.params.label = 'leaked';
          return null;
        }
        if (frameIdx === 7) {
          return { params: { label: 'calls ' + calls.join(',') } };
        }
        return undefined;
      },
    };
"""


def test_js_scenario_callback_state_is_deep_copied(load, tmp_path):
    sc = load_scenario(write(tmp_path / "scenario.js", JS_SCENARIO))
    assert sc.output_size == (320, 180)
    assert sc.output_frames == [1, 3, 5, 8]
    # initialState is the object as it was when the scenario was loaded
    assert sc.initial_state == {"activeVideoInputSlots": [True], "params": {"label": "js"}}
    host = load(SHOW_COMP, size=sc.output_size)
    frames = {out.frame_index: out for out in run_scenario(host, sc)}
    assert [layer["id"] for layer in frames[1].video_layers] == [0]
    assert [layer["id"] for layer in frames[3].video_layers] == [0, 5]
    assert texts(frames[3]) == ["label two"]
    assert [layer["id"] for layer in frames[5].video_layers] == [0, 5]
    assert texts(frames[5]) == ["label two"]
    # the callback is called once per frame, in order, from frame 0
    assert texts(frames[8]) == ["label calls 0,1,2,3,4,5,6,7"]


def test_js_scenario_state_returned_twice_is_copied_each_time(tmp_path):
    sc = load_scenario(write(tmp_path / "s.js", """\
        const st = { params: { n: 0 } };
        export default {
          outputFrames: [0],
          frameWillRenderCb: (i) => { st.params.n = i; return st; },
        };
    """))
    a = sc.state_for(1)
    b = sc.state_for(2)
    assert a == {"params": {"n": 1}} and b == {"params": {"n": 2}}
    assert a is not b


def test_js_scenario_syntax_error_is_located(tmp_path):
    p = write(tmp_path / "s.js", "export default {\n  outputFrames: [0,\n};\n")
    with pytest.raises(CompositionError) as info:
        load_scenario(p)
    assert str(info.value).startswith(f"{p}:")


def test_room_as_mapping_and_messages_without_key(load, tmp_path):
    host = load(SHOW_COMP)
    data = {"outputFrames": [1], "initialState": {
        "room": {"availablePeers": {"abc": {"displayName": "Mapped"}}},
        "standardSources": {"chatMessages": [{"text": "no key"}, {"key": "k", "text": "keyed"}]},
    }}
    sc = load_scenario(write_json(tmp_path / "s.json", data))
    outs = list(run_scenario(host, sc))
    assert texts(outs[-1]) == ["label start", "chat keyed", "peer Mapped"]
    assert probe(host, "1") == 1  # the host is still healthy


def test_message_key_repeated_in_one_state_is_added_once(load, tmp_path):
    host = load(SHOW_COMP)
    data = {"outputFrames": [1], "initialState": {
        "standardSources": {"chatMessages": [{"key": "k", "text": "first"}, {"key": "k", "text": "again"}]},
    }}
    sc = load_scenario(write_json(tmp_path / "s.json", data))
    outs = list(run_scenario(host, sc))
    assert texts(outs[-1]) == ["label start", "chat first"]
