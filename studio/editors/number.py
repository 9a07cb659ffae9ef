"""Numbers: a spin box with the declared step, and a slider when a range is declared."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

from vcs_engine.interface import ParamSpec

from .base import EditorContext, ParamEditor

NUMBER_LIMIT = 1e9
"""The spin boxes' range when the param declares none (Qt needs one)."""
MAX_DECIMALS = 4
MAX_SLIDER_STEPS = 10_000


def decimals_for(spec: ParamSpec) -> int:
    """Decimals that show the step and the default exactly (0.05 → 2, 1.778 → 3), at most 4.

    From the declaration only, so a param always shows the same precision whatever its value."""
    places = 0
    for number in (spec.step, spec.default):
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return min(places, MAX_DECIMALS)


def declared_range(spec: ParamSpec) -> tuple[float, float] | None:
    """`min`/`max` when the param declares both (Daily's hosts use neither, so most params
    have no range, and a range is never guessed: a guess would clamp values the composition
    accepts)."""
    low, high = spec.raw.get("min"), spec.raw.get("max")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (low, high)) and low < high:
        return float(low), float(high)
    return None


def plain_number(value: float) -> int | float:
    """Integral values go out as ints, so params read like the composition's defaults."""
    return int(value) if float(value).is_integer() else float(value)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class NumberEditor(ParamEditor):
    """A spin box with the declared step; a slider beside it when a range is declared."""

    continuous = True

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.range = declared_range(spec)
        self.spin = spin = QDoubleSpinBox()
        low, high = self.range or (-NUMBER_LIMIT, NUMBER_LIMIT)
        spin.setRange(low, high)
        spin.setDecimals(decimals_for(spec))
        spin.setSingleStep(spec.step or 1.0)
        spin.setKeyboardTracking(False)  # typing "12" must not send 1 then 12
        spin.valueChanged.connect(self._spun)
        self.input = spin
        self.slider: QSlider | None = None
        self._drag: object | None = None
        if self.range is None:
            self.widget = spin
            return
        self.slider = slider = QSlider(Qt.Orientation.Horizontal)
        self._unit = spec.step or (high - low) / 100
        slider.setRange(0, min(round((high - low) / self._unit), MAX_SLIDER_STEPS))
        slider.valueChanged.connect(self._slid)
        slider.sliderPressed.connect(self._drag_started)
        slider.sliderReleased.connect(self._drag_ended)
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(slider, 1)
        row.addWidget(spin)

    def _drag_started(self) -> None:
        self._drag = object()

    def _drag_ended(self) -> None:
        self._drag = None

    def _spun(self, value: float) -> None:
        self._place_slider(value)
        self.commit(plain_number(round(value, self.spin.decimals())), self._drag)

    def _slid(self, position: int) -> None:
        assert self.range is not None
        value = min(self.range[0] + position * self._unit, self.range[1])
        self.spin.setValue(round(value, self.spin.decimals()))  # commits through _spun

    def _place_slider(self, value: float) -> None:
        if self.slider is not None and self.range is not None:
            self.slider.blockSignals(True)
            self.slider.setValue(round((value - self.range[0]) / self._unit))
            self.slider.blockSignals(False)

    def show_value(self, value: Any) -> None:
        self.problem = None if is_number(value) else f"not a number: {value!r}"
        self.spin.setToolTip(self.problem or "")
        if is_number(value):
            self.spin.blockSignals(True)
            self.spin.setValue(float(value))
            self.spin.blockSignals(False)
            self._place_slider(float(value))
