"""Exact seeking through scenarios (vcs_engine/timeline.py) and the scenario's `.json` form."""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from vcs_engine.host import Host
from vcs_engine.scenario import Scenario, load_scenario, run_scenario, with_params
from vcs_engine.supervisor import SupervisedHost
from vcs_engine.timeline import (
    BaseState,
    Overtaken,
    Playhead,
    ScenarioPlayer,
    accumulated_state,
    effective_scenario,
    materialise,
    save_scenario,
)

SCENARIOS = Path(__file__).parent / "scenarios"
TOAST_AND_MODE = SCENARIOS / "toast-and-mode.json"


def outputs(out) -> tuple[str, str]:
    return out.video_layers_json, out.flattened_json


def reference(scenario: Scenario, composition: str = "daily:baseline") -> dict[int, tuple[str, str]]:
    """Every frame as `vcs render` makes it: a fresh host running the scenario from frame 0."""
    host = Host(size=scenario.output_size)
    host.open(composition)
    return {out.frame_index: outputs(out) for out in run_scenario(host, scenario)}


@pytest.fixture(scope="module")
def toast_and_mode() -> Scenario:
    return load_scenario(TOAST_AND_MODE)


@pytest.fixture(scope="module")
def expected(toast_and_mode) -> dict[int, tuple[str, str]]:
    return reference(toast_and_mode)


def test_two_fresh_runs_give_the_same_frames(toast_and_mode, expected):
    """Emoji reactions draw random paths: Math.random is seeded per mount, so runs repeat."""
    again = reference(toast_and_mode)
    assert again == expected
    assert expected[20][1] != expected[12][1]  # the scenario really moves


@pytest.mark.parametrize("supervised", [False, True])
def test_any_seek_order_gives_the_frames_of_a_full_run(toast_and_mode, expected, supervised):
    host = SupervisedHost(size=(640, 360)) if supervised else Host(size=(640, 360))
    try:
        host.open("daily:baseline")
        player = ScenarioPlayer(host, budget=7)
        player.set_scenario(toast_and_mode)
        order = [74, 12, 13, 40, 39, 0, 74, 30, 31, 29, 55]
        order += random.Random(4).sample(range(75), 10)
        for n in order:
            assert outputs(player.frame(n)) == expected[n], f"frame {n}"
    finally:
        if supervised:
            host.close()


def test_a_seek_steps_early_frames_and_keeps_the_last_ones_for_scrubbing(toast_and_mode, expected):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.PREFILL = 10
    playhead.set_scenario(toast_and_mode)
    assert outputs(playhead.frame(74)) == expected[74]
    assert playhead.position == 75
    assert sorted(playhead.cache) == list(range(64, 75))  # frames 0..63 were only stepped
    mounts = host.mounts
    for n in range(74, 63, -1):  # scrubbing back: no replay
        assert outputs(playhead.frame(n)) == expected[n]
    assert host.mounts == mounts and playhead.position == 75
    host.reload()  # a hot reload: the cache belongs to the previous mount
    assert outputs(playhead.frame(70)) == expected[70]
    assert playhead.position == 71


def test_an_uncached_frame_leaves_the_host_at_it_for_the_inspector(toast_and_mode, expected):
    """A cached frame does not move the host, so its tree would be another frame's: the
    inspector asks with cached=False and reads the tree of the frame on screen. Cached copies
    carry no console lines (a scrub back must not repeat them)."""
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.set_scenario(toast_and_mode)
    playhead.frame(60)
    assert 40 in playhead.cache and playhead.cache[40].logs == []
    playhead.frame(40)
    assert host.inspect()["frame_index"] == 60  # the cached copy left the host where it was
    assert outputs(playhead.frame(40, cached=False)) == expected[40]
    assert host.inspect()["frame_index"] == 40


def test_a_long_seek_reports_progress_and_can_be_overtaken(toast_and_mode, expected):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    player = ScenarioPlayer(host, budget=20)
    player.set_scenario(toast_and_mode)
    seen: list[tuple[int, int]] = []
    with pytest.raises(Overtaken):
        player.frame(74, progress=lambda done, total: seen.append((done, total)), overtaken=lambda: len(seen) == 2)
    assert seen == [(20, 74), (40, 74)]
    # the work done is kept: the next seek forward continues from frame 40
    assert outputs(player.frame(60)) == expected[60]


def test_a_document_change_after_the_playhead_keeps_the_position(toast_and_mode, expected):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.set_scenario(toast_and_mode)
    playhead.frame(20)
    changed = replace(toast_and_mode, events={**toast_and_mode.events, 60: {"params": {"mode": "single"}}})
    playhead.set_scenario(changed)
    assert not playhead.stale and playhead.position == 21
    assert outputs(playhead.frame(40)) == expected[40]
    assert outputs(playhead.frame(70)) == reference(changed)[70]


def test_live_edits_show_at_once_and_an_exact_seek_replays(toast_and_mode):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.set_scenario(toast_and_mode)
    before = playhead.frame(40)
    # like --params: at frame 0, and the scenario's own events still change the mode later
    edited = effective_scenario(toast_and_mode, BaseState(params={"videoSettings.showParticipantLabels": False,
                                                                    "mode": "single"}))
    playhead.set_scenario(edited)
    live = playhead.frame(40, exact=False)
    assert "Linus" in before.flattened_json and "Linus" not in live.flattened_json  # labels off at once
    assert len(live.video_layers) == len(before.video_layers) == 3  # the event at 30 made it dominant
    exact = reference(edited)
    assert outputs(playhead.frame(40)) == exact[40]
    assert outputs(playhead.frame(45, exact=False)) == exact[45]  # not stale: continues exactly


def test_the_output_size_changing_makes_the_next_exact_frame_replay(toast_and_mode):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.set_scenario(toast_and_mode)
    playhead.frame(20)
    host.set_output_size(480, 270)
    small = replace(toast_and_mode, output_size=(480, 270))
    assert outputs(playhead.frame(20)) == reference(small)[20]


def test_base_state_participants_apply_only_to_a_scenario_without_a_call(toast_and_mode):
    base = BaseState(params={"mode": "pip"}, slots=[{"id": 9, "displayName": "Studio"}], room=[{"id": "p9"}],
                     messages={3: {"chatMessages": [{"key": "s1", "text": "hi"}]}})
    ours = effective_scenario(toast_and_mode, base)
    assert ours.initial_state["activeVideoInputSlots"] == toast_and_mode.initial_state["activeVideoInputSlots"]
    assert "room" not in ours.initial_state
    assert ours.initial_state["params"]["mode"] == "pip"  # --params: over the initial state
    assert ours.events[3] == {"standardSources": {"chatMessages": [{"key": "s1", "text": "hi"}]}}
    bare = effective_scenario(Scenario(), base, with_messages=False)
    assert bare.initial_state["activeVideoInputSlots"] == [{"id": 9, "displayName": "Studio"}]
    assert bare.initial_state["room"] == [{"id": "p9"}]
    assert bare.events == {}
    assert with_params(Scenario(), {"mode": "pip"}).initial_state["params"] == {"mode": "pip"}


def test_accumulated_state_merges_params_and_keeps_the_latest_slots(toast_and_mode):
    assert accumulated_state(toast_and_mode, 12)["standardSources"] == {
        name: msgs for e in (toast_and_mode.events[6], toast_and_mode.events[10])
        for name, msgs in e["standardSources"].items()}
    state = accumulated_state(toast_and_mode, 56)
    assert state["params"]["mode"] == "pip"
    assert state["params"]["toast.source"] == "chatMessages"
    assert state["activeVideoInputSlots"][1]["dominant"] is True
    assert accumulated_state(toast_and_mode, 29)["params"]["mode"] == "grid"


def test_json_form_round_trips(tmp_path, toast_and_mode):
    path = tmp_path / "saved.json"
    save_scenario(toast_and_mode, path)
    again = load_scenario(path)
    assert replace(again, path=None) == replace(toast_and_mode, path=None)
    assert again.to_mapping() == json.loads(path.read_text(encoding="utf-8"))


def test_saving_never_leaves_a_broken_file(tmp_path, toast_and_mode):
    path = tmp_path / "saved.json"
    path.write_text("previous", encoding="utf-8")
    with pytest.raises(TypeError):
        save_scenario(replace(toast_and_mode, initial_state={"params": {"x": object()}}), path)
    assert path.read_text(encoding="utf-8") == "previous"


JS_SCENARIO = """\
const state = { activeVideoInputSlots: [true, true], params: { mode: 'grid' } };
let key = 1;
export default {
  compositionId: 'daily:baseline',
  outputSize: { w: 640, h: 360 },
  durationInFrames: 30,
  outputFrames: [29],
  initialState: { ...state },
  frameWillRenderCb(i) {
    if (i % 10 !== 5) return null;
    state.params = { ...state.params, 'toast.key': key, 'toast.text': 'toast ' + key++ };
    return { ...state };
  },
};
"""


@pytest.mark.parametrize("supervised", [False, True])
def test_a_js_scenario_materialises_into_events_that_run_the_same(tmp_path, supervised):
    path = tmp_path / "s.js"
    path.write_text(textwrap.dedent(JS_SCENARIO), encoding="utf-8")
    if supervised:
        with SupervisedHost() as host:
            events = host.load_scenario(path, events_form=True)
    else:
        events = materialise(load_scenario(path))
    assert events.callback is None
    assert sorted(events.events) == [5, 15, 25]
    assert events.events[25]["params"]["toast.text"] == "toast 3"
    assert reference(events)[29] == reference(load_scenario(path))[29]
    saved = tmp_path / "s.json"
    save_scenario(events, saved)
    assert reference(load_scenario(saved))[29] == reference(events)[29]


def test_live_playback_that_falls_behind_jumps_and_a_seek_is_exact_again(toast_and_mode, expected):
    host = Host(size=(640, 360))
    host.open("daily:baseline")
    playhead = Playhead(host)
    playhead.set_scenario(toast_and_mode)
    assert outputs(playhead.frame(5, exact=False)) == expected[5]  # from a mount: replayed exactly
    assert outputs(playhead.frame(7, exact=False)) == expected[7]  # a small gap is stepped
    playhead.frame(40, exact=False)  # far behind: the events between applied, no frames run
    assert playhead.stale and 20 not in playhead.cache
    assert len(playhead.frame(41, exact=False).video_layers) == 3  # the mode event at 30 applied
    assert outputs(playhead.frame(41)) == expected[41]
