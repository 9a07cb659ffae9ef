"""The studio by keyboard (studio/keyboard.py, studio/timeline/dock.py): the shortcuts list built
from the actions, Quit everywhere, single-key shortcuts that never fire while typing, the
toolbar by Tab, frame stepping. Keys go through Qt's shortcut machinery (QTest sends the
`ShortcutOverride` first, as a real key press does)."""

from __future__ import annotations

import os
from collections import Counter

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QToolBar
from test_studio import settle, window, write_comp  # noqa: F401 (window is a fixture)

from studio.keyboard import TypingGuard, plain_text, standard_key


def focused(w, widget) -> None:
    w.activateWindow()
    widget.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_the_shortcuts_list_is_built_from_the_actions(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    w.shortcuts_help.action.trigger()
    rows = dict(w.shortcuts_help.dialog.rows())
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["File › Quit"] == standard_key(QKeySequence.StandardKey.Quit, "Ctrl+Q").toString(native)
    assert rows["Playback › Play"] == QKeySequence("Ctrl+Space").toString(native)  # Space: the timeline's Play
    assert rows["Playback › Next Frame"] == "Right, ." and rows["Playback › Go to Start"] == "Home"
    assert rows["File › Reload"] == "F5" and rows["Help › Keyboard Shortcuts"]
    assert any(name.startswith("Edit › Undo") for name in rows)
    # Every action of the window that has keys is listed, with all of them.
    listed = Counter(keys for keys in rows.values())
    for action in w.findChildren(QAction):
        keys = ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())
        if keys:
            assert listed[keys], f"{plain_text(action.text())} ({keys}) is not listed"
    # No key is on two actions: Qt would call it ambiguous and fire neither.
    every_key = [key for keys in rows.values() for key in keys.split(", ")]
    assert not [key for key, n in Counter(every_key).items() if n > 1]
    # An action added later (another dock's menu) is listed the next time.
    extra = w.menuBar().addMenu("&Extra").addAction("Do &&Things")
    extra.setShortcut(QKeySequence("Ctrl+Shift+K"))
    w.shortcuts_help.action.trigger()
    assert dict(w.shortcuts_help.dialog.rows())["Extra › Do &Things"] == QKeySequence("Ctrl+Shift+K").toString(native)


def test_quit_has_a_key_on_every_platform(window, tmp_path):
    assert standard_key(QKeySequence.StandardKey.Quit, "Ctrl+Q", bindings=lambda _key: []) == QKeySequence("Ctrl+Q")
    assert standard_key(QKeySequence.StandardKey.Copy, "Ctrl+Q") == QKeySequence.keyBindings(
        QKeySequence.StandardKey.Copy)[0]
    w = window(write_comp(tmp_path / "comp"))
    (quit_action,) = [a for a in w.findChildren(QAction) if plain_text(a.text()) == "Quit"]
    assert not quit_action.shortcut().isEmpty()


def text_param_field(w) -> QLineEdit:
    return next(c for c in w.params_panel.controls.values() if isinstance(c, QLineEdit))


def test_typing_never_fires_single_key_shortcuts(window, qtbot):
    w = window("daily:baseline")
    assert not w.clock.playing
    start = w.frame_index
    # The message bar: spaces, dots, commas and Home are text, not Play / step / first frame.
    focused(w, w.message_bar.text)
    qtbot.keyClicks(w.message_bar.text, "so, hi. there")
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Space)
    assert w.message_bar.text.text() == " so, hi. there"
    settle(w)
    assert not w.clock.playing and w.frame_index == start
    # A param's text field, the same.
    field = text_param_field(w)
    focused(w, field)
    field.clear()
    qtbot.keyClicks(field, "a b.c,d")
    assert field.text() == "a b.c,d" and not w.clock.playing
    # A check box takes Space itself (ticks), not Play.
    box = w.layer_boxes["video"]
    focused(w, box)
    press(qtbot, Qt.Key.Key_Space)
    assert not box.isChecked() and not w.clock.playing
    # With the focus on the preview the keys are shortcuts.
    w.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    focused(w, w.preview)
    press(qtbot, Qt.Key.Key_Period)
    settle(w)
    assert w.frame_index == start + 1
    press(qtbot, Qt.Key.Key_Space)
    assert w.clock.playing
    press(qtbot, Qt.Key.Key_Space)
    assert not w.clock.playing
    # Ctrl+Space still plays from a text field (a command, not typing).
    focused(w, w.message_bar.text)
    press(qtbot, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert w.clock.playing
    # One guard for the application, however many windows (every event passes through it).
    window("daily:baseline")
    assert len(QApplication.instance().findChildren(TypingGuard)) == 1


def test_frame_stepping(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    steps = w.timeline_dock
    for _ in range(3):
        steps.next_action.trigger()
        settle(w)
    assert w.frame_index == 3 and w.last_frame.output.frame_index == 3
    steps.previous_action.trigger()
    settle(w)
    assert w.frame_index == 2
    w.toggle_playing()
    steps.next_action.trigger()  # stepping pauses
    settle(w)
    assert not w.clock.playing and w.frame_index in (3, 4, 5)
    steps.start_action.trigger()
    settle(w)
    assert w.frame_index == 0
    steps.previous_action.trigger()
    settle(w)
    assert w.frame_index == 0


def test_toolbar_actions_are_reachable_by_tab(window, qtbot, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    bar = w.findChild(QToolBar, "session-toolbar")
    play = bar.widgetForAction(w.play_action)
    assert play.focusPolicy() & Qt.FocusPolicy.TabFocus
    # From the participants count, Shift+Tab walks back to Record, Restart, Reload, Play.
    focused(w, w.participants_spin)
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is play
    press(qtbot, Qt.Key.Key_Space)  # Space presses the focused button: Play
    qtbot.waitUntil(lambda: w.clock.playing, timeout=2000)
    # A button added later is reachable too.
    later = bar.addAction("Later")
    QApplication.processEvents()
    assert bar.widgetForAction(later).focusPolicy() & Qt.FocusPolicy.TabFocus


def test_tab_walks_the_whole_window_and_no_table_traps_it(window, qtbot, tmp_path):
    """From the participants count, Tab reaches every part of the window (toolbar, params,
    participants, message history and bar) and comes back; tables are left with Tab (their
    cells are walked with the arrows)."""
    w = window(write_comp(tmp_path / "comp"))
    w.send_message("chatMessages", "Participant 1", "hi")
    bar = w.findChild(QToolBar, "session-toolbar")
    focused(w, w.participants_spin)
    seen = []
    for _ in range(60):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is w.participants_spin:
            break
    assert seen[-1] is w.participants_spin, "Tab never came back"
    for part in (bar.widgetForAction(w.play_action), w.params_panel.controls["showVideo"], w.inputs_panel,
                 w.messages_panel.view, w.message_bar.text):
        assert part in seen, part
    assert seen.count(w.inputs_panel) == 1 and seen.count(w.messages_panel.view) == 1
