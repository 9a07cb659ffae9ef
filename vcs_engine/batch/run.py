"""`run_batch`: many export jobs on a `Runner` — long ones split and joined, each failed task
retried once, finished work recorded so a re-run resumes.

The batch runs in the caller's process and only decides: it plans each job (skip it when the
manifest says its output is complete; cut a long MP4 job into ranges), submits tasks, follows
their progress, retries a failed task once, joins a split job's segments when the last one is
done, and records every finished task. A job that fails twice is reported and the others go
on. Joining happens here (a stream copy and the sound, seconds for a long job), so segments
written on other machines must be on a file system this process sees.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import describe_failure
from ..jobs import ExportJob, job_extent
from .manifest import Manifest, job_hash
from .runner import Runner
from .split import ActiveChanges, join_segments, plan_ranges, range_job
from .tasks import Task, TaskOutcome, TaskProgress

log = logging.getLogger("vcs")

LOGS = "logs"
SEGMENTS = ".segments"
JobState = Literal["waiting", "running", "joining", "done", "skipped", "failed"]


@dataclass
class JobStatus:
    """One job of the batch as it stands (updated in place; `report` is told of each change)."""

    index: int
    key: str
    """The output's name inside the batch folder (unique in a batch)."""
    job: ExportJob
    log: Path
    state: JobState = "waiting"
    frames: int = 0
    total: int | None = None
    fps: float = 0.0
    """Frames per second now (all its running tasks together)."""
    parts: int = 1
    reused: int = 0
    """Frames of ranges an earlier, interrupted run had rendered (not rendered again)."""
    error: str | None = None
    retried: bool = False
    began: float | None = None
    ended: float | None = None

    @property
    def seconds(self) -> float:
        if self.began is None:
            return 0.0
        return (self.ended or time.monotonic()) - self.began

    @property
    def finished(self) -> bool:
        return self.state in ("done", "skipped", "failed")


@dataclass
class _Part:
    """A task of a job: the whole job or one of its ranges."""

    status: JobStatus
    task: Task
    inputs: str
    frames: int = 0
    fps: float = 0.0
    total: int | None = None
    outcome: TaskOutcome | None = None


@dataclass
class _Split:
    fps: float
    parts: list[_Part] = field(default_factory=list)


Report = Callable[[JobStatus], None]


def run_batch(jobs: Sequence[ExportJob], runner: Runner, out_dir: Path, *, split_seconds: float | None = None,
              retries: int = 1, report: Report | None = None) -> list[JobStatus]:
    """Run `jobs` (outputs inside `out_dir`, see `spec.read_batch`) on `runner`; returns each
    job's final status in the jobs' order. Never raises for a job's failure."""
    batch = _Batch(out_dir, runner, split_seconds, retries, report or (lambda s: None))
    return batch.run(jobs)


class _Batch:
    def __init__(self, out_dir: Path, runner: Runner, split_seconds: float | None, retries: int,
                 report: Report) -> None:
        self.out_dir = out_dir
        self.runner = runner
        self.split_seconds = split_seconds
        self.retries = retries
        self.report = report
        self.manifest = Manifest(out_dir)
        self.parts: dict[str, _Part] = {}
        self.splits: dict[str, _Split] = {}

    def run(self, jobs: Sequence[ExportJob]) -> list[JobStatus]:
        (self.out_dir / LOGS).mkdir(parents=True, exist_ok=True)
        for stale in (self.out_dir / SEGMENTS).glob(".*.partial.*"):  # of a batch that was killed
            stale.unlink(missing_ok=True)
        statuses = [self._status(i, job) for i, job in enumerate(jobs)]
        for status in statuses:
            self._plan(status)
            self.report(status)
        for part in self.parts.values():
            if part.outcome is None:
                self.runner.submit(part.task)
        while any(part.outcome is None for part in self.parts.values()):
            for event in self.runner.poll(0.2):
                if isinstance(event, TaskProgress):
                    self._progress(event)
                else:
                    self._finished(event)
        return statuses

    def _status(self, index: int, job: ExportJob) -> JobStatus:
        key = job.out.relative_to(self.out_dir).as_posix()
        return JobStatus(index, key, job, self.out_dir / LOGS / f"{key.replace('/', '_')}.log")

    # ------------------------------------------------------------------ planning

    def _plan(self, status: JobStatus) -> None:
        job = status.job
        try:
            inputs = job_hash(job, self.out_dir)
            entry = self.manifest.done(status.key, inputs, job.out)
            if entry is not None:
                status.state, status.frames, status.total = "skipped", entry["frames"], entry["frames"]
                return
            ranges = None
            if self.split_seconds is not None and job.kind == "mp4":
                fps, start, end = job_extent(job)
                ranges = plan_ranges(start, end, fps, self.split_seconds)
                status.total = end - start
        except Exception as error:  # noqa: BLE001 - a job that cannot be planned fails alone
            self._fail(status, describe_failure(error))
            return
        if ranges is None or len(ranges) == 1:
            self._add(status, Task(status.key, status.key, job, status.log), inputs)
            return
        split = self.splits[status.key] = _Split(fps)
        status.parts = len(ranges)
        folder = self.out_dir / SEGMENTS
        for k, frames in enumerate(ranges):
            segment = range_job(job, frames, folder, k)
            part = self._add(status, Task(f"{status.key}#{k}", status.key, segment, status.log),
                             job_hash(segment, self.out_dir))
            part.total = frames[1] - frames[0]
            split.parts.append(part)
            entry = self.manifest.done(part.task.key, part.inputs, segment.out)
            if entry is not None:  # rendered by an earlier, interrupted run
                part.frames = part.total
                status.reused += part.total
                part.outcome = TaskOutcome(part.task.key, entry["frames"], entry["fps"], 0.0, False,
                                           tuple((f, tuple(s)) for f, s in entry["actives"]))
        status.frames = sum(p.frames for p in split.parts)
        if all(p.outcome is not None for p in split.parts):
            self._join(status, split)

    def _add(self, status: JobStatus, task: Task, inputs: str) -> _Part:
        part = self.parts[task.key] = _Part(status, task, inputs)
        return part

    # ------------------------------------------------------------------ events

    def _progress(self, event: TaskProgress) -> None:
        part = self.parts.get(event.key)
        if part is None or part.outcome is not None:
            return  # a late report of a finished task
        status = part.status
        part.frames, part.fps, part.total = event.progress.frame, event.progress.fps, event.progress.total
        if status.state == "waiting":
            status.state, status.began = "running", time.monotonic()
        self._sum(status)
        self.report(status)

    def _sum(self, status: JobStatus) -> None:
        mine = [p for p in self.parts.values() if p.status is status]
        status.frames = sum(p.frames for p in mine)
        status.fps = sum(p.fps for p in mine if p.outcome is None)
        if all(p.total is not None for p in mine):
            status.total = sum(p.total or 0 for p in mine)

    def _finished(self, outcome: TaskOutcome) -> None:
        part = self.parts.get(outcome.key)
        if part is None or part.outcome is not None:
            return
        status = part.status
        # A task's own clock: a short task may end before any of its progress reports arrived.
        now = time.monotonic()
        status.began = min(status.began or now, now - outcome.seconds)
        if not outcome.ok:
            if part.task.attempt <= self.retries and status.state != "failed":
                log.warning("%s: %s; retrying", part.task.key, outcome.error)
                status.retried = True
                part.frames = 0
                part.task = Task(part.task.key, part.task.job_key, part.task.job, part.task.log,
                                 part.task.attempt + 1)
                self.runner.submit(part.task)
                self.report(status)
                return
            part.outcome = outcome
            self._fail(status, outcome.error or "failed")
            return
        part.outcome = outcome
        part.frames = part.total = outcome.frames
        facts = {"frames": outcome.frames, "fps": outcome.fps, "audio": outcome.audio}
        split = self.splits.get(status.key)
        if split is None:
            self.manifest.record(status.key, part.inputs, status.job.out, **facts)
            self._sum(status)
            self._done(status)
            return
        self.manifest.record(part.task.key, part.inputs, part.task.job.out, actives=outcome.actives, **facts)
        self._sum(status)
        if status.state != "failed" and all(p.outcome is not None and p.outcome.ok for p in split.parts):
            self._join(status, split)
        else:
            self.report(status)

    def _join(self, status: JobStatus, split: _Split) -> None:
        status.state = "joining"
        self.report(status)
        actives: ActiveChanges = tuple(change for p in split.parts if p.outcome for change in p.outcome.actives)
        segments = [p.task.job.out for p in split.parts]
        try:
            frames = join_segments(status.job, segments, actives, split.fps)
            self.manifest.record(status.key, job_hash(status.job, self.out_dir), status.job.out,
                                 frames=frames, fps=split.fps, audio=status.job.audio, parts=len(segments))
        except Exception as error:  # noqa: BLE001 - reported as the job's failure
            self._fail(status, f"joining its {len(segments)} parts: {describe_failure(error)}")
            return
        for part in split.parts:  # the job is recorded whole: its parts are no longer needed
            part.task.job.out.unlink(missing_ok=True)
            self.manifest.forget(part.task.key)
        segments_dir = self.out_dir / SEGMENTS
        if segments_dir.is_dir() and not any(segments_dir.iterdir()):
            shutil.rmtree(segments_dir, ignore_errors=True)
        status.frames = status.total = frames
        self._done(status)

    def _done(self, status: JobStatus) -> None:
        status.state, status.ended, status.fps = "done", time.monotonic(), 0.0
        self.report(status)

    def _fail(self, status: JobStatus, reason: str) -> None:
        status.state, status.error, status.ended = "failed", reason, time.monotonic()
        with open(status.log, "a", encoding="utf-8") as f:
            f.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {status.key} FAILED: {reason}\n")
        self.report(status)
