"""Transport icons drawn in the palette's text colour.

The style's standard media icons are black bitmaps: invisible on a dark theme. These are simple
vector shapes painted for the current palette (and again when it changes), at 1× and 2× so they
stay crisp on high-density screens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF

__all__ = ["transport_icon", "ICON_NAMES"]

SIZE = 16


def _triangle(path: QPainterPath, tip_x: float, base_x: float, half: float = 5.0) -> None:
    path.addPolygon(QPolygonF([QPointF(base_x, 8 - half), QPointF(tip_x, 8), QPointF(base_x, 8 + half)]))
    path.closeSubpath()


def _bar(path: QPainterPath, x: float) -> None:
    path.addRect(QRectF(x, 3, 2, 10))


def _play(p: QPainterPath) -> None:
    _triangle(p, 13, 4, 5.5)


def _pause(p: QPainterPath) -> None:
    p.addRect(QRectF(4, 3, 3, 10))
    p.addRect(QRectF(9, 3, 3, 10))


def _previous(p: QPainterPath) -> None:
    _triangle(p, 3, 10)
    _bar(p, 11)


def _next(p: QPainterPath) -> None:
    _bar(p, 3)
    _triangle(p, 13, 6)


def _start(p: QPainterPath) -> None:
    _bar(p, 2)
    _triangle(p, 4, 9)
    _triangle(p, 9, 14)


def _end(p: QPainterPath) -> None:
    _triangle(p, 7, 2)
    _triangle(p, 12, 7)
    _bar(p, 12)


def _mark_in(p: QPainterPath) -> None:
    """"[" with a small triangle: the loop starts here."""
    p.addRect(QRectF(3, 3, 2, 10))
    p.addRect(QRectF(5, 3, 3, 1.6))
    p.addRect(QRectF(5, 11.4, 3, 1.6))
    _triangle(p, 13.5, 9, 3)


def _mark_out(p: QPainterPath) -> None:
    """A small triangle and "]": the loop ends here."""
    _triangle(p, 7, 2.5, 3)
    p.addRect(QRectF(11, 3, 2, 10))
    p.addRect(QRectF(8, 3, 3, 1.6))
    p.addRect(QRectF(8, 11.4, 3, 1.6))


SHAPES: dict[str, Callable[[QPainterPath], None]] = {
    "play": _play, "pause": _pause, "previous": _previous, "next": _next, "start": _start, "end": _end,
    "in": _mark_in, "out": _mark_out,
}
ICON_NAMES = (*SHAPES, "loop")


def _paint_loop(painter: QPainter, color: QColor) -> None:
    """Two arrows chasing each other round a rounded rectangle."""
    painter.setPen(QPen(color, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(2.5, 4, 11, 8), 20 * 16, 160 * 16)
    painter.drawArc(QRectF(2.5, 4, 11, 8), 200 * 16, 160 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPolygon(QPolygonF([QPointF(11.5, 2.2), QPointF(14.8, 5.6), QPointF(10.6, 6.4)]))
    painter.drawPolygon(QPolygonF([QPointF(4.5, 13.8), QPointF(1.2, 10.4), QPointF(5.4, 9.6)]))


def _pixmap(name: str, color: QColor, scale: int) -> QPixmap:
    pixmap = QPixmap(SIZE * scale, SIZE * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if name == "loop":
        _paint_loop(painter, color)
    else:
        path = QPainterPath()
        SHAPES[name](path)
        painter.fillPath(path, color)
    painter.end()
    return pixmap


def transport_icon(name: str, palette: QPalette) -> QIcon:
    """The `name` icon (one of `ICON_NAMES`) in `palette`'s button text colour (dimmed when
    disabled, highlighted when checked)."""
    icon = QIcon()
    states = ((QIcon.Mode.Normal, QIcon.State.Off, palette.color(QPalette.ColorRole.ButtonText)),
              (QIcon.Mode.Disabled, QIcon.State.Off,
               palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)),
              (QIcon.Mode.Normal, QIcon.State.On, palette.color(QPalette.ColorRole.Highlight)))
    for mode, state, color in states:
        for scale in (1, 2):
            icon.addPixmap(_pixmap(name, color, scale), mode, state)
    return icon
