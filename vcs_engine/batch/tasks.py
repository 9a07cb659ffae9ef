"""`Task`: one unit of batch work (a whole job, or one range of a split job) and `run_task`, the
function every runner executes in its worker — a process of the local pool or a Ray worker.

Tasks and what they send back are plain data, so they cross process and machine boundaries as
they are. A task never raises into its runner: a failure comes back as a `TaskOutcome` with its
one-line reason, and the full traceback goes to the job's log file. That keeps failures uniform
across runners (Ray wraps exceptions in its own types; a process pool would pickle them).
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import describe_failure
from ..export.progress import JobProgress, throttled
from ..jobs import ExportJob, run_job
from ..jobs.run import Cancel
from ..media.sources import InputId
from .split import ActiveChanges

REPORT_INTERVAL_S = 0.25
"""A worker reports its progress at most this often (and always its last frame): enough for a
live bar, few enough messages that a queue between processes never becomes the bottleneck."""


@dataclass(frozen=True)
class Task:
    """`job` to run as part of batch job `job_key`; `log` is that job's log file (appended)."""

    key: str
    job_key: str
    job: ExportJob
    log: Path
    attempt: int = 1


@dataclass(frozen=True)
class TaskProgress:
    key: str
    progress: JobProgress


@dataclass(frozen=True)
class TaskOutcome:
    """What a finished task reports: frames written and how fast, or why it failed."""

    key: str
    frames: int = 0
    fps: float = 0.0
    seconds: float = 0.0
    audio: bool = False
    actives: ActiveChanges = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Report = Callable[[TaskProgress], None]


def run_task(task: Task, report: Report, cancel: Cancel | None = None) -> TaskOutcome:
    """Run `task.job`, logging to `task.log` and reporting progress; never raises an Exception
    (KeyboardInterrupt and other BaseExceptions do pass: the batch is being stopped). `cancel`
    stops the job before its next frame (nothing is left at its output)."""
    log = logging.getLogger("vcs")
    handler = logging.FileHandler(task.log, encoding="utf-8")
    handler.setFormatter(logging.Formatter(f"%(asctime)s {task.key} [pid {os.getpid()}] %(levelname)s: %(message)s"))
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    changes: list[tuple[int, tuple[InputId, ...]]] = []
    progress = throttled(lambda p: report(TaskProgress(task.key, p)), REPORT_INTERVAL_S)

    def on_frame(index: int, active: frozenset[InputId]) -> None:
        slots = tuple(sorted(active, key=str))
        if not changes or changes[-1][1] != slots:
            changes.append((index, slots))

    try:
        log.info("start (attempt %d): %s → %s", task.attempt, task.job.composition, task.job.out)
        result = run_job(task.job, progress=progress, cancel=cancel, on_frame=on_frame)
        log.info("done: %d frames in %.1f s (%.1f fps)", result.frames, result.seconds,
                 result.frames / result.seconds if result.seconds else 0.0)
        return TaskOutcome(task.key, result.frames, result.fps, result.seconds, result.audio, tuple(changes))
    except Exception as error:  # reported, not raised: see the module docstring
        reason = describe_failure(error)
        log.error("failed (attempt %d): %s\n%s", task.attempt, reason, traceback.format_exc())
        return TaskOutcome(task.key, error=reason)
    except BaseException:
        log.warning("stopped (the batch was interrupted); nothing was written")
        raise
    finally:
        log.removeHandler(handler)
        handler.close()
