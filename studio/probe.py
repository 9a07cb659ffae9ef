"""How long the GUI thread could not react: the studio's responsiveness, measured from inside.

A timer ticks every 5 ms on the GUI thread; the longest gap between two ticks is the longest
time an input event would have waited. The reliability tests and `benchmarks/preview.py` use it
to hold the studio to its 50 ms budget while compositions loop, crash or play.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer

__all__ = ["StallProbe"]


class StallProbe:
    """The longest gap between two ticks of a 5 ms timer on the GUI thread (`with` or `take`)."""

    def __init__(self) -> None:
        self.longest_ms = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        if self._clock.isValid():
            self.longest_ms = max(self.longest_ms, self._clock.nsecsElapsed() / 1e6)
        self._clock.restart()

    def start(self) -> StallProbe:
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        self._clock.invalidate()

    def take(self) -> float:
        """The longest gap since the last call (or the start), and start over."""
        out, self.longest_ms = self.longest_ms, 0.0
        return out

    def __enter__(self) -> StallProbe:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
