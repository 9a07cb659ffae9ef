"""The timeline dock (studio/timeline/dock.py): the transport's signals, the go-to field, In/Out/
Loop, keys that drive it from anywhere but never while typing, the shortcuts list, and a
screenshot of it (`python tests/test_timeline_dock.py OUT.png [dark]` writes one to look at)."""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QMainWindow, QSlider, QTableWidget, QVBoxLayout, QWidget
from test_timeline_model import sample

from studio.keyboard import ShortcutsDialog, TypingGuard
from studio.timeline import SPEEDS, TimelineDock, TimelineModel, Track
from vcs_engine.scenario import Scenario


def build(stack: QUndoStack | None = None) -> tuple[QMainWindow, TimelineDock]:
    """A window with a text field, a table and a slider over the dock (as the studio has)."""
    model = TimelineModel(stack or QUndoStack())
    model.set_scenario(sample())
    window = QMainWindow()
    central = QWidget()
    column = QVBoxLayout(central)
    window.field, window.table, window.slider = QLineEdit(), QTableWidget(3, 3), QSlider(Qt.Orientation.Horizontal)
    window.combo = QComboBox()
    window.combo.addItems(["grid", "split", "pip"])
    for widget in (QLabel("preview"), window.field, window.table, window.slider, window.combo):
        column.addWidget(widget)
    window.setCentralWidget(central)
    dock = TimelineDock(model, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.set_fps(30)
    dock.set_duration(300)
    window.resize(1100, 520)
    return window, dock


@pytest.fixture
def ui(qtbot):
    window, dock = build()
    qtbot.addWidget(window)
    window.show()
    TypingGuard.install()
    seeks: list[int] = []
    loops: list[object] = []
    dock.seekRequested.connect(seeks.append)
    dock.loopChanged.connect(loops.append)
    dock.seeks, dock.loops = seeks, loops
    return window, dock


def focused(window: QMainWindow, widget: QWidget) -> None:
    window.activateWindow()
    widget.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_transport_buttons_and_position(ui, qtbot):
    _window, dock = ui
    dock.set_frame(120)
    assert dock.seeks == [] and dock.view.playhead == 120
    assert dock.position_label.text().split() == ["120", "00:04.00"]
    for action, want in [(dock.next_action, 121), (dock.previous_action, 120), (dock.forward_second_action, 150),
                         (dock.back_second_action, 120), (dock.end_action, 299), (dock.start_action, 0),
                         (dock.previous_action, 0)]:
        action.trigger()
        assert dock.seeks[-1] == want and dock.view.playhead == want and dock.frame == want
    assert dock.position_label.text().split() == ["0", "00:00.00"]
    toggles: list[bool] = []
    dock.playToggled.connect(toggles.append)
    dock.play_action.trigger()
    dock.play_action.trigger()
    assert toggles == [True, False]
    dock.set_playing(True)
    assert dock.play_action.text() == "&Pause" and toggles == [True, False]
    speeds: list[float] = []
    dock.speedChanged.connect(speeds.append)
    for i in range(len(SPEEDS)):
        dock.speed_combo.setCurrentIndex(i)
    assert speeds == [0.25, 0.5, 1.0, 1.5, 2.0] and [dock.speed_combo.itemText(i) for i in range(5)] == \
        ["0.25×", "0.5×", "1×", "1.5×", "2×"]


def test_goto_field(ui, qtbot):
    window, dock = ui
    field = dock.goto_field
    focused(window, field)
    for text, frame in [("150", 150), ("0:02.15", 75), ("4.5 s", 135), ("400", 400)]:
        qtbot.keyClicks(field, text)
        press(qtbot, Qt.Key.Key_Return)
        assert dock.seeks[-1] == frame and field.text() == "" and dock.goto_error.isHidden()
        focused(window, field)
    assert dock.view.content_frames() == 401  # the ruler goes past the document's end
    qtbot.keyClicks(field, "4.5")
    press(qtbot, Qt.Key.Key_Return)
    assert dock.seeks[-1] == 400 and field.text() == "4.5"
    assert dock.goto_error.isVisibleTo(dock) and "write" not in dock.goto_error.text()
    assert dock.goto_error.text().startswith("Go to '4.5': not a position")
    qtbot.keyClicks(field, " s")  # editing clears the error
    assert dock.goto_error.isHidden()
    press(qtbot, Qt.Key.Key_Return)
    assert dock.seeks[-1] == 135
    # Esc leaves the field, cleared, for the timeline.
    focused(window, field)
    qtbot.keyClicks(field, "12")
    press(qtbot, Qt.Key.Key_Escape)
    assert field.text() == "" and QApplication.focusWidget() is dock.view and dock.seeks[-1] == 135
    # Ctrl+G goes to the field from anywhere.
    focused(window, dock.view)
    press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is field


def test_in_out_and_loop(ui, qtbot):
    window, dock = ui
    focused(window, dock.view)
    dock.set_frame(60)
    press(qtbot, Qt.Key.Key_I)
    dock.set_frame(90)
    press(qtbot, Qt.Key.Key_O)
    assert (dock.mark_in, dock.mark_out) == (60, 90) and dock.view.loop_marks == (60, 90)
    assert dock.loops == [] and dock.loop_range() is None  # marks alone do not loop
    assert dock.loop_action.toolTip() == "Loop frames 60–90 (in/out marks, 00:02.00–00:03.00)"
    dock.loop_action.trigger()
    assert dock.loops == [(60, 90)]
    dock.set_frame(120)
    press(qtbot, Qt.Key.Key_I)  # an in past the out clears the out: the loop runs to the end
    assert (dock.mark_in, dock.mark_out) == (120, None) and dock.loops[-1] == (120, 299)
    dock.set_frame(100)
    press(qtbot, Qt.Key.Key_O)  # an out before the in clears the in
    assert dock.loops[-1] == (0, 100)
    press(qtbot, Qt.Key.Key_X)
    assert (dock.mark_in, dock.mark_out) == (None, None) and dock.loops[-1] == (0, 299)
    assert dock.loop_action.toolTip() == "Loop frames 0–299 (00:00.00–00:09.29)"
    dock.set_duration(600)
    assert dock.loops[-1] == (0, 599)
    count = len(dock.loops)
    press(qtbot, Qt.Key.Key_X)  # nothing changes: no signal
    assert len(dock.loops) == count
    dock.loop_action.trigger()
    assert dock.loops[-1] is None and dock.loop_range() is None


def test_keys_drive_the_timeline_but_never_while_typing(ui, qtbot):
    window, dock = ui
    dock.set_frame(100)
    focused(window, dock.view)
    for key, modifier, want in [(Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, 101),
                                (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier, 100),
                                (Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier, 130),
                                (Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier, 100),
                                (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, 120),  # events: 30, 60, 120
                                (Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, 120),  # none after
                                (Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier, 60),
                                (Qt.Key.Key_Up, Qt.KeyboardModifier.NoModifier, 30),
                                (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier, 299),
                                (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier, 0)]:
        press(qtbot, key, modifier)
        assert dock.seeks[-1] == want
    toggles: list[bool] = []
    dock.playToggled.connect(toggles.append)
    press(qtbot, Qt.Key.Key_Space)
    assert toggles == [True]
    seen = len(dock.seeks)
    # A text field keeps every one of them (and the go-to field, too).
    for field in (window.field, dock.goto_field):
        focused(window, field)
        qtbot.keyClicks(field, "in out x")
        for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Space):
            press(qtbot, key)
        press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
        assert field.text() == "in out x " and field.selectedText() == " "  # End, then a space
    # A table and a slider keep the arrow keys and Home/End (cursor, value).
    window.table.setCurrentCell(1, 1)
    focused(window, window.table)
    press(qtbot, Qt.Key.Key_Right)
    assert window.table.currentColumn() == 2
    press(qtbot, Qt.Key.Key_Down)
    assert window.table.currentRow() == 2
    window.slider.setValue(50)
    focused(window, window.slider)
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_End)
    assert window.slider.value() == window.slider.maximum()
    focused(window, window.combo)
    press(qtbot, Qt.Key.Key_Down)
    assert window.combo.currentIndex() == 1
    assert len(dock.seeks) == seen and toggles == [True] and dock.mark_in is None and dock.mark_out is None


def test_zoom_keys_keep_the_playhead_in_place(ui, qtbot):
    window, dock = ui
    view = dock.view
    dock.set_frame(150)
    focused(window, view)
    x, scale = view.scale.x_of(150), view.scale.px_per_frame
    press(qtbot, Qt.Key.Key_Equal)
    assert view.scale.px_per_frame == pytest.approx(2 * scale) and view.scale.x_of(150) == pytest.approx(x)
    press(qtbot, Qt.Key.Key_Minus)
    assert view.scale.px_per_frame == pytest.approx(scale)
    press(qtbot, Qt.Key.Key_Equal)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)
    assert view.scale.px_per_frame == pytest.approx(scale) and view.scale.first == 0
    focused(window, window.field)  # typed, not zoomed
    qtbot.keyClicks(window.field, "a=b-c Z")
    assert window.field.text() == "a=b-c Z" and view.scale.px_per_frame == pytest.approx(scale)


def test_shortcuts_are_listed_and_unique(ui):
    window, dock = ui
    rows = dict(ShortcutsDialog(window).rows())
    timeline = {name.removeprefix("Timeline › "): keys for name, keys in rows.items() if name.startswith("Timeline")}
    assert timeline == {"Go to Start": "Home", "Previous Frame": "Left", "Play": "Space", "Next Frame": "Right",
                        "Go to End": "End", "Back One Second": "Shift+Left", "Forward One Second": "Shift+Right",
                        "Set In": "I", "Set Out": "O", "Previous Event": "Up", "Next Event": "Down",
                        "Zoom In": "=", "Zoom Out": "-", "Zoom to Fit": "Shift+Z", "Clear In/Out": "X", "Go to Frame or Time…": "Ctrl+G"}
    every_key = [key for keys in timeline.values() for key in keys.split(", ")]
    assert len(every_key) == len(set(every_key))  # a key on two actions would fire neither


def test_seek_progress(ui):
    _window, dock = ui
    dock.set_frame(200)
    dock.set_seek_progress(30, 120)
    assert dock.seek_bar.isVisibleTo(dock) and dock.seek_bar.value() == 30 and dock.seek_bar.maximum() == 120
    assert dock.view.seek_progress == (30, 120)
    dock.set_seek_progress(120, 120)
    assert not dock.seek_bar.isVisibleTo(dock) and dock.view.seek_progress is None


def test_editing_markers_from_the_dock_is_undoable(qtbot):
    stack = QUndoStack()
    window, dock = build(stack)
    qtbot.addWidget(window)
    window.show()
    view = dock.view
    view.scale.px_per_frame, view.scale.first = 2.0, 0.0
    start = view.marker_center(120, Track.PARAMS).toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + type(start)(40, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + type(start)(40, 0))
    assert 140 in dock.model.events() and stack.count() == 1
    stack.undo()
    assert dock.model.events() == sample().events


def test_the_dock_follows_a_new_documents_rate_and_length(ui):
    _window, dock = ui
    dock.set_duration(500)  # the window's word
    dock.model.add_event(10, {"params": {"a": 1}})  # an edit keeps it
    assert dock.duration == 500
    dock.model.set_scenario(Scenario(duration_in_frames=250, fps=25.0))
    assert (dock.duration, dock.fps, dock.view.duration, dock.view.fps) == (250, 25.0, 250, 25.0)
    dock.set_frame(50)
    assert dock.position_label.text().split() == ["50", "00:02.00"]


DARK = {QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#dfe1e5",
        QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.Text: "#dfe1e5", QPalette.ColorRole.Button: "#393b40",
        QPalette.ColorRole.ButtonText: "#dfe1e5", QPalette.ColorRole.Highlight: "#3574f0"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK.items():
        palette.setColor(role, QColor(color))
    return palette


def test_dark_palette_icons_and_lanes(qtbot):
    window, dock = build()
    qtbot.addWidget(window)
    window.setPalette(dark_palette())
    window.show()
    QApplication.processEvents()
    image = dock.play_action.icon().pixmap(16, 16).toImage()
    lit = [image.pixelColor(x, y) for x in range(16) for y in range(16) if image.pixelColor(x, y).alpha() > 200]
    assert lit and all(c.lightness() > 180 for c in lit)  # light icons on the dark theme
    grab = dock.view.grab().toImage()
    lane = dock.view.track_rect(Track.ROOM)
    assert grab.pixelColor(dock.view.width() // 3, lane.center().y()).lightness() < 60


def screenshot(path: str, dark: bool) -> None:
    """The dock with the sample scenario, a loop range, a selected marker and a seek running."""
    app = QApplication.instance() or QApplication([])
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    window, dock = build()
    window.resize(1180, 330)
    window.show()
    dock.set_frame(100)
    dock.set_marks(45, 150)
    dock.loop_action.setChecked(True)
    dock.view.selected = (60, Track.PARTICIPANTS)
    dock.set_seek_progress(40, 100)
    QApplication.processEvents()
    dock.grab().save(path)


if __name__ == "__main__":
    screenshot(sys.argv[1], len(sys.argv) > 2 and sys.argv[2] == "dark")
