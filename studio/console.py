"""The console: the composition's `console.*` output, engine warnings and full error details.

The banner holds one line; authors debugging a composition need the JS and component stacks and
their own `console.log` output, which otherwise went nowhere.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MAX_LINES = 2000


class ConsoleView(QPlainTextEdit):
    """A read-only, bounded log view (old lines drop off, so a chatty composition cannot grow
    memory without end)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self._last: str | None = None

    def add(self, level: str, text: str) -> None:
        """Append `[time level] text`; an identical repeat of the previous entry is dropped
        (a failing frame or a per-frame log would otherwise flood the view)."""
        if text == self._last:
            return
        self._last = text
        self.appendPlainText(f"{time.strftime('%H:%M:%S')} {level:<5} {text}")


class _Relay(QObject):
    record = Signal(str, str)


class LogBridge(logging.Handler):
    """Forwards the engine's Python log records to the console through a Qt signal, so records
    from other threads arrive on the GUI thread. (A handler that is also a QObject mixes two
    `emit`s; hence the relay object.)"""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.relay = _Relay()
        self.record = self.relay.record

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.relay.record.emit(record.levelname.lower(), record.getMessage())
        except RuntimeError:  # the window (and the relay) is already gone
            pass
