"""`RayRunner`: batch tasks as Ray tasks, on this machine or an existing Ray cluster.

Why Ray: past one machine the work must go to a distributed engine people already run, not to
something home-made. Ray is an optional extra (`pip install -e ".[scale]"`): imported only here.

Every node must have this package installed and see the batch's files at the same paths (the
compositions, the inputs and `--out`: a shared file system), as it would for any file-based job.
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import VcsError
from .runner import Event
from .tasks import Task, TaskOutcome, TaskProgress, run_task

INSTALL_HINT = 'vcs batch --ray needs Ray: pip install "vcs-studio[scale]" (from a checkout: pip install -e ".[scale]")'


class RayMissing(VcsError):
    """Ray is not installed."""


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise RayMissing(INSTALL_HINT) from None
    return ray


def _ray_task(task: Task, reports: Any) -> TaskOutcome:
    def report(progress: TaskProgress) -> None:
        # Fire and forget: `Queue.put` waits for the queue actor's answer, and Ray lends a task's
        # CPU to another task while it waits — measured: 3 and 4 ranges ran at once on 2 CPUs.
        reports.actor.put_nowait.remote(progress)

    return run_task(task, report)


class RayRunner:
    """Tasks as Ray tasks of one CPU each. Without `address`, a local Ray instance with `workers`
    CPUs (default: all) is started and stopped with the runner; with one (`auto`, `ray://…`,
    `HOST:PORT`) the runner connects to that cluster and leaves it running."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        ray = self._ray = import_ray()
        from ray.util.queue import Queue

        self._owned = not ray.is_initialized()
        if self._owned:
            local = address is None
            try:
                ray.init(address=address, num_cpus=workers if local else None,
                         include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False,
                         # Only small task descriptions and outcomes travel through the object store.
                         object_store_memory=100 * 1024 * 1024 if local else None)
            except Exception as error:  # noqa: BLE001 - no cluster there, a version mismatch, ...
                where = f"the Ray cluster at {address}" if address else "a local Ray instance"
                raise VcsError(f"--ray: cannot start or reach {where}: {_first_line(error)}") from None
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.slots = min(cpus, workers) if workers else cpus
        self._reports = Queue()
        self._remote = ray.remote(num_cpus=1, max_retries=0)(_ray_task)  # the batch retries, once
        self._pending: dict[Any, str] = {}

    def submit(self, task: Task) -> None:
        self._pending[self._remote.remote(task, self._reports)] = task.key

    def poll(self, timeout: float) -> list[Event]:
        ray = self._ray
        events: list[Event] = []
        if self._pending:
            ready, _ = ray.wait(list(self._pending), num_returns=1, timeout=timeout)
            if ready:
                ready, _ = ray.wait(list(self._pending), num_returns=len(self._pending), timeout=0)
            for ref in ready:
                key = self._pending.pop(ref)
                try:
                    events.append(ray.get(ref))
                except Exception as error:  # noqa: BLE001 - a worker or node died, or the task could not run
                    events.append(TaskOutcome(key, error=f"Ray: {type(error).__name__}: {_first_line(error)}"))
        events[:0] = _drain_ray(self._reports)
        return events

    def close(self) -> None:
        ray = self._ray
        for ref in self._pending:
            ray.cancel(ref)  # KeyboardInterrupt in the task: its output is cleaned up as on Ctrl-C
        self._pending.clear()
        if self._owned:
            ray.shutdown()


def _drain_ray(reports: Any) -> list[Any]:
    size = reports.qsize()
    return list(reports.get_nowait_batch(size)) if size else []


def _first_line(error: BaseException) -> str:
    return next((line for line in str(error).splitlines() if line.strip()), type(error).__name__)
