"""`JobProcess`: `run_job` in a process of its own, reporting through events.

Why: an export takes both cores for minutes; run in the studio's process it would compete with
the preview for the GIL and a crash in it would take the window along. A new interpreter (never
a fork: the studio has Qt and threads, which fork does not copy safely) runs the job; the caller
polls `events()` from its own loop (a Qt timer) and never blocks. Like the engine's child
(`engine_process`) it is a plain subprocess, `python -m vcs_engine.jobs.process`, with the job
pickled down a pipe: multiprocessing's spawn would re-import the caller's main script in the
child (a script without a `__main__` guard would run again; one read from stdin cannot start).

Cancelling asks the job to stop before its next frame (the target is then left as it was, see
`run_job`). A process that does not stop within `_STOP_WAIT_S` (stuck in native code) is killed:
the target is still untouched, but its hidden temporary (`.NAME.*.partial.*` beside it) may remain.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal

from ..errors import describe_failure
from ..export.progress import JobProgress, throttled
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
    """One job running in a child process. Poll `events()`; `cancel()` to stop it."""

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the child)
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "vcs_engine.jobs.process", str(down_r), str(up_w)], pass_fds=(down_r, up_w),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
            env={**os.environ, "PYTHONPATH": _PYTHONPATH})
        os.close(down_r)
        os.close(up_w)
        self._in = Connection(up_r, writable=False)
        self._out = Connection(down_w, readable=False)
        self._out.send(job)
        self._final: JobEvent | None = None
        self._cancel_at: float | None = None
        self._killed = False

    def events(self) -> list[JobEvent]:
        """The events since the last call (never blocks). A process that ended without saying
        why (killed, crashed) reports `failed`, or `cancelled` after a cancel."""
        found: list[JobEvent] = []
        try:
            while self._final is None and self._in.poll(0):
                event = self._in.recv()
                found.append(event)
                if event.final:
                    self._final = event
        except (EOFError, OSError):
            pass  # the child is gone; its exit is reported below
        if self._final is None and self._process.poll() is not None and not self._pending():
            self._final = (JobEvent("cancelled") if self._cancel_at is not None or self._killed
                           else JobEvent("failed", message=self._crash_message()))
            found.append(self._final)
        if self._final is None and self._cancel_at is not None and time.monotonic() > self._cancel_at:
            self._process.kill()  # stuck in native code: the next poll reports it cancelled
            self._killed = True
        return found

    def _pending(self) -> bool:
        try:
            return self._in.poll(0)
        except (EOFError, OSError):
            return False

    def _crash_message(self) -> str:
        self._stderr.seek(0)
        lines = [line.strip() for line in self._stderr.read().decode("utf-8", "replace").splitlines()
                 if line.strip() and "Fontconfig" not in line]
        why = f": {lines[-1][:300]}" if lines else ""
        return f"the export process ended unexpectedly (exit code {self._process.returncode}){why}"

    @property
    def finished(self) -> bool:
        return self._final is not None

    @property
    def cancelling(self) -> bool:
        """Asked to stop, not stopped yet."""
        return self._cancel_at is not None and self._final is None

    def cancel(self) -> None:
        """Ask the job to stop before its next frame (killed if it has not within a while)."""
        if self._final is None and self._cancel_at is None:
            self._cancel_at = time.monotonic() + _STOP_WAIT_S
            try:
                self._out.send("cancel")
            except OSError:
                pass  # already gone: the next poll says so

    def close(self) -> None:
        """End the process (cancelling a running job) and release the pipes."""
        if self._process.poll() is None:
            self.cancel()
            try:
                self._process.wait(_STOP_WAIT_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._in.close()
        self._out.close()
        self._stderr.close()


_PYTHONPATH = os.pathsep.join(
    [str(Path(__file__).resolve().parents[2]), *filter(None, [os.environ.get("PYTHONPATH")])])
"""The child imports this very engine, also when it runs from a checkout that is not installed."""


def _work(down: Connection, up: Connection) -> None:
    """The child: receive the job, run it, send progress (throttled) and the outcome; a
    "cancel" from the parent (or its end: the pipe closes) stops the job before its next frame."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C in the parent's terminal is the parent's
    job = down.recv()
    stop = threading.Event()

    def listen() -> None:
        try:
            down.recv()
        except (EOFError, OSError):
            pass
        stop.set()

    threading.Thread(target=listen, name="cancel-listener", daemon=True).start()
    progress = throttled(lambda p: up.send(JobEvent("progress", progress=p)), _PROGRESS_INTERVAL_S)

    try:
        result = run_job(job, progress=progress, cancel=stop.is_set)
    except JobCancelled:
        up.send(JobEvent("cancelled"))
    except Exception as error:  # noqa: BLE001 (every failure is one line for the queue)
        up.send(JobEvent("failed", message=describe_failure(error)))
    else:
        up.send(JobEvent("done", result=result))


if __name__ == "__main__":
    # Through the package: events must pickle as vcs_engine.jobs.process.JobEvent, not __main__'s.
    from vcs_engine.jobs.process import _work as work

    work(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
