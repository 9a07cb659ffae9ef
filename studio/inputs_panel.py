"""The participants table: one row per video input slot (`activeVideoInputSlots`).

Layouts depend on more than the count: names feed the labels, the dominant flag drives the
dominant and pip modes, paused and screenshare inputs are filtered by params. The table edits
exactly the slot objects the composition receives.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

COLUMNS = ("Name", "Dominant", "Paused", "Screenshare")
FLAGS = {1: "dominant", 2: "paused", 3: "screenshare"}
"""Check-box columns → slot field (screenshare is `type: "screenshare"` in the slot)."""


class InputsPanel(QTableWidget):
    """Emits `slotsChanged(list)` with the complete slot list after every edit."""

    slotsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels(COLUMNS)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in FLAGS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultSectionSize(22)
        self._ids: list[Any] = []
        self._updating = False
        self.itemChanged.connect(self._item_changed)

    def set_slots(self, slots: Sequence[dict[str, Any]]) -> None:
        """Show these slots (no signal: the caller already has them)."""
        self._updating = True
        try:
            self.setRowCount(len(slots))
            self._ids = [slot.get("id", i) for i, slot in enumerate(slots)]
            for row, slot in enumerate(slots):
                self.setItem(row, 0, QTableWidgetItem(str(slot.get("displayName", ""))))
                for col, name in FLAGS.items():
                    on = slot.get("type") == "screenshare" if name == "screenshare" else bool(slot.get(name))
                    item = QTableWidgetItem()
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                    self.setItem(row, col, item)
        finally:
            self._updating = False

    def slots(self) -> list[dict[str, Any]]:
        result = []
        for row, slot_id in enumerate(self._ids):
            slot: dict[str, Any] = {"id": slot_id, "displayName": self.item(row, 0).text()}
            if self._checked(row, 1):
                slot["dominant"] = True
            if self._checked(row, 2):
                slot["paused"] = True
            if self._checked(row, 3):
                slot["type"] = "screenshare"
            result.append(slot)
        return result

    def set_checked(self, row: int, column: str, on: bool) -> None:
        """Tick a flag as a click would (tests, keyboard users)."""
        col = COLUMNS.index(column)
        self.item(row, col).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _checked(self, row: int, col: int) -> bool:
        item = self.item(row, col)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        if item.column() == 1 and item.checkState() == Qt.CheckState.Checked:
            # One dominant speaker at a time, as in a real call.
            self._updating = True
            try:
                for row in range(self.rowCount()):
                    if row != item.row():
                        self.item(row, 1).setCheckState(Qt.CheckState.Unchecked)
            finally:
                self._updating = False
        self.slotsChanged.emit(self.slots())
