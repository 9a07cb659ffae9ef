"""Undo commands of the studio: param edits, param-set replacements, participant edits.

One `QUndoStack` (the window's) holds them all, so Ctrl+Z walks back through every kind of
edit in the order it was made. A command keeps the values before and after; `redo()`/`undo()`
hand them to the model (`apply`/`replace`), which updates its views and tells the window what to
send to the engine. The models build these commands themselves, so an edit made in any view (a
form, a table, a menu action) is undoable the same way.

Merging: a slider drag or a held spin-box arrow sends dozens of values. Successive edits of the
same param merge into one step while they carry the same interaction token (a drag, a colour
dialog left open for minutes), or, without tokens, while they come less than `MERGE_WINDOW_S`
apart. Discrete edits (`NO_MERGE`: a tick, a choice, a typed text, a reset) never merge. A merge
that ends where it started (a drag back to the start) removes the step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from .params_model import ParamsModel
    from .slots_model import SlotsModel

MERGE_WINDOW_S = 0.6
"""Longest pause between two edits of one param that still merge (a drag's events come every
few ms; a user's separate edits of the same field come seconds apart)."""

clock: Callable[[], float] = time.monotonic
"""The time source of merging (tests replace it)."""

NO_MERGE = object()
"""The token of a discrete edit (a tick, a choice, a typed text, a reset): always its own step,
however quickly it follows another."""


def _identical(a: Any, b: Any) -> bool:
    """Equal and of the same type (True and 1 are different values for a composition)."""
    return type(a) is type(b) and a == b


class MergingCommand(QUndoCommand):
    """Shared merge rule: same `key`, and the same interaction token or (no tokens) a short
    pause. Subclasses give `ID` (one per kind), `take_after` and `is_no_op`."""

    ID = 1

    def __init__(self, text: str, key: Any, token: object | None) -> None:
        super().__init__(text)
        self.key = key
        self.token = token
        self.at = clock()

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or not isinstance(other, MergingCommand) or other.key != self.key:
            return False
        if NO_MERGE in (self.token, other.token):
            return False
        if self.token is None and other.token is None:
            if other.at - self.at > MERGE_WINDOW_S:
                return False
        elif other.token is not self.token:
            return False
        self.take_after(other)
        self.at = other.at
        self.setObsolete(self.is_no_op())
        return True

    def take_after(self, other: Any) -> None:
        raise NotImplementedError

    def is_no_op(self) -> bool:
        raise NotImplementedError


class ParamEditCommand(MergingCommand):
    """One param set to a new value ("Set text.color")."""

    ID = 1

    def __init__(self, model: ParamsModel, param_id: str, before: Any, after: Any,
                 token: object | None = None) -> None:
        super().__init__(f"Set {param_id}", (id(model), param_id), token)
        self.model = model
        self.param_id = param_id
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.model.apply({self.param_id: self.after})

    def undo(self) -> None:
        self.model.apply({self.param_id: self.before})

    def take_after(self, other: ParamEditCommand) -> None:
        self.after = other.after

    def is_no_op(self) -> bool:
        return _identical(self.before, self.after)


class ParamsReplaceCommand(QUndoCommand):
    """The whole set of changed values replaced: Reset all, a loaded param file."""

    def __init__(self, model: ParamsModel, before: Mapping[str, Any], after: Mapping[str, Any],
                 text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = dict(before)
        self.after = dict(after)

    def redo(self) -> None:
        self.model.replace(self.after)

    def undo(self) -> None:
        self.model.replace(self.before)


class ParamsApplyCommand(QUndoCommand):
    """Some params set together, the others untouched: a drag of a node in the preview
    (studio/drag_param.py). The values are already applied when it is pushed (live, while
    dragging); redo applies them again, which changes nothing."""

    def __init__(self, model: ParamsModel, before: Mapping[str, Any], after: Mapping[str, Any], text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = dict(before)
        self.after = dict(after)

    def redo(self) -> None:
        self.model.apply(self.after)

    def undo(self) -> None:
        self.model.apply(self.before)


class SlotsCommand(MergingCommand):
    """The participants (input slots) before and after one edit; edits with the same
    `merge_key` (the participant count's spin box) merge."""

    ID = 2

    def __init__(self, model: SlotsModel, before: list[dict[str, Any]], after: list[dict[str, Any]],
                 text: str, merge_key: str | None = None) -> None:
        super().__init__(text, (id(model), merge_key) if merge_key else object(), None)
        self.model = model
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.model.apply(self.after)

    def undo(self) -> None:
        self.model.apply(self.before)

    def take_after(self, other: SlotsCommand) -> None:
        self.after = other.after

    def is_no_op(self) -> bool:
        return self.before == self.after
