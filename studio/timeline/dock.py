"""The timeline dock: the timeline view under a transport row.

Transport: go to start, previous frame, play/pause, next frame, go to end; the current position
as frame and `mm:ss.ff`; a go-to field (studio/timeline/timecode.py forms); the speed; In, Out
and Loop. The dock decides nothing about rendering: it emits what the user asks for
(`seekRequested`, `playToggled`, `speedChanged`, `loopChanged`) and shows what it is told
(`set_frame`, `set_playing`, `set_seek_progress`). A request moves its own playhead at once, so
stepping and scrubbing never wait for a frame to arrive.

Keys (actions on the dock, so they work anywhere in the window, and are listed in Help ›
Keyboard Shortcuts under "Timeline"): Space, ←/→ a frame, Shift+←/→ a second, ↑/↓ the previous
or next event, Home/End, I/O set the in/out marks at the playhead, X clears them, Ctrl+G goes to
the go-to field, = and - zoom around the playhead, Shift+Z shows the whole document. Being single
keys they never fire while a text field (or a list, a slider: arrow keys) has the focus
(studio/keyboard.py `TypingGuard`).

Loop: `loopChanged((in, out))` while Loop is on, `loopChanged(None)` when it goes off. Without
marks the loop is the whole document; a missing mark is the document's start or last frame. A
mark set past the other one clears the other (as editors do), so in ≤ out always.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFontDatabase, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.limits import MAX_FRAMES

from .icons import transport_icon
from .model import TimelineModel
from .timecode import ACCEPTED_FORMS, TimecodeError, format_timecode, parse_position
from .view import TimelineView

__all__ = ["TimelineDock", "SPEEDS"]

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0)
LoopRange = tuple[int, int] | None


class TimelineDock(QDockWidget):
    """The timeline under the preview (`model`: the document; its edits are undo steps)."""

    seekRequested = Signal(int)
    playToggled = Signal(bool)
    speedChanged = Signal(float)
    loopChanged = Signal(object)

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__("Timeline", parent)
        self.setObjectName("timeline-dock")  # saveState() keys docks by name
        self.model = model
        self.frame = 0
        self.playing = False
        self.fps = model.fps
        self.duration = max(1, model.duration)
        self.mark_in: int | None = None
        self.mark_out: int | None = None
        self._icons: dict[QAction, str] = {}  # icon names, painted for the palette

        self._document_shape = (model.fps, model.duration)
        model.modelReset.connect(self._follow_document)
        self.view = TimelineView(model)
        self.view.seekRequested.connect(self._view_sought)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_transport())
        column.addWidget(self.view, 1)
        self.setWidget(body)
        self._show_position()
        self._show_loop_range()
        self._paint_icons()

    def _paint_icons(self) -> None:
        for action, name in self._icons.items():
            action.setIcon(transport_icon(name, self.palette()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._paint_icons()
        super().changeEvent(event)

    # ------------------------------------------------------------------ construction

    def _action(self, text: str, keys: str | None, slot: Callable[[], object], tip: str,
                icon: str | None = None) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            tip = f"{tip} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        if icon is not None:
            self._icons[action] = icon
        action.triggered.connect(slot)
        self.addAction(action)  # window-wide keys while the dock is in the window
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus (and the keys) where they were
        return button

    def _build_actions(self) -> None:
        self.start_action = self._action("Go to &Start", "Home", lambda: self._request(0),
                                         "Go to the first frame", "start")
        self.previous_action = self._action("&Previous Frame", "Left", lambda: self._request(self.frame - 1),
                                            "One frame back", "previous")
        self.play_action = self._action("&Play", "Space", self._toggle_play, "Play or pause", "play")
        self.next_action = self._action("&Next Frame", "Right", lambda: self._request(self.frame + 1),
                                        "One frame forward", "next")
        self.end_action = self._action("Go to &End", "End", lambda: self._request(self.duration - 1),
                                       "Go to the document's last frame", "end")
        self.back_second_action = self._action("Back One Second", "Shift+Left",
                                               lambda: self._request(self.frame - self._second()), "One second back")
        self.forward_second_action = self._action("Forward One Second", "Shift+Right",
                                                  lambda: self._request(self.frame + self._second()),
                                                  "One second forward")
        self.previous_event_action = self._action("Previous Event", "Up", lambda: self._to_event(-1),
                                                  "Go to the previous marker's frame")
        self.next_event_action = self._action("Next Event", "Down", lambda: self._to_event(1),
                                              "Go to the next marker's frame")
        self.in_action = self._action("Set &In", "I", lambda: self.set_marks(self.frame, self._kept(out=True)),
                                      "Set the in mark at the playhead: the loop starts there", "in")
        self.out_action = self._action("Set &Out", "O", lambda: self.set_marks(self._kept(out=False), self.frame),
                                       "Set the out mark at the playhead: the loop ends there", "out")
        self.clear_marks_action = self._action("Clear In/Out", "X", lambda: self.set_marks(None, None),
                                               "Clear the in and out marks")
        self.loop_action = self._action("&Loop", None, self._loop_toggled, "Loop between the in and out marks "
                                        "(the whole document without marks)", "loop")
        self.loop_action.setCheckable(True)
        self.goto_action = self._action("&Go to Frame or Time…", "Ctrl+G", self._focus_goto,
                                        f"Type {ACCEPTED_FORMS}")
        zoom_step = 2.0
        self.zoom_in_action = self._action("Zoom In", "=", lambda: self._zoom(zoom_step),
                                           "Zoom the timeline in around the playhead")
        self.zoom_out_action = self._action("Zoom Out", "-", lambda: self._zoom(1 / zoom_step),
                                            "Zoom the timeline out around the playhead")
        self.zoom_fit_action = self._action("Zoom to Fit", "Shift+Z", self.view.fit,
                                            "Show the whole document (also: double-click the ruler)")

    def _build_transport(self) -> QWidget:
        """The row above the timeline: buttons, position, go-to field, seek progress, speed,
        In/Out/Loop."""
        self._build_actions()
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        for action in (self.start_action, self.previous_action, self.play_action, self.next_action, self.end_action):
            layout.addWidget(self._button(action))
        layout.addSpacing(10)
        self.position_label = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.position_label.setFont(mono)
        self.position_label.setToolTip("Current frame and time (minutes:seconds.frame)")
        self.position_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.position_label)
        layout.addSpacing(10)
        self.goto_field = QLineEdit()
        self.goto_field.setPlaceholderText("Go to…")
        self.goto_field.setToolTip(f"Go to a frame or a time: {ACCEPTED_FORMS}; Enter jumps")
        self.goto_field.setFixedWidth(self.goto_field.fontMetrics().horizontalAdvance("0000:00.00 s") + 16)
        self.goto_field.returnPressed.connect(self._goto)
        self.goto_field.installEventFilter(self)
        self.goto_field.textEdited.connect(lambda _text: self._show_goto_error(""))
        layout.addWidget(self.goto_field)
        self.goto_error = QLabel()
        self.goto_error.setStyleSheet("color: #e5484d;")
        self.goto_error.hide()
        layout.addWidget(self.goto_error)
        self.seek_bar = QProgressBar()
        self.seek_bar.setFormat("Seeking %p%")
        self.seek_bar.setFixedWidth(130)
        self.seek_bar.setMaximumHeight(self.goto_field.sizeHint().height() - 4)
        self.seek_bar.hide()
        layout.addWidget(self.seek_bar)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(spacer)
        self.speed_combo = QComboBox()
        self.speed_combo.setToolTip("Playback speed")
        # A click does not take the focus: ←/→ go on stepping frames instead of changing speed.
        self.speed_combo.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for speed in SPEEDS:
            self.speed_combo.addItem(f"{speed:g}×", speed)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.currentIndexChanged.connect(lambda i: self.speedChanged.emit(float(SPEEDS[i])))
        layout.addWidget(self.speed_combo)
        layout.addSpacing(6)
        for action in (self.in_action, self.out_action, self.loop_action):
            layout.addWidget(self._button(action))
        return row

    # ------------------------------------------------------------------ what the window tells

    def set_frame(self, frame: int) -> None:
        """The frame on screen (moves the playhead; emits nothing)."""
        self.frame = max(0, int(frame))
        self.view.set_playhead(self.frame)
        self._show_position()

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        self.play_action.setText("&Pause" if playing else "&Play")
        self._icons[self.play_action] = "pause" if playing else "play"
        self._paint_icons()

    def set_fps(self, fps: float) -> None:
        """The document's frame rate (ValueError unless positive, nothing changed then)."""
        self.view.set_fps(fps)
        self.fps = fps
        self._show_position()
        self._show_loop_range()

    def set_duration(self, frames: int) -> None:
        """The document's length in frames (End goes to its last frame; the ruler shows it
        whole until the user zooms)."""
        before = self.loop_range()
        self.duration = max(1, int(frames))
        self.view.set_duration(self.duration)
        self._loop_may_have_changed(before)
        self._show_loop_range()

    def set_seek_progress(self, done: int, total: int) -> None:
        """A long seek's progress (frames run of the frames to run); hidden when done ≥ total."""
        seeking = 0 <= done < total
        self.seek_bar.setVisible(seeking)
        if seeking:
            self.seek_bar.setRange(0, total)
            self.seek_bar.setValue(done)
        self.view.set_seek_progress(done, total)

    def _follow_document(self) -> None:
        """A new document with another rate or length (`set_scenario`) sets them here too;
        edits keep whatever `set_fps` / `set_duration` said last."""
        shape = (self.model.fps, self.model.duration)
        if shape != self._document_shape:
            self._document_shape = shape
            self.set_fps(shape[0])
            self.set_duration(shape[1])

    # ------------------------------------------------------------------ loop marks

    def loop_range(self) -> LoopRange:
        """(in, out) frames to loop between while Loop is on, else None."""
        if not self.loop_action.isChecked():
            return None
        start = self.mark_in if self.mark_in is not None else 0
        end = self.mark_out if self.mark_out is not None else max(start, self.duration - 1)
        return (start, end)

    def set_marks(self, mark_in: int | None, mark_out: int | None) -> None:
        """Set both marks (None: unset); emits `loopChanged` if the loop range changes."""
        before = self.loop_range()
        self.mark_in, self.mark_out = mark_in, mark_out
        self.view.set_loop_marks(mark_in, mark_out)
        self._loop_may_have_changed(before)
        self._show_loop_range()

    def _show_loop_range(self) -> None:
        """The Loop button's tooltip says which frames it loops."""
        start = self.mark_in if self.mark_in is not None else 0
        end = self.mark_out if self.mark_out is not None else max(start, self.duration - 1)
        marks = "" if self.mark_in is None and self.mark_out is None else "in/out marks, "
        self.loop_action.setToolTip(f"Loop frames {start}–{end} ({marks}{format_timecode(start, self.fps)}–"
                                    f"{format_timecode(end, self.fps)})")

    def _kept(self, out: bool) -> int | None:
        """The other mark, kept unless the new one (at the playhead) passes it."""
        if out:
            return self.mark_out if self.mark_out is None or self.mark_out >= self.frame else None
        return self.mark_in if self.mark_in is None or self.mark_in <= self.frame else None

    def _loop_toggled(self) -> None:
        self.loopChanged.emit(self.loop_range())

    def _loop_may_have_changed(self, before: LoopRange) -> None:
        after = self.loop_range()
        if after != before:
            self.loopChanged.emit(after)

    # ------------------------------------------------------------------ user requests

    def _second(self) -> int:
        return max(1, round(self.fps))

    def _request(self, frame: int) -> None:
        frame = min(max(0, frame), MAX_FRAMES - 1)
        self.frame = frame
        self.view.set_playhead(frame)
        self._show_position()
        self.seekRequested.emit(frame)

    def _zoom(self, factor: float) -> None:
        """Zoom around the playhead when it is in view, else around the view's middle."""
        x = self.view.scale.x_of(self.frame)
        if not self.view.scale.left <= x <= self.view.width():
            x = (self.view.scale.left + self.view.width()) / 2
        self.view.zoom(factor, x)

    def _to_event(self, direction: int) -> None:
        """To the nearest marker frame before (-1) or after (1) the playhead, if any."""
        frames = sorted({frame for frame, _track in self.model.markers()})
        candidates = [f for f in frames if (f - self.frame) * direction > 0]
        if candidates:
            self._request(candidates[0] if direction > 0 else candidates[-1])

    def _view_sought(self, frame: int) -> None:
        self.frame = frame
        self._show_position()
        self.seekRequested.emit(frame)

    def _toggle_play(self) -> None:
        self.set_playing(not self.playing)
        self.playToggled.emit(self.playing)

    def _focus_goto(self) -> None:
        self.goto_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.goto_field.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the go-to field: leave it (cleared) for the timeline, as a completed jump does."""
        if watched is self.goto_field and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            self.goto_field.clear()
            self._show_goto_error("")
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _goto(self) -> None:
        try:
            frame = parse_position(self.goto_field.text(), self.fps)
        except TimecodeError as error:
            self._show_goto_error(str(error))
            return
        self._show_goto_error("")
        self.goto_field.clear()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys drive the timeline again
        self._request(frame)

    def _show_goto_error(self, text: str) -> None:
        self.goto_error.setText(text)
        self.goto_error.setVisible(bool(text))
        self.goto_field.setStyleSheet("QLineEdit { border: 1px solid #e5484d; }" if text else "")

    def _show_position(self) -> None:
        self.position_label.setText(f"{self.frame:>6}  {format_timecode(self.frame, self.fps)}")
