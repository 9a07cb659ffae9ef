"""Batch rendering (vcs_engine/batch, `vcs batch`): the local pool and Ray, long jobs split and
joined, retries, resume. Jobs are small (160×96, a few frames) but run in real worker processes."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import write_composition

from vcs_engine.batch import LocalPoolRunner, read_batch, run_batch
from vcs_engine.batch.split import plan_ranges
from vcs_engine.cli import main as vcs
from vcs_engine.errors import InputError
from vcs_engine.jobs import ExportJob, InputSpec, run_job
from vcs_engine.media.testclip import write_test_clip

SIZE = (160, 96)
FRAMES_AND_TEXT = """
    export default function C() {
      hooks.useVideoTime();  // re-rendered every frame
      const renders = React.useRef(0);
      renders.current += 1;
      return <Box><Video src={0} style={{ frame: { x: 0, y: 0, w: 80, h: 96 } }} />
        <Text style={{ textColor: '#fff', fontSize: 30 }}>{'n ' + renders.current}</Text></Box>;
    }
"""
"""Input 0's frames on the left, and a count of renders: only a replay from frame 0 draws it right."""

FAILS_LATE = """
    export default function C() {
      const t = hooks.useVideoTime();
      if (t > 0.1) throw new Error('broken at ' + t.toFixed(2));
      return <Box />;
    }
"""


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clips") / "beeps.mp4"
    write_test_clip(path, seconds=3.0, size=(64, 48), tone_hz=880.0, amplitude=0.5, beep_every_s=0.5)
    return path


@pytest.fixture(scope="module")
def pool() -> LocalPoolRunner:
    runner = LocalPoolRunner(2)
    yield runner
    runner.close()


def comp(tmp_path: Path, source: str = FRAMES_AND_TEXT, name: str = "comp") -> str:
    return str(write_composition(tmp_path / name, source))


def frames_of(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def audio_of(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return np.concatenate([f.to_ndarray() for f in container.decode(audio=0)], axis=1)


def timestamps(path: Path) -> tuple[list[int], list[int]]:
    with av.open(str(path)) as container:
        packets = [p for p in container.demux(video=0) if p.dts is not None]
        return [p.dts for p in packets], sorted(p.pts for p in packets)


def write_jobs(folder: Path, jobs: list[dict], defaults: dict | None = None) -> Path:
    path = folder / "jobs.json"
    path.write_text(json.dumps({"defaults": defaults or {}, "jobs": jobs}), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the batch file


@pytest.mark.parametrize(("job", "says"), [
    ({"out": "a.mp4", "fps": "30"}, "jobs[1].fps must be a number of frames per second, not"),
    ({"out": "a.mp4", "fps": 1000}, "jobs[1].fps: --fps 1000"),
    ({"out": "a.mp4", "inputs": ["0=missing.mp4"]}, "jobs[1].inputs: --input 0="),
    ({"out": "a.mp4", "colour": 1}, "jobs[1]: unknown field 'colour'"),
    ({"out": "../a.mp4"}, "jobs[1].out: ../a.mp4 must be a name inside --out"),
    ({"out": "first.mp4"}, "jobs[1].out: first.mp4 is also the output of jobs[0]"),
    ({"out": "a.mp4", "composition": "nowhere:x"}, "jobs[1].composition: no composition at 'nowhere:x'"),
    ({"out": "a.mp4", "size": [161, 96]}, "jobs[1].size: --size 161x96: H.264 needs an even width"),
    ({"out": "a.mp4", "params": "nope.json"}, "jobs[1].params: params file not found"),
])
def test_every_job_is_checked_first_one_line_naming_file_and_field(tmp_path: Path, capsys, job, says) -> None:
    path = write_jobs(tmp_path, [{"out": "first.mp4"}, job], {"composition": comp(tmp_path), "seconds": 0.1})
    with pytest.raises(InputError, match=None) as raised:
        read_batch(path, tmp_path / "out")
    assert str(path) in str(raised.value) and says in str(raised.value), str(raised.value)
    # The command says it in one line, and writes nothing (not even the first, good job).
    assert vcs(["batch", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and says in err[0]
    assert not (tmp_path / "out").exists()


def test_paths_in_a_batch_file_are_relative_to_it(tmp_path: Path, clip: Path) -> None:
    (tmp_path / "clips").mkdir()
    (tmp_path / "clips" / "cam.mp4").write_bytes(clip.read_bytes())
    (tmp_path / "p.json").write_text('{"x": 1}', encoding="utf-8")
    write_composition(tmp_path / "c", FRAMES_AND_TEXT)
    path = write_jobs(tmp_path, [{"composition": "c", "out": "sub/a.mp4", "params": "p.json",
                                  "inputs": ["0=clips/cam.mp4@1", {"slot": 1, "file": "clips/cam.mp4"}]}])
    (job,) = read_batch(path, tmp_path / "out")
    assert job.composition == str(tmp_path / "c") and job.out == tmp_path / "out" / "sub" / "a.mp4"
    assert job.params == {"x": 1}
    cam = str(tmp_path / "clips/cam.mp4")
    assert job.inputs == (InputSpec(0, cam, 1.0), InputSpec(1, cam))


def test_plan_ranges() -> None:
    assert plan_ranges(0, 300, 30, None) == [(0, 300)]
    assert plan_ranges(0, 300, 30, 10) == [(0, 300)]
    assert plan_ranges(0, 1800, 30, 15) == [(0, 450), (450, 900), (900, 1350), (1350, 1800)]
    assert plan_ranges(10, 101, 30, 1) == [(10, 33), (33, 56), (56, 78), (78, 101)]


# ---------------------------------------------------------------- running


def test_local_pool_runs_jobs_in_parallel_processes(tmp_path: Path, pool: LocalPoolRunner, clip: Path) -> None:
    c = comp(tmp_path)
    out = tmp_path / "out"
    jobs = [ExportJob(c, out / f"j{i}.mp4", size=SIZE, end=n, inputs=(InputSpec(0, str(clip)),))
            for i, n in enumerate((5, 9, 12))]
    jobs.append(ExportJob(c, out / "pngs", format="png", size=SIZE, end=4))
    seen = []
    statuses = run_batch(jobs, pool, out, report=lambda s: seen.append((s.key, s.state)))
    assert [s.state for s in statuses] == ["done"] * 4
    for job, n in zip(jobs, (5, 9, 12)):
        assert len(frames_of(job.out)) == n
        assert audio_of(job.out).shape[1] == pytest.approx(n * 1600, abs=1024)  # AAC frames of 1024
    assert sorted(p.name for p in (out / "pngs").iterdir()) == [f"frame_{i:05d}.png" for i in range(4)]
    assert ("j0.mp4", "done") in seen and all(s.seconds > 0 for s in statuses)
    logs = {p.name: p.read_text() for p in (out / "logs").iterdir()}
    assert set(logs) == {"j0.mp4.log", "j1.mp4.log", "j2.mp4.log", "pngs.log"}
    pids = {line.split("[pid ")[1].split("]")[0] for text in logs.values() for line in text.splitlines()}
    assert os.getpid() not in {int(p) for p in pids} and len(pids) == 2  # two workers, not this process


def test_split_job_equals_one_process_render(tmp_path: Path, pool: LocalPoolRunner, clip: Path) -> None:
    """Lossless (crf 0) so the comparison is exact: same frames, same sound, timestamps rising,
    across cuts at frames 23, 46 and 68 — with input 0 silent from frame 20 to 50, over two cuts
    (its fade state crosses them)."""
    scenario = tmp_path / "scenario.json"
    slot = {"id": 0, "displayName": "A"}
    scenario.write_text(json.dumps({"durationInFrames": 91, "initialState": {"activeVideoInputSlots": [slot]},
                                    "events": [{"frame": 20, "state": {"activeVideoInputSlots": [False]}},
                                               {"frame": 50, "state": {"activeVideoInputSlots": [slot]}}]}),
                        encoding="utf-8")
    c = comp(tmp_path)
    job = ExportJob(c, tmp_path / "single.mp4", scenario=str(scenario), size=SIZE, crf=0,
                    inputs=(InputSpec(0, str(clip), 0.2),))
    single = run_job(job)
    out = tmp_path / "out"
    (status,) = run_batch([replace(job, out=out / "split.mp4")], pool, out, split_seconds=1.0)
    assert status.state == "done" and status.parts == 4 and status.frames == single.frames == 91
    a, b = frames_of(job.out), frames_of(out / "split.mp4")
    assert len(a) == len(b) == 91
    for n, (x, y) in enumerate(zip(a, b)):
        assert np.array_equal(x, y), f"frame {n} differs"
    assert np.array_equal(audio_of(job.out), audio_of(out / "split.mp4"))
    dts, pts = timestamps(out / "split.mp4")
    assert all(later > earlier for earlier, later in zip(dts, dts[1:]))
    assert pts == timestamps(job.out)[1]
    assert not (out / ".segments").exists()  # the parts are gone once joined


def test_split_at_default_quality_is_within_codec_tolerance_at_the_cuts(tmp_path: Path,
                                                                        pool: LocalPoolRunner) -> None:
    c = comp(tmp_path)
    job = ExportJob(c, tmp_path / "single.mp4", size=SIZE, end=60)
    run_job(job)
    out = tmp_path / "out"
    run_batch([ExportJob(c, out / "split.mp4", size=SIZE, end=60)], pool, out, split_seconds=1.0)
    a, b = frames_of(job.out), frames_of(out / "split.mp4")
    assert len(a) == len(b) == 60
    for n in (28, 29, 30, 31, 59):
        diff = np.abs(a[n].astype(int) - b[n].astype(int))
        assert diff.mean() < 1.0 and np.percentile(diff, 99) <= 12, f"frame {n}: {diff.mean():.2f}"


def test_a_failing_job_is_retried_once_and_does_not_stop_the_others(tmp_path: Path, pool: LocalPoolRunner,
                                                                     capsys) -> None:
    good, bad = comp(tmp_path), comp(tmp_path, FAILS_LATE, "bad")
    path = write_jobs(tmp_path, [{"composition": bad, "out": "bad.mp4"}, {"composition": good, "out": "good.mp4"}],
                      {"size": list(SIZE), "seconds": 0.5})
    out = tmp_path / "out"
    assert vcs(["batch", str(path), "--out", str(out), "--workers", "2", "--progress", "json"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    final = {line["job"]: line for line in lines if line.get("state") in ("done", "failed")}
    assert final["good.mp4"]["state"] == "done" and final["good.mp4"]["frame"] == 15
    assert final["bad.mp4"]["state"] == "failed" and final["bad.mp4"]["retried"]
    assert "index.jsx:" in final["bad.mp4"]["error"] and "broken at" in final["bad.mp4"]["error"]
    assert lines[-1] == {"done": True, "jobs": 2, "failed": 1, "skipped": 0}
    log = (out / "logs" / "bad.mp4.log").read_text()
    assert "start (attempt 1)" in log and "start (attempt 2)" in log and "FAILED" in log
    assert "start (attempt 2)" not in (out / "logs" / "good.mp4.log").read_text()
    assert not (out / "bad.mp4").exists() and len(frames_of(out / "good.mp4")) == 15


def test_a_rerun_skips_complete_outputs_and_redoes_changed_or_damaged_ones(tmp_path: Path,
                                                                           pool: LocalPoolRunner) -> None:
    c = comp(tmp_path)
    out = tmp_path / "out"
    jobs = [ExportJob(c, out / f"{name}.mp4", size=SIZE, end=6, params={"n": i}) for i, name in enumerate("abc")]
    assert [s.state for s in run_batch(jobs, pool, out)] == ["done"] * 3
    stamps = {j.out.name: j.out.stat().st_mtime_ns for j in jobs}
    again = run_batch(jobs, pool, out)
    assert [s.state for s in again] == ["skipped"] * 3 and [s.frames for s in again] == [6] * 3
    assert {j.out.name: j.out.stat().st_mtime_ns for j in jobs} == stamps
    jobs[1] = ExportJob(c, out / "b.mp4", size=SIZE, end=6, params={"n": 10})  # a param changed
    (out / "c.mp4").write_bytes((out / "c.mp4").read_bytes()[:-100])  # damaged since
    third = run_batch(jobs, pool, out)
    assert [s.state for s in third] == ["skipped", "done", "done"]
    assert len(frames_of(out / "c.mp4")) == 6


def test_an_interrupted_split_job_keeps_its_finished_parts(tmp_path: Path, pool: LocalPoolRunner) -> None:
    """A part recorded by an earlier run is not rendered again: the re-run submits only the rest."""
    c = comp(tmp_path)
    out = tmp_path / "out"
    job = ExportJob(c, out / "long.mp4", size=SIZE, end=60)
    submitted: list[str] = []

    class Recording:
        slots = 2

        def submit(self, task):
            submitted.append(task.key)
            pool.submit(task)

        def poll(self, timeout):
            return pool.poll(timeout)

    first = run_batch([job], Recording(), out, split_seconds=1.0)
    assert first[0].state == "done" and sorted(submitted) == ["long.mp4#0", "long.mp4#1"]
    # An interruption after part 0: its segment and record are there, the join never happened.
    from vcs_engine.batch import Manifest, range_job
    from vcs_engine.batch.manifest import job_hash
    part0 = range_job(job, (0, 30), out / ".segments", 0)
    run_job(part0)
    manifest = Manifest(out)
    manifest.forget("long.mp4")
    manifest.record("long.mp4#0", job_hash(part0, out), part0.out, frames=30, fps=30.0, audio=False,
                    actives=[[0, [0, 1, 2, 3]]])
    (out / "long.mp4").unlink()
    submitted.clear()
    second = run_batch([job], Recording(), out, split_seconds=1.0)
    assert second[0].state == "done" and submitted == ["long.mp4#1"]
    assert len(frames_of(out / "long.mp4")) == 60


# ---------------------------------------------------------------- Ray


def test_ray_missing_says_how_to_install(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    path = write_jobs(tmp_path, [{"out": "a.mp4"}], {"composition": comp(tmp_path), "seconds": 0.1})
    assert vcs(["batch", str(path), "--out", str(tmp_path / "out"), "--ray"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and 'pip install "vcs-studio[scale]"' in err[0]


def test_local_ray_runs_the_same_jobs(tmp_path: Path, clip: Path) -> None:
    pytest.importorskip("ray", reason="Ray is the optional [scale] extra (pip install -e \".[scale]\")")
    from vcs_engine.batch.ray_runner import RayRunner

    c = comp(tmp_path)
    out = tmp_path / "out"
    jobs = [ExportJob(c, out / "a.mp4", size=SIZE, end=8, inputs=(InputSpec(0, str(clip)),)),
            ExportJob(c, out / "b.mp4", size=SIZE, end=40)]
    runner = RayRunner(workers=2)
    try:
        assert runner.slots == 2
        statuses = run_batch(jobs, runner, out, split_seconds=0.5)
    finally:
        runner.close()
    assert [(s.state, s.frames, s.parts) for s in statuses] == [("done", 8, 1), ("done", 40, 3)]
    assert len(frames_of(out / "a.mp4")) == 8 and audio_of(out / "a.mp4").shape[1] > 0
    assert len(frames_of(out / "b.mp4")) == 40


# ---------------------------------------------------------------- what the user sees


def _statuses(tmp_path: Path) -> list:
    from vcs_engine.batch import JobStatus

    done = JobStatus(0, "a.mp4", ExportJob("x", tmp_path / "a.mp4"), tmp_path / "a.log", "done", 30, 30, began=1.0,
                     ended=3.0)
    failed = JobStatus(1, "b.mp4", ExportJob("x", tmp_path / "b.mp4"), tmp_path / "b.log", "failed", 0, None,
                       error="index.jsx:3: boom", retried=True, began=1.0, ended=2.0)
    running = JobStatus(2, "c.mp4", ExportJob("x", tmp_path / "c.mp4"), tmp_path / "c.log", "running", 10, 90,
                        fps=25.0, parts=3, began=1.0)
    return [done, failed, running]


@pytest.mark.parametrize("terminal", [False, True])
def test_progress_is_animated_only_on_a_terminal(tmp_path: Path, terminal: bool) -> None:
    import io

    from rich.console import Console

    from vcs_engine.batch.display import batch_display

    stream = io.StringIO()
    console = Console(file=stream, force_terminal=terminal, width=120)
    done, failed, running = _statuses(tmp_path)
    with batch_display("auto", 3, console=console) as show:
        for status in (running, done, failed):
            show(status)
    text = stream.getvalue()
    assert "a.mp4: 30 frames in 2.0 s" in text and "b.mp4: failed (after a retry): index.jsx:3: boom" in text
    assert ("\x1b[" in text) == terminal  # bars (cursor moves, colours) only on a terminal
    if not terminal:
        assert text.count("\n") == 2 and "c.mp4" not in text  # one plain line per finished job


def test_summary_table_lists_every_job(tmp_path: Path) -> None:
    import io

    from rich.console import Console

    from vcs_engine.batch.display import status_json, summary_table

    stream = io.StringIO()
    Console(file=stream, width=160).print(summary_table(_statuses(tmp_path)[:2]))
    rows = [line for line in stream.getvalue().splitlines() if "a.mp4" in line or "b.mp4" in line]
    assert len(rows) == 2
    assert all(cell in rows[0] for cell in ("30", "2.0", "15.0", "done", str(tmp_path / "a.mp4")))
    assert "failed" in rows[1] and "index.jsx:3: boom" in rows[1]
    line = json.loads(status_json(_statuses(tmp_path)[1]))
    assert line == {"job": "b.mp4", "state": "failed", "frame": 0, "total": None, "fps": 0.0, "parts": 1,
                    "retried": True, "error": "index.jsx:3: boom", "seconds": 1.0, "out": str(tmp_path / "b.mp4")}


def test_closing_the_pool_stops_running_jobs_without_leaving_output(tmp_path: Path) -> None:
    """What Ctrl-C in `vcs batch` does: each running job stops before its next frame and its
    output (written under a temporary name) is not left behind."""
    from vcs_engine.batch import Task

    runner = LocalPoolRunner(1)
    out = tmp_path / "out"
    out.mkdir()
    job = ExportJob(comp(tmp_path), out / "long.mp4", size=SIZE, end=3000)
    runner.submit(Task("long.mp4", "long.mp4", job, tmp_path / "long.log"))
    events: list = []
    while not any(getattr(e, "progress", None) for e in events):
        events += runner.poll(0.2)
    runner.close()
    assert list(out.iterdir()) == []
    assert "cancelled" in (tmp_path / "long.log").read_text()


def test_sigterm_stops_a_batch_without_partial_files_and_a_rerun_resumes(tmp_path: Path) -> None:
    """What a recording server does to stop `vcs batch`: SIGTERM to its process group. Nothing
    half-written stays; finished ranges are kept and the re-run renders only the others."""
    import signal
    import subprocess
    import time

    path = write_jobs(tmp_path, [{"out": "long.mp4", "end": 900}],
                      {"composition": comp(tmp_path), "size": list(SIZE)})
    out = tmp_path / "out"
    command = [sys.executable, "-m", "vcs_engine", "batch", str(path), "--out", str(out), "--workers", "2",
               "--split-seconds", "1", "--progress", "none"]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = out / "logs" / "long.mp4.log"
    deadline = time.monotonic() + 120
    while not (log.exists() and "done:" in log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGTERM)
    assert process.wait(60) == 130
    left = [p.name for p in (out / ".segments").iterdir()]
    assert left and not [name for name in left if "partial" in name]
    assert not (out / "long.mp4").exists()
    text = log.read_text()
    started, finished = text.count("start (attempt 1)"), text.count("done:")
    assert "stopped (the batch was interrupted)" in text and 1 <= finished < 30
    # A range counts as kept once the batch recorded it: one that logged "done" just as the
    # signal came may not be, and is rendered again (never one that was recorded).
    manifest = out / "batch-manifest.json"
    tasks = json.loads(manifest.read_text())["tasks"] if manifest.exists() else {}
    kept = sum(1 for key in tasks if key.startswith("long.mp4#"))
    assert kept <= finished
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert log.read_text().count("start (attempt 1)") - started == 30 - kept  # 30 ranges, none kept twice
    assert len(frames_of(out / "long.mp4")) == 900


def test_a_transcript_is_found_beside_the_batch_file_and_counts_for_resume(tmp_path: Path) -> None:
    """`transcript` is relative to the batch file like `scenario`, typed like it, and editing
    the file makes a re-run render the job again."""
    from vcs_engine.batch.manifest import job_hash
    from vcs_engine.batch.spec import read_batch

    vtt = tmp_path / "words.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:00.500\n<v Ada>hello\n", encoding="utf-8")
    path = write_jobs(tmp_path, [{"out": "a.mp4", "end": 3, "transcript": "words.vtt"}],
                      {"composition": comp(tmp_path), "size": list(SIZE)})
    out = tmp_path / "out"
    (job,) = read_batch(path, out)
    assert job.transcript == vtt
    before = job_hash(job, out)
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:00.500\n<v Ada>changed\n", encoding="utf-8")
    assert job_hash(job, out) != before
    bad = write_jobs(tmp_path, [{"out": "b.mp4", "transcript": 5}], {"composition": comp(tmp_path)})
    with pytest.raises(InputError, match=r"jobs\[0\]\.transcript must be a WebVTT file"):
        read_batch(bad, out)
