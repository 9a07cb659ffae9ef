"""The params form: a view of the `ParamsModel` (studio/params_model.py).

Params are grouped as Daily's UIs group them (the id's part before the first dot), each group in
a collapsible section; a row is the label (bold when the value differs from the default), the
editor the registry picks for the param (studio/param_editors.py) and a reset button. The form
keeps no values: it shows the model's and hands edits to it (`ParamsModel.edit`), which makes
them undo steps. It is rebuilt when the model is reset (another composition, a changed
interface), keeping the scroll position, the collapsed sections and the filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .asset_catalog import AssetCatalog
from .editors import EditorContext, ParamEditor, make_editor
from .params_model import ParamsModel, display_text

GENERAL = "General"
"""The section of params without a group."""
RESET_ALL_TEXT = "Reset all params"
RESET_WIDTH = 22
"""The reset buttons' width: they exist only for changed params (196 buttons would cost the
form ~10 % of its build time), and the fields must not move when one appears."""
GAP = 6
"""Space after the labels and before the reset column. Kept inside the columns (the grid's own
spacing is 0): QGridLayout leaves out the spacing of an empty column, so a section whose reset
column is still empty would get fields wider than one that has a button."""
HIGHLIGHT = "vcsHighlighted"
HIGHLIGHT_STYLE = "QLabel { background: palette(highlight); color: palette(highlighted-text); border-radius: 3px; }"
HIGHLIGHT_MS = 2000


class CollapsibleSection(QWidget):
    """A header button that shows or hides its body (QGroupBox cannot collapse); the body is
    a grid of label | editor | reset rows (the reset column keeps its width while empty)."""

    expandedChanged = Signal(str, bool)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.toggle = QToolButton(text=title, checkable=True, checked=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setAutoRaise(True)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(12, 0, 0, 6)
        self.grid.setVerticalSpacing(3)
        self.grid.setHorizontalSpacing(0)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnMinimumWidth(2, RESET_WIDTH + GAP)
        self.rows = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.set_expanded)

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
        self.expandedChanged.emit(self.title, expanded)

    def add_row(self, label: QWidget, field: QWidget) -> int:
        self.grid.addWidget(label, self.rows, 0)
        self.grid.addWidget(field, self.rows, 1)
        self.rows += 1
        return self.rows - 1


class ParamsPanel(QWidget):
    """The generated form under a filter field and a "Reset all" button.

    The filter matters: Daily's baseline declares ~200 params."""

    def __init__(self, model: ParamsModel, catalog: AssetCatalog | None = None,
                 parent: QWidget | None = None, reload_images: Callable[[], None] = lambda: None) -> None:
        super().__init__(parent)
        self.model = model
        self.context = EditorContext(commit=self._commit, catalog=catalog or AssetCatalog(self),
                                     parent=self, reload_images=reload_images)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter params (id or help text)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.reset_all_button = QPushButton("Reset all…")
        self.reset_all_button.setObjectName("reset-params")
        self.reset_all_button.setToolTip("Every param back to its default (asks first; Ctrl+Z undoes it)")
        self.reset_all_button.clicked.connect(self.ask_reset_all)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.reset_all_button)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        # Fields shrink to the panel's width rather than hiding behind a horizontal scroll bar.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(380)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.scroll, 1)
        self.editors: dict[str, ParamEditor] = {}
        self.controls: dict[str, QWidget] = {}  # each editor's main input (tests, focus)
        self.labels: dict[str, QLabel] = {}
        self.reset_buttons: dict[str, QToolButton] = {}
        self.sections: dict[str, CollapsibleSection] = {}
        self._rows: dict[str, tuple[QWidget, ...]] = {}
        self._places: dict[str, tuple[CollapsibleSection, int]] = {}
        self._collapsed: set[str] = set()
        model.modelReset.connect(self.rebuild)
        model.dataChanged.connect(self._data_changed)
        model.editRefused.connect(self._refused)
        self.rebuild()

    # ------------------------------------------------------------------ building

    def rebuild(self) -> None:
        """Build the form for the model's params (scroll position, collapsed sections and the
        filter survive: a reload that changed the interface must not lose the user's place)."""
        bar = self.scroll.verticalScrollBar()
        scrolled = bar.value()
        for editor in self.editors.values():
            editor.close()
        self.editors.clear()
        self.controls.clear()
        self.labels.clear()
        self.reset_buttons.clear()
        self.sections.clear()
        self._rows.clear()
        self._places.clear()
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(6, 6, 6, 6)
        specs = self.model.specs
        self.reset_all_button.setEnabled(bool(specs))
        if not specs:
            layout.addWidget(QLabel("No params declared (or the composition did not load)."))
        for spec in specs:
            title = spec.group or GENERAL
            section = self.sections.get(title)
            if section is None:
                section = self.sections[title] = CollapsibleSection(title)
                if title in self._collapsed:
                    section.set_expanded(False)
                section.expandedChanged.connect(self._section_toggled)
                layout.addWidget(section)
            self._add_row(section, spec.id)
        layout.addStretch(1)
        self._align_columns()
        self.scroll.setWidget(root)
        self.apply_filter(self.filter.text())
        if scrolled:
            root.adjustSize()
            bar.setValue(scrolled)
            QTimer.singleShot(0, lambda: bar.setValue(scrolled))  # once the scroll area laid out

    def _add_row(self, section: CollapsibleSection, param_id: str) -> None:
        spec = self.model.spec(param_id)
        assert spec is not None
        editor = make_editor(spec, self.context, self.model.value(param_id))
        editor.input.setObjectName(f"param:{param_id}")
        if spec.help:
            editor.input.setToolTip(spec.help)
        label = QLabel(spec.label + (" (experimental)" if spec.experimental else ""))
        label.setToolTip(spec.help or spec.id)
        row = section.add_row(label, editor.widget)
        self.editors[param_id] = editor
        self.controls[param_id] = editor.input
        self.labels[param_id] = label
        self._rows[param_id] = (label, editor.widget)
        self._places[param_id] = (section, row)
        self._mark(param_id)

    def _reset_button(self, param_id: str) -> QToolButton:
        """The row's reset button, made the first time the param differs from its default."""
        button = self.reset_buttons.get(param_id)
        if button is None:
            spec = self.model.spec(param_id)
            assert spec is not None
            button = QToolButton(text="↺")
            button.setAutoRaise(True)
            button.setFixedWidth(RESET_WIDTH)  # the column keeps its width: fields stay aligned
            button.setToolTip(f"Reset to the default: {display_text(spec.default) or '(empty)'}")
            button.clicked.connect(lambda _checked=False, pid=param_id: self.model.reset(pid))
            section, row = self._places[param_id]
            section.grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignRight)
            self.reset_buttons[param_id] = button
            self._rows[param_id] += (button,)
        return button

    def _align_columns(self) -> None:
        """One label width for every section, so the fields line up down the whole form."""
        width = max((label.sizeHint().width() for label in self.labels.values()), default=0)
        for section in self.sections.values():
            section.grid.setColumnMinimumWidth(0, width + GAP)

    def _section_toggled(self, title: str, expanded: bool) -> None:
        (self._collapsed.discard if expanded else self._collapsed.add)(title)

    # ------------------------------------------------------------------ following the model

    def _commit(self, param_id: str, value: Any, token: object | None) -> None:
        self.model.edit(param_id, value, token)

    def _data_changed(self, top: QModelIndex | QPersistentModelIndex,
                      bottom: QModelIndex | QPersistentModelIndex, roles: Any = ()) -> None:
        specs = self.model.specs
        for row in range(top.row(), bottom.row() + 1):
            pid = specs[row].id
            editor = self.editors.get(pid)
            if editor is not None:
                editor.show_value(self.model.value(pid))
                self._mark(pid)

    def _refused(self, param_id: str, message: str) -> None:
        """The editor may show what the user typed: show the model's value again."""
        editor = self.editors.get(param_id)
        if editor is not None:
            editor.show_value(self.model.value(param_id))

    def _mark(self, param_id: str) -> None:
        """Bold label and a reset button = changed, so a user sees at a glance what
        they set."""
        changed = self.model.is_changed(param_id)
        label = self.labels[param_id]
        if label.font().bold() != changed:
            font = label.font()
            font.setBold(changed)
            label.setFont(font)
        if changed:
            self._reset_button(param_id).setVisible(not self.labels[param_id].isHidden())  # filtered out?
        elif param_id in self.reset_buttons:
            self.reset_buttons[param_id].hide()

    # ------------------------------------------------------------------ pointing at a param

    def focus_param(self, param_id: str) -> bool:
        """Bring a param's row into view and put the keyboard focus in its editor, clearing a
        filter that hides it and opening its section (a payload problem names it: the user
        is taken to where it is fixed). False when the form has no such param."""
        editor = self.editors.get(param_id)
        if editor is None:
            return False
        if self.labels[param_id].isHidden():
            self.filter.clear()
        section, _row = self._places[param_id]
        if not section.expanded:
            section.set_expanded(True)
        dock = self.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None:
            dock.show()
            dock.raise_()
        form = self.scroll.widget()
        if form is not None and form.layout() is not None:
            form.layout().activate()  # place rows a filter or a section just showed
            middle = editor.widget.mapTo(form, editor.widget.rect().center()).y()
            bar = self.scroll.verticalScrollBar()
            bar.setValue(middle - self.scroll.viewport().height() // 2)  # in the middle: easy to find
        editor.input.setFocus(Qt.FocusReason.OtherFocusReason)
        self._highlight(param_id)
        return True

    def _highlight(self, param_id: str) -> None:
        """Mark the row's label for a moment, so the eye finds it after the jump."""
        for label in self.labels.values():
            if label.property(HIGHLIGHT):
                label.setProperty(HIGHLIGHT, False)
                label.setStyleSheet("")
        label = self.labels[param_id]
        label.setProperty(HIGHLIGHT, True)
        label.setStyleSheet(HIGHLIGHT_STYLE)

        def fade() -> None:
            if param_id in self.labels and self.labels[param_id] is label and label.property(HIGHLIGHT):
                label.setProperty(HIGHLIGHT, False)
                label.setStyleSheet("")

        QTimer.singleShot(HIGHLIGHT_MS, label, fade)

    # ------------------------------------------------------------------ filter and reset

    def apply_filter(self, text: str) -> None:
        """Show only params whose id or help contains `text` (case-insensitive), and only the
        sections that still have one."""
        needle = text.strip().lower()
        shown_in: dict[str, int] = dict.fromkeys(self.sections, 0)
        for spec in self.model.specs:
            match = not needle or needle in spec.id.lower() or needle in spec.help.lower()
            shown = match and self.model.is_changed(spec.id)
            for widget in self._rows.get(spec.id, ()):
                visible = shown if widget is self.reset_buttons.get(spec.id) else match
                if widget.isHidden() == visible:
                    widget.setVisible(visible)
            shown_in[spec.group or GENERAL] += match
        for title, section in self.sections.items():
            if section.isHidden() == bool(shown_in[title]):
                section.setVisible(bool(shown_in[title]))

    def ask_reset_all(self) -> bool:
        """Reset every param after asking (196 params are a lot to lose to a stray click);
        one undo step."""
        changed = len(self.model.changed_values())
        if not changed:
            return False
        answer = QMessageBox.question(
            self, RESET_ALL_TEXT, f"Reset {changed} changed param{'s' if changed != 1 else ''} to "
            "their defaults?\n\nEdit › Undo (Ctrl+Z) brings them back.",
            QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Reset:
            return False
        self.model.replace_all({}, RESET_ALL_TEXT)
        return True
