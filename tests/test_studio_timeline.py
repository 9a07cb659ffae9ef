"""The studio's timeline: the preview is the export, seeks are exact, record mode, hot reload
keeps the moment, scenarios open and save (studio/engine.py, studio/recording.py, studio/headless.py)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pytestqt")
from PIL import Image  # noqa: E402
from test_studio import settle, window, write_comp  # noqa: E402, F401 (window is a fixture)

from studio.app import main as studio_main  # noqa: E402
from vcs_engine.cli import main as vcs_main  # noqa: E402
from vcs_engine.scenario import load_scenario  # noqa: E402

SCENARIOS = Path(__file__).parent / "scenarios"

JS_SCENARIO = """\
const state = { activeVideoInputSlots: [true, { dominant: true }, true], params: { mode: 'dominant' } };
export default {
  compositionId: 'daily:baseline',
  outputSize: { w: 480, h: 270 },
  durationInFrames: 40,
  outputFrames: [39],
  initialState: { ...state },
  frameWillRenderCb(i) {
    if (i !== 12) return null;
    state.params = { ...state.params, 'toast.key': 1, 'toast.text': 'From a .js callback' };
    return { ...state };
  },
};
"""


def pixels(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path))


def assert_same_pixels(ours: Path, theirs: Path, diff: Path) -> None:
    """Exactly equal RGBA arrays; otherwise a diff image (red where they differ) next to them."""
    a, b = pixels(ours), pixels(theirs)
    assert a.shape == b.shape, f"{ours} is {a.shape}, {theirs} is {b.shape}"
    differs = (a != b).any(axis=2)
    if differs.any():
        image = np.zeros((*differs.shape, 3), np.uint8)
        image[differs] = (255, 0, 0)
        Image.fromarray(image).save(diff)
        raise AssertionError(f"{differs.sum()} pixels differ; see {diff}")


def render_and_grab(tmp_path: Path, composition: str, scenario: Path | None, frame: int,
                    params: dict | None = None) -> tuple[Path, Path]:
    extra: list[str] = []
    if params is not None:
        params_file = tmp_path / "params.json"
        params_file.write_text(json.dumps(params), encoding="utf-8")
        extra += ["--params", str(params_file)]
    if scenario is not None:
        extra += ["--scenario", str(scenario)]
    out = tmp_path / "render"
    assert vcs_main(["render", composition, *extra, "--emit", "composite", "--out", str(out)]) == 0
    grabbed = tmp_path / "preview.png"
    assert studio_main([composition, *extra, "--frame", str(frame), "--grab-preview", str(grabbed)]) == 0
    return grabbed, out / f"vcs-output_{frame}.png"


@pytest.mark.parametrize(("composition", "scenario", "frame", "params"), [
    ("daily:baseline", "toast-and-mode.json", 40, None),  # a chat toast, an emoji, a mode change
    ("daily:baseline", "toast-and-mode.json", 74, {"videoSettings.showParticipantLabels": False}),
    ("daily:baseline", "param-toast.json", 20, {"toast.color": "rgba(200, 30, 30, 0.9)"}),  # a toast by params
    ("example:welcome", "example-welcome.json", 39, None),
    ("daily:baseline", None, 0, {"videoSettings.showParticipantLabels": True}),  # the default participants
])
def test_the_preview_is_the_export(qapp, tmp_path, composition, scenario, frame, params):
    ours, theirs = render_and_grab(tmp_path, composition, scenario and SCENARIOS / scenario, frame, params)
    assert_same_pixels(ours, theirs, tmp_path / "diff.png")


def test_the_preview_of_a_js_scenario_is_the_export(qapp, tmp_path):
    scenario = tmp_path / "toast.js"
    scenario.write_text(textwrap.dedent(JS_SCENARIO), encoding="utf-8")
    ours, theirs = render_and_grab(tmp_path, "daily:baseline", scenario, 39)
    assert pixels(ours).shape == (270, 480, 4)  # the scenario's output size
    assert_same_pixels(ours, theirs, tmp_path / "diff.png")


def test_grab_window_and_a_failing_composition(qapp, tmp_path, capsys):
    shot = tmp_path / "window.png"
    assert studio_main(["example:welcome", "--frame", "3", "--grab-window", str(shot)]) == 0
    assert pixels(shot).shape[0] > 300  # the whole window, not the 1280×720 preview
    broken = write_comp(tmp_path / "broken")
    (broken / "index.jsx").write_text("export default function C() { return <Box>; }\n", encoding="utf-8")
    assert studio_main([str(broken), "--grab-preview", str(tmp_path / "no.png")]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "index.jsx:1" in lines[0]
    assert not (tmp_path / "no.png").exists()
    assert studio_main(["example:welcome", "--scenario", str(tmp_path / "none.json"),
                        "--grab-preview", str(tmp_path / "no.png")]) == 1
    assert "none.json" in capsys.readouterr().err


def test_seeking_back_and_forth_shows_what_a_full_run_shows(window, tmp_path):
    w = window("daily:baseline")
    w.open_scenario(SCENARIOS / "toast-and-mode.json")
    settle(w)
    assert w.output_size == (640, 360) and w.timeline.duration == 75
    assert not w.inputs_panel.isEnabled()  # the scenario names its participants
    shown = {}
    for n in (74, 40, 12, 41, 40):
        w.seek(n)
        settle(w)
        assert w.frame_index == n and w.timeline_dock.frame == n
        shown.setdefault(n, w.last_frame.output.flattened_json)
        assert w.last_frame.output.flattened_json == shown[n]
    out = tmp_path / "r"
    assert vcs_main(["render", "daily:baseline", "--scenario", str(SCENARIOS / "toast-and-mode.json"),
                     "--emit", "fgdisplaylist", "--out", str(out)]) == 0
    assert shown[40] == (out / "vcs-output_40_fgdisplaylist.json").read_text(encoding="utf-8")


def test_record_mode_turns_edits_into_events_at_the_playhead(window, tmp_path):
    w = window("daily:baseline")
    w.seek(20)
    settle(w)
    w.recorder.action.setChecked(True)
    assert w.set_param("mode", "pip")
    w.slots_model.set_count(2)
    w.send_message("chatMessages", "Participant 1", "recorded hello")
    still = tmp_path / "still.png"
    Image.new("RGB", (8, 8), (0, 0, 255)).save(still)
    w.slots_model.assign_footage(0, still)  # footage is the studio's, not the scenario's: a plain edit
    settle(w)
    assert w.session.engine.slots[0]["footage"] == str(still)  # the base's first participant
    assert len(w.session.engine.slots) == 4
    event = w.timeline.scenario().events[20]
    assert event["params"] == {"mode": "pip"}
    assert [s["displayName"] for s in event["activeVideoInputSlots"]] == ["Participant 1", "Participant 2"]
    assert event["standardSources"]["chatMessages"][0]["text"] == "recorded hello"
    assert w.session.engine.params == {}  # the base did not change: frame 0 is as before
    assert len(w.last_frame.output.video_layers) == 2  # shown live at the playhead
    w.seek(5)
    settle(w)
    assert len(w.last_frame.output.video_layers) == 4  # before the event: the base participants
    w.undo_stack.undo()  # the message event
    assert "standardSources" not in w.timeline.scenario().events[20]
    w.recorder.action.setChecked(False)
    assert w.params_model.value("mode") == "grid"  # the panels show the base state again
    saved = tmp_path / "recorded.json"
    w.save_scenario(saved)
    settle(w)
    scenario = load_scenario(saved)
    assert scenario.events[20]["params"] == {"mode": "pip"}
    assert len(scenario.initial_state["activeVideoInputSlots"]) == 4  # the studio's participants
    w.seek(30)
    settle(w)
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["outputFrames"] = [30]
    saved.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "r"
    assert vcs_main(["render", "daily:baseline", "--scenario", str(saved), "--emit", "videolayers",
                     "--out", str(out)]) == 0
    assert (out / "vcs-output_30_videolayers.json").read_text(encoding="utf-8") == w.last_frame.output.video_layers_json
    assert len(w.last_frame.output.video_layers) == 2


def test_messages_sent_while_not_recording_stay_at_their_frame(window):
    w = window("daily:baseline")
    w.set_param("showTextOverlay", True)
    w.set_param("text.source", "chatMessages")
    w.seek(30)
    settle(w)
    w.send_message("chatMessages", "Participant 2", "session only")
    settle(w)
    assert "session only" in w.last_frame.output.flattened_json
    assert w.timeline.scenario().events == {}  # not in the document
    w.seek(10)
    settle(w)
    assert "session only" not in w.last_frame.output.flattened_json
    w.seek(45)
    settle(w)
    assert "session only" in w.last_frame.output.flattened_json


def test_hot_reload_keeps_the_moment(window, tmp_path):
    w = window("daily:baseline")
    w.open_scenario(SCENARIOS / "toast-and-mode.json")
    settle(w)
    w.seek(40)
    settle(w)
    before = w.last_frame.output.flattened_json
    w.reload_composition()
    settle(w)
    assert w.frame_index == 40
    assert w.last_frame.output.flattened_json == before
    assert w.timeline.duration == 75 and w.output_size == (640, 360)



def test_a_save_reloads_at_once_and_the_rest_of_its_burst_once_more(qtbot, tmp_path):
    from studio.watcher import SETTLE_MS, CompositionWatcher

    watcher = CompositionWatcher(debounce_ms=100)
    fired: list[float] = []
    watcher.changed.connect(lambda: fired.append(1))
    source = str(tmp_path / "index.jsx")
    watcher._raw.emit(source, "closed")  # a finished write: at once
    qtbot.waitUntil(lambda: len(fired) == 1, timeout=1000)
    for kind in ("modified", "closed", "modified"):  # the rest of the burst
        watcher._raw.emit(source, kind)
    qtbot.wait(50)
    assert len(fired) == 1
    qtbot.waitUntil(lambda: len(fired) == 2, timeout=1000)  # once more, after the burst
    qtbot.wait(250)
    assert len(fired) == 2
    watcher._raw.emit(source, "modified")  # a write still going on: fires after SETTLE_MS at most
    qtbot.waitUntil(lambda: len(fired) == 3, timeout=SETTLE_MS + 1000)
    watcher.stop()


def test_playback_speed_scales_the_clock():
    from studio.playback import PlaybackClock

    now = [0.0]
    clock = PlaybackClock(30.0, now=lambda: now[0])
    clock.set_speed(0.5)
    clock.play()
    now[0] = 2.0
    assert clock.frame() == 30  # half speed: 2 s of wall clock are 1 s of composition
    clock.set_speed(2.0)  # from the frame due now, no jump
    assert clock.frame() == 30
    now[0] = 3.0
    assert clock.frame() == 90
    clock.set_speed(10)  # clamped to 2×
    assert clock.speed == 2.0


def test_an_image_saved_in_the_composition_reloads_it(window, qtbot, tmp_path):
    comp = write_comp(tmp_path / "comp")
    w = window(comp)
    qtbot.wait(300)  # the observer's thread is watching
    reloads = w.reload_count
    (comp / "images").mkdir(exist_ok=True)
    Image.new("RGBA", (4, 4), (255, 0, 0, 255)).save(comp / "images" / "logo.png")
    qtbot.waitUntil(lambda: w.reload_count > reloads, timeout=5000)


LATE_FAILURE = """\
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { useVideoTime } from '#vcs-react/hooks';
export default function C() {
  const t = useVideoTime();
  if (t > 2) throw new Error('broken after two seconds');
  return <Box style={{ fillColor: '#00ff00' }} />;
}
"""


def test_a_composition_failing_late_fails_seeks_past_it_only(window, tmp_path):
    w = window(write_comp(tmp_path / "late", body=LATE_FAILURE))
    w.seek(90)
    settle(w)
    assert w.banner.isVisible() and "broken after two seconds" in w.session.error
    assert "index.jsx:6" in w.session.error
    w.seek(30)
    settle(w)
    assert not w.banner.isVisible() and w.frame_index == 30


DAILY_SCENARIOS = Path(__file__).resolve().parents[1].parent / "shared" / "daily-reference" / "scenarios"


@pytest.mark.skipif(not DAILY_SCENARIOS.is_dir(), reason="Daily's reference scenarios are not here")
def test_the_preview_of_dailys_toast_scenario_is_the_export(qapp, tmp_path):
    ours, theirs = render_and_grab(tmp_path, "daily:baseline", DAILY_SCENARIOS / "baseline-toast" / "vcs-scenario.js", 130)
    assert_same_pixels(ours, theirs, tmp_path / "diff.png")


def test_a_broken_save_is_not_hidden_by_frames_seen_before(window, tmp_path):
    comp = write_comp(tmp_path / "comp")
    w = window(comp)
    for n in (10, 5):
        w.seek(n)
        settle(w)
    (comp / "index.jsx").write_text("export default function C() { return <Box>; }\n", encoding="utf-8")
    w.reload_composition()
    settle(w)
    assert w.banner.isVisible()
    w.seek(10)  # a frame the engine had kept: the error stays, the old frame does not come back
    settle(w)
    assert w.banner.isVisible() and "index.jsx:1" in w.session.error


def test_import_transcript_adds_its_cues_as_one_undo_step(window, tmp_path):
    """File › Import Transcript: each cue a transcript message at its start frame (and an empty
    one at its end), one undo step; the preview then shows the words; a bad file changes nothing."""
    vtt = tmp_path / "talk.vtt"
    vtt.write_text("WEBVTT\n\n00:00.500 --> 00:01.500\n<v Ada>Hello there\n\n"
                   "00:02.000 --> 00:03.000\n<v Grace>General words\n", encoding="utf-8")
    w = window("daily:baseline")
    w.set_param("showTextOverlay", True)
    w.set_param("text.source", "transcript")
    settle(w)
    steps = w.undo_stack.count()
    assert w.import_transcript(vtt)
    events = w.timeline.scenario().events
    said = {frame: [m["text"] for m in state["standardSources"]["transcript"]] for frame, state in events.items()}
    assert said == {15: ["Hello there"], 45: [""], 60: ["General words"], 90: [""]}  # 30 fps
    assert w.undo_stack.count() == steps + 1
    w.seek(20)
    settle(w)
    texts = [c for c in w.last_frame.output.foreground["commands"] if c[0] == "fillText"]
    assert any("Hello there" in str(c) for c in texts)
    w.undo_stack.undo()
    assert w.timeline.scenario().events == {}
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\nsoon --> later\nwords\n", encoding="utf-8")
    assert not w.import_transcript(bad)
    assert w.timeline.scenario().events == {} and "bad.vtt" in w.statusBar().currentMessage()


def test_emoji_in_the_studios_own_widgets_are_drawn(window):
    """The shipped emoji font is registered for Qt's fallback: a label quoting an emoji draws
    coloured pixels, not an empty box (offscreen has no system emoji font)."""
    from PySide6.QtWidgets import QLabel

    window("example:welcome")
    label = QLabel("🎉")
    label.resize(60, 40)
    pixels = label.grab().toImage()
    colours = {pixels.pixelColor(x, y).name() for x in range(60) for y in range(40)}
    coloured = [c for c in colours if len({c[1:3], c[3:5], c[5:7]}) > 1]  # not a grey
    assert len(coloured) > 10


def test_while_recording_the_panel_shows_the_params_at_the_playhead(window):
    """Recording: a seek or an undone event shows the value that frame really has, so the next
    edit starts from it; stopping shows the base state again."""
    w = window("daily:baseline")
    w.seek(30)
    settle(w)
    w.recorder.action.setChecked(True)
    assert w.set_param("mode", "pip")
    settle(w)
    w.seek(10)  # before the event: the base value
    settle(w)
    assert w.params_model.value("mode") == "grid"
    w.seek(45)  # after it: the recorded value
    settle(w)
    assert w.params_model.value("mode") == "pip"
    w.undo_stack.undo()  # the event is gone: frame 45 has the base value again
    settle(w)
    assert 30 not in w.timeline.scenario().events and w.params_model.value("mode") == "grid"
    w.recorder.action.setChecked(False)
    assert w.params_model.value("mode") == "grid" and w.session.engine.params == {}


def test_undo_past_the_start_of_recording_changes_the_base_the_panels_return_to(window):
    """Ctrl+Z while recording can undo an edit made before Record went on: that is a base
    edit, so the engine, the panel and what Stop shows agree on it."""
    w = window("daily:baseline")
    assert w.set_param("mode", "split")  # a base edit
    settle(w)
    w.recorder.action.setChecked(True)
    w.undo_stack.undo()  # undoes the base edit, not an event
    settle(w)
    assert w.session.engine.params.get("mode") is None and w.recorder.base[0].get("mode") is None
    w.recorder.action.setChecked(False)
    assert w.params_model.value("mode") == "grid"
