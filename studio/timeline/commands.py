"""The timeline's undo command: the events before and after one edit.

Scenario documents are small (tens to a few thousand events of a few fields), so a command keeps
both whole events dicts rather than an inverse operation: undo is exact whatever the edit merged
or split, and a move is one step however far the drag went (the view sends one move on release).

Successive adds at one frame merge into one step while they carry the same interaction token
(studio/undo.py's rule): record mode turns a slider drag into one event and one undo step, not
one per value. Moves, deletes and adds without a token are always their own step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..undo import NO_MERGE, MergingCommand
from .events import Events

if TYPE_CHECKING:
    from .model import TimelineModel


class EventsCommand(MergingCommand):
    """One timeline edit ("Move params event 30 → 45")."""

    ID = 3

    def __init__(self, model: TimelineModel, before: Events, after: Events, text: str,
                 merge_key: Any = None, token: object = NO_MERGE) -> None:
        super().__init__(text, (id(model), merge_key), token)
        self.model = model
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.model.replace_events(self.after)

    def undo(self) -> None:
        self.model.replace_events(self.before)

    def take_after(self, other: EventsCommand) -> None:
        self.after = other.after

    def is_no_op(self) -> bool:
        return self.before == self.after
