"""The studio by keyboard: platform keys with fallbacks, typing that never triggers shortcuts,
a toolbar reachable by Tab, and Help › Keyboard Shortcuts built from the actions themselves.

Single-key shortcuts (Space plays, `.` and `,` step frames) are what make a preview quick to
drive, and what makes it dangerous to type in: a space in a chat message or a param's text must
stay a space. `TypingGuard` hands such keys to the widget that has the focus whenever that
widget takes them itself — text fields take every typing key, buttons, check boxes, lists and
combo boxes take Space, lists, tables, scrolled panels, sliders and combo boxes take the arrow
keys, Home and End — so a shortcut without Ctrl/Alt/Meta never fires there. The shortcuts list
is built when it opens, from the menus, toolbars, docks and window actions, so an action added
anywhere (another dock, a menu) is listed with the keys it really has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

MENU_SEPARATOR = " › "
COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                     | Qt.KeyboardModifier.MetaModifier)
"""A key with one of these is a command, never typing (Shift only changes the character)."""
EDITING_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Left,
                          Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End})
TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)
SPACE_USERS = (QAbstractButton, QAbstractItemView, QComboBox)
"""Widgets that Space presses, ticks or opens."""
NAVIGATION_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                             Qt.Key.Key_Home, Qt.Key.Key_End})
ARROW_USERS = (QAbstractScrollArea, QAbstractSlider, QTabBar, QComboBox)
"""Widgets that arrow keys, Home and End move in (a table's cursor, a scrolled panel, a slider's
value, a list's choice): the timeline's frame and event steps must not take those keys from them."""


def standard_key(key: QKeySequence.StandardKey, fallback: str,
                 bindings: Callable[[QKeySequence.StandardKey], list[QKeySequence]] = QKeySequence.keyBindings,
                 ) -> QKeySequence:
    """The platform's binding of a standard key, or `fallback` where the platform has none
    (Quit is empty on Windows, where Alt+F4 closes the window but not the application)."""
    keys = bindings(key)
    return keys[0] if keys else QKeySequence(fallback)


# ---------------------------------------------------------------------- typing never triggers shortcuts


def is_typing_key(event: QKeyEvent) -> bool:
    """A key that types or edits in a text field: no command modifier, and a printable
    character or an editing key."""
    if event.modifiers() & COMMAND_MODIFIERS:
        return False
    text = event.text()
    return (bool(text) and text.isprintable()) or Qt.Key(event.key()) in EDITING_KEYS


def widget_takes_key(widget: QWidget | None, event: QKeyEvent) -> bool:
    """True when `widget` (the focus) would use this key itself."""
    if widget is None or not is_typing_key(event):
        return False
    if isinstance(widget, QComboBox) and widget.isEditable():
        return True
    if isinstance(widget, TEXT_INPUTS):
        return not (isinstance(widget, (QTextEdit, QPlainTextEdit)) and widget.isReadOnly())
    if Qt.Key(event.key()) in NAVIGATION_KEYS and isinstance(widget, ARROW_USERS):
        return True
    return event.key() == Qt.Key.Key_Space and isinstance(widget, SPACE_USERS)


class TypingGuard(QObject):
    """A shortcut key the focused widget takes itself goes to that widget (accepting
    `ShortcutOverride` is Qt's way of saying so). Qt sends `ShortcutOverride` to the focus widget
    first, so the guard filters the focus widget's events only, moving with the focus: an
    application-wide filter would see every event of the process (building the baseline's
    params form alone is thousands of them, ~40 ms in Python). One per application (`install`)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._watched: QWidget | None = None
        app.focusChanged.connect(self._follow_focus)
        self._follow_focus(None, app.focusWidget())

    @classmethod
    def install(cls) -> TypingGuard | None:
        """The application's guard, installed the first time (None without a QApplication)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return None
        return app.findChild(cls) or cls(app)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
            except RuntimeError:  # the widget is already gone
                pass
        self._watched = new
        if new is not None:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if isinstance(watched, QWidget) and widget_takes_key(watched, event):
                event.accept()
        return False


# ---------------------------------------------------------------------- the toolbar by Tab


class _TabReachable(QObject):
    """Gives each tool button of a toolbar Tab focus as it is polished (QToolBar makes them
    `NoFocus`, which leaves keyboard users only the shortcuts), including buttons added later."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished and isinstance(watched, QToolBar):
            allow_tab(watched)
        return False


def allow_tab(toolbar: QToolBar) -> None:
    for button in toolbar.findChildren(QToolButton):
        if button.focusPolicy() == Qt.FocusPolicy.NoFocus and button.objectName() != "qt_toolbar_ext_button":
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def make_tab_reachable(toolbar: QToolBar) -> None:
    """Every action button of `toolbar`, now and later, reachable by Tab (Space presses it)."""
    allow_tab(toolbar)
    keeper = _TabReachable(toolbar)
    toolbar.installEventFilter(keeper)


# ---------------------------------------------------------------------- Help › Keyboard Shortcuts


def plain_text(action_text: str) -> str:
    """A menu text without its mnemonic marks (`&&` is a literal ampersand)."""
    return action_text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _menu_actions(actions: Iterable[QAction], path: str) -> Iterator[tuple[str, QAction]]:
    for action in actions:
        if action.isSeparator():
            continue
        name = path + MENU_SEPARATOR + plain_text(action.text()) if path else plain_text(action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _menu_actions(menu.actions(), name)
        else:
            yield name, action


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str]]:
    """(where the action is, its keys) for every action of the window that has keys: menus in
    menu-bar order, then toolbar, dock and window actions that are in no menu. Each action once."""
    seen: set[int] = set()
    rows: list[tuple[str, str]] = []

    def add(name: str, action: QAction) -> None:
        keys = [k for k in action.shortcuts() if not k.isEmpty()]
        if id(action) in seen or not keys:
            return
        seen.add(id(action))
        rows.append((name, ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)))

    for name, action in _menu_actions(window.menuBar().actions(), ""):
        add(name, action)
    for toolbar in window.findChildren(QToolBar):
        for action in toolbar.actions():
            add(plain_text(toolbar.windowTitle()) + MENU_SEPARATOR + plain_text(action.text()), action)
    for dock in window.findChildren(QDockWidget):  # a dock's own keys (the timeline's transport)
        for action in dock.actions():
            add(plain_text(dock.windowTitle()) + MENU_SEPARATOR + plain_text(action.text()), action)
    for action in window.actions():
        add(plain_text(action.text()), action)
    return rows


class ShortcutsDialog(QDialog):
    """A two-column table, Action and Keys, of `shortcut_rows(window)` as they are now."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table)
        column.addWidget(buttons)
        self.resize(520, 480)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]


class ShortcutsHelp(QObject):
    """Help › Keyboard Shortcuts (F1, or the platform's help key): the list, built on opening."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: ShortcutsDialog | None = None  # the list last opened
        self.action = QAction("&Keyboard Shortcuts", window)
        self.action.setShortcut(standard_key(QKeySequence.StandardKey.HelpContents, "F1"))
        self.action.triggered.connect(self.show)

    def show(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ShortcutsDialog(self._window)
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.show()
