"""Record mode: while on, edits made in the UI become events at the playhead.

What an edit does depends on the mode (docs/architecture.md, "The timeline"):

* **Recording**: a param edit, a participants edit and a sent message each become an event of
  the timeline's document at the playhead (`TimelineModel.add_event`, one undo step on the
  window's stack; a slider drag is one event and one step). The base state does not change, so
  frame 0 still shows what it showed; Save Scenario then writes a file `vcs render` replays.
* **Not recording**: param and participant edits change the base state (params act like
  `--params`: at frame 0 under the document's events; participants apply when the document's
  initial state names none), shown at once and exact again after the next seek. Messages are
  session-only events at the frame they were sent: seeks and reloads replay them, saving leaves
  them out.

How: the params and participants models push their own undo commands. While recording, their
`undo_stack` is a `_RecordingStack` that takes each command instead: the command's `redo()` runs
once (the panel shows the value; `applying` tells the window not to send it to the base state)
and what it set becomes the event. While recording, the params panel shows the values in force
at the playhead (the base params under the document's up to it), so a seek or an undone event
shows what that frame has and the next edit starts from it; when recording stops, the models
show the base state again.
A participant's footage is the studio's, not the composition's input: changed while recording,
it goes to the base participants at once (no event, no undo step).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from vcs_engine.timeline import accumulated_state

from .call import STUDIO_FIELDS, call_state
from .undo import NO_MERGE, ParamEditCommand, ParamsApplyCommand, ParamsReplaceCommand, SlotsCommand

if TYPE_CHECKING:
    from .params_model import ParamsModel
    from .slots_model import SlotsModel
    from .timeline import TimelineModel


def recorded_state(command: QUndoCommand, params: ParamsModel) -> dict[str, Any] | None:
    """The scenario state a params or participants command sets (None: nothing a scenario holds)."""
    if isinstance(command, ParamEditCommand):
        return {"params": {command.param_id: command.after}}
    if isinstance(command, ParamsApplyCommand):
        return {"params": dict(command.after)}
    if isinstance(command, ParamsReplaceCommand):
        ids = command.before.keys() | command.after.keys()
        return {"params": {pid: command.after.get(pid, params.default(pid)) for pid in sorted(ids)
                           if command.after.get(pid, params.default(pid)) != command.before.get(pid, params.default(pid))}}
    if isinstance(command, SlotsCommand):
        before, after = call_state(command.before), call_state(command.after)
        if (before.slots, before.peers) == (after.slots, after.peers):
            return None  # only what the studio shows changed (footage): not the composition's input
        return {"activeVideoInputSlots": after.slots, "room": after.peers}
    return None


class _RecordingStack:
    """Stands in for the window's stack in the models while recording (they only `push`)."""

    recording = True  # what a model's editor asks to know whether to apply values live

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def push(self, command: QUndoCommand) -> None:
        self.recorder.record_command(command)


class Recorder(QObject):
    """The Record action and what it does to the models' edits (see the module doc).

    `frame()` says where the playhead is. The models' values when recording starts are the base
    state (nothing changes it while recording); they are shown again when it stops."""

    recordingChanged = Signal(bool)
    baseSlotsChanged = Signal(list)  # the base participants' footage changed while recording

    def __init__(self, timeline: TimelineModel, params: ParamsModel, slots: SlotsModel, stack: QUndoStack,
                 frame: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeline, self.params, self.slots, self.stack = timeline, params, slots, stack
        self.frame = frame
        self._base: tuple[dict[str, Any], list[dict[str, Any]]] = ({}, [])
        self.applying = False  # a recorded command is changing a model: not a base-state edit
        self._stand_in = _RecordingStack(self)
        self.action = QAction("&Record", self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.action.setToolTip("Record: param, participant and message edits become events at the playhead "
                               "(Ctrl+Shift+R)")
        self.action.toggled.connect(self._toggled)
        timeline.documentChanged.connect(self.show_playhead)  # an undone or moved event

    @property
    def recording(self) -> bool:
        return self.action.isChecked()

    @property
    def base(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The base params (changed values) and participants: what the models hold, except
        while recording, when they show the playhead's values and the base is kept here."""
        if self.recording:
            return dict(self._base[0]), [dict(row) for row in self._base[1]]
        return self.params.changed_values(), self.slots.slots()

    def _toggled(self, on: bool) -> None:
        stack = self._stand_in if on else self.stack
        self.params.undo_stack = stack  # type: ignore[assignment]
        self.slots.undo_stack = stack  # type: ignore[assignment]
        if on:
            self._base = (self.params.changed_values(), self.slots.slots())
            self.show_playhead()
        else:  # the panels show the base state again (what frame 0 starts from)
            self.applying = True
            try:
                self.params.replace(self._base[0])
                self.slots.apply(self._base[1])
            finally:
                self.applying = False
        self.recordingChanged.emit(on)

    def base_params_edited(self, values: dict[str, Any], replace: bool) -> None:
        """A params change that is not an event while recording (an undo of an edit made before
        Record went on) changes the base: kept here, so the panels and Stop show it."""
        if self.recording:
            self._base = (dict(values) if replace else {**self._base[0], **values}, self._base[1])

    def base_slots_edited(self, slots: list[dict[str, Any]]) -> None:
        """As `base_params_edited`, for the participants."""
        if self.recording:
            self._base = (self._base[0], [dict(row) for row in slots])

    def show_playhead(self) -> None:
        """While recording, show in the params panel the values in force at the playhead: the
        base params under the document's initial state and events up to it."""
        if not self.recording:
            return
        values = {**self._base[0], **accumulated_state(self.timeline.scenario(), self.frame())["params"]}
        if values == self.params.changed_values():
            return
        self.applying = True
        try:
            self.params.replace(values)
        finally:
            self.applying = False

    def record_command(self, command: QUndoCommand) -> None:
        state = recorded_state(command, self.params)
        if isinstance(command, SlotsCommand) and state is None:
            self._footage_edited(command)
            return
        self.applying = True
        try:
            command.redo()
        finally:
            self.applying = False
        if state is None or not any(state.values()):
            return
        token = getattr(command, "token", None)
        frame = self.frame()
        self.timeline.add_event(frame, state, f"Record {command.text()} at frame {frame}",
                                merge_token=NO_MERGE if token is None else token)

    def _footage_edited(self, command: SlotsCommand) -> None:
        """A participant's footage changed while recording: a scenario cannot hold it, so it
        goes to the base participants (matched by video id), shown at once; not an undo step."""
        self.applying = True
        try:
            command.redo()
        finally:
            self.applying = False
        shown = {row.get("id", i): row for i, row in enumerate(command.after)}
        base = [dict(row, **{k: v for k, v in shown.get(row.get("id", i), {}).items() if k in STUDIO_FIELDS})
                for i, row in enumerate(self._base[1])]
        self._base = (self._base[0], base)
        self.baseSlotsChanged.emit(base)

    def record_message(self, source: str, message: dict[str, Any]) -> None:
        frame = self.frame()
        self.timeline.add_event(frame, {"standardSources": {source: [message]}},
                                f"Record {source} message at frame {frame}")
