"""The composition's params as a Qt model: the one place that knows their specs, defaults,
current values and which of them the user changed.

Why a model (anchors.md, Qt model/view and Motion Canvas's `MetaField`): the params panel, the
undo stack, param files, remembered params and (later) recording and payloads all need the same
answers — what is each value, what changed — and answers kept in widgets drift apart. Views keep
no copy: they show what the model holds and hand edits back through `edit()` / `setData()`.

Every edit goes through the window's `QUndoStack` when one is attached (studio/undo.py): the
model builds the command and the command's `redo()`/`undo()` call back `apply()`/`replace()`.
Without a stack (scripts, tests of the model alone) edits apply directly.

The model is the source of truth for the engine too: `valuesChanged(values, replace)` tells the
window what to send. An edit that returns a param to its default is sent as a replacement of the
whole set of changed values, so the engine's params are always exactly `changed_values()` — the
same flat `{id: value}` a param file holds and `vcs render --params` applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QUndoCommand, QUndoStack

from vcs_engine.errors import InputError
from vcs_engine.interface import ParamSpec
from vcs_engine.limits import check_param_value

from .table_model import HeaderedTableModel
from .undo import NO_MERGE, ParamEditCommand, ParamsReplaceCommand

Index = QModelIndex | QPersistentModelIndex
NUMBER_TOLERANCE = 1e-9
"""Numbers closer than this to their default count as unchanged (a spin box's float
round trip of 0.1 steps must not mark a param as changed)."""


class Column(IntEnum):
    PARAM = 0
    VALUE = 1


class Role(IntEnum):
    """Roles beyond Qt's: what a view needs to build and mark an editor."""

    ID = Qt.ItemDataRole.UserRole + 1
    SPEC = Qt.ItemDataRole.UserRole + 2
    DEFAULT = Qt.ItemDataRole.UserRole + 3
    CHANGED = Qt.ItemDataRole.UserRole + 4


def same_value(spec: ParamSpec, value: Any, default: Any) -> bool:
    """Whether `value` is the default as a user would see it (so the "changed" mark is right).

    Numbers compare within `NUMBER_TOLERANCE`; booleans only equal booleans (True is not 1
    here: the composition sees the difference); an absent text default equals empty text."""
    if isinstance(value, bool) or isinstance(default, bool):
        return type(value) is type(default) and value == default
    if isinstance(value, (int, float)) and isinstance(default, (int, float)):
        return abs(float(value) - float(default)) <= NUMBER_TOLERANCE
    if spec.type == "text" and default is None:
        return value in (None, "")
    return bool(value == default)


def display_text(value: Any) -> str:
    """A value as one line of text (for plain views and tool tips)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ParamsModel(HeaderedTableModel):
    """One row per declared param: column 0 names it, column 1 holds its value (EditRole).

    `valuesChanged(values, replace)`: after every change of values made through the model (an
    edit, an undo or redo, a reset, a loaded param file). `replace=False`: `values` are the
    params that changed, to merge into the engine's; `replace=True`: `values` is the complete
    set of changed values, to replace the engine's. Not emitted by `set_interface` (the values
    came from the engine). `editRefused(id, message)`: a value the engine could never take
    (limits.py), refused before it reached the model or the undo stack.
    """

    HEADERS = ("Param", "Value")

    valuesChanged = Signal(object, bool)
    editRefused = Signal(str, str)

    def __init__(self, parent: QObject | None = None, undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._specs: tuple[ParamSpec, ...] = ()
        self._rows: dict[str, int] = {}
        self._values: dict[str, Any] = {}
        self._extra: dict[str, Any] = {}  # set but not declared (kept: the engine keeps them too)

    # ------------------------------------------------------------------ loading

    def set_interface(self, specs: Sequence[ParamSpec], values: Mapping[str, Any]) -> None:
        """Show `specs` with the engine's `values` (ids it was given; the rest are defaults)."""
        self.beginResetModel()
        self._specs = tuple(specs)
        self._rows = {spec.id: row for row, spec in enumerate(self._specs)}
        self._values = {spec.id: values.get(spec.id, spec.default) for spec in self._specs}
        self._extra = {pid: value for pid, value in values.items() if pid not in self._rows}
        self.endResetModel()

    # ------------------------------------------------------------------ reading

    @property
    def specs(self) -> tuple[ParamSpec, ...]:
        return self._specs

    def spec(self, param_id: str) -> ParamSpec | None:
        row = self._rows.get(param_id)
        return self._specs[row] if row is not None else None

    def row_of(self, param_id: str) -> int | None:
        return self._rows.get(param_id)

    def value(self, param_id: str) -> Any:
        """The current value: the declared param's (its default until changed), else an
        undeclared value that was set, else None."""
        if param_id in self._values:
            return self._values[param_id]
        return self._extra.get(param_id)

    def default(self, param_id: str) -> Any:
        spec = self.spec(param_id)
        return spec.default if spec is not None else None

    def is_changed(self, param_id: str) -> bool:
        spec = self.spec(param_id)
        if spec is None:
            return param_id in self._extra
        return not same_value(spec, self._values[param_id], spec.default)

    def changed_values(self) -> dict[str, Any]:
        """The flat `{id: value}` of what differs from the defaults (declared order, then
        undeclared ids): a param file's content, and exactly the engine's params."""
        changed = {spec.id: self._values[spec.id] for spec in self._specs if self.is_changed(spec.id)}
        changed.update(self._extra)
        return changed

    # ------------------------------------------------------------------ editing

    def check(self, param_id: str, value: Any) -> str | None:
        """Why the engine would refuse `value` (one line), else None — the engine's own check,
        so a value the model accepts is never refused later."""
        try:
            check_param_value(self.spec(param_id), param_id, value)
        except InputError as error:
            return str(error)
        return None

    def edit(self, param_id: str, value: Any, merge_token: object | None = None) -> bool:
        """Set one param as a user edit (undoable when a stack is attached).

        `merge_token` groups one interaction (a slider drag, a colour dialog) into one undo
        step; without it, quick successive edits of the same param merge; `undo.NO_MERGE`
        makes the edit its own step (studio/undo.py)."""
        if param_id not in self._rows and param_id not in self._extra:
            return False
        problem = self.check(param_id, value)
        if problem is not None:
            self.editRefused.emit(param_id, problem)
            return False
        if value == self.value(param_id) and type(value) is type(self.value(param_id)):
            return True
        self._run(ParamEditCommand(self, param_id, self.value(param_id), value, merge_token))
        return True

    def reset(self, param_id: str) -> bool:
        """Back to the declared default (one undoable edit)."""
        return self.edit(param_id, self.default(param_id), NO_MERGE)

    def replace_all(self, changed: Mapping[str, Any], text: str) -> str | None:
        """Make `changed` the complete set of changed values (Reset all: `{}`; a loaded param
        file) as one undoable step named `text`. Returns why it was refused, else None."""
        problems = [p for pid, value in changed.items() if (p := self.check(pid, value)) is not None]
        if problems:
            return "; ".join(problems)
        self._run(ParamsReplaceCommand(self, self.changed_values(), dict(changed), text))
        return None

    def _run(self, command: QUndoCommand) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()

    # ------------------------------------------------------------------ applying (the commands call these)

    def apply(self, values: Mapping[str, Any]) -> None:
        """Set values as given (no undo step: the caller is one)."""
        returned_to_default = False
        for pid, value in values.items():
            row = self._rows.get(pid)
            if row is None:
                self._extra[pid] = value
                continue
            self._values[pid] = value
            returned_to_default |= not self.is_changed(pid)
            index = self.index(row, Column.VALUE)
            self.dataChanged.emit(self.index(row, Column.PARAM), index)
        if returned_to_default:
            self.valuesChanged.emit(self.changed_values(), True)
        else:
            self.valuesChanged.emit(dict(values), False)

    def replace(self, changed: Mapping[str, Any]) -> None:
        """Defaults everywhere, then `changed` (no undo step: the caller is one)."""
        self._values = {spec.id: changed.get(spec.id, spec.default) for spec in self._specs}
        self._extra = {pid: value for pid, value in changed.items() if pid not in self._rows}
        if self._specs:
            self.dataChanged.emit(self.index(0, Column.PARAM), self.index(len(self._specs) - 1, Column.VALUE))
        self.valuesChanged.emit(self.changed_values(), True)

    # ------------------------------------------------------------------ QAbstractItemModel

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.VALUE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def row_count(self) -> int:
        return len(self._specs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._specs):
            return None
        spec = self._specs[index.row()]
        if role == Role.ID:
            return spec.id
        if role == Role.SPEC:
            return spec
        if role == Role.DEFAULT:
            return spec.default
        if role == Role.CHANGED:
            return self.is_changed(spec.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.help or spec.id
        if role == Qt.ItemDataRole.FontRole and index.column() == Column.PARAM and self.is_changed(spec.id):
            font = QFont()
            font.setBold(True)
            return font
        if index.column() == Column.PARAM:
            return spec.id if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.EditRole:
            return self._values[spec.id]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(self._values[spec.id])
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != Column.VALUE or role != Qt.ItemDataRole.EditRole:
            return False
        return self.edit(self._specs[index.row()].id, value)
