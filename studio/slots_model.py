"""The participants as a Qt model: one row per participant of the simulated call.

A row is a video input slot (`activeVideoInputSlots`) plus what only the studio knows: where its
picture comes from, whether it is in the call, whether it has a camera (studio/call.py turns rows
into slots, room peers and footage). The model owns the rows and the rules of a real call (one
dominant speaker at a time), so every view — the participants table, the count in the toolbar,
a file dropped on a tile of the preview — edits the same list, and every edit is an undo step on
the window's stack (studio/undo.py). `slotsChanged(list)` carries the complete list after every
change (edit, undo, redo).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QUndoStack

from .call import FILE, NONE, SOURCES, SYNTHETIC, is_image, source_of, video_id
from .engine import participant_slot
from .table_model import HeaderedTableModel
from .undo import SlotsCommand

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Name", "Source", "Active", "Dominant", "Paused", "Screenshare", "Audio only")
SOURCE_COLUMN = 1
FLAGS = {2: "active", 3: "dominant", 4: "paused", 5: "screenshare", 6: "audioOnly"}
"""Check-box columns → row field (screenshare is `type: "screenshare"` in the slot)."""
MAX_SLOTS = 20
"""Daily's maximum number of video input slots."""
MISSING_FILE = QColor(179, 38, 30)


def flag(slot: dict[str, Any], name: str) -> bool:
    if name == "screenshare":
        return slot.get("type") == "screenshare"
    if name == "active":
        return slot.get("active", True) is not False
    return bool(slot.get(name))


def with_flag(slot: dict[str, Any], name: str, on: bool) -> dict[str, Any]:
    """A copy of `slot` with one flag set or cleared; a field at its default is absent, as in
    Daily's slots (a participant is active unless `active: false`)."""
    slot = dict(slot)
    key, value = {"screenshare": ("type", "screenshare"), "active": ("active", False)}.get(name, (name, True))
    stored = not on if name == "active" else on  # the field is there when not at its default
    if stored:
        slot[key] = value
    else:
        slot.pop(key, None)
    return slot


def with_source(slot: dict[str, Any], source: str, footage: str | None = None) -> dict[str, Any]:
    """A copy of `slot` showing `source` (`footage` is the file for FILE)."""
    slot = {key: value for key, value in slot.items() if key not in ("source", "footage")}
    if source == FILE:
        slot.update(source=FILE, footage=str(footage))
    elif source != SYNTHETIC:
        slot["source"] = source
    return slot


def source_label(slot: dict[str, Any]) -> str:
    source = source_of(slot)
    if source == FILE:
        return f"{'Image' if is_image(slot['footage']) else 'Video'}: {Path(slot['footage']).name}"
    if source == NONE:
        return "None (no picture)"
    return "Synthetic screen" if slot.get("type") == "screenshare" else "Synthetic"


def source_tip(slot: dict[str, Any]) -> str:
    source = source_of(slot)
    if source == FILE:
        path = Path(slot["footage"])
        return str(path) if path.is_file() else f"{path}\nnot found: synthetic footage stands in"
    if source == NONE:
        return "The participant's video shows no picture (black), as a camera that sends nothing"
    return "Generated footage with the participant's number and name (double-click to choose a file)"


def _restored_flag(row: dict[str, Any], name: str) -> bool:
    """A flag as a stored row says it, strictly: only `true` ticks one ("yes" does not), only
    `false` takes a participant out of the call."""
    if name == "screenshare":
        return row.get("type") == "screenshare"
    if name == "active":
        return row.get("active") is not False
    return row.get(name) is True


def checked_slots(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows read back from a file (the settings, which a user may edit by hand), kept as far as
    they describe a participant: at most MAX_SLOTS, only the fields a row has and only of their
    kind, one dominant speaker. A row that is not an object becomes a default participant: a
    row's place is its slot in the call."""
    checked: list[dict[str, Any]] = []
    dominant = False
    for index, row in enumerate(list(rows)[:MAX_SLOTS]):
        slot = participant_slot(index)
        if not isinstance(row, dict):
            checked.append(slot)
            continue
        if isinstance(row.get("id"), (int, str)) and not isinstance(row.get("id"), bool):
            slot["id"] = row["id"]
        if isinstance(row.get("displayName"), str):
            slot["displayName"] = row["displayName"]
        for name in ("paused", "audioOnly", "screenshare", "active") + (() if dominant else ("dominant",)):
            on = _restored_flag(row, name)
            if on != flag(slot, name):
                slot = with_flag(slot, name, on)
        dominant = dominant or flag(slot, "dominant")
        footage = row.get("footage")
        if row.get("source") == FILE and isinstance(footage, str) and footage:
            slot = with_source(slot, FILE, footage)
        elif row.get("source") == NONE:
            slot = with_source(slot, NONE)
        checked.append(slot)
    return checked


def missing_footage(slots: Sequence[dict[str, Any]]) -> list[str]:
    """One line per participant whose footage file is gone (shown as synthetic footage)."""
    return [f"participant {row + 1} ({slot.get('displayName', '')}): footage {slot['footage']} not found; "
            "synthetic footage stands in"
            for row, slot in enumerate(slots)
            if source_of(slot) == FILE and not Path(slot["footage"]).is_file()]


class SlotsModel(HeaderedTableModel):
    """Name (editable) and the dominant / paused / screenshare check boxes, per slot."""

    HEADERS = COLUMNS
    NUMBERED_ROWS = True

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

    def set_source(self, row: int, source: str, footage: str | Path | None = None) -> None:
        """Show generated footage (SYNTHETIC), a video or image file (FILE, `footage`), or no
        picture (NONE) for the participant in `row`."""
        if source not in SOURCES or (source == FILE and not footage):
            raise ValueError(f"not a participant source: {source!r} {footage!r}")
        after = self._replaced(row, with_source(self._slots[row], source, None if footage is None else str(footage)))
        what = {SYNTHETIC: "synthetic footage", NONE: "no picture"}.get(source) or Path(str(footage)).name
        self._edit(after, f"Participant {row + 1}: {what}")

    def assign_footage(self, row: int, path: str | Path) -> None:
        self.set_source(row, FILE, path)

    def assign_footage_to_video(self, vid: Any, path: str | Path) -> bool:
        """A file dropped on the preview tile showing video `vid`; False when no row has it."""
        row = self.row_of_video(vid)
        if row is None:
            return False
        self.assign_footage(row, path)
        return True

    def row_of_video(self, vid: Any) -> int | None:
        """The row whose video has the id `vid` (a video layer's id), or None."""
        for row, slot in enumerate(self._slots):
            if video_id(slot, row) == vid or str(video_id(slot, row)) == str(vid):
                return row
        return None

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() in (0, SOURCE_COLUMN):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable

    def row_count(self) -> int:
        return len(self._slots)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slots):
            return None
        slot = self._slots[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return str(slot.get("displayName", ""))
            return None
        if index.column() == SOURCE_COLUMN:
            return self._source_data(slot, role)
        if role == Qt.ItemDataRole.CheckStateRole:
            on = flag(slot, FLAGS[index.column()])
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return None

    @staticmethod
    def _source_data(slot: dict[str, Any], role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return source_label(slot)
        if role == Qt.ItemDataRole.EditRole:
            return source_of(slot)
        if role == Qt.ItemDataRole.ToolTipRole:
            return source_tip(slot)
        if role == Qt.ItemDataRole.ForegroundRole and source_of(slot) == FILE and not Path(slot["footage"]).is_file():
            return MISSING_FILE
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        if index.column() == 0 and role == Qt.ItemDataRole.EditRole:
            self.rename(index.row(), str(value))
            return True
        if index.column() == SOURCE_COLUMN and role == Qt.ItemDataRole.EditRole:
            # SYNTHETIC or NONE, or a file's path (the source editor and drops hand over paths)
            if value in (SYNTHETIC, NONE):
                self.set_source(index.row(), str(value))
            elif value:
                self.assign_footage(index.row(), str(value))
            return True
        if index.column() in FLAGS and role == Qt.ItemDataRole.CheckStateRole:
            on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
            self.set_flag(index.row(), FLAGS[index.column()], on)
            return True
        return False
