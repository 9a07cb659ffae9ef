"""Standard-source messages (chat, transcript, emoji reactions): a one-line sender and the history.

Overlays that show chat or transcripts (the baseline's `text.source`, `banner.source`) stay
empty in a preview without messages; this lets an author feed them by hand. The history lists
what was sent to the composition since it was opened — source, sender, text — which is exactly
what a hot reload or a recovery sends again (studio/engine.py), so the list and the overlay
agree. A sent message is fixed, as in a real call: renaming a participant renames the sender of
the next messages, not of the sent ones. Resend sends the selected messages again, as new
messages (new keys, stamped now): a reaction plays again, a chat line repeats; a double-click
puts a message back into the bar to edit before sending.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .table_model import HeaderedTableModel

DEFAULT_SOURCES = ("chatMessages", "transcript", "emojiReactions")
Index = QModelIndex | QPersistentModelIndex


class MessageBar(QWidget):
    """Emits `messageSent(source, sender, text)` on Enter or Send."""

    messageSent = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = QComboBox()
        self.sender = QComboBox()
        self.sender.setEditable(True)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Message (Enter sends)…")
        send = QPushButton("Send")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.source)
        row.addWidget(self.sender)
        row.addWidget(self.text, 1)
        row.addWidget(send)
        self.text.returnPressed.connect(self.send)
        send.clicked.connect(self.send)
        self.set_sources(())

    def set_sources(self, sources: Sequence[str]) -> None:
        """The composition's declared standard sources (all known ones when it declares none)."""
        current = self.source.currentText()
        self.source.clear()
        self.source.addItems(list(sources) or list(DEFAULT_SOURCES))
        if current:
            self.source.setCurrentText(current)

    def set_senders(self, names: Sequence[str]) -> None:
        """The participants' names. The chosen sender follows its slot (renaming participant 2
        renames the sender); a name typed by hand stays; a slot that is gone falls back to the
        first participant."""
        current = self.sender.currentText()
        row = self.sender.findText(current) if current else -1
        self.sender.clear()
        self.sender.addItems(list(names))
        if 0 <= row < len(names):
            self.sender.setCurrentIndex(row)
        elif current and row < 0:
            self.sender.setCurrentText(current)

    def send(self) -> None:
        text = self.text.text()
        if text.strip():
            self.messageSent.emit(self.source.currentText(), self.sender.currentText(), text)
            self.text.clear()


@dataclass(frozen=True)
class SentMessage:
    source: str
    sender: str
    text: str
    sent_at: float  # time.time()


class MessageLog(HeaderedTableModel):
    """The messages sent since the composition was opened, oldest first."""

    HEADERS = ("Source", "Sender", "Text")
    NUMBERED_ROWS = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._messages: list[SentMessage] = []

    def messages(self) -> list[SentMessage]:
        return list(self._messages)

    def append(self, source: str, sender: str, text: str) -> None:
        row = len(self._messages)
        self.beginInsertRows(QModelIndex(), row, row)
        self._messages.append(SentMessage(source, sender, text, time.time()))
        self.endInsertRows()

    def clear(self) -> None:
        """A new composition (or the same one opened afresh): a new call, no history."""
        self.beginResetModel()
        self._messages.clear()
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._messages):
            return None
        message = self._messages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (message.source, message.sender, message.text)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"sent {time.strftime('%H:%M:%S', time.localtime(message.sent_at))}: {message.text}"
        return None


class MessagesPanel(QWidget):
    """The history above the bar. `messageSent(source, sender, text)` carries both a new
    message from the bar and a resent one; the window sends it and appends it to `log`."""

    messageSent = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.log = MessageLog(self)
        self.view = QTableView()
        self.view.setModel(self.log)
        self.view.setObjectName("message-history")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list (arrows move within it)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self.edit_again)
        self.bar = MessageBar()
        self.bar.messageSent.connect(self.messageSent)
        self.resend_button = QPushButton("Resend")
        self.resend_button.setToolTip("Send the selected messages again, as new ones "
                                      "(double-click a message to edit it in the bar first)")
        self.resend_button.setEnabled(False)
        self.resend_button.clicked.connect(self.resend)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.log.modelReset.connect(self._selection_changed)
        self.log.rowsInserted.connect(lambda *_: self.view.scrollToBottom())
        history_row = QHBoxLayout()
        history_row.setContentsMargins(0, 0, 0, 0)
        history_row.addWidget(self.view, 1)
        history_row.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(history_row, 1)
        column.addWidget(self.bar)

    def selected(self) -> list[SentMessage]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        messages = self.log.messages()
        return [messages[row] for row in rows if row < len(messages)]

    def resend(self) -> None:
        """The selected messages again, in the order they were first sent."""
        for message in self.selected():
            self.messageSent.emit(message.source, message.sender, message.text)

    def edit_again(self, index: QModelIndex) -> None:
        message = self.log.messages()[index.row()]
        self.bar.source.setCurrentText(message.source)
        self.bar.sender.setCurrentText(message.sender)
        self.bar.text.setText(message.text)
        self.bar.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def _selection_changed(self, *_args: Any) -> None:
        self.resend_button.setEnabled(self.view.selectionModel().hasSelection())
