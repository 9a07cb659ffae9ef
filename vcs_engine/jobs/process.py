"""`JobProcess`: `run_job` in a process of its own, reporting through events.

Why: an export takes both cores for minutes; run in the studio's process it would compete with
the preview for the GIL and a crash in it would take the window along. A spawned process (not
forked: the studio has Qt and threads, which fork does not copy safely) runs the job; the
caller polls `events()` from its own loop (a Qt timer) and never blocks. Cancelling asks the
job to stop between two frames (the target is then left as it was, see `run_job`). A process
that does not stop within `_STOP_WAIT_S` (stuck in native code) is killed: the target is still
untouched, but its hidden temporary (`.NAME.*.partial.*` beside it) may remain.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import time
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import describe_failure
from ..export.progress import JobProgress
from .model import ExportJob
from .run import JobCancelled, JobResult, run_job

EventKind = Literal["progress", "done", "failed", "cancelled"]

_PROGRESS_INTERVAL_S = 0.1
"""Progress events at most this often: a display needs no more, and the queue stays short."""

_STOP_WAIT_S = 10.0
"""How long a cancelled job may take to reach its next frame before it is killed."""


@dataclass(frozen=True)
class JobEvent:
    """What a job process reports: `progress`, then one of `done` (with `result`), `failed`
    (with a one-line `message`) or `cancelled`."""

    kind: EventKind
    progress: JobProgress | None = None
    result: JobResult | None = None
    message: str = ""

    @property
    def final(self) -> bool:
        return self.kind != "progress"


class JobProcess:
    """One job running in a spawned process. Poll `events()`; `cancel()` to stop it."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        context = multiprocessing.get_context("spawn")
        self._events: Any = context.Queue()
        self._stop = context.Event()
        self._process = context.Process(target=_work, args=(job, self._events, self._stop),
                                        name=f"export {job.name}", daemon=True)
        self._process.start()
        self._final: JobEvent | None = None
        self._cancel_at: float | None = None

    def events(self) -> list[JobEvent]:
        """The events since the last call (never blocks). A process that ended without saying
        why (killed, crashed) reports `failed`, or `cancelled` after a cancel."""
        found: list[JobEvent] = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
            found.append(event)
            if event.final:
                self._final = event
        if self._final is None and not self._process.is_alive() and self._events.empty():
            code = self._process.exitcode
            self._final = (JobEvent("cancelled") if self._stop.is_set()
                           else JobEvent("failed", message=f"the export process ended unexpectedly (exit code {code})"))
            found.append(self._final)
        if self._final is None and self._cancel_at is not None and time.monotonic() > self._cancel_at:
            self._process.kill()  # stuck in native code: the next poll reports it cancelled
            self._cancel_at = None
        return found

    @property
    def finished(self) -> bool:
        return self._final is not None

    def cancel(self) -> None:
        """Ask the job to stop before its next frame (killed if it has not within a while)."""
        if self._final is None and not self._stop.is_set():
            self._stop.set()
            self._cancel_at = time.monotonic() + _STOP_WAIT_S

    def close(self) -> None:
        """End the process (cancelling a running job) and release the queue."""
        if self._process.is_alive():
            self._stop.set()
            self._process.join(_STOP_WAIT_S)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
        self._events.close()
        self._events.join_thread()


def _work(job: ExportJob, events: Any, stop: Any) -> None:
    """The child: run the job, send progress (throttled) and the outcome."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in the parent's terminal is the parent's
    last = 0.0

    def progress(p: JobProgress) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= _PROGRESS_INTERVAL_S or p.frame >= p.total:
            last = now
            events.put(JobEvent("progress", progress=p))

    try:
        result = run_job(job, progress=progress, cancel=stop.is_set)
    except JobCancelled:
        events.put(JobEvent("cancelled"))
    except Exception as error:  # noqa: BLE001 (every failure is one line for the queue)
        events.put(JobEvent("failed", message=describe_failure(error)))
    else:
        events.put(JobEvent("done", result=result))
    events.close()
    events.join_thread()
