"""File › Export…: the dialog, the job from the window's state, the queue and its dock, wired.

Kept out of main_window.py (which only creates this and places its action and dock): the
window's state is read here once, when the user confirms the dialog, so later edits in the
studio do not change an export that is already queued.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from .export_dialog import ExportDialog
from .export_job import ExportSettings, studio_job
from .export_queue import DONE, ExportQueue, ExportQueueDock

if TYPE_CHECKING:
    from .main_window import MainWindow


class Exports(QObject):
    """`action` (File › Export…, Ctrl+E) and `dock` (the queue) of a window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.queue = ExportQueue(self)
        self.dock = ExportQueueDock(self.queue, window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = QAction("&Export…", window)
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setStatusTip("Render the preview's composition and participants to MP4, PNGs or HLS")
        self.action.triggered.connect(self.ask)
        self.queue.jobFinished.connect(self._finished)
        self._folder = Path.cwd()  # then the last export's folder
        self._placed = False

    def ask(self) -> None:
        """Show the dialog; on Export, queue the job and show the queue."""
        path = self.window.session.engine.host.path
        if path is None:
            self.window.statusBar().showMessage("Open a composition to export it", 8000)
            return
        document = self.window.timeline.scenario()
        dock = self.window.timeline_dock
        fps = document.fps
        marks = None
        if dock.mark_in is not None or dock.mark_out is not None:  # the timeline's in/out marks
            first = dock.mark_in or 0
            last = dock.mark_out if dock.mark_out is not None else max(first, document.duration_in_frames - 1)
            marks = (first / fps, (last + 1) / fps)
        dialog = ExportDialog(self.window.output_size, self._folder, path.stem, self.window, fps=fps,
                              length_s=max(document.duration_in_frames, 1) / fps, in_out_s=marks)
        if dialog.exec() == ExportDialog.DialogCode.Accepted:
            settings = dialog.settings()
            self._folder = settings.target.parent
            self.export(settings)

    def export(self, settings: ExportSettings) -> int:
        """Queue an export of what the preview shows now; returns its row in the queue."""
        host = self.window.session.engine.host
        if host.path is None:
            raise RuntimeError("no composition is open")
        base = self.window.session.engine.base_state()  # params outside record mode, session messages
        job = studio_job(host.path, self.window.slots, base.params, settings,
                         document=self.window.timeline.scenario(), messages=base.messages,
                         session_assets=host.session_assets, asset_dirs=host.asset_dirs)
        row = self.queue.add(job)
        self._place_dock()
        self.dock.show()
        self.dock.raise_()
        return row

    def _place_dock(self) -> None:
        """The first time the queue shows (unless the user put it somewhere): a tab beside the
        console, as the bottom row has no room for a third column. Not done when the window is
        built: a tab group there, even of hidden docks, changed how a remembered window size is
        restored."""
        console = self.window.findChild(QDockWidget, "console-dock")
        if self._placed or self.dock.isVisible() or console is None or not console.isVisible():
            return
        self._placed = True
        if self.window.dockWidgetArea(self.dock) == Qt.DockWidgetArea.BottomDockWidgetArea:
            self.window.tabifyDockWidget(console, self.dock)

    def _finished(self, _row: int, status: str, message: str) -> None:
        text = f"Exported {Path(message).name}" if status == DONE else f"Export {status}: {message}".rstrip(": ")
        self.window.statusBar().showMessage(text, 10000)

    def close(self) -> None:
        self.queue.close()
