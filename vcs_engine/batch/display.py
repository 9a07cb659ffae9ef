"""A batch's progress as a user sees it: live bars on a terminal (the batch and each running
job), JSON lines for programs (`--progress json`), plain lines otherwise (nothing animated in
logs or pipes); and the summary table at the end."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..export.progress import JSON_INTERVAL_S, ProgressMode
from .run import JobStatus, Report


def status_json(status: JobStatus) -> str:
    data = {"job": status.key, "state": status.state, "frame": status.frames, "total": status.total,
            "fps": round(status.fps, 2), "parts": status.parts, "retried": status.retried}
    if status.error:
        data["error"] = status.error
    if status.finished:
        data["seconds"] = round(status.seconds, 2)
        data["out"] = str(status.job.out)
    return json.dumps(data)


def _finished_line(status: JobStatus) -> str:
    if status.state == "failed":
        return f"{status.key}: failed{' (after a retry)' if status.retried else ''}: {status.error} (log: {status.log})"
    if status.state == "skipped":
        return f"{status.key}: already complete, skipped"
    return f"{status.key}: {status.frames} frames in {status.seconds:.1f} s → {status.job.out}"


@contextmanager
def batch_display(mode: ProgressMode, jobs: int, console: Console | None = None) -> Iterator[Report]:
    """A `run_batch` report callback showing progress as `mode` says (see `progress_display`)."""
    console = console or Console(stderr=True)
    if mode == "json":
        last: dict[str, float] = {}
        states: dict[str, str] = {}

        def emit(status: JobStatus) -> None:
            now = time.monotonic()
            changed = states.get(status.key) != status.state
            if changed or now - last.get(status.key, -JSON_INTERVAL_S) >= JSON_INTERVAL_S:
                last[status.key], states[status.key] = now, status.state
                print(status_json(status), flush=True)

        yield emit
        return
    if mode == "none" or not console.is_terminal:
        def line(status: JobStatus) -> None:
            if status.finished and mode != "none":
                console.print(_finished_line(status), highlight=False, soft_wrap=True)

        yield line
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[fps]}"), TimeElapsedColumn())
    with Progress(*columns, console=console) as bars:
        overall = bars.add_task("batch", total=jobs, fps="")
        rows: dict[str, TaskID] = {}
        counted: set[str] = set()

        def update(status: JobStatus) -> None:
            if status.finished:
                if status.key not in counted:
                    counted.add(status.key)
                    bars.advance(overall)
                    bars.console.print(_finished_line(status), highlight=False, soft_wrap=True)
                if status.key in rows:
                    bars.update(rows.pop(status.key), visible=False)
                return
            if status.key not in rows:
                rows[status.key] = bars.add_task(status.key, total=None, fps="")
            parts = f" ×{status.parts}" if status.parts > 1 else ""
            bars.update(rows[status.key], completed=status.frames, total=status.total,
                        fps=f"{status.fps:5.1f} fps{parts}" if status.state == "running" else status.state)

        yield update


def summary_table(statuses: Sequence[JobStatus]) -> Table:
    """job, frames, seconds, fps, status, output — one row per job, in the batch's order."""
    table = Table(title="vcs batch")
    for name, justify in (("job", "left"), ("frames", "right"), ("seconds", "right"), ("fps", "right"),
                          ("status", "left"), ("output", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in statuses:
        timed = s.state == "done" and s.seconds > 0
        state = s.state + (" (retried)" if s.retried and s.state == "done" else "")
        if s.parts > 1 and s.state == "done":
            state += f" ({s.parts} parts" + (f", {s.reused} frames from before" if s.reused else "") + ")"
        output = s.error if s.state == "failed" else str(s.job.out)
        table.add_row(s.key, str(s.frames), f"{s.seconds:.1f}" if timed else "-",
                      f"{(s.frames - s.reused) / s.seconds:.1f}" if timed else "-", state, output)
    return table
