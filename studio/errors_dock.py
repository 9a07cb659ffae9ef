"""Errors readable in place: the red banner above the preview and the Errors dock.

The banner holds one line and stays until a frame renders again; clicking it raises the dock,
which shows the current error whole (an `ErrorReport`, studio/error_report.py): the message,
`file:line:col` relative to the composition folder, the source lines around it with the failing
line highlighted, the JS and component stacks, Copy, and Open in Editor. An author reads what
went wrong where it is shown instead of digging through the console.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from .error_report import ErrorReport

ERROR_RED = "#b3261e"
HIGHLIGHT = QColor(179, 38, 30, 60)  # the failing line's background: the banner's red, light
NO_ERROR = "No error: the last frame rendered."


class ErrorBanner(QLabel):
    """A red strip above the preview, hidden while all is well; a click asks for the details
    (`clicked`: the window raises the Errors dock). Selecting text in it is not a click."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(f"QLabel {{ background: {ERROR_RED}; color: white; padding: 6px 10px;"
                           " font-family: monospace; }")
        self.hide()

    def show_error(self, text: str, details: str = "") -> None:
        if text != self.text():
            self.setText(text)
            self.setToolTip((details or text) + "\n\n(click for the Errors dock)")
        self.show()

    def clear(self) -> None:
        super().clear()
        self.setToolTip("")
        self.hide()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.hasSelectedText():
            self.clicked.emit()


def monospace() -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def editor_command(path: Path, line: int, environ: Mapping[str, str]) -> list[str] | None:
    """`$VISUAL` (else `$EDITOR`) with `+LINE file`, the form vi, emacs, nano, micro, kate and
    gedit understand; None when neither is set (the system's default application opens it)."""
    editor = environ.get("VISUAL") or environ.get("EDITOR")
    if not editor or not editor.strip():
        return None
    return shlex.split(editor) + ([f"+{line}"] if line > 0 else []) + [str(path)]


Launcher = Callable[[str, list[str]], bool]


def _start_detached(program: str, arguments: list[str]) -> bool:
    ok, _pid = QProcess.startDetached(program, arguments)
    return bool(ok)


def open_in_editor(path: Path, line: int = 0, *, environ: Mapping[str, str] | None = None,
                   launch: Launcher | None = None, open_url: Callable[[QUrl], bool] | None = None) -> bool:
    """Open `path` at `line` in the user's editor (`$VISUAL`/`$EDITOR`), else with the system's
    default application for the file (which cannot be told a line). True when launched.
    `launch` and `open_url` default to Qt's (a detached process, QDesktopServices)."""
    command = editor_command(path, line, os.environ if environ is None else environ)
    if command is not None and (launch or _start_detached)(command[0], command[1:]):
        return True
    return bool((open_url or QDesktopServices.openUrl)(QUrl.fromLocalFile(str(path))))


class SourceView(QPlainTextEdit):
    """The lines around the error, numbered, the failing one highlighted and a caret under its
    column (when the error has one)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(monospace())
        self.highlighted_line = 0  # the source line number highlighted (0: none)

    def show_report(self, report: ErrorReport | None) -> None:
        excerpt = report.excerpt if report is not None else None
        self.highlighted_line = excerpt.line if excerpt is not None else 0
        if excerpt is None:
            self.setPlainText("")
            self.setExtraSelections([])
            return
        width = len(str(excerpt.first + len(excerpt.lines) - 1))
        rows: list[str] = []
        error_row = 0
        for number, text in excerpt.numbered():
            shown = text.expandtabs(4)
            rows.append(f"{number:>{width}} │ {shown}")
            if number == excerpt.line:
                error_row = len(rows) - 1
                if excerpt.col:
                    indent = len(text[:excerpt.col - 1].expandtabs(4))
                    rows.append(" " * width + " │ " + " " * indent + "^")
        self.setPlainText("\n".join(rows))
        self.setExtraSelections([self._highlight(error_row)])
        # The cursor sits on the caret row (or the failing line): centring it shows both.
        cursor = self.textCursor()
        cursor.setPosition(self.document().findBlockByNumber(error_row + (1 if excerpt.col else 0)).position())
        self.setTextCursor(cursor)
        self.centerCursor()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.centerCursor()  # the failing line stays in view in a dock of any size

    def _highlight(self, row: int) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(HIGHLIGHT)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.format = fmt
        cursor = self.textCursor()
        cursor.setPosition(self.document().findBlockByNumber(row).position())
        selection.cursor = cursor
        return selection


class ErrorsPanel(QWidget):
    """The current error, whole. `show_report(None)` says all is well again."""

    def __init__(self, parent: QWidget | None = None, *,
                 open_file: Callable[[Path, int], bool] = open_in_editor) -> None:
        super().__init__(parent)
        self.report: ErrorReport | None = None
        self._open_file = open_file
        self.message = QLabel(NO_ERROR)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location = QLabel()
        self.location.setFont(monospace())
        self.location.setToolTip("Open in the editor")
        self.location.linkActivated.connect(lambda _link: self.open_in_editor())
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the message, source lines and stacks as text")
        self.copy_button.clicked.connect(self.copy)
        self.editor_button = QPushButton("Open in Editor")
        self.editor_button.setToolTip("$VISUAL or $EDITOR at the line, else the system's default application")
        self.editor_button.clicked.connect(self.open_in_editor)
        self.source = SourceView()
        self.stacks = QPlainTextEdit()
        self.stacks.setReadOnly(True)
        self.stacks.setFont(monospace())
        self.stacks.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        top = QHBoxLayout()
        top.addWidget(self.location, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.editor_button)
        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addLayout(top)
        self.split = QSplitter()
        self.split.addWidget(self.source)
        self.split.addWidget(self.stacks)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        column.addWidget(self.split, 1)
        self.show_report(None)

    def show_report(self, report: ErrorReport | None) -> None:
        self.report = report
        if report is None:
            self.message.setText(NO_ERROR)
            self.message.setStyleSheet("")
        else:
            self.message.setText(report.message)
            self.message.setStyleSheet(f"color: {ERROR_RED}; font-weight: bold;")
        where = report.where if report is not None else ""
        self.location.setText(f'<a href="open">{where}</a>' if where and report.path else where)
        self.location.setVisible(bool(where))
        self.copy_button.setEnabled(report is not None)
        self.editor_button.setEnabled(report is not None and report.path is not None)
        self.source.show_report(report)
        self.source.setVisible(report is not None and report.excerpt is not None)
        self.stacks.setPlainText(report.stacks_text() if report is not None else "")
        self.stacks.setVisible(bool(self.stacks.toPlainText()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Source and stacks side by side in a wide dock (the bottom area is short), one above
        the other in a narrow one."""
        super().resizeEvent(event)
        wide = event.size().width() > 2 * event.size().height()
        self.split.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)

    def copy(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.text())

    def open_in_editor(self) -> bool:
        if self.report is None or self.report.path is None:
            return False
        return self._open_file(self.report.path, self.report.line)


class ErrorsDock(QDockWidget):
    """The Errors panel's dock: hidden until asked for (a click on the banner, View › Errors),
    then tabbed with `buddy` (the console) the first time it shows. Tabbing it while the window
    is built would fix the window's minimum width with the panel's buttons in it, and a
    remembered narrow window would come back wider."""

    def __init__(self, panel: ErrorsPanel, buddy: QDockWidget, window: QMainWindow) -> None:
        super().__init__("Errors", window)
        self.setObjectName("errors-dock")  # saveState() keys docks by name
        self.setWidget(panel)
        self._window = window
        self._buddy = buddy
        self.toggleViewAction().triggered.connect(lambda on: self.present() if on else None)

    def present(self) -> None:
        """Show the dock in front of its tab group (joining the console's the first time)."""
        if not self.isFloating() and self._buddy.isVisible() and not self._window.tabifiedDockWidgets(self):
            self._window.tabifyDockWidget(self._buddy, self)
        self.show()
        self.raise_()
