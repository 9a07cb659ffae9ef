"""Where frames are on screen, which ticks the ruler shows, and how it is painted.

`TimeScale` is the one mapping between frames and x (the view, its hit tests and the tests all
use it), so a marker is drawn, hit and dragged at the same place. Ticks adapt to the zoom: major
ticks at the finest step that leaves room for a label (frames within a second when zoomed in,
then 1 s, 2 s, 5 s … 10 min), minor ticks between them while they stay a few pixels apart.
Labels say both time and frame ("5s · 150"), since designers think in seconds and events are
keyed by frames.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPen

from .timecode import seconds_label

__all__ = ["TimeScale", "Ticks", "choose_ticks", "tick_frames", "paint_ruler", "MIN_LABEL_PX", "MIN_MINOR_PX"]

MIN_LABEL_PX = 84.0
"""Room a major tick needs for its label ("1:30 · 2700" in the ruler's font, plus a gap)."""
MIN_MINOR_PX = 7.0
"""Minor ticks closer than this read as a grey smear: fewer then."""
SECOND_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)


@dataclass
class TimeScale:
    """Frames ↔ x in a view: frame `first` (fractional) sits at x = `left`, `px_per_frame`
    pixels per frame."""

    px_per_frame: float = 4.0
    first: float = 0.0
    left: float = 0.0

    def x_of(self, frame: float) -> float:
        return self.left + (frame - self.first) * self.px_per_frame

    def frame_at(self, x: float) -> float:
        return self.first + (x - self.left) / self.px_per_frame

    def nearest_frame(self, x: float) -> int:
        """The frame whose position is nearest to `x` (never negative)."""
        return max(0, round(self.frame_at(x)))

    def zoom_around(self, x: float, px_per_frame: float) -> None:
        """Change the zoom keeping the frame under `x` under it (wheel zoom at the cursor)."""
        anchor = self.frame_at(x)
        self.px_per_frame = px_per_frame
        self.first = anchor - (x - self.left) / px_per_frame


@dataclass(frozen=True)
class Ticks:
    major: float  # frames between labelled ticks
    minor: float  # frames between small ticks (== major: none)


def _frame_steps(fps: float) -> list[float]:
    """Major steps in frames, finest first: frame counts that divide a second evenly at
    integer rates, then whole seconds."""
    sub = [1.0, 2.0, 5.0, 10.0]
    if float(fps).is_integer():
        sub = sorted({float(d) for d in range(1, int(fps)) if int(fps) % d == 0} | {1.0})
    return [s for s in sub if s < fps] + [s * fps for s in SECOND_STEPS]


def choose_ticks(px_per_frame: float, fps: float) -> Ticks:
    """The finest major step whose labels fit, and a minor step (a fifth, quarter or half of
    it, in whole frames) that stays visible."""
    steps = _frame_steps(fps)
    major = next((s for s in steps if s * px_per_frame >= MIN_LABEL_PX), steps[-1])
    minor = major
    for parts in (10, 5, 4, 2):
        step = major / parts
        whole_frames = step >= 1 and (step.is_integer() or major >= fps)
        if whole_frames and step * px_per_frame >= MIN_MINOR_PX:
            minor = step
            break
    return Ticks(major, minor)


def tick_frames(step: float, start: float, end: float) -> Iterator[float]:
    """Multiples of `step` from the first at or after `start` (and ≥ 0) up to `end`."""
    n = max(0, math.ceil(start / step - 1e-9))
    while n * step <= end:
        yield n * step
        n += 1


def tick_label(frame: float, fps: float) -> str:
    """"5s · 150" on a whole second, else the frame number alone."""
    frame_number = round(frame)
    seconds = frame / fps
    if abs(seconds - round(seconds)) < 1e-6:
        return f"{seconds_label(round(seconds))} · {frame_number}"
    return str(frame_number)


def crisp(x: float) -> float:
    """The centre of the pixel column at `x`: a 1-px line there covers one column exactly."""
    return math.floor(x) + 0.5


def paint_ruler(painter: QPainter, rect: QRect, scale: TimeScale, fps: float, palette: QPalette) -> None:
    """Ticks and labels of the frames visible in `rect` (the view paints background and marks)."""
    ticks = choose_ticks(scale.px_per_frame, fps)
    start, end = scale.frame_at(rect.left()), scale.frame_at(rect.right())
    text = palette.color(QPalette.ColorRole.WindowText)
    minor_pen = QPen(QColor(text.red(), text.green(), text.blue(), 70), 1)
    major_pen = QPen(QColor(text.red(), text.green(), text.blue(), 150), 1)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setClipRect(rect)
    bottom = rect.bottom() + 1
    if ticks.minor < ticks.major:
        painter.setPen(minor_pen)
        painter.drawLines([QLineF(crisp(scale.x_of(f)), bottom - 4, crisp(scale.x_of(f)), bottom)
                           for f in tick_frames(ticks.minor, start, end)])
    metrics = QFontMetrics(painter.font())
    for f in tick_frames(ticks.major, max(0.0, start - ticks.major), end):
        x = crisp(scale.x_of(f))
        painter.setPen(major_pen)
        painter.drawLine(QLineF(x, bottom - 9, x, bottom))
        painter.setPen(text)
        label_rect = QRectF(x + 4, rect.top(), MIN_LABEL_PX, bottom - 9 - rect.top())
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(tick_label(f, fps), Qt.TextElideMode.ElideRight, int(MIN_LABEL_PX)))
    painter.restore()
