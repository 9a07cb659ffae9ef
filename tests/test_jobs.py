"""Export jobs (vcs_engine/jobs): inputs per slot, sound, HLS, ranges, progress, never losing a file.

Footage is generated with PyAV (`media.testclip`): each video frame's grey level says its index
and the tone (or beep) is known, so picture/sound sync and levels are measured, not assumed.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import write_composition
from PIL import Image

from vcs_engine.cli import main as vcs
from vcs_engine.errors import CompositionError, InputError
from vcs_engine.jobs import ExportJob, InputSpec, JobCancelled, merge_inputs, parse_input, run_job, sound_tracks
from vcs_engine.media.testclip import frame_level, write_test_clip

FULL_FRAME = "export default function C() { return <Video src={0} />; }"
"""Input 0 over the whole output: its centre pixel is the clip's frame."""

COUNTER = """
    export default function C() {
      hooks.useVideoTime();  // re-rendered every frame
      const renders = React.useRef(0);
      renders.current += 1;
      return <Text style={{ textColor: '#fff', fontSize: 40 }}>{'renders ' + renders.current}</Text>;
    }
"""
"""Its pixels depend on every frame before: only a replay from frame 0 gets frame k right."""

SIZE = (160, 96)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("clips")
    made = {
        "tone": dict(seconds=3.0, tone_hz=440.0, amplitude=0.4),
        "quiet": dict(seconds=3.0, tone_hz=660.0, amplitude=0.2, audio_rate=44100),
        "silent": dict(seconds=3.0, tone_hz=None),
        "beeps": dict(seconds=4.0, tone_hz=1000.0, amplitude=0.5, beep_every_s=1.0),
    }
    paths = {}
    for name, options in made.items():
        paths[name] = folder / f"{name}.mp4"
        write_test_clip(paths[name], size=(64, 48), **options)
    return paths


def composition(tmp_path: Path, source: str = FULL_FRAME) -> str:
    return str(write_composition(tmp_path / "comp", source))


def decoded_audio(path: Path) -> tuple[np.ndarray, float]:
    """(samples (channels, n), start time in seconds) of the first audio stream."""
    with av.open(str(path)) as container:
        frames = list(container.decode(audio=0))
        return np.concatenate([f.to_ndarray() for f in frames], axis=1), float(frames[0].time or 0.0)


def video_frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


# ---------------------------------------------------------------- the job as data


def test_parse_input_forms() -> None:
    assert parse_input("0=cam.mp4") == InputSpec(0, "cam.mp4")
    assert parse_input("2=cam.mp4@12.5") == InputSpec(2, "cam.mp4", 12.5)
    assert parse_input("screen=slide.png") == InputSpec("screen", "slide.png")
    assert parse_input("1=synthetic") == InputSpec(1)
    assert parse_input("1=screen") == InputSpec(1, look="screen") and parse_input("4=none").look == "none"
    for bad, says in (("cam.mp4", "expected SLOT=FILE"), ("=cam.mp4", "expected SLOT=FILE"),
                      ("0=cam.mp4@soon", "'soon' after @ is not a number")):
        with pytest.raises(InputError, match=says):
            parse_input(bad)
    assert merge_inputs(["a.mp4", "b.mp4"], [InputSpec(1, "c.mp4", 2.0), InputSpec(3)]) == (
        InputSpec(0, "a.mp4"), InputSpec(1, "c.mp4", 2.0), InputSpec(3))


def test_a_job_pickles_and_round_trips_through_json(tmp_path: Path, clips: dict[str, Path]) -> None:
    job = ExportJob("daily:baseline", tmp_path / "o.mp4", params={"mode": "grid"}, size=(640, 360), fps=25,
                    inputs=(InputSpec(0, str(clips["tone"]), 1.5), InputSpec(1)), start=10, end=40)
    assert pickle.loads(pickle.dumps(job)) == job
    data = json.loads(json.dumps(job.to_dict()))
    assert ExportJob.from_dict(data) == job
    assert job.with_range(40, 80).start == 40 and job.with_range(40, 80).inputs == job.inputs
    with pytest.raises(InputError, match="job: unknown field 'colour'"):
        ExportJob.from_dict({**data, "colour": 1})


@pytest.mark.parametrize(("changes", "says"), [
    ({"inputs": (InputSpec(0, "missing.mp4"),)}, "--input 0=missing.mp4: footage file not found"),
    ({"inputs": (InputSpec(0, "TONE", float("nan")),)}, "the offset must be a number of seconds"),
    ({"inputs": (InputSpec(1, "TONE"), InputSpec(1))}, "slot 1 is given twice"),
    ({"start": 30, "end": 10}, "the end must come after the start"),
    ({"size": (101, 50)}, "H.264 needs an even width"),
    ({"format": "hls", "segment_seconds": 0.0}, "--segment-seconds 0"),
    ({"crf": 99}, "--crf"),
])
def test_bad_jobs_are_one_line_before_anything_is_written(tmp_path: Path, clips: dict[str, Path],
                                                         changes: dict, says: str) -> None:
    if "inputs" in changes:
        changes["inputs"] = tuple(InputSpec(s.slot, str(clips["tone"]) if s.file == "TONE" else s.file, s.offset_s)
                                  for s in changes["inputs"])
    job = ExportJob(composition(tmp_path), tmp_path / "out.mp4", **changes)
    with pytest.raises(InputError, match=says) as error:
        run_job(job)
    assert "\n" not in str(error.value)
    assert not (tmp_path / "out.mp4").exists()


def test_cli_input_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    comp = composition(tmp_path)
    assert vcs(["export", comp, "--out", str(tmp_path / "o.mp4"), "--input", "0=nothing.mp4@3"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: --input 0=nothing.mp4@3: footage file not found: 'nothing.mp4'"]
    assert list(tmp_path.glob("o*")) == []


# ---------------------------------------------------------------- sound


def test_mp4_carries_the_mix_of_the_inputs_sound(tmp_path: Path, clips: dict[str, Path]) -> None:
    out = tmp_path / "mix.mp4"
    job = ExportJob(composition(tmp_path), out, size=SIZE, seconds=2.0,
                    inputs=(InputSpec(0, str(clips["tone"])), InputSpec(1, str(clips["quiet"])),
                            InputSpec(2, str(clips["silent"]))))
    result = run_job(job)
    assert result.audio and result.frames == 60
    with av.open(str(out)) as container:
        audio = container.streams.audio[0]
        assert audio.codec_context.name == "aac" and audio.rate == 48000 and audio.channels == 2
        video = container.streams.video[0]
        assert abs(float(audio.duration * audio.time_base) - float(video.duration * video.time_base)) <= 1 / 30
    samples, _ = decoded_audio(out)
    # Two sines, 0.4 and 0.2 (44.1 kHz, resampled), on both channels: RMS √(0.4²/2 + 0.2²/2) ≈ 0.316.
    middle = samples[:, 24000:72000]
    assert np.sqrt((middle ** 2).mean()) == pytest.approx(np.sqrt(0.4 ** 2 / 2 + 0.2 ** 2 / 2), rel=0.05)
    spectrum = np.abs(np.fft.rfft(middle[0]))
    peaks = sorted(np.argsort(spectrum)[-2:] * 48000 / middle.shape[1])
    assert peaks == pytest.approx([440, 660], abs=2)


def test_no_audio_stream_without_sound(tmp_path: Path, clips: dict[str, Path]) -> None:
    out = tmp_path / "quiet.mp4"
    result = run_job(ExportJob(composition(tmp_path), out, size=SIZE, seconds=0.5,
                               inputs=(InputSpec(0, str(clips["silent"])), InputSpec(1))))
    assert not result.audio
    with av.open(str(out)) as container:
        assert not container.streams.audio and container.streams.video[0].frames == 15


def test_sound_follows_the_picture_within_a_frame_with_offset_and_range(tmp_path: Path,
                                                                       clips: dict[str, Path]) -> None:
    """A beep on every 30th clip frame; input 0 starts 0.5 s into the clip; frames 10 … 89.
    Output frame k is composition frame 10+k and shows clip frame 25+k: beeps at k = 5, 35, 65."""
    out = tmp_path / "sync.mp4"
    run_job(ExportJob(composition(tmp_path), out, size=SIZE, start=10, end=90,
                      inputs=(InputSpec(0, str(clips["beeps"]), 0.5),)))
    pictures = video_frames(out)
    assert len(pictures) == 80
    levels = [int(p[SIZE[1] // 2, SIZE[0] // 2, 1]) for p in pictures]
    assert all(abs(level - frame_level(25 + k)) <= 3 for k, level in enumerate(levels)), levels
    samples, start = decoded_audio(out)
    energy = samples[0] ** 2
    per_frame = np.array([energy[round((k / 30 - start) * 48000):round(((k + 1) / 30 - start) * 48000)].sum()
                          for k in range(80)])
    loud = [k for k in range(80) if per_frame[k] > per_frame.max() * 0.3]
    beeping = [k for k in range(80) if (25 + k) % 30 == 0]
    assert beeping == [5, 35, 65]
    for k in beeping:  # each beep is where its picture is, give or take one frame
        assert any(abs(k - j) <= 1 for j in loud)
    assert all(any(abs(k - j) <= 1 for k in beeping) for j in loud)


def test_a_looped_clip_keeps_its_sound(tmp_path: Path, clips: dict[str, Path]) -> None:
    """Footage loops (its picture does): so does its sound, from the clip's start again."""
    out = tmp_path / "loop.mp4"
    run_job(ExportJob(composition(tmp_path), out, size=SIZE, seconds=4.0, inputs=(InputSpec(0, str(clips["tone"])),)))
    samples, _ = decoded_audio(out)
    assert samples.shape[1] >= 4 * 48000
    second_loop = samples[:, round(3.2 * 48000):round(3.8 * 48000)]
    assert np.sqrt((second_loop ** 2).mean()) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)
    pictures = video_frames(out)
    assert abs(int(pictures[100][SIZE[1] // 2, SIZE[0] // 2, 1]) - frame_level(10)) <= 3  # 3.33 s = clip frame 10


def test_sound_that_starts_late_is_silence_until_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose audio starts 1 s after its video: silence, then the tone at 1 s, read in
    one pass (the silent gap must not make the reader seek again for every frame)."""
    from vcs_engine.media.audio import AudioTrack

    clip = tmp_path / "late.mp4"
    write_test_clip(clip, seconds=3.0, size=(64, 48), amplitude=0.4, sound_from_s=1.0)
    seeks: list[int] = []
    original = AudioTrack._seek
    monkeypatch.setattr(AudioTrack, "_seek", lambda self, local: (seeks.append(local), original(self, local))[1])
    with AudioTrack(clip) as track:
        chunks = [track.read(n * 1600, 1600) for n in range(75)]  # 2.5 s in video frames
    level = [float(np.sqrt((chunk ** 2).mean())) for chunk in chunks]
    assert max(level[:29]) < 0.01 and min(level[31:]) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)
    assert seeks == [0]


def test_inactive_inputs_are_not_heard(tmp_path: Path, clips: dict[str, Path]) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({
        "durationInFrames": 60, "initialState": {"activeVideoInputSlots": [{"id": 0}]},
        "events": [{"frame": 30, "state": {"activeVideoInputSlots": [False]}}]}))
    out = tmp_path / "gate.mp4"
    run_job(ExportJob(composition(tmp_path), out, scenario=str(scenario), size=SIZE,
                      inputs=(InputSpec(0, str(clips["tone"])),)))
    samples, _ = decoded_audio(out)
    assert np.sqrt((samples[:, 4800:43200] ** 2).mean()) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)
    assert np.abs(samples[:, 50400:91200]).max() < 0.01


def test_an_audio_only_input_is_heard_without_a_video_slot(tmp_path: Path, clips: dict[str, Path]) -> None:
    """An audio-only participant (the studio's row without a camera) has no slot to be active
    in: its sound is heard for the whole job; the JSON form keeps the flag."""
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"durationInFrames": 45, "initialState": {"activeVideoInputSlots": []}}))
    job = ExportJob(composition(tmp_path), tmp_path / "voice.mp4", scenario=str(scenario), size=SIZE,
                    inputs=(InputSpec(7, str(clips["tone"]), audio_only=True),))
    assert ExportJob.from_dict(json.loads(json.dumps(job.to_dict()))).inputs == job.inputs
    run_job(job)
    samples, _ = decoded_audio(job.out)
    assert np.sqrt((samples[:, 4800:67200] ** 2).mean()) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)
    silent = replace(job, out=tmp_path / "muted.mp4", inputs=(InputSpec(7, str(clips["tone"])),))
    run_job(silent)  # the same file as a video input with no slot: not heard
    samples, _ = decoded_audio(silent.out)
    assert np.abs(samples).max() < 0.01


def test_sound_tracks_is_the_one_place_that_says_whether_a_job_has_sound(tmp_path: Path,
                                                                       clips: dict[str, Path]) -> None:
    """`audio: false` and PNG sequences have no sound wherever it is asked (a split batch job's
    join asks `sound_tracks` too)."""
    job = ExportJob(composition(tmp_path), tmp_path / "a.mp4", inputs=(InputSpec(0, str(clips["tone"])),))
    assert [track[0] for track in sound_tracks(job)] == [0]
    assert sound_tracks(replace(job, audio=False)) == []
    assert sound_tracks(replace(job, out=tmp_path / "frames", format="png")) == []


def test_an_audio_only_input_may_be_a_sound_file(tmp_path: Path) -> None:
    """A participant without a camera may come as a WAV file: checked for sound, not for a
    picture; a file without sound is one line."""
    wav = tmp_path / "voice.wav"
    with av.open(str(wav), "w") as container:
        stream = container.add_stream("pcm_s16le", rate=48000, layout="mono")
        tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(4800) / 48000) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(tone.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    InputSpec(3, str(wav), audio_only=True).check()
    still = tmp_path / "still.png"
    Image.new("RGB", (8, 8)).save(still)
    with pytest.raises(InputError, match="needs a file with sound"):
        InputSpec(3, str(still), audio_only=True).check()


# ---------------------------------------------------------------- HLS, PNG, ranges


def test_hls_segments_decode_to_every_frame(tmp_path: Path, clips: dict[str, Path]) -> None:
    out = tmp_path / "stream"
    result = run_job(ExportJob(composition(tmp_path), out, format="hls", size=SIZE, seconds=2.5,
                               segment_seconds=1.0, inputs=(InputSpec(0, str(clips["tone"])),)))
    assert result.playlist == out / "index.m3u8" and result.audio
    playlist = result.playlist.read_text()
    segments = [line for line in playlist.splitlines() if line.endswith(".ts")]
    assert len(segments) == 3 and "#EXT-X-ENDLIST" in playlist
    assert sorted(p.name for p in out.iterdir()) == ["index.m3u8", *segments]
    with av.open(str(result.playlist)) as container:
        video_times = [frame.time for frame in container.decode(video=0)]
    assert len(video_times) == 75
    samples, audio_start = decoded_audio(result.playlist)
    # MPEG-TS keeps AAC's priming frame (MP4 trims it with an edit list): the sound starts with
    # the picture, and ends with it within a frame.
    assert audio_start <= video_times[0] <= audio_start + 1024 / 48000
    audio_end = audio_start + samples.shape[1] / 48000
    assert audio_end - video_times[0] == pytest.approx(2.5, abs=1 / 30)
    assert np.sqrt((samples[:, 4800:100000] ** 2).mean()) == pytest.approx(0.4 / np.sqrt(2), rel=0.05)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_range_starts_from_the_exact_state_at_its_first_frame(tmp_path: Path) -> None:
    comp = composition(tmp_path, COUNTER)
    run_job(ExportJob(comp, tmp_path / "whole", format="png", size=SIZE, end=16))
    run_job(ExportJob(comp, tmp_path / "part", format="png", size=SIZE, start=10, end=16))

    def pixels(folder: str, n: int) -> np.ndarray:
        with Image.open(tmp_path / folder / f"frame_{n:05d}.png") as image:
            return np.asarray(image)

    assert sorted(p.name for p in (tmp_path / "part").iterdir()) == [f"frame_{n:05d}.png" for n in range(10, 16)]
    assert not np.array_equal(pixels("whole", 0), pixels("whole", 10))  # the state shows
    for n in range(10, 16):
        assert np.array_equal(pixels("part", n), pixels("whole", n))


# ---------------------------------------------------------------- never lose a file


def test_a_cancelled_export_leaves_the_previous_file(tmp_path: Path) -> None:
    comp = composition(tmp_path)
    out = tmp_path / "keep.mp4"
    run_job(ExportJob(comp, out, size=SIZE, seconds=0.2))
    before = out.read_bytes()
    asked = []

    def cancel() -> bool:
        asked.append(True)
        return len(asked) > 5

    with pytest.raises(JobCancelled):
        run_job(ExportJob(comp, out, size=SIZE, seconds=2.0), cancel=cancel)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comp", "keep.mp4"]


@pytest.mark.parametrize("fmt", ["mp4", "hls"])
def test_a_composition_failing_at_frame_k_leaves_the_previous_output(tmp_path: Path, fmt: str) -> None:
    comp = composition(tmp_path, """
        export default function C() {
          if (hooks.useVideoTime() > 0.2) throw new Error('fails at frame 7');
          return <Video src={0} />;
        }
    """)
    out = tmp_path / ("out.mp4" if fmt == "mp4" else "out")
    run_job(ExportJob(comp, out, format=fmt, size=SIZE, seconds=0.2))
    before = out.read_bytes() if fmt == "mp4" else {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(CompositionError, match="fails at frame 7"):
        run_job(ExportJob(comp, out, format=fmt, size=SIZE, seconds=1.0))
    after = out.read_bytes() if fmt == "mp4" else {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["comp", out.name])


# ---------------------------------------------------------------- progress


def test_progress_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    comp = composition(tmp_path)
    assert vcs(["export", comp, "--out", str(tmp_path / "p.mp4"), "--size", "160x96", "--seconds", "1",
                "--progress", "json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    updates, done = lines[:-1], lines[-1]
    assert updates and all(set(u) == {"frame", "total", "fps", "eta_s"} for u in updates)
    assert [u["total"] for u in updates] == [30] * len(updates) and updates[-1]["frame"] == 30
    assert [u["frame"] for u in updates] == sorted(u["frame"] for u in updates)
    assert updates[-1]["eta_s"] == 0 and updates[-1]["fps"] > 0
    assert done == {"done": True, "frames": 30, "out": str(tmp_path / "p.mp4"), "audio": False,
                    "seconds": done["seconds"]}


def test_progress_is_silent_when_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vcs(["export", composition(tmp_path), "--out", str(tmp_path / "q.mp4"), "--size", "160x96",
                "--seconds", "0.5"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote 15 frames (no sound) to {tmp_path / 'q.mp4'}\n"
    assert captured.err == ""


# ---------------------------------------------------------------- layering


def _imports(path: Path) -> set[str]:
    """Modules a file imports (absolute names; relative ones resolved against its package)."""
    import ast

    root = Path(__file__).resolve().parent.parent
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            name = ".".join(part for part in (base, node.module or "") if part)
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def test_only_the_cli_imports_commands() -> None:
    """The studio and the engine reach rendering through vcs_engine.jobs, never the CLI's
    command modules (which parse arguments and print)."""
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("studio/**/*.py"), *(p for p in root.glob("vcs_engine/**/*.py")
                                             if "commands" not in p.parts and p.name != "cli.py")]
    offenders = [str(p.relative_to(root)) for p in files
                 if any(name.startswith("vcs_engine.commands") for name in _imports(p))]
    assert files and offenders == []
    assert "vcs_engine.commands.job_options.job_from_args" in _imports(root / "vcs_engine/commands/export.py")


def test_progress_meter_and_terminal_bar() -> None:
    """The rate is measured over the last seconds; on a terminal the bar shows fps and time left."""
    import io

    from rich.console import Console

    from vcs_engine.export.progress import JobProgress, ProgressMeter, progress_display

    clock = iter([0.0, 1.0, 2.0, 10.0])
    seen: list[JobProgress] = []
    meter = ProgressMeter(100, seen.append, clock=lambda: next(clock))
    meter(10)  # 10 frames in 1 s
    meter(20)
    meter(60)  # 40 frames in the last 8 s: the first second is out of the window
    assert [round(p.fps, 1) for p in seen] == [10.0, 10.0, 5.0]
    assert seen[-1] == JobProgress(60, 100, 5.0, 8.0)

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=120)
    with progress_display("auto", "export clip.mp4", console=terminal) as show:
        show(JobProgress(60, 100, 25.0, 61.0))
    text = screen.getvalue()
    assert "export clip.mp4" in text and "60/100" in text and "25.0 fps" in text and "0:01:01 left" in text
    piped = io.StringIO()
    with progress_display("auto", "x", console=Console(file=piped, force_terminal=False)) as show:
        show(JobProgress(1, 2, 1.0, 1.0))
    assert piped.getvalue() == ""


@pytest.mark.parametrize("fmt", ["mp4", "hls"])
def test_ctrl_c_mid_export_keeps_the_previous_output(tmp_path: Path, fmt: str) -> None:
    """A real SIGINT to a running `vcs export` (as from a terminal): status 130, "cancelled", and
    the output of the previous run as it was, with no temporary left behind."""
    import signal
    import subprocess
    import sys

    comp = composition(tmp_path)
    out = tmp_path / ("clip.mp4" if fmt == "mp4" else "clip")
    command = [sys.executable, "-m", "vcs_engine", "export", comp, "--out", str(out), "--format", fmt,
               "--size", "160x96", "--progress", "json"]
    subprocess.run([*command, "--seconds", "0.3"], check=True, capture_output=True)
    before = out.read_bytes() if fmt == "mp4" else {p.name: p.read_bytes() for p in out.iterdir()}
    process = subprocess.Popen([*command, "--seconds", "600"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        first = json.loads(process.stdout.readline())  # the export is under way
        assert first["total"] == 18000
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130 and err.strip().endswith("cancelled")
    after = out.read_bytes() if fmt == "mp4" else {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["comp", out.name])


# ---------------------------------------------------------------- in a process of its own


def _events_until_final(process, timeout: float = 120.0) -> list:
    import time

    events, deadline = [], time.monotonic() + timeout
    while not process.finished and time.monotonic() < deadline:
        events += process.events()
        time.sleep(0.05)
    return events


def test_a_job_process_reports_progress_and_its_result(tmp_path: Path) -> None:
    from vcs_engine.jobs import JobProcess

    out = tmp_path / "p.mp4"
    process = JobProcess(ExportJob(composition(tmp_path), out, size=SIZE, seconds=1.0))
    try:
        events = _events_until_final(process)
    finally:
        process.close()
    kinds = [e.kind for e in events]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"progress"}
    assert events[-2].progress.frame == 30 and events[-1].result.frames == 30
    assert len(video_frames(out)) == 30


def test_a_job_process_cancels_and_reports_failures(tmp_path: Path) -> None:
    from vcs_engine.jobs import JobProcess

    out = tmp_path / "c.mp4"
    out.write_bytes(b"previous export")
    process = JobProcess(ExportJob(composition(tmp_path), out, size=SIZE, seconds=300.0))
    try:
        import time

        deadline = time.monotonic() + 60
        while not any(e.kind == "progress" for e in process.events()) and time.monotonic() < deadline:
            time.sleep(0.05)
        process.cancel()
        events = _events_until_final(process)
    finally:
        process.close()
    assert events[-1].kind == "cancelled"
    assert out.read_bytes() == b"previous export" and sorted(p.name for p in tmp_path.iterdir()) == ["c.mp4", "comp"]

    failing = JobProcess(ExportJob(str(tmp_path / "nowhere"), tmp_path / "f.mp4"))
    try:
        events = _events_until_final(failing)
    finally:
        failing.close()
    assert [e.kind for e in events] == ["failed"] and "no composition at" in events[0].message


def test_cli_frames_and_input_options(tmp_path: Path, clips: dict[str, Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    comp = composition(tmp_path)
    out = tmp_path / "pngs"
    assert vcs(["export", comp, "--out", str(out), "--size", "160x96", "--frames", "45:50",
                "--inputs", str(clips["silent"]), "--input", f"0={clips['beeps']}@1"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"frame_{n:05d}.png" for n in range(45, 50)]
    with Image.open(out / names[0]) as image:  # frame 45 + 1 s offset = clip frame 75
        assert abs(int(np.asarray(image)[48, 80, 1]) - frame_level(75)) <= 3
    with pytest.raises(SystemExit) as usage:
        vcs(["export", comp, "--out", str(out), "--frames", "5-10"])
    assert usage.value.code == 2 and "START:END" in capsys.readouterr().err
