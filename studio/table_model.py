"""The flat table models' common part: fixed column headers and a row count.

The params, participants, messages, timeline and export-queue models are flat tables (no child
rows) with a fixed set of columns; each says only what its rows are (`row_count`) and what its
columns are called (`HEADERS`), and, when its rows are numbered in the view (participant 1, 2, …),
`NUMBERED_ROWS`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class HeaderedTableModel(QAbstractTableModel):
    """A flat table of `row_count()` rows and the columns `HEADERS` names."""

    HEADERS: tuple[str, ...] = ()
    NUMBERED_ROWS = False

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1) if self.NUMBERED_ROWS else None
