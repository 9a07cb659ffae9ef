"""The participants table: a plain view of the `SlotsModel` (studio/slots_model.py).

Layouts depend on more than the count: names feed the labels, the dominant flag drives the
dominant and pip modes, paused and screenshare inputs are filtered by params. The view holds no
slot data; clicks and typed names go to the model, which makes them undo steps.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from .slots_model import COLUMNS, FLAGS, SlotsModel


class InputsPanel(QTableView):
    """Names are edited in place (committed on Enter or leaving the cell); flags are ticked."""

    def __init__(self, model: SlotsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in FLAGS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setEditTriggers(QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
                             | QTableView.EditTrigger.AnyKeyPressed)

    def slots_model(self) -> SlotsModel:
        model = self.model()
        assert isinstance(model, SlotsModel)
        return model

    def set_checked(self, row: int, column: str, on: bool) -> None:
        """Tick a flag as a click would (tests, keyboard users)."""
        index = self.model().index(row, COLUMNS.index(column))
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model().setData(index, state, Qt.ItemDataRole.CheckStateRole)

    def checked(self, row: int, column: str) -> bool:
        index = self.model().index(row, COLUMNS.index(column))
        return self.model().data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
