"""A form generated from the composition's `compositionInterface.params`.

Params are grouped as Daily's UIs group them (the id's part before the first dot), each group in a
collapsible section. Every edit is emitted at once; the preview picks it up on its next tick.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.interface import ParamSpec

GENERAL = "General"
"""The section of params without a group."""

NUMBER_LIMIT = 1e9


def _decimals(*numbers: float | None) -> int:
    """Enough decimals to show the step and the default exactly (e.g. 0.05 → 2), at most 4."""
    places = 0
    for n in numbers:
        if isinstance(n, (int, float)) and not isinstance(n, bool):
            exponent = Decimal(repr(float(n))).normalize().as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return min(places, 4)


def _plain_number(value: float) -> int | float:
    """Integral values go out as ints, so `host.params` reads like the composition's defaults."""
    return int(value) if float(value).is_integer() else float(value)


class CollapsibleSection(QWidget):
    """A header button that shows or hides its body (QGroupBox cannot collapse)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggle = QToolButton(text=title, checkable=True, checked=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(12, 0, 0, 6)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.set_expanded)

    def set_expanded(self, expanded: bool) -> None:
        self.toggle.setChecked(expanded)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)


class ParamsPanel(QWidget):
    """The generated form under a filter field; `paramChanged(id, value)` on every edit.

    The filter matters: Daily's baseline declares ~200 params."""

    paramChanged = Signal(str, object)
    resetRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter params (id or help text)…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        # Fields shrink to the panel's width rather than hiding behind a horizontal scroll bar.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(380)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.scroll, 1)
        self.controls: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.sections: dict[str, CollapsibleSection] = {}
        self._specs: tuple[ParamSpec, ...] | None = None
        self._populate((), {})

    def set_params(self, specs: Sequence[ParamSpec], values: Mapping[str, Any], *,
                   force: bool = False) -> None:
        """Build the form for `specs` showing `values` (else defaults).

        Rebuilding is skipped when the specs did not change (a reload of the same interface), so
        the user's scroll position and collapsed sections survive hot reloads.
        """
        specs = tuple(specs)
        if specs == self._specs and not force:
            return
        self._populate(specs, values)

    def _populate(self, specs: tuple[ParamSpec, ...], values: Mapping[str, Any]) -> None:
        self._specs = specs
        self.controls.clear()
        self.labels.clear()
        self.sections.clear()
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(6, 6, 6, 6)
        if specs:
            reset = QPushButton("Reset to defaults")
            reset.setObjectName("reset-params")
            reset.clicked.connect(self.resetRequested)
            layout.addWidget(reset)
        else:
            layout.addWidget(QLabel("No params declared (or the composition did not load)."))
        for spec in specs:
            title = spec.group or GENERAL
            section = self.sections.get(title)
            if section is None:
                section = self.sections[title] = CollapsibleSection(title)
                layout.addWidget(section)
            control = self._control(spec, values.get(spec.id, spec.default))
            control.setObjectName(f"param:{spec.id}")
            if spec.help:
                control.setToolTip(spec.help)
            label = QLabel(spec.label + (" (experimental)" if spec.experimental else ""))
            label.setToolTip(spec.help or spec.id)
            section.form.addRow(label, control)
            self.controls[spec.id] = control
            self.labels[spec.id] = label
            self._mark(spec, values.get(spec.id, spec.default))
        layout.addStretch(1)
        self.scroll.setWidget(root)
        self.apply_filter(self.filter.text())

    def apply_filter(self, text: str) -> None:
        """Show only params whose id or help contains `text` (case-insensitive), and only the
        sections that still have one."""
        needle = text.strip().lower()
        for section in self.sections.values():
            visible = 0
            for row in range(section.form.rowCount()):
                field = section.form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
                pid = field.objectName().removeprefix("param:")
                match = not needle or needle in pid.lower() or needle in field.toolTip().lower()
                section.form.setRowVisible(row, match)
                visible += match
            section.setVisible(visible > 0)

    def _emit(self, param_id: str, value: Any) -> None:
        spec = next((p for p in self._specs or () if p.id == param_id), None)
        if spec is not None:
            self._mark(spec, value)
        self.paramChanged.emit(param_id, value)

    def _mark(self, spec: ParamSpec, value: Any) -> None:
        """Bold label = changed from the default, so a user sees at a glance what they set."""
        label = self.labels.get(spec.id)
        if label is not None:
            font = label.font()
            font.setBold(self.is_modified(spec, value))
            label.setFont(font)

    @staticmethod
    def is_modified(spec: ParamSpec, value: Any) -> bool:
        if spec.type == "number" and isinstance(value, (int, float)) and isinstance(spec.default, (int, float)):
            return abs(float(value) - float(spec.default)) > 1e-9
        if spec.type == "text" and spec.default is None:
            return value not in (None, "")
        return value != spec.default

    def _control(self, spec: ParamSpec, value: Any) -> QWidget:
        """The widget for one param type; unknown types fall back to a text field."""
        pid = spec.id
        if spec.type == "boolean":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda checked, pid=pid: self._emit(pid, bool(checked)))
            return box
        if spec.type == "number":
            spin = QDoubleSpinBox()
            spin.setRange(-NUMBER_LIMIT, NUMBER_LIMIT)
            spin.setDecimals(_decimals(spec.step, value if isinstance(value, (int, float)) else None))
            spin.setSingleStep(spec.step if spec.step else 1.0)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                spin.setValue(float(value))
            spin.setKeyboardTracking(False)  # typing "12" must not send 1 then 12
            spin.valueChanged.connect(lambda v, pid=pid: self._emit(pid, _plain_number(v)))
            return spin
        if spec.type == "enum":
            combo = QComboBox()
            # Long option lists must not widen the whole panel.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            for option in spec.values:
                combo.addItem(option, option)
            index = combo.findData(value)
            if index < 0 and value is not None:
                # Daily's own compositions have defaults outside their values (e.g. fontStyle
                # ''): show it as it is rather than silently picking another value.
                combo.insertItem(0, f"{value!r} (default)" if value == "" else str(value), value)
                index = 0
            combo.setCurrentIndex(max(index, 0))
            combo.currentIndexChanged.connect(
                lambda i, pid=pid, combo=combo: self._emit(pid, combo.itemData(i)))
            return combo
        text = "" if value is None else str(value)
        if spec.text_size_hint == "long":
            edit = QPlainTextEdit(text)
            edit.setFixedHeight(72)
            edit.textChanged.connect(lambda pid=pid, edit=edit: self._emit(pid, edit.toPlainText()))
            return edit
        line = QLineEdit(text)
        line.textChanged.connect(lambda t, pid=pid: self._emit(pid, t))
        return line
