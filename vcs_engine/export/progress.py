"""Progress of an export: measured (`ProgressMeter` → `JobProgress`) and shown (a rich bar on a
terminal, JSON lines for machines, nothing otherwise)."""
from __future__ import annotations

import json
import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Literal

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

ProgressMode = Literal["auto", "json", "none"]
JSON_INTERVAL_S = 0.25
"""JSON progress lines at most this often (and always the last): enough to drive a progress bar,
few enough that a long export's log stays readable."""


@dataclass(frozen=True)
class JobProgress:
    """Where a job is: `frame` frames of `total` done, at `fps` (recent), `eta_s` left (None
    until measurable). Plain data: it crosses process boundaries (the studio's queue)."""

    frame: int
    total: int
    fps: float
    eta_s: float | None

    def to_json(self) -> str:
        data = asdict(self)
        data["fps"] = round(self.fps, 2)
        data["eta_s"] = None if self.eta_s is None else round(self.eta_s, 1)
        return json.dumps(data)


class ProgressMeter:
    """Turns "n frames done" into `JobProgress`: the rate over the last few seconds (exports
    slow down and speed up with the composition), so the time left follows what happens now."""

    WINDOW_S = 3.0

    def __init__(self, total: int, report: Callable[[JobProgress], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self._report = report
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque([(clock(), 0)])

    def __call__(self, done: int) -> None:
        now = self._clock()
        self._samples.append((now, done))
        while len(self._samples) > 2 and now - self._samples[1][0] > self.WINDOW_S:
            self._samples.popleft()
        t0, n0 = self._samples[0]
        fps = (done - n0) / (now - t0) if now > t0 else 0.0
        eta = (self.total - done) / fps if fps > 0 else None
        self._report(JobProgress(done, self.total, fps, eta))


def throttled(report: Callable[[JobProgress], None], interval_s: float,
              clock: Callable[[], float] = time.monotonic) -> Callable[[JobProgress], None]:
    """`report`, called at most every `interval_s` and always for the last frame: progress
    crossing a pipe or printed as lines must not cost a message per frame."""
    last = -math.inf

    def forward(p: JobProgress) -> None:
        nonlocal last
        now = clock()
        if now - last >= interval_s or p.frame >= p.total:
            last = now
            report(p)

    return forward


@contextmanager
def progress_display(mode: ProgressMode, label: str,
                     console: Console | None = None) -> Iterator[Callable[[JobProgress], None]]:
    """A progress callback that shows `JobProgress` as `mode` says.

    "auto": a rich bar (fps, time left) on stderr when it is a terminal, else nothing — in logs,
    a recording server or a pipe an animated bar is noise. "json": JSON lines on stdout
    (`{"frame", "total", "fps", "eta_s"}`, at most 4 a second, and the last frame) for a program
    driving `vcs`. "none": nothing."""
    if mode == "json":
        yield throttled(lambda p: print(p.to_json(), flush=True), JSON_INTERVAL_S)
        return
    console = console or Console(stderr=True)
    if mode == "none" or not console.is_terminal:
        yield lambda p: None
        return
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               _JobFpsColumn(), TimeElapsedColumn(), _JobEtaColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(label, total=None)

        def update(p: JobProgress) -> None:
            bar.update(task, completed=p.frame, total=p.total, fps=p.fps, eta_s=p.eta_s)

        yield update


class _JobFpsColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        fps = task.fields.get("fps")
        return Text(f"{fps:5.1f} fps" if fps else "  ... fps")


class _JobEtaColumn(ProgressColumn):
    """Time left from the meter's recent rate (rich's own averages since the start)."""

    def render(self, task: Task) -> Text:
        eta = task.fields.get("eta_s")
        if eta is None:
            return Text("-:--:-- left")
        minutes, seconds = divmod(round(eta), 60)
        hours, minutes = divmod(minutes, 60)
        return Text(f"{hours}:{minutes:02d}:{seconds:02d} left")
