"""Choices: a check box for booleans, a combo box for enums and for font families."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QCheckBox, QComboBox

from vcs_engine import fonts
from vcs_engine.interface import ParamSpec

from .base import EditorContext, ParamEditor, warning_icon

SHIPPED_FAMILIES: tuple[str, ...] = tuple(f for f in fonts.WEIGHTS if f != fonts.EMOJI_FAMILY)
"""Families a composition can draw text in (vcs_engine/fonts); any other draws as Roboto."""


def is_font_param(spec: ParamSpec) -> bool:
    return spec.type in ("text", "enum") and "fontFamily" in spec.id


class BooleanEditor(ParamEditor):
    """A check box."""

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.widget = self.input = self.box = QCheckBox()
        self.box.toggled.connect(lambda on: self.commit(bool(on)))

    def show_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(value is True)
        self.box.blockSignals(False)


class EnumEditor(ParamEditor):
    """A combo box of the declared values; a value outside them (Daily's own compositions have
    such defaults, e.g. fontStyle '') is shown as it is rather than silently replaced."""


    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.widget = self.input = self.combo = self._make_combo()
        # Long option lists must not widen the whole panel.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.fill(self.options())
        self.combo.currentIndexChanged.connect(lambda i: self.commit(self.combo.itemData(i)))

    def _make_combo(self) -> QComboBox:
        return QComboBox()

    def options(self) -> tuple[str, ...]:
        return self.spec.values

    def fill(self, options: tuple[str, ...]) -> None:
        for option in options:
            self.combo.addItem(option, option)

    def outside_label(self, value: Any) -> str:
        return f"{value!r} (default)" if value == "" else str(value)

    def show_value(self, value: Any) -> None:
        self.combo.blockSignals(True)
        index = self.combo.findData(value)
        if index < 0 and value is not None:
            self.combo.insertItem(0, self.outside_label(value), value)
            index = 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)


@cache
def qt_family(family: str) -> str | None:
    """The Qt family name of a shipped font (loaded into the application on first use)."""
    weights = fonts.WEIGHTS.get(family)
    if not weights:
        return None
    weight = 400 if 400 in weights else weights[0]
    font_id = QFontDatabase.addApplicationFont(str(fonts.font_path(family, weight, False)))
    names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return names[0] if names else None


class _FontCombo(QComboBox):
    """Shows each family in its own typeface, loaded when the list first opens (opening a
    composition must not wait for eleven font files)."""

    def __init__(self) -> None:
        super().__init__()
        self._previewed = False

    def showPopup(self) -> None:
        if not self._previewed:
            self._previewed = True
            for i in range(self.count()):
                name = qt_family(str(self.itemData(i)))
                if name is not None:
                    self.setItemData(i, QFont(name, self.font().pointSize()), Qt.ItemDataRole.FontRole)
        super().showPopup()


class FontEditor(EnumEditor):
    """The families the engine ships (or the declared values of an enum), each previewed in its
    typeface; a family the engine does not ship is flagged (it draws as Roboto)."""


    def _make_combo(self) -> QComboBox:
        return _FontCombo()

    def options(self) -> tuple[str, ...]:
        return self.spec.values if self.spec.type == "enum" else SHIPPED_FAMILIES

    def outside_label(self, value: Any) -> str:
        if value == "":
            return "'' (default)"
        return str(value) if value in SHIPPED_FAMILIES else f"{value} (not shipped: drawn as Roboto)"

    def fill(self, options: tuple[str, ...]) -> None:
        for option in options:
            if option in SHIPPED_FAMILIES:
                self.combo.addItem(option, option)
            else:
                self.combo.addItem(warning_icon(), f"{option} (not shipped: drawn as Roboto)", option)

    def show_value(self, value: Any) -> None:
        super().show_value(value)
        shipped = value in SHIPPED_FAMILIES or value in ("", None)
        self.problem = None if shipped else f"{value!r} is not a family the engine ships: text draws in Roboto"
        self.combo.setToolTip(self.problem or "")
