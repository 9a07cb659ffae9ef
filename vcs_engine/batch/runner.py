"""Where batch tasks run: the `Runner` protocol and the local process pool.

A runner only runs tasks; the batch (`batch.run`) decides what they are, retries them, joins
split jobs and records what is done. So the same batch runs on this machine's cores
(`LocalPoolRunner`) or on a Ray cluster (`RayRunner`, `batch.ray_runner`), and the studio's
export queue can hand its jobs to either.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from .tasks import Task, TaskOutcome, TaskProgress, run_task

Event = TaskProgress | TaskOutcome


class Runner(Protocol):
    """Runs `Task`s somewhere and tells what happens to them.

    `slots` is how many tasks run at once (the batch submits all; the runner queues the rest).
    `poll(timeout)` waits at most `timeout` seconds for something to happen and returns every
    progress report and finished task since the last call, each task finishing exactly once.
    `close()` stops what still runs (each job before its next frame, leaving no partial output)
    and frees the workers."""

    slots: int

    def submit(self, task: Task) -> None: ...

    def poll(self, timeout: float) -> list[Event]: ...

    def close(self) -> None: ...


def default_workers() -> int:
    """One worker per core this process may use: a job keeps about one core busy (the engine and
    the compositor in one thread, the encoder's frame threads filling gaps)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_reports: Any = None
"""The worker process's end of the progress queue (set by `_init_worker`)."""
_stop: Any = None
"""The pool's stop event: set when the batch is interrupted."""


def _init_worker(reports: Any, stop: Any) -> None:
    global _reports, _stop
    _reports, _stop = reports, stop
    # A stopped batch (SIGTERM to its process group, as a recording server does) must not leave
    # half-written parts: the job cleans up as on Ctrl-C.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _pool_task(task: Task) -> TaskOutcome:
    return run_task(task, _reports.put, _stop.is_set)


class LocalPoolRunner:
    """Tasks in a pool of `workers` processes on this machine (spawned, not forked: the parent
    may hold threads and open files that a fork would copy half-way)."""

    def __init__(self, workers: int | None = None) -> None:
        self.slots = workers or default_workers()
        self._context = multiprocessing.get_context("spawn")
        # Handed to the workers when they start (a multiprocessing queue cannot be a task argument).
        self._reports = self._context.Queue()
        self._stop = self._context.Event()
        self._finished: queue.Queue[TaskOutcome] = queue.Queue()
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.slots, mp_context=self._context, initializer=_init_worker,
                                                 initargs=(self._reports, self._stop))
        return self._executor

    def submit(self, task: Task) -> None:
        future = self._pool().submit(_pool_task, task)
        future.add_done_callback(self._done(task.key))

    def _done(self, key: str) -> Callable[[Future[TaskOutcome]], None]:
        def done(future: Future[TaskOutcome]) -> None:
            try:
                self._finished.put(future.result())
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in native code): that pool is
                # unusable; the next submit starts a new one.
                self._executor = None
                self._finished.put(TaskOutcome(key, error="the worker process died (killed or crashed)"))
            except BaseException as error:  # noqa: BLE001 - e.g. the task could not be pickled
                self._finished.put(TaskOutcome(key, error=f"could not run: {type(error).__name__}: {error}"))
        return done

    def poll(self, timeout: float) -> list[Event]:
        events: list[Event] = []
        try:
            events.append(self._finished.get(timeout=timeout))
        except queue.Empty:
            pass
        events[:0] = _drain(self._reports)  # progress first: a task's last report before its end
        events += _drain(self._finished)
        return events

    def close(self) -> None:
        self._stop.set()  # running jobs stop at their next frame; queued ones never start
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self._reports.close()


def _drain(source: Any) -> list[Any]:
    items = []
    while True:
        try:
            items.append(source.get_nowait())
        except (queue.Empty, EOFError, OSError):
            return items
