"""Cut files exported (vcs_engine/offline/cutjob.py) and `--transcript` on render/export."""

from __future__ import annotations

import json
import os
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import texts, write_composition

from vcs_engine.cli import main as vcs
from vcs_engine.jobs import run_job
from vcs_engine.media.testclip import frame_level, write_test_clip
from vcs_engine.offline.cutjob import cut_export

# The first active input over the whole output: its centre pixel is the clip's frame.
FIRST_ACTIVE = """
    export default function C() {
      const { activeIds } = hooks.useActiveVideo();
      return activeIds.length ? <Video src={activeIds[0]} /> : <Box />;
    }
"""
SIZE = (160, 96)


@pytest.fixture(scope="module")
def footage(tmp_path_factory) -> Path:
    """Two test sources at 25 fps: a 440 Hz tone and an 880 Hz tone (and one without sound)."""
    folder = tmp_path_factory.mktemp("footage")
    write_test_clip(folder / "a.mp4", seconds=3.0, fps=25, size=(64, 48), tone_hz=440.0, amplitude=0.4)
    write_test_clip(folder / "b.mp4", seconds=2.0, fps=25, size=(64, 48), tone_hz=880.0, amplitude=0.4)
    write_test_clip(folder / "mute.mp4", seconds=2.0, fps=25, size=(64, 48), tone_hz=None)
    return folder


def write_cut(folder: Path, composition: str | None, **cut) -> Path:
    data = {
        "sources": [{"id": "a", "path": str(folder / "a.mp4")}, {"id": "b", "path": str(folder / "b.mp4")},
                    {"id": "m", "path": str(folder / "mute.mp4")}],
        "clips": [{"id": "c1", "source": "a", "start": "0.5", "duration": "1.0"},
                  {"id": "c2", "source": "b", "start": "0.2", "duration": "1.5"},
                  {"id": "c3", "source": "m", "start": "0", "duration": "1"}],
        "cut": {"duration": "2.5",
                "events": [{"t": "0", "clips": ["c1"], "params": {"mode": "single"}}, {"t": "1", "clips": ["c2"]}],
                "audio": [{"clips": ["c1"]}, {"clips": ["c2"]}], **cut},
    }
    if composition is not None:
        data["compositionId"] = composition
    path = folder / "reel.vcscut.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def decoded(path: Path) -> tuple[list[np.ndarray], np.ndarray | None]:
    with av.open(str(path)) as container:
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    with av.open(str(path)) as container:
        if not container.streams.audio:
            return pictures, None
        return pictures, np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)


def peak_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.argmax(spectrum) * 48000 / len(samples))


def test_cut_export_shows_each_clip_from_its_start_with_the_cut_sound(tmp_path, footage):
    folder = tmp_path / "work"
    folder.mkdir()
    comp = write_composition(tmp_path / "comp", FIRST_ACTIVE)
    cut = write_cut(footage, str(comp))
    before = sorted(os.listdir(footage))
    export = cut_export(cut, folder / "reel.mp4", size=SIZE)
    result = run_job(export.job, sound=export.sound)
    # 2.5 s at the first source's 25 fps; nothing but the output was written.
    assert (result.frames, result.fps, result.audio) == (63, 25.0, True)
    assert os.listdir(folder) == ["reel.mp4"] and sorted(os.listdir(footage)) == before
    pictures, sound = decoded(folder / "reel.mp4")
    levels = [int(p[SIZE[1] // 2, SIZE[0] // 2, 1]) for p in pictures]
    # c1 (a.mp4 from 0.5 s = its frame 12) for 1 s, then c2 (b.mp4 from 0.2 s = frame 5, looping at 50).
    wanted = [frame_level(12 + k) for k in range(25)] + [frame_level((5 + k) % 50) for k in range(38)]
    assert len(levels) == 63 and all(abs(a - b) <= 3 for a, b in zip(levels, wanted)), (levels, wanted)
    # The sound: c1's 440 Hz for 1 s, then c2's 880 Hz, as long as the picture (within a frame).
    assert abs(sound.shape[1] / 48000 - 63 / 25) <= 1 / 25 + 1024 / 48000
    assert peak_hz(sound[0, 4800:43200]) == pytest.approx(440, abs=3)
    assert peak_hz(sound[0, 52800:110400]) == pytest.approx(880, abs=3)
    assert np.sqrt((sound[0, 52800:110400] ** 2).mean()) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)


def test_cut_sound_is_silent_where_the_listed_clip_has_none(tmp_path, footage):
    comp = write_composition(tmp_path / "comp", FIRST_ACTIVE)
    cut = write_cut(footage, str(comp), audio=[{"clips": ["c3"]}, {"clips": ["c2"]}])
    export = cut_export(cut, tmp_path / "reel.mp4", size=SIZE)
    run_job(export.job, sound=export.sound)
    _, sound = decoded(tmp_path / "reel.mp4")
    assert np.abs(sound[:, 2400:45600]).max() < 0.01  # c3's source has no sound
    assert peak_hz(sound[0, 52800:100800]) == pytest.approx(880, abs=3)
    silent = write_cut(footage, str(comp), audio=[{"clips": ["c3"]}])
    export = cut_export(silent, tmp_path / "mute.mp4", size=SIZE)
    assert export.sound is None
    assert not run_job(export.job, sound=export.sound).audio


def test_a_negative_offset_starts_the_file_later(tmp_path, footage):
    """`--input 0=a.mp4@-1`: its first frame, silent, until 1 s; then the file from its start."""
    comp = write_composition(tmp_path / "comp", FIRST_ACTIVE)
    out = tmp_path / "late.mp4"
    assert vcs(["export", str(comp), "--input", f"0={footage / 'a.mp4'}@-1", "--out", str(out), "--size",
                "160x96", "--fps", "25", "--seconds", "2", "--progress", "none"]) == 0
    pictures, sound = decoded(out)
    levels = [int(p[SIZE[1] // 2, SIZE[0] // 2, 1]) for p in pictures]
    wanted = [frame_level(0)] * 25 + [frame_level(k) for k in range(25)]
    assert all(abs(a - b) <= 3 for a, b in zip(levels, wanted, strict=True)), levels
    assert np.abs(sound[:, 2400:45600]).max() < 0.01
    assert peak_hz(sound[0, 52800:91200]) == pytest.approx(440, abs=3)


def test_vcs_export_of_a_cut_on_the_baseline(tmp_path, footage, capsys):
    cut = write_cut(footage, None)
    out = tmp_path / "reel.mp4"
    assert vcs(["export", str(cut), "--out", str(out), "--size", "320x180", "--progress", "none"]) == 0
    assert "with sound" in capsys.readouterr().out
    with av.open(str(out)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert video.frames == 63 and float(video.average_rate) == 25
        assert float(audio.duration * audio.time_base) == pytest.approx(2.5, abs=0.05)


def test_cut_refusals_are_one_line(tmp_path, footage, capsys):
    cut = write_cut(footage, None)
    assert vcs(["export", str(cut), "--scenario", str(cut), "--out", str(tmp_path / "x.mp4")]) == 1
    assert "a cut file is its own scenario" in capsys.readouterr().err
    data = json.loads(cut.read_text())
    data["cut"]["events"][1]["clips"] = ["nope"]
    bad = tmp_path / "bad.vcscut.json"
    bad.write_text(json.dumps(data))
    assert vcs(["export", str(bad), "--out", str(tmp_path / "x.mp4")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}: cut.events[1].clips: no clip 'nope' (clips: c1, c2, c3)"]
    broken = tmp_path / "broken.mp4"
    broken.write_text("not a video")
    data = json.loads(cut.read_text())
    data["sources"][1]["path"] = str(broken)
    bad.write_text(json.dumps(data))
    assert vcs(["export", str(bad), "--out", str(tmp_path / "x.mp4")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}: sources[1].path: ") and "broken.mp4" in err[0]
    assert not (tmp_path / "x.mp4").exists()


# ---------------------------------------------------------------------- --transcript

SHOW_TRANSCRIPT = """
    export const compositionInterface = { params: [], standardSources: ['transcript'] };
    export default function C() {
      const { activeIds } = hooks.useActiveVideo();
      const latest = hooks.useStandardSources().transcript.latest;
      const last = latest[latest.length - 1];
      return <Box><Text>{activeIds.length + ' inputs; ' + (last ? last.senderDisplayName + ': ' + last.text : '-')}</Text></Box>;
    }
"""
VTT = "WEBVTT\n\n00:00.100 --> 00:00.200\n<v Ann>first\n\n00:00.300 --> 00:00.400\n<v Bob>second\n"


def rendered_texts(folder: Path, n: int) -> list[str]:
    """The frame's text, its wrapped lines joined again."""
    return ["".join(texts(json.loads((folder / f"vcs-output_{n}_fgdisplaylist.json").read_text())))]


def test_render_with_a_transcript_alone_and_over_a_scenario(tmp_path):
    comp = write_composition(tmp_path / "comp", SHOW_TRANSCRIPT)
    vtt = tmp_path / "t.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    out = tmp_path / "alone"
    assert vcs(["render", str(comp), "--transcript", str(vtt), "--out", str(out), "--emit", "fgdisplaylist",
                "--size", "320x180"]) == 0
    # Daily's default state (one input), every frame up to the blank at 0.4 s (frame 12).
    assert sorted(int(p.name.split("_")[1]) for p in out.iterdir()) == list(range(13))
    assert rendered_texts(out, 2) == ["1 inputs; -"]
    assert rendered_texts(out, 3) == ["1 inputs; Ann: first"]
    assert rendered_texts(out, 9) == ["1 inputs; Bob: second"]
    assert rendered_texts(out, 12) == ["1 inputs; : "]
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"initialState": {"activeVideoInputSlots": [True, True, True]},
                                    "outputFrames": [4]}))
    over = tmp_path / "over"
    assert vcs(["render", str(comp), "--scenario", str(scenario), "--transcript", str(vtt), "--out", str(over),
                "--emit", "fgdisplaylist", "--size", "320x180"]) == 0
    assert rendered_texts(over, 4) == ["3 inputs; Ann: first"]


def test_export_with_a_transcript_and_a_bad_one(tmp_path, capsys):
    comp = write_composition(tmp_path / "comp", SHOW_TRANSCRIPT)
    vtt = tmp_path / "t.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    out = tmp_path / "t.mp4"
    assert vcs(["export", str(comp), "--transcript", str(vtt), "--out", str(out), "--size", "320x180",
                "--progress", "none"]) == 0
    with av.open(str(out)) as container:
        assert container.streams.video[0].frames == 13
    bad = tmp_path / "bad.vtt"
    bad.write_text("WEBVTT\n\n00:00.100 --> soon\nx\n", encoding="utf-8")
    out.write_bytes(b"previous")
    assert vcs(["export", str(comp), "--transcript", str(bad), "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {bad}:3: 'soon' is not a timestamp; write hh:mm:ss.mmm or mm:ss.mmm, e.g. 00:01:02.500"]
    assert out.read_bytes() == b"previous"
