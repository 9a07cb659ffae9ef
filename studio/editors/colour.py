"""Colours held in text params: a swatch opening a colour picker beside a text field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QColorDialog, QHBoxLayout, QLineEdit, QToolButton, QWidget

from vcs_engine.interface import ParamSpec

from ..css_color import color_problem, format_css_color, parse_css_color
from .base import EditorContext, ParamEditor, warning_icon


def is_color_param(spec: ParamSpec) -> bool:
    """Text holding a colour: its default parses as a CSS colour, or its id says so."""
    if spec.type != "text":
        return False
    default_is_color = isinstance(spec.default, str) and spec.default != "" \
        and parse_css_color(spec.default) is not None
    return default_is_color or spec.id.endswith(("color", "Color"))


SWATCH_SIZE = QSize(22, 14)


def swatch_icon(color: QColor | None) -> QIcon:
    """The colour over a checkerboard (so alpha shows); a red diagonal when there is none."""
    size = SWATCH_SIZE
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.white)
    painter = QPainter(pixmap)
    cell = 4
    for y in range(0, size.height(), cell):
        for x in range(0, size.width(), cell):
            if (x // cell + y // cell) % 2:
                painter.fillRect(x, y, cell, cell, QColor(200, 200, 200))
    if color is not None:
        painter.fillRect(pixmap.rect(), color)
    else:
        painter.setPen(QColor(211, 47, 47))
        painter.drawLine(0, size.height() - 1, size.width() - 1, 0)
    painter.setPen(QColor(90, 90, 90))
    painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
    painter.end()
    return QIcon(pixmap)


class ColorEditor(ParamEditor):
    """A swatch opening a colour picker (with alpha) beside a field taking any colour VCS
    reads; what VCS would not draw as typed is flagged in place and not applied."""


    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.swatch = QToolButton()
        self.swatch.setToolTip("Pick a colour")
        self.swatch.setAutoRaise(True)
        self.swatch.clicked.connect(self.open_dialog)
        self.line = QLineEdit()
        self.line.editingFinished.connect(self._finished)
        self.line.textEdited.connect(self._flag)
        self.flag_action: QAction | None = None
        self.dialog: QColorDialog | None = None
        self.input = self.line
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.swatch)
        row.addWidget(self.line, 1)

    def _finished(self) -> None:
        text = self.line.text()
        if text == "" or parse_css_color(text) is not None:
            self.commit(text)

    def _flag(self, text: str) -> None:
        self.problem = color_problem(text)
        if self.problem is not None and self.flag_action is None:
            self.flag_action = self.line.addAction(warning_icon(), QLineEdit.ActionPosition.TrailingPosition)
        if self.flag_action is not None:
            self.flag_action.setVisible(self.problem is not None)
            self.flag_action.setToolTip(self.problem or "")
        self.line.setToolTip(self.problem or "")
        self.swatch.setIcon(swatch_icon(parse_css_color(text) if text else None))

    def show_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.line.text():
            self.line.setText(text)
        self._flag(text)

    def open_dialog(self) -> QColorDialog:
        """A non-modal picker: the preview follows the chosen colour live (one undo step);
        Cancel puts the original back."""
        original = self.line.text()
        start = parse_css_color(original) or QColor("white")
        dialog = QColorDialog(start, self.ctx.parent)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel)
        dialog.setWindowTitle(f"Colour of {self.spec.id}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one per click: not kept
        token = object()
        dialog.currentColorChanged.connect(lambda c: self.commit(format_css_color(c, original), token))
        dialog.colorSelected.connect(lambda c: self.commit(format_css_color(c, original), token))
        dialog.rejected.connect(lambda: self.commit(original, token))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog
