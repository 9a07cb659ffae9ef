"""Text: a line edit, or a multi-line field for `textSizeHint: 'long'`; both commit when the
user is done (Enter, Ctrl+Enter, leaving the field), never per keystroke."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from vcs_engine.interface import ParamSpec

from .base import EditorContext, ParamEditor


class TextEditor(ParamEditor):
    """A line edit committed on Enter or when focus leaves it."""

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.widget = self.input = self.line = QLineEdit()
        self.line.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        self.commit(self.line.text())

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.line.text():
            self.line.setText(text)


class _CommittingTextEdit(QPlainTextEdit):
    """A multi-line field that commits when focus leaves it or on Ctrl+Enter (Enter is a new
    line here)."""

    def __init__(self, on_commit: Callable[[], None]) -> None:
        super().__init__()
        self._on_commit = on_commit

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._on_commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._on_commit()
            return
        super().keyPressEvent(event)


class LongTextEditor(ParamEditor):
    """`textSizeHint: 'long'`: several lines (the baseline's highlight lines, one per line)."""

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.edit = _CommittingTextEdit(lambda: self.commit(self.edit.toPlainText()))
        self.edit.setFixedHeight(72)
        self.edit.setToolTip("Ctrl+Enter or leaving the field applies the text")
        self.widget = self.input = self.edit

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.edit.toPlainText():
            self.edit.setPlainText(text)
