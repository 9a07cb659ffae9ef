"""The timeline's document as a Qt model: a scenario in events form, one row per marker.

Why a model (as ParamsModel, studio/params_model.py): the timeline view, the player that replays
the document, Save Scenario and record mode all need the same answer to "what happens when",
and edits must be undoable from any of them through the window's one `QUndoStack`. Views keep
no copy; they read rows (a marker = one track's part of one event) and hand edits back through
`add_event` / `move_marker` / `remove_marker`, each one undo step (studio/timeline/commands.py).

The data logic (merging, moving, summaries) is Qt-free in studio/timeline/events.py; this class
holds the document, turns it into rows and signals, and builds the undo commands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack

from vcs_engine.errors import InputError
from vcs_engine.limits import check_frame_index
from vcs_engine.scenario import Scenario, check_state

from ..table_model import HeaderedTableModel
from ..undo import NO_MERGE
from .commands import EventsCommand
from .events import (
    Events,
    Track,
    add_event,
    copy_value,
    describe_change,
    describe_part,
    move_part,
    remove_part,
    tracks_in,
)
from .timecode import format_timecode

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    FRAME = 0
    TRACK = 1
    SUMMARY = 2


class Role(IntEnum):
    """Roles beyond Qt's: the marker's key, for views that place and edit markers."""

    FRAME = Qt.ItemDataRole.UserRole + 1
    TRACK = Qt.ItemDataRole.UserRole + 2


class TimelineModel(HeaderedTableModel):
    """Rows: the markers (frame, track) in time order, tracks in `Track` order within a frame.
    Columns: frame, track, what changes. `ToolTipRole` on any column: "frame 120 (00:04.00) ·
    params: mode = grid".

    `documentChanged()`: after every change of the document (an edit, undo, redo,
    `set_scenario`); the player replays from it, so the preview is what `vcs render` makes of
    `scenario()`. Without an undo stack, edits apply directly (scripts, tests of the model)."""

    HEADERS = ("Frame", "Track", "Change")

    documentChanged = Signal()

    def __init__(self, undo_stack: QUndoStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self._scenario = Scenario()
        self._rows: list[tuple[int, Track]] = []

    # ------------------------------------------------------------------ the document

    def set_scenario(self, scenario: Scenario) -> None:
        """Make `scenario` the document (not an undo step: opening is not an edit). It must be in
        the events form: a `.js` scenario's callback is turned into events once, by the engine
        side (`vcs_engine.timeline.materialise`), not here — ValueError otherwise."""
        if scenario.callback is not None:
            raise ValueError(f"{scenario.label}: the timeline takes the events form; materialise "
                             "the scenario's callback first")
        self._scenario = replace(scenario, events=copy_value(scenario.events),
                                 initial_state=copy_value(scenario.initial_state))
        self._reset_rows()

    def scenario(self) -> Scenario:
        """The current document (a copy: changing it changes nothing here)."""
        return replace(self._scenario, events=copy_value(self._scenario.events),
                       initial_state=copy_value(self._scenario.initial_state))

    @property
    def fps(self) -> float:
        return self._scenario.fps

    @property
    def duration(self) -> int:
        """The document's length in frames (`durationInFrames`)."""
        return self._scenario.duration_in_frames

    def events(self) -> Events:
        return copy_value(self._scenario.events)

    def markers(self) -> list[tuple[int, Track]]:
        return list(self._rows)

    def row_of(self, frame: int, track: Track) -> int | None:
        try:
            return self._rows.index((frame, track))
        except ValueError:
            return None

    def change(self, frame: int, track: Track) -> str:
        """What the marker changes, without its track's name ("mode = grid")."""
        return describe_change(track, self._scenario.events[frame][track.field])

    def tooltip(self, frame: int, track: Track) -> str:
        return (f"frame {frame} ({format_timecode(frame, self.fps)}) · "
                f"{describe_part(track, self._scenario.events[frame][track.field])}")

    def initial_tracks(self) -> list[Track]:
        """The tracks the initial state sets (applied before frame 0; shown, not editable here)."""
        return tracks_in(self._scenario.initial_state)

    def initial_change(self, track: Track) -> str:
        return describe_change(track, self._scenario.initial_state[track.field])

    def initial_tooltip(self, track: Track) -> str:
        return f"initial state, before frame 0 · {describe_part(track, self._scenario.initial_state[track.field])}"

    # ------------------------------------------------------------------ edits (one undo step each)

    def add_event(self, frame: int, state: dict[str, Any], text: str | None = None,
                  merge_token: object = NO_MERGE) -> None:
        """Add `state` at `frame`, merged into the event there (params key by key, participants
        and room replaced, messages appended). A malformed state or frame raises InputError (one
        line naming the field) and changes nothing. Adds at one frame with the same
        `merge_token` (one slider drag while recording) are one undo step."""
        frame = check_frame_index(frame, "timeline event frame")
        check_state(state, f"timeline event at frame {frame}")
        if not tracks_in(state):
            raise InputError(f"timeline event at frame {frame}: the state has none of "
                             f"{', '.join(t.field for t in Track)}")
        names = ", ".join(t.label for t in tracks_in(state))
        self._push(add_event(self._scenario.events, frame, state), text or f"Add {names} event at frame {frame}",
                   ("add", frame), merge_token)

    def add_events(self, states: Mapping[int, dict[str, Any]], text: str) -> None:
        """Add many states by frame (an imported transcript) as one undo step, each merged as
        `add_event` merges; every state is checked before anything changes."""
        events = self._scenario.events
        for frame, state in sorted(states.items()):
            frame = check_frame_index(frame, "timeline event frame")
            check_state(state, f"timeline event at frame {frame}")
            events = add_event(events, frame, state)
        if states:
            self._push(events, text)

    def move_marker(self, frame: int, track: Track, to_frame: int) -> bool:
        """Move `track`'s part of the event at `frame` to `to_frame` (clamped to 0; merged into
        an event there). False (nothing done) for a marker that does not exist or stays put."""
        to_frame = max(0, int(to_frame))
        if (frame, track) not in self._rows or to_frame == frame:
            return False
        self._push(move_part(self._scenario.events, frame, track, to_frame),
                   f"Move {track.label} event {frame} → {to_frame}")
        return True

    def remove_marker(self, frame: int, track: Track) -> bool:
        if (frame, track) not in self._rows:
            return False
        self._push(remove_part(self._scenario.events, frame, track), f"Delete {track.label} event at frame {frame}")
        return True

    def _push(self, after: Events, text: str, merge_key: Any = None, token: object = NO_MERGE) -> None:
        # The current dict is never changed in place (events.py): the command may keep it.
        command = EventsCommand(self, self._scenario.events, after, text, merge_key, token)
        if self.undo_stack is not None:
            self.undo_stack.push(command)
        else:
            command.redo()

    def replace_events(self, events: Events) -> None:
        """Make `events` the document's events (no undo step: the caller is one). Its states
        are kept, not copied: they are values nobody changes (events.py)."""
        self._scenario = replace(self._scenario, events=dict(events))
        self._reset_rows()

    def _reset_rows(self) -> None:
        self.beginResetModel()
        events = self._scenario.events
        self._rows = [(frame, track) for frame in sorted(events) for track in tracks_in(events[frame])]
        self.endResetModel()
        self.documentChanged.emit()

    # ------------------------------------------------------------------ QAbstractItemModel

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        frame, track = self._rows[index.row()]
        if role == Role.FRAME:
            return frame
        if role == Role.TRACK:
            return track
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(frame, track)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == Column.FRAME:
                return frame
            if index.column() == Column.TRACK:
                return track.label
            return describe_part(track, self._scenario.events[frame][track.field])
        return None
