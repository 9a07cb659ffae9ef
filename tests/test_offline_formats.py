"""Daily's offline formats (vcs_engine/offline/): events files, WebVTT transcripts, cut files,
and scenario files recognised by content."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import texts

from vcs_engine.offline import (
    read_cut_file,
    read_scenario_file,
    read_webvtt,
    transcript_events,
    with_transcript,
)
from vcs_engine.offline.cut import cut_scenario
from vcs_engine.scenario import ScenarioError, default_scenario, run_scenario

DAILY_OFFLINE = Path(__file__).resolve().parents[2] / "shared" / "daily-reference" / "offline"
needs_daily = pytest.mark.skipif(not DAILY_OFFLINE.is_dir(), reason="shared/daily-reference is not present")

# Shows the active video ids, the param `label`, and every message of two sources.
SHOW = """
    export const compositionInterface = {
      params: [{ id: 'label', type: 'text', defaultValue: 'start' }],
      standardSources: ['chatMessages', 'transcript'],
    };
    export default function C() {
      const p = hooks.useParams();
      const { activeIds } = hooks.useActiveVideo();
      const src = hooks.useStandardSources();
      return (
        <Box>
          {activeIds.map((id, i) => <Video key={id} src={id} layout={[layouts.grid, { index: i, total: activeIds.length }]} />)}
          <Text>{'label ' + p.label}</Text>
          {src.chatMessages.latest.map(m => <Text key={m.key}>{'chat ' + m.senderDisplayName + ': ' + m.text}</Text>)}
          {src.transcript.latest.map(m => <Text key={m.key}>{'vtt ' + m.key + ' ' + m.senderDisplayName + ': ' + m.text}</Text>)}
        </Box>
      );
    }
"""

VTT = """WEBVTT - a test transcript
Kind: captions

NOTE this is skipped
even over two lines

STYLE
::cue { color: red }

intro
00:00.500 --> 00:01.000
<v Ann>Hello <b>there</b> &amp; welcome</v>

00:00:01.000 --> 00:00:02.000 align:start
<v.loud Bob Smith>Two
lines</v>

00:00:03.000 --> 00:00:03.500
No speaker
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, data) -> Path:
    return write(path, json.dumps(data))


# ---------------------------------------------------------------------- events files


def events_file(**extra):
    return {"compositionId": "daily:baseline", "durationInFrames": 6, "outputSize": {"w": 320, "h": 180},
            "eventsByFrame": {
                "0": {"activeVideoInputSlots": [True, True], "params": {"label": "zero"}},
                "2": {"standardSourceMessage": {"sourceId": "chatMessages",
                                                "data": {"senderDisplayName": "Ann", "text": "hi"}}},
                "4": {"activeVideoInputSlots": [True], "params": {"label": "four"},
                      "standardSourceMessage": {"sourceId": "chatMessages",
                                                "data": {"key": "own", "senderDisplayName": "Bob", "text": "yo"}}},
            }, **extra}


def test_events_file_replays_frame_by_frame(load, tmp_path):
    sc = read_scenario_file(write_json(tmp_path / "e.json", events_file()))
    assert (sc.composition_id, sc.output_size, sc.duration_in_frames, sc.fps) == ("daily:baseline", (320, 180), 6, 30.0)
    assert sc.output_frames == list(range(6))  # the batch runner writes every frame
    host = load(SHOW, size=(320, 180))
    frames = list(run_scenario(host, sc))
    assert [len(f.video_layers) for f in frames] == [2, 2, 2, 2, 1, 1]
    assert "label zero" in texts(frames[0]) and "label four" in texts(frames[4])
    assert "chat Ann: hi" in texts(frames[2]) and "chat Ann: hi" not in texts(frames[1])
    assert [t for t in texts(frames[5]) if t.startswith("chat")] == ["chat Ann: hi", "chat Bob: yo"]


def test_events_file_frame_rate_is_fps_as_in_daily(tmp_path, caplog):
    assert read_scenario_file(write_json(tmp_path / "a.json", events_file(fps=25))).fps == 25
    with caplog.at_level(logging.WARNING):
        sc = read_scenario_file(write_json(tmp_path / "b.json", events_file(framesPerSecond=25)))
    assert sc.fps == 30
    assert "framesPerSecond 25 is ignored" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        read_scenario_file(write_json(tmp_path / "c.json", events_file(framesPerSecond=30)))
    assert "framesPerSecond" not in caplog.text  # the same rate: nothing to say


def test_events_file_without_duration_ends_at_its_last_event(tmp_path):
    data = events_file()
    del data["durationInFrames"]
    assert read_scenario_file(write_json(tmp_path / "e.json", data)).duration_in_frames == 5


@pytest.mark.parametrize("change, needle", [
    (lambda d: d.update(eventsByFrame=[1]), "eventsByFrame must be an object"),
    (lambda d: d["eventsByFrame"].update({"1.5": {}}), "eventsByFrame['1.5']: the key must be a frame number"),
    (lambda d: d["eventsByFrame"].update({"-2": {}}), "eventsByFrame['-2']: the key must be a frame number"),
    (lambda d: d["eventsByFrame"].update({"3": [True]}), "eventsByFrame['3'] must be an event object"),
    (lambda d: d["eventsByFrame"]["0"].update(params=[1]), "eventsByFrame['0'].params must be an object"),
    (lambda d: d["eventsByFrame"]["0"].update(activeVideoInputSlots=3),
     "eventsByFrame['0'].activeVideoInputSlots must be a list"),
    (lambda d: d["eventsByFrame"]["2"]["standardSourceMessage"].update(sourceId=7),
     "eventsByFrame['2'].standardSourceMessage.sourceId must be the name"),
    (lambda d: d["eventsByFrame"]["2"]["standardSourceMessage"].update(data="hi"),
     "eventsByFrame['2'].standardSourceMessage.data must be a message object"),
    (lambda d: d["eventsByFrame"]["2"]["standardSourceMessage"]["data"].update(text=float("nan")),
     "eventsByFrame['2'].standardSourceMessage.data"),
    (lambda d: d.update(fps=0), "fps: the frame rate must be between"),
    (lambda d: d.update(durationInFrames="long"), "durationInFrames must be a whole number"),
    (lambda d: d.update(outputSize={"w": 10}), "outputSize needs both w and h"),
])
def test_malformed_events_file_is_one_line_naming_file_and_field(tmp_path, change, needle):
    data = events_file()
    change(data)
    path = write(tmp_path / "e.json", json.dumps(data))
    with pytest.raises(ScenarioError) as info:
        read_scenario_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and needle in message and "\n" not in message


@needs_daily
def test_daily_example_events_file_renders(tmp_path):
    """Daily's own example (read in place, not copied), on our baseline: the slots and params
    change at frames 0, 30, 50 and 80 as the file says."""
    from vcs_engine.host import Host

    sc = read_scenario_file(DAILY_OFFLINE / "batch-events-baseline1.json")
    assert (sc.duration_in_frames, sc.fps, sc.output_size) == (100, 30.0, (1280, 720))
    host = Host.load(sc.composition_id, size=sc.output_size)
    wanted = {0: 2, 29: 2, 30: 2, 50: 3, 80: 2}
    seen = {f.frame_index: f for f in run_scenario(host, sc, frames=81) if f.frame_index in wanted}
    assert {n: len(f.video_layers) for n, f in seen.items()} == wanted
    assert not any("Lorem ipsum" in t for t in texts(seen[50]))
    assert any("Lorem ipsum" in t for t in texts(seen[80]))  # the overlay (on since 30) shows the new text
    assert any(command[0] == "fillText" for command in seen[30].flattened["commands"])


# ---------------------------------------------------------------------- WebVTT


def test_read_webvtt_cues(tmp_path):
    cues = read_webvtt(write(tmp_path / "t.vtt", VTT))
    assert [(c.start, c.end, c.speaker, c.text) for c in cues] == [
        (0.5, 1.0, "Ann", "Hello there & welcome"),
        (1.0, 2.0, "Bob Smith", "Two lines"),
        (3.0, 3.5, "", "No speaker"),
    ]
    assert cues[0].identifier == "intro" and cues[0].line == 11  # its timing line


def test_hours_and_bom_and_crlf(tmp_path):
    path = tmp_path / "t.vtt"
    path.write_bytes("\ufeffWEBVTT\r\n\r\n01:02:03.004 --> 01:02:04.000\r\n<v A>x\r\n".encode())
    (cue,) = read_webvtt(path)
    assert cue.start == pytest.approx(3723.004) and cue.text == "x" and cue.speaker == "A"


def test_transcript_events_at_cue_start_and_end():
    cues = read_webvtt_text(VTT)
    events = transcript_events(cues, 10)
    # 0.5 s → frame 5; cue 1 ends at 1.0 where cue 2 starts: no blank in between; 2.0 → blank;
    # 3.0 → third cue, 3.5 → blank.
    assert {n: [(m["key"], m["senderDisplayName"], m["text"]) for m in e["standardSources"]["transcript"]]
            for n, e in events.items()} == {
        5: [("1", "Ann", "Hello there & welcome")], 10: [("2", "Bob Smith", "Two lines")],
        20: [("3", "", "")], 30: [("4", "", "No speaker")], 35: [("5", "", "")]}


def test_overlapping_cue_is_not_blanked_by_the_earlier_end(tmp_path):
    cues = read_webvtt_text("WEBVTT\n\n00:00.000 --> 00:02.000\nlong\n\n00:01.000 --> 00:01.500\nshort\n")
    events = transcript_events(cues, 10)
    assert {n: [m["text"] for m in e["standardSources"]["transcript"]] for n, e in events.items()} == {
        0: ["long"], 10: ["short"], 15: [""]}


def read_webvtt_text(text: str):
    from vcs_engine.offline.webvtt import parse_webvtt

    return parse_webvtt(text, "t.vtt")


@pytest.mark.parametrize("text, line, needle", [
    ("WEBVTTX\n", 1, "not a WebVTT file"),
    ("00:00.000 --> 00:01.000\nhi\n", 1, "not a WebVTT file"),
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nhi\n", 3, "expected a cue timing line"),
    ("WEBVTT\n\nid\n00:00.000 --> 0:01.000\nhi\n", 4, "'0:01.000' is not a timestamp"),
    ("WEBVTT\n\n00:00.000 --> 00:61.000\nhi\n", 3, "'00:61.000' is not a timestamp"),
    ("WEBVTT\n\n00:00.00 --> 00:01.000\nhi\n", 3, "'00:00.00' is not a timestamp"),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nhi\n", 3, "the cue ends (00:01.000) before it starts"),
    ("WEBVTT\n\n00:00.000 --> 00:01.000\nok\n\njust text\n", 6, "expected a cue timing line"),
])
def test_malformed_webvtt_names_file_and_line(tmp_path, text, line, needle):
    path = write(tmp_path / "t.vtt", text)
    with pytest.raises(ScenarioError) as info:
        read_webvtt(path)
    assert str(info.value).startswith(f"{path}:{line}: ") and needle in str(info.value)


def test_webvtt_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "t.vtt"
    path.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\n")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        read_webvtt(path)


def test_transcript_as_scenario_applies_the_default_state(load, tmp_path):
    sc = read_scenario_file(write(tmp_path / "t.txt", VTT))  # by content, whatever the name
    assert sc.initial_state["params"]["text.source"] == "transcript"
    assert sc.initial_state["activeVideoInputSlots"] == [True]
    assert sc.duration_in_frames == 106  # up to the blank at 3.5 s (frame 105) at 30 fps
    host = load(SHOW, size=(320, 180))
    frames = list(run_scenario(host, sc))
    assert len(frames[0].video_layers) == 1
    assert [t for t in texts(frames[20]) if t.startswith("vtt")] == ["vtt 1 Ann: Hello there & welcome"]
    assert texts(frames[105])[-1] == "vtt 5 : "


@needs_daily
def test_daily_example_transcript_reads(tmp_path):
    cues = read_webvtt(DAILY_OFFLINE / "transcript1.vtt")
    assert len(cues) >= 5 and all(c.speaker == "example-person" for c in cues)
    assert cues[0].start == pytest.approx(4.029)


def test_with_transcript_merges_into_events_and_callbacks(load, tmp_path):
    sc = read_scenario_file(write_json(tmp_path / "e.json", events_file()))
    cues = read_webvtt_text("WEBVTT\n\n00:00.100 --> 00:00.200\n<v Cy>merged\n")
    merged = with_transcript(sc, cues)
    assert merged.duration_in_frames == 7  # the blank at 0.2 s is frame 6, past the file's 6 frames
    assert merged.state_for(0)["params"] == {"label": "zero"}  # the event's own fields stay
    assert merged.state_for(3)["standardSources"]["transcript"][0]["text"] == "merged"
    host = load(SHOW, size=(320, 180))
    frames = list(run_scenario(host, merged, frames=7))
    assert "vtt 1 Cy: merged" in texts(frames[4]) and "chat Ann: hi" in texts(frames[4])
    # A callback scenario keeps its callback, wrapped.
    calls = []
    js_like = default_scenario()
    js_like.callback = lambda n: calls.append(n) or ({"params": {"label": f"cb{n}"}} if n == 3 else None)
    wrapped = with_transcript(js_like, cues)
    assert wrapped.state_for(3) == {"params": {"label": "cb3"},
                                    "standardSources": {"transcript": [
                                        {"key": "1", "senderDisplayName": "Cy", "text": "merged"}]}}
    assert wrapped.state_for(1) is None and calls == [3, 1]


# ---------------------------------------------------------------------- cut files


def cut_data(**extra):
    return {"sources": [{"id": "cam", "path": "cam.mp4"}, {"id": "scr", "path": "sub/screen.mp4"}],
            "clips": [{"id": "c1", "source": "cam", "start": "0.5", "duration": "2"},
                      {"id": "c2", "source": "scr", "start": 1, "duration": 1.5, "description": "screen"}],
            "cut": {"duration": "3.5",
                    "events": [{"t": "2", "clips": ["c2"], "params": {"label": "two"}},
                               {"t": "0", "clips": ["c1"], "params": {"mode": "single"}},
                               {"t": 1.0, "params": {"label": "one"}}],
                    "audio": [{"clips": ["c1"]}, {"clips": ["c2"]}]}, **extra}


@pytest.fixture
def footage(tmp_path) -> Path:
    (tmp_path / "sub").mkdir()
    (tmp_path / "cam.mp4").write_bytes(b"x")
    (tmp_path / "sub" / "screen.mp4").write_bytes(b"x")
    return tmp_path


def test_read_cut_file(footage):
    cut = read_cut_file(write_json(footage / "r.vcscut.json", cut_data()))
    assert cut.duration == 3.5 and cut.composition == "daily:baseline" and cut.fps is None
    assert [(c.id, c.source.name, c.start, c.duration, c.video_id) for c in cut.clips.values()] == [
        ("c1", "cam.mp4", 0.5, 2.0, 1001), ("c2", "screen.mp4", 1.0, 1.5, 1002)]
    assert [e.t for e in cut.events] == [0, 1, 2]  # in time order
    assert cut.audio == ("c1", "c2")
    sc = cut_scenario(cut, 10)
    assert sc.duration_in_frames == 35 and sc.composition_id == "daily:baseline"
    assert sc.events == {0: {"activeVideoInputSlots": [{"id": 1001}], "params": {"mode": "single"}},
                         10: {"params": {"label": "one"}},
                         20: {"activeVideoInputSlots": [{"id": 1002}], "params": {"label": "two"}}}


@pytest.mark.parametrize("change, needle", [
    (lambda d: d.update(sources=[]), "sources must be a non-empty list"),
    (lambda d: d["sources"][0].update(path="missing.mp4"), "sources[0].path: no such file"),
    (lambda d: d["sources"].append({"id": "cam", "path": "cam.mp4"}), "sources[2].id: a second source 'cam'"),
    (lambda d: d["clips"][1].update(source="nope"), "clips[1].source: no source 'nope'"),
    (lambda d: d["clips"][0].update(start="soon"), "clips[0].start must be a number of seconds"),
    (lambda d: d["clips"][0].update(duration=0), "clips[0].duration must be more than 0"),
    (lambda d: d["clips"][0].update(start=-1), "clips[0].start must be between 0"),
    (lambda d: d["cut"].update(duration=None), "cut.duration must be a number of seconds"),
    (lambda d: d["cut"]["events"][0].update(clips=["c9"]), "cut.events[0].clips: no clip 'c9'"),
    (lambda d: d["cut"]["events"][1].update(params=[]), "cut.events[1].params must be an object"),
    (lambda d: d["cut"]["events"][2].update(t="NaN"), "cut.events[2].t must be a number of seconds"),
    (lambda d: d["cut"]["audio"][1].update(clips="c2"), "cut.audio[1].clips must be a list of clip ids"),
    (lambda d: d.update(fps=500), "fps: the frame rate must be between"),
])
def test_malformed_cut_file_is_one_line_naming_file_and_field(footage, change, needle):
    data = cut_data()
    change(data)
    path = write_json(footage / "r.vcscut.json", data)
    with pytest.raises(ScenarioError) as info:
        read_cut_file(path)
    assert str(info.value).startswith(f"{path}: ") and needle in str(info.value)


@needs_daily
def test_daily_example_cut_file_is_checked(tmp_path):
    """Daily's example names footage that is not public: reading it in place says which."""
    path = DAILY_OFFLINE / "wasteland_ponies_reel.vcscut.json"
    with pytest.raises(ScenarioError, match=r"sources\[0\]\.path: no such file"):
        read_cut_file(path)


def test_cut_file_as_scenario_points_to_export(footage):
    path = write_json(footage / "r.vcscut.json", cut_data())
    with pytest.raises(ScenarioError, match="is a cut file.*vcs export"):
        read_scenario_file(path)


def test_plain_json_and_js_scenarios_still_read(tmp_path):
    assert read_scenario_file(write_json(tmp_path / "s.data", {"durationInFrames": 3})).duration_in_frames == 3
    js = write(tmp_path / "s.js", "export default { durationInFrames: 4 };\n")
    assert read_scenario_file(js).duration_in_frames == 4
