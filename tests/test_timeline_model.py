"""The timeline's document (studio/timeline/model.py, events.py): markers from a scenario's
events, edits that merge as the runner applies states, one undo step each, `documentChanged`
after every change, and tooltips that say what changes."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from studio.timeline.events import Track, add_event, copy_value, describe_part, move_part, remove_part
from studio.timeline.model import Column, Role, TimelineModel
from vcs_engine.errors import InputError
from vcs_engine.scenario import Scenario, load_scenario, merge_states

P, S, R, M = Track.PARAMS, Track.PARTICIPANTS, Track.ROOM, Track.MESSAGES
ALICE_BOB = [{"id": 0, "displayName": "Alice"}, {"id": 1, "displayName": "Bob"}]


def chat(key: str, text: str) -> dict:
    return {"key": key, "senderDisplayName": "Alice", "text": text}


def sample() -> Scenario:
    return Scenario(duration_in_frames=300, output_frames=list(range(300)), fps=30.0,
                    initial_state={"activeVideoInputSlots": ALICE_BOB[:1]},
                    events={120: {"params": {"mode": "grid", "toast.duration_secs": 3}},
                            30: {"standardSources": {"chatMessages": [chat("1", "hello")]}},
                            60: {"activeVideoInputSlots": ALICE_BOB, "room": [{"id": "a"}]}})


@pytest.fixture
def doc(qtbot):
    stack = QUndoStack()
    model = TimelineModel(stack)
    model.set_scenario(sample())
    changes: list[dict] = []
    model.documentChanged.connect(lambda: changes.append(model.events()))
    return model, stack, changes


def test_markers_are_rows_in_time_and_track_order(doc):
    model, _stack, _changes = doc
    assert model.markers() == [(30, M), (60, S), (60, R), (120, P)]
    assert model.rowCount() == 4 and model.columnCount() == len(Column)
    row = model.row_of(120, P)
    assert model.data(model.index(row, Column.FRAME)) == 120
    assert model.data(model.index(row, Column.TRACK)) == "params"
    assert model.data(model.index(row, Column.SUMMARY)) == "params: mode = grid, toast.duration_secs = 3"
    assert model.data(model.index(row, Column.SUMMARY), Role.TRACK) is P
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) == \
        "frame 120 (00:04.00) · params: mode = grid, toast.duration_secs = 3"


def test_tooltips_say_what_changes(doc):
    model, _stack, _changes = doc
    assert model.tooltip(30, M) == "frame 30 (00:01.00) · messages: chatMessages +1 ‘hello’"
    assert model.tooltip(60, S) == "frame 60 (00:02.00) · participants: 2 slots (Alice, Bob)"
    assert model.tooltip(60, R) == "frame 60 (00:02.00) · room: 1 peer"
    assert describe_part(S, []) == "participants: none"
    assert describe_part(S, [False, {"id": 3}]) == "participants: 2 slots (—, 3)"
    assert describe_part(R, {"availablePeers": {"a": {}, "b": {}}}) == "room: 2 peers"
    assert describe_part(R, None) == "room: no peers"
    assert describe_part(M, {"emojiReactions": [{"key": 1, "emoji": "🎉"}], "transcript": [chat("t", "hi\nthere")]}) \
        == "messages: emojiReactions +1 ‘🎉’; transcript +1 ‘hi there’"
    many = {f"p{i}": "x" * 60 for i in range(9)}
    text = describe_part(P, many)
    assert text.startswith("params: p0 = " + "x" * 39 + "…, p1 = ") and text.endswith("… and 3 more")
    assert describe_part(P, {"on": True, "list": [1, 2], "none": None}) == "params: on = true, list = [1, 2], none = null"


def test_add_merges_into_the_event_at_that_frame(doc):
    model, stack, changes = doc
    model.add_event(120, {"params": {"mode": "split", "title": "Hi"},
                          "standardSources": {"chatMessages": [chat("2", "second")]}})
    assert model.events()[120] == {"params": {"mode": "split", "toast.duration_secs": 3, "title": "Hi"},
                                   "standardSources": {"chatMessages": [chat("2", "second")]}}
    model.add_event(30, {"standardSources": {"chatMessages": [chat("3", "third")], "transcript": [chat("t", "x")]}})
    assert model.events()[30]["standardSources"] == {"chatMessages": [chat("1", "hello"), chat("3", "third")],
                                                     "transcript": [chat("t", "x")]}
    model.add_event(60, {"activeVideoInputSlots": [], "room": None})  # replaced, not merged
    assert model.events()[60] == {"activeVideoInputSlots": [], "room": None}
    assert model.markers() == [(30, M), (60, S), (60, R), (120, P), (120, M)]
    assert stack.count() == 3 and len(changes) == 3 and changes[-1] == model.events()
    # Undo walks back one add at a time, and redo forward, each a documentChanged.
    stack.undo()
    assert model.events()[60] == sample().events[60]
    stack.undo()
    stack.undo()
    assert model.events() == sample().events and len(changes) == 6
    stack.redo()
    assert model.events()[120]["params"]["mode"] == "split" and len(changes) == 7


def test_add_refuses_bad_states_with_one_line(doc):
    model, stack, changes = doc
    for frame, state, fragment in [(10, {"params": [1]}, "params must be an object"),
                                   (-1, {"params": {}}, "frame"),
                                   (10, {"nothing": 1}, "none of params"),
                                   (10, {"standardSources": {"chat": [{"key": [1]}]}}, "key must be")]:
        with pytest.raises(InputError) as caught:
            model.add_event(frame, state)
        assert fragment in str(caught.value) and "\n" not in str(caught.value)
    assert stack.count() == 0 and not changes and model.events() == sample().events


def test_move_takes_one_tracks_part_and_merges_at_the_target(doc):
    model, stack, changes = doc
    assert model.move_marker(60, R, 90)
    assert model.events()[60] == {"activeVideoInputSlots": ALICE_BOB} and model.events()[90] == {"room": [{"id": "a"}]}
    model.add_event(200, {"params": {"mode": "pip", "x": 1}})
    assert model.move_marker(120, P, 200)  # merged: the moved values win, as if applied after
    assert model.events()[200] == {"params": {"mode": "grid", "x": 1, "toast.duration_secs": 3}}
    assert 120 not in model.events()  # left without parts: gone
    assert model.move_marker(30, M, -40)  # clamped to the first frame
    assert model.events()[0] == {"standardSources": {"chatMessages": [chat("1", "hello")]}}
    assert not model.move_marker(0, M, 0) and not model.move_marker(5, P, 9)  # no-ops: no undo step
    assert stack.count() == 4 and len(changes) == 4
    while stack.canUndo():
        stack.undo()
    assert model.events() == sample().events
    assert stack.undoText() == "" and stack.redoText() == "Move room event 60 → 90"


def test_remove_and_undo(doc):
    model, stack, changes = doc
    assert model.remove_marker(60, S)
    assert model.events()[60] == {"room": [{"id": "a"}]}
    assert model.remove_marker(60, R) and 60 not in model.events()
    assert not model.remove_marker(60, R)
    assert stack.count() == 2 and len(changes) == 2 and model.rowCount() == 2
    stack.undo()
    stack.undo()
    assert model.events() == sample().events and model.rowCount() == 4


def test_without_a_stack_edits_apply_directly(qtbot):
    model = TimelineModel()
    model.add_event(5, {"params": {"a": 1}})
    assert model.events() == {5: {"params": {"a": 1}}}


def test_the_document_is_a_scenario(doc, tmp_path):
    model, _stack, changes = doc
    model.add_event(10, {"params": {"a": 1}})
    doc_scenario = model.scenario()
    assert doc_scenario.events[10] == {"params": {"a": 1}} and doc_scenario.duration_in_frames == 300
    assert doc_scenario.initial_state == sample().initial_state and doc_scenario.fps == 30
    doc_scenario.events[10]["params"]["a"] = 2  # a copy: the document does not change
    assert model.events()[10] == {"params": {"a": 1}}
    model.set_scenario(Scenario(duration_in_frames=10))
    assert model.rowCount() == 0 and model.duration == 10 and changes[-1] == {}


def test_a_scenario_with_a_callback_is_refused(qtbot, tmp_path):
    """The engine side turns a `.js` callback into events (once, in order); the model never
    calls it."""
    path = tmp_path / "s.js"
    path.write_text("export default { durationInFrames: 40, frameWillRenderCb: (i) => null };\n")
    model = TimelineModel()
    model.set_scenario(sample())
    with pytest.raises(ValueError, match="materialise"):
        model.set_scenario(load_scenario(path))
    assert model.events() == sample().events


def test_pure_edits_never_touch_their_input():
    events = {1: {"params": {"a": 1}, "room": []}}
    before = {1: {"params": {"a": 1}, "room": []}}
    add_event(events, 1, {"params": {"b": 2}})
    move_part(events, 1, R, 4)
    remove_part(events, 1, P)
    merge_states(events[1], {"params": {"a": 5}})
    assert events == before
    with pytest.raises(KeyError):
        remove_part(events, 1, M)


def test_merge_states_is_applying_one_after_the_other():
    base = {"params": {"a": 1, "b": 1}, "activeVideoInputSlots": ALICE_BOB, "room": [{"id": "x"}],
            "standardSources": {"chatMessages": [chat("1", "one")]}}
    extra = {"params": {"b": 2, "c": 3}, "activeVideoInputSlots": [], "room": None,
             "standardSources": {"chatMessages": [chat("2", "two")], "transcript": None}}
    merged = merge_states(base, extra)
    assert merged == {"params": {"a": 1, "b": 2, "c": 3}, "activeVideoInputSlots": [], "room": None,
                      "standardSources": {"chatMessages": [chat("1", "one"), chat("2", "two")], "transcript": []}}
    merged["params"]["a"] = 9
    merged["standardSources"]["chatMessages"].append(chat("3", "x"))
    assert base["params"]["a"] == 1 and len(base["standardSources"]["chatMessages"]) == 1
    assert merge_states({}, {"params": None}) == {"params": None}
    assert merge_states({"params": None}, {"params": {"a": 1}}) == {"params": {"a": 1}}
    # null is "no change": it keeps what the first state set (params, messages)
    assert merge_states({"params": {"a": 1}}, {"params": None}) == {"params": {"a": 1}}
    assert merge_states(base, {"standardSources": None})["standardSources"] == base["standardSources"]


def test_adds_with_one_token_are_one_undo_step(doc):
    """Record mode: a slider drag at one frame is one event and one step."""
    model, stack, changes = doc
    drag = object()
    for value in (1, 2, 3):
        model.add_event(200, {"params": {"size": value}}, merge_token=drag)
    assert stack.count() == 1 and model.events()[200] == {"params": {"size": 3}} and len(changes) == 3
    model.add_event(201, {"params": {"size": 4}}, merge_token=drag)  # another frame: another step
    model.add_event(200, {"params": {"size": 5}})  # no token: its own step
    assert stack.count() == 3
    stack.undo()
    stack.undo()
    assert model.events()[200] == {"params": {"size": 3}}
    stack.undo()
    assert model.events() == sample().events


def test_nothing_from_outside_changes_the_document_in_place(doc):
    """States are shared between versions of the document (undo keeps them), so every way in
    and out copies: changing a given or returned state afterwards changes nothing."""
    model, stack, _changes = doc
    given = sample()
    model.set_scenario(given)
    given.events[120]["params"]["mode"] = "changed"
    state = {"params": {"a": [1, 2]}}
    model.add_event(120, state)
    state["params"]["a"].append(3)
    model.events()[120]["params"]["a"].append(4)
    model.scenario().events[120]["params"]["a"].append(5)
    assert model.events()[120]["params"] == {"mode": "grid", "toast.duration_secs": 3, "a": [1, 2]}
    stack.undo()
    assert model.events() == sample().events


def test_copy_value_is_deep():
    value = {"a": [1, {"b": [2.5, None, True, "x"]}], "t": (1, [2])}
    copied = copy_value(value)
    assert copied == value
    copied["a"][1]["b"].append(3)
    copied["t"][1].append(3)
    assert value == {"a": [1, {"b": [2.5, None, True, "x"]}], "t": (1, [2])}
