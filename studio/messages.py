"""A one-line sender for standard-source messages (chat, transcript, emoji reactions).

Overlays that show chat or transcripts (the baseline's `text.source`, `banner.source`) stay
empty in a preview without messages; this lets an author feed them by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

DEFAULT_SOURCES = ("chatMessages", "transcript", "emojiReactions")


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
