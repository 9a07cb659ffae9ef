"""The participants as a Qt model: one row per video input slot (`activeVideoInputSlots`).

The model owns the slot objects the composition receives and the rules of a real call (one
dominant speaker at a time), so every view — the participants table, the count in the toolbar —
edits the same list, and every edit is an undo step on the window's stack (studio/undo.py).
`slotsChanged(list)` carries the complete list after every change (edit, undo, redo).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack

from .engine import participant_slot
from .undo import SlotsCommand

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Dominant", "Paused", "Screenshare")
FLAGS = {1: "dominant", 2: "paused", 3: "screenshare"}
"""Check-box columns → slot field (screenshare is `type: "screenshare"` in the slot)."""
MAX_SLOTS = 20
"""Daily's maximum number of video input slots."""


def flag(slot: dict[str, Any], name: str) -> bool:
    return slot.get("type") == "screenshare" if name == "screenshare" else bool(slot.get(name))


def with_flag(slot: dict[str, Any], name: str, on: bool) -> dict[str, Any]:
    """A copy of `slot` with one flag set or cleared (absent when off, as Daily's slots are)."""
    slot = dict(slot)
    key, value = ("type", "screenshare") if name == "screenshare" else (name, True)
    if on:
        slot[key] = value
    else:
        slot.pop(key, None)
    return slot


class SlotsModel(QAbstractTableModel):
    """Name (editable) and the dominant / paused / screenshare check boxes, per slot."""

    slotsChanged = Signal(list)

    def __init__(self, slots: Sequence[dict[str, Any]] = (), parent: QObject | None = None,
                 undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._slots: list[dict[str, Any]] = [dict(s) for s in slots]

    def slots(self) -> list[dict[str, Any]]:
        return [dict(s) for s in self._slots]

    # ------------------------------------------------------------------ edits (undoable)

    def set_count(self, count: int) -> None:
        """Grow with default participants or drop the last ones (edited rows are kept)."""
        count = max(0, min(count, MAX_SLOTS))
        after = self._slots[:count] + [participant_slot(i) for i in range(len(self._slots), count)]
        self._edit(after, f"Participants: {count}", merge_key="count")

    def rename(self, row: int, name: str) -> None:
        slot = dict(self._slots[row], displayName=name)
        self._edit(self._replaced(row, slot), f"Rename participant {row + 1} to {name!r}")

    def set_flag(self, row: int, name: str, on: bool) -> None:
        """Tick or untick a flag; ticking "dominant" unticks it everywhere else."""
        after = self._replaced(row, with_flag(self._slots[row], name, on))
        if name == "dominant" and on:
            after = [s if i == row else with_flag(s, "dominant", False) for i, s in enumerate(after)]
        verb = "" if on else "not "
        self._edit(after, f"Participant {row + 1}: {verb}{name}")

    def _replaced(self, row: int, slot: dict[str, Any]) -> list[dict[str, Any]]:
        return [slot if i == row else dict(s) for i, s in enumerate(self._slots)]

    def _edit(self, after: list[dict[str, Any]], text: str, merge_key: str | None = None) -> None:
        if after == self._slots:
            return
        command = SlotsCommand(self, self.slots(), after, text, merge_key)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()

    # ------------------------------------------------------------------ applying (the commands call this)

    def apply(self, slots: list[dict[str, Any]]) -> None:
        """Show `slots`: rows added or removed at the end, changed rows announced."""
        old, new = len(self._slots), len(slots)
        if new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            self._slots = [dict(s) for s in slots]
            self.endInsertRows()
        elif new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            self._slots = [dict(s) for s in slots]
            self.endRemoveRows()
        else:
            self._slots = [dict(s) for s in slots]
        if min(old, new):
            self.dataChanged.emit(self.index(0, 0), self.index(min(old, new) - 1, len(COLUMNS) - 1))
        self.slotsChanged.emit(self.slots())

    # ------------------------------------------------------------------ QAbstractItemModel

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() == 0:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slots):
            return None
        slot = self._slots[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return str(slot.get("displayName", ""))
            return None
        if role == Qt.ItemDataRole.CheckStateRole:
            on = flag(slot, FLAGS[index.column()])
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if index.column() == 0 and role == Qt.ItemDataRole.EditRole:
            self.rename(index.row(), str(value))
            return True
        if index.column() in FLAGS and role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self.set_flag(index.row(), FLAGS[index.column()], on)
            return True
        return False
