"""The export queue: jobs rendered one after another in a process of their own, with progress.

Each job runs in a `JobProcess` (vcs_engine/jobs/process.py: a spawned process), so the preview
stays responsive and a crash in an export cannot take the window along. One job runs at a time:
an export already uses both cores (engine + compositor, encoder threads), and two at once would
each take twice as long. A timer polls the running job's events; nothing here blocks.

`ExportQueue` is the model (one row per job: output, status, progress, fps, time left);
`ExportQueueDock` shows it with Cancel, Show in folder and Clear finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.jobs import ExportJob, JobEvent, JobProcess, JobProgress, JobResult

from .table_model import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex

POLL_MS = 100
QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)
COLUMNS = ("Output", "Status", "Progress", "fps", "Time left")
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1
"""The progress column's fraction done (0–1), or None before the first frame."""


@dataclass
class QueuedJob:
    job: ExportJob
    status: str = QUEUED
    progress: JobProgress | None = None
    result: JobResult | None = None
    message: str = ""
    process: JobProcess | None = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        """Where the output is: the MP4's folder, or the PNG / HLS folder itself."""
        out = self.job.out
        return out.parent if self.job.kind == "mp4" else out


def time_left(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def status_text(entry: QueuedJob) -> str:
    """"running", "failed: why", "cancelling…" — what the status column says."""
    if entry.status == FAILED:
        return f"failed: {entry.message}"
    if entry.status == RUNNING and entry.process is not None and entry.process.cancelling:
        return "cancelling…"
    return entry.status


class ExportQueue(HeaderedTableModel):
    """Jobs in order; the first queued one runs when none is running."""

    HEADERS = COLUMNS

    jobFinished = Signal(int, str, str)  # row, status, message (the output path when done)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[QueuedJob] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)

    # ------------------------------------------------------------------ queue

    def add(self, job: ExportJob) -> int:
        """Queue a job; it starts as soon as the ones before it are done. Returns its row."""
        row = len(self.jobs)
        self.beginInsertRows(QModelIndex(), row, row)
        self.jobs.append(QueuedJob(job))
        self.endInsertRows()
        self._start_next()
        return row

    def cancel(self, row: int) -> None:
        """A queued job is dropped from the run; a running one is asked to stop (its target is
        left as it was)."""
        entry = self.jobs[row]
        if entry.status == QUEUED:
            self._finish(row, CANCELLED, "")
        elif entry.status == RUNNING and entry.process is not None:
            entry.process.cancel()
            self._changed(row)

    def clear_finished(self) -> None:
        for row in reversed(range(len(self.jobs))):
            if self.jobs[row].status in FINISHED:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.jobs[row]
                self.endRemoveRows()

    def show_in_folder(self, row: int) -> bool:
        folder = self.jobs[row].folder
        return folder.is_dir() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    @property
    def running(self) -> bool:
        return any(entry.status == RUNNING for entry in self.jobs)

    def _start_next(self) -> None:
        if self.running:
            return
        for row, entry in enumerate(self.jobs):
            if entry.status == QUEUED:
                entry.status = RUNNING
                entry.process = JobProcess(entry.job)
                self._changed(row)
                self._timer.start()
                return
        self._timer.stop()

    def poll(self) -> None:
        """Take the running job's events (the timer calls this; never blocks)."""
        for row, entry in enumerate(self.jobs):
            if entry.status != RUNNING or entry.process is None:
                continue
            for event in entry.process.events():
                self._take(row, event)
        self._start_next()

    def _take(self, row: int, event: JobEvent) -> None:
        entry = self.jobs[row]
        if event.kind == "progress":
            entry.progress = event.progress
            self._changed(row)
            return
        if event.kind == "done" and event.result is not None:
            entry.result = event.result
            where = event.result.playlist or event.result.out
            self._finish(row, DONE, str(where))
        else:
            self._finish(row, FAILED if event.kind == "failed" else CANCELLED, event.message)

    def _finish(self, row: int, status: str, message: str) -> None:
        entry = self.jobs[row]
        entry.status, entry.message = status, message
        if entry.process is not None:
            entry.process.close()
            entry.process = None
        self._changed(row)
        self.jobFinished.emit(row, status, message)

    def close(self) -> None:
        """Stop every job (the window is closing): running ones are cancelled and waited for."""
        self._timer.stop()
        for entry in self.jobs:
            if entry.process is not None:
                entry.process.close()
                entry.process = None

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    # ------------------------------------------------------------------ model

    def row_count(self) -> int:
        return len(self.jobs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, column = self.jobs[index.row()], index.column()
        progress = entry.progress
        if role == PROGRESS_ROLE and column == 2:
            if entry.status == DONE:
                return 1.0
            return progress.frame / progress.total if progress and progress.total else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.message or str(entry.job.out)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return entry.job.name
        if column == 1:
            return status_text(entry)
        if column == 2:
            if entry.status == DONE:
                return "100 %"
            return f"{100 * progress.frame / progress.total:.0f} %" if progress and progress.total else ""
        if entry.status != RUNNING or progress is None:
            return ""
        return f"{progress.fps:.1f}" if column == 3 else time_left(progress.eta_s)


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as the platform's progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(option.rect.adjusted(2, 3, -2, -3))
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(fraction * 1000)
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.state = option.state
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class ExportQueueDock(QDockWidget):
    """The queue in a table, with Cancel, Show in folder and Clear finished for the selection."""

    def __init__(self, queue: ExportQueue, parent: QWidget | None = None) -> None:
        super().__init__("Exports", parent)
        self.setObjectName("exports-dock")
        self.queue = queue
        self.table = QTableView()
        self.table.setModel(queue)
        self.table.setItemDelegateForColumn(2, ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, 110)
        self.cancel_button = QPushButton("Cancel")
        self.folder_button = QPushButton("Show in Folder")
        self.clear_button = QPushButton("Clear Finished")
        self.cancel_button.clicked.connect(lambda: self._on_selected(queue.cancel))
        self.folder_button.clicked.connect(lambda: self._on_selected(queue.show_in_folder))
        self.clear_button.clicked.connect(queue.clear_finished)
        buttons = QHBoxLayout()
        for button in (self.cancel_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        # As narrow as the console it shares a tab with: the buttons clip rather than widen the
        # window (a remembered window size must still fit).
        body.setMinimumWidth(60)
        self.setWidget(body)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        queue.dataChanged.connect(self._update_buttons)
        queue.rowsInserted.connect(self._select_new)
        self._update_buttons()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_selected(self, action: Any) -> None:
        row = self.selected_row()
        if row is not None:
            action(row)

    def _select_new(self, _parent: QModelIndex, first: int, _last: int) -> None:
        """A new job is selected when nothing is (a selected running job stays selected)."""
        if self.selected_row() is None:
            self.table.selectRow(first)

    def _update_buttons(self, *_args: object) -> None:
        row = self.selected_row()
        entry = self.queue.jobs[row] if row is not None and row < len(self.queue.jobs) else None
        self.cancel_button.setEnabled(entry is not None and entry.status in (QUEUED, RUNNING))
        self.folder_button.setEnabled(entry is not None and entry.status == DONE)
        self.clear_button.setEnabled(any(e.status in FINISHED for e in self.queue.jobs))
