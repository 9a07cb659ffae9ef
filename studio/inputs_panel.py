"""The participants table: a plain view of the `SlotsModel` (studio/slots_model.py).

Layouts depend on more than the count: names feed the labels, the dominant flag drives the
dominant and pip modes, paused and screenshare inputs are filtered by params, audio-only and
inactive participants change what a layout has to show, and the source column decides what
each tile's video shows. The view holds no slot data; clicks, typed names, chosen sources and
files dropped on a row go to the model, which makes them undo steps.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from vcs_engine.media import STILL_SUFFIXES

from .call import NONE, SYNTHETIC, VIDEO_SUFFIXES
from .footage_drop import footage_file
from .slots_model import COLUMNS, FLAGS, SOURCE_COLUMN, SlotsModel

Index = QModelIndex | QPersistentModelIndex
VIDEO, IMAGE = "video", "image"
CHOICES = ((SYNTHETIC, "Synthetic"), (VIDEO, "Video file…"), (IMAGE, "Image…"), (NONE, "None (no picture)"))
FILTERS = {
    VIDEO: "Videos (" + " ".join(f"*{s}" for s in sorted(VIDEO_SUFFIXES)) + ")",
    IMAGE: "Images (" + " ".join(f"*{s}" for s in sorted(STILL_SUFFIXES)) + ")",
}
NAME_WIDTH, SOURCE_WIDTH = 130, 150
Chooser = Callable[[str], str | None]
"""Asks the user for a VIDEO or IMAGE file; None when cancelled."""


def ask_for_file(parent: QWidget, kind: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, f"Choose a {kind} for this participant", str(Path.cwd()),
                                          FILTERS[kind] + ";;All files (*)")
    return path or None


class SourceDelegate(QStyledItemDelegate):
    """The source column's editor: a choice of Synthetic, a video file, an image or no picture;
    choosing a file kind asks for the file (cancelling changes nothing)."""

    def __init__(self, panel: InputsPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for value, text in CHOICES:
            combo.addItem(text, value)
        combo.activated.connect(lambda _i: (self.commitData.emit(combo), self.closeEditor.emit(combo)))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(Qt.ItemDataRole.EditRole)
        editor.setCurrentIndex(max(0, editor.findData(current)))
        editor.showPopup()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        self.panel.choose_source(index.row(), editor.currentData())


class InputsPanel(QTableView):
    """Names are edited in place (committed on Enter or leaving the cell); flags are ticked; the
    source is chosen in its cell or by dropping a video or image file on the row."""

    def __init__(self, model: SlotsModel, parent: QWidget | None = None, *, chooser: Chooser | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between cells)
        self.chooser: Chooser = chooser or (lambda kind: ask_for_file(self, kind))
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for col in FLAGS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Names and sources keep a readable width; a narrow dock scrolls sideways instead.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SOURCE_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, NAME_WIDTH)
        self.setColumnWidth(SOURCE_COLUMN, SOURCE_WIDTH)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setItemDelegateForColumn(SOURCE_COLUMN, SourceDelegate(self))
        self.setEditTriggers(QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
                             | QTableView.EditTrigger.AnyKeyPressed)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)

    def slots_model(self) -> SlotsModel:
        model = self.model()
        assert isinstance(model, SlotsModel)
        return model

    def choose_source(self, row: int, choice: str) -> None:
        """What the source editor does with a choice: SYNTHETIC or NONE at once, a file kind
        after asking for the file."""
        if choice in (VIDEO, IMAGE):
            path = self.chooser(choice)
            if path:
                self.slots_model().assign_footage(row, path)
        else:
            self.slots_model().set_source(row, choice)

    def set_checked(self, row: int, column: str, on: bool) -> None:
        """Tick a flag as a click would (tests, keyboard users)."""
        index = self.model().index(row, COLUMNS.index(column))
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model().setData(index, state, Qt.ItemDataRole.CheckStateRole)

    def checked(self, row: int, column: str) -> bool:
        index = self.model().index(row, COLUMNS.index(column))
        return self.model().data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked

    # ------------------------------------------------------------------ a file dropped on a row

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if footage_file(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()  # param files go on to the window

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if footage_file(event.mimeData()) is not None and self.rowAt(event.position().toPoint().y()) >= 0:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = footage_file(event.mimeData())
        row = self.rowAt(event.position().toPoint().y())
        if path is None or row < 0:
            event.ignore()
            return
        event.acceptProposedAction()
        self.slots_model().assign_footage(row, path)
