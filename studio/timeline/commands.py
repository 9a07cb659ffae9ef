"""The timeline's undo command: the events before and after one edit.

Scenario documents are small (tens to a few thousand events of a few fields), so a command keeps
both whole events dicts rather than an inverse operation: undo is exact whatever the edit merged
or split, and a move is one step however far the drag went (the view sends one move on release).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from .events import Events

if TYPE_CHECKING:
    from .model import TimelineModel


class EventsCommand(QUndoCommand):
    """One timeline edit ("Move params event 30 → 45")."""

    def __init__(self, model: TimelineModel, before: Events, after: Events, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.model.replace_events(self.after)

    def undo(self) -> None:
        self.model.replace_events(self.before)
