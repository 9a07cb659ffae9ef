"""The current frame's raw data: foreground and background display lists and the video layers,
as JSON one can search and copy.

Each tab is a read-only text document holding valid JSON with one command (or video layer) per
line, so a line is a unit: searching finds it, the selected node's commands are highlighted line
by line, and Copy gives the whole document (a file `json.loads` reads). The dock follows the
frame on screen only while it is visible, and at most `REFRESH_MS` apart while playing (a
display list of a few hundred commands is ~1 ms to format, but nobody reads at 30 fps).

Which commands belong to a node is not recorded by the engine's output; they are matched from
what the node knows: a command whose numbers contain the node's frame `x, y, w, h` in that order
(rects, images, clips, round rects), a text command drawing the node's text, a video layer with
the node's frame or video id. "Where possible": a node whose commands are transformed or
measured differently is not found, and then nothing is highlighted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.host import FrameOutput

REFRESH_MS = 250
RECT_TOLERANCE = 0.51
"""Frames are whole pixels in the tree and may be rounded in commands."""
NODE_COLOUR = QColor(0, 170, 255, 70)
MATCH_COLOUR = QColor(255, 210, 0, 110)
TEXT_COMMANDS = ("fillText", "strokeText")


def document_lines(doc: Mapping[str, Any]) -> list[str]:
    """A display list as JSON text lines: the head, one command per line, the tail."""
    commands = doc.get("commands") or []
    head = {k: v for k, v in doc.items() if k != "commands"}
    opening = json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "") + '"commands": ['
    body = [json.dumps(cmd, ensure_ascii=False) + ("," if i < len(commands) - 1 else "")
            for i, cmd in enumerate(commands)]
    return [opening, *("  " + line for line in body), "]}"]


def list_lines(items: Sequence[Any]) -> list[str]:
    """A JSON array, one item per line."""
    body = [json.dumps(item, ensure_ascii=False) + ("," if i < len(items) - 1 else "") for i, item in enumerate(items)]
    return ["[", *("  " + line for line in body), "]"]


def numbers_in(value: Any) -> list[float]:
    """Every number in a JSON value, depth first, in order."""
    if isinstance(value, bool):
        return []
    if isinstance(value, (int, float)):
        return [float(value)]
    if isinstance(value, list):
        return [n for item in value for n in numbers_in(item)]
    if isinstance(value, dict):
        return [n for item in value.values() for n in numbers_in(item)]
    return []


def contains_rect(numbers: Sequence[float], rect: Sequence[float]) -> bool:
    """Whether `rect` (x, y, w, h) occurs as four consecutive numbers."""
    n = len(rect)
    return any(all(abs(numbers[i + k] - rect[k]) <= RECT_TOLERANCE for k in range(n))
               for i in range(len(numbers) - n + 1))


def command_matches(command: Any, rect: Sequence[float] | None, text: str | None) -> bool:
    """Whether a display-list command draws (or clips to) the node with frame `rect` and
    text content `text`."""
    if not isinstance(command, list) or not command:
        return False
    if text and command[0] in TEXT_COMMANDS and len(command) > 1:
        args = command[1] if isinstance(command[1], list) else command[1:]
        if args and isinstance(args[0], str) and args[0].strip() and args[0] in text:
            return True
    return rect is not None and rect[2] > 0 and rect[3] > 0 and contains_rect(numbers_in(command[1:]), rect)


def layer_matches(layer: Any, rect: Sequence[float] | None, video: Any) -> bool:
    if not isinstance(layer, dict):
        return False
    if video is not None and layer.get("id") == video:
        return True
    frame = layer.get("frame")
    return rect is not None and isinstance(frame, dict) and contains_rect(numbers_in(frame), rect)


class JsonPane(QWidget):
    """One tab: a search field, Copy, and the JSON text (one item per line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find (Enter: next)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._mark)
        self.search.returnPressed.connect(self.find_next)
        self.count = QLabel()
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the whole JSON document")
        copy.clicked.connect(self.copy)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        top.addWidget(copy)
        column = QVBoxLayout(self)
        column.setContentsMargins(2, 2, 2, 2)
        column.addLayout(top)
        column.addWidget(self.text, 1)
        self.items: list[Any] = []  # what each line after the first shows (commands or layers)
        self._node_lines: list[int] = []

    def show_lines(self, lines: list[str], items: list[Any]) -> None:
        text = "\n".join(lines)
        if text == self.text.toPlainText():
            return
        bar = self.text.verticalScrollBar()
        scrolled = bar.value()
        self.text.setPlainText(text)
        bar.setValue(scrolled)
        self.items = items
        self._node_lines = []
        self._mark()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def highlight_items(self, matches: Iterable[int]) -> list[int]:
        """Mark the lines of items `matches` (indexes into `items`) and scroll to the first;
        returns the marked line numbers."""
        self._node_lines = [index + 1 for index in matches]
        self._mark()
        if self._node_lines:
            block = self.text.document().findBlockByNumber(self._node_lines[0])
            self.text.setTextCursor(QTextCursor(block))
            self.text.centerCursor()
        return self._node_lines

    def find_next(self) -> bool:
        needle = self.search.text()
        if not needle:
            return False
        if self.text.find(needle):
            return True
        self.text.moveCursor(QTextCursor.MoveOperation.Start)  # wrap around
        return self.text.find(needle)

    def _mark(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        document = self.text.document()
        for number in self._node_lines:
            block = document.findBlockByNumber(number)
            if block.isValid():
                selections.append(_selection(QTextCursor(block), NODE_COLOUR, full_width=True))
        needle = self.search.text()
        found = 0
        if needle:
            cursor = document.find(needle, 0)
            while not cursor.isNull() and found < 10_000:
                selections.append(_selection(cursor, MATCH_COLOUR))
                found += 1
                cursor = document.find(needle, cursor, QTextDocument.FindFlag(0))
        self.count.setText(f"{found} found" if needle else "")
        self.text.setExtraSelections(selections)


def _selection(cursor: QTextCursor, colour: QColor, full_width: bool = False) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    if full_width:
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
    selection.format = fmt  # type: ignore[attr-defined]
    selection.cursor = cursor  # type: ignore[attr-defined]
    return selection


class RawDataDock(QDockWidget):
    """Tabs Foreground, Background, Video layers of the frame on screen (View › Raw Data)."""

    TABS = ("foreground", "background", "video layers")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Raw Data", parent)
        self.setObjectName("raw-data-dock")
        self.tabs = QTabWidget()
        self.panes = {name: JsonPane() for name in self.TABS}
        for name, pane in self.panes.items():
            self.tabs.addTab(pane, name.capitalize())
        self.setWidget(self.tabs)
        self._output: FrameOutput | None = None
        self._shown: FrameOutput | None = None
        self._node: tuple[tuple[float, ...] | None, str | None, Any] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility)

    def _visibility(self, visible: bool) -> None:
        if visible:
            self.refresh()
            if self._node is not None:
                self.highlight_node(*self._node)

    def show_output(self, output: FrameOutput) -> None:
        """The frame on screen changed: show it now, or soon when it came too quickly after
        the last one."""
        self._output = output
        if self.isVisible() and not self._timer.isActive():
            self.refresh()
            self._timer.start()

    def refresh(self) -> None:
        output = self._output
        if output is None or output is self._shown:
            return
        self._shown = output
        for name in ("foreground", "background"):
            doc = getattr(output, name)
            self.panes[name].show_lines(document_lines(doc), list(doc.get("commands") or []))
        layers = list(output.video_layers)
        self.panes["video layers"].show_lines(list_lines(layers), layers)
        if self._node is not None:
            self.highlight_node(*self._node)

    def highlight_node(self, rect: Sequence[float] | None, text: str | None = None,
                       video: Any = None) -> dict[str, list[int]]:
        """Mark the commands and video layers of a node (its frame, text content and video id).
        Returns the marked line numbers per tab."""
        self._node = (tuple(rect) if rect is not None else None, text, video)
        marked: dict[str, list[int]] = {}
        for name in ("foreground", "background"):
            pane = self.panes[name]
            marked[name] = pane.highlight_items(
                i for i, cmd in enumerate(pane.items) if command_matches(cmd, rect, text))
        pane = self.panes["video layers"]
        marked["video layers"] = pane.highlight_items(
            i for i, layer in enumerate(pane.items) if layer_matches(layer, rect, video))
        return marked

    def clear_highlight(self) -> None:
        self._node = None
        for pane in self.panes.values():
            pane.highlight_items(())

    def pane(self, name: str) -> JsonPane:
        return self.panes[name]

