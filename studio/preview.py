"""The preview: the last composited frame, fitted with the output's aspect ratio, or zoomed and
panned to look closer.

The widget maps between its own coordinates and the frame's (output pixels): `to_frame`,
`to_widget`, `rect_to_widget`. Everything drawn over the frame (studio/overlays.py, the
inspector's selection) is painted by overlay callables in *widget* space after the image, so
lines stay one device pixel wide at any zoom and the frame's pixels are never touched: Save Frame
and grabs of `image` stay the pure composite.

Zoom: `None` fits the frame into the widget (letterboxed, the default); a number is widget pixels
per output pixel (1.0 = 1:1). The wheel zooms around the cursor (the output pixel under it stays
under it); the middle button, or Space held over the preview with the left button, pans. A Space
tapped over the preview without dragging still plays (`spaceTapped`), as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPixmap, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ZOOM_LIMITS = (0.05, 32.0)
WHEEL_STEP = 1.25
"""Zoom factor per wheel notch (120 units)."""
CHECKER_PX = 8
CHECKER_COLOURS = (QColor(200, 200, 200), QColor(150, 150, 150))

Overlay = Callable[[QPainter, "PreviewWidget"], None]


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """Wrap premultiplied RGBA pixels (no conversion: Qt draws premultiplied data fastest).

    The QImage references the array's memory, so the array is kept alive by the caller
    (PreviewWidget holds both)."""
    h, w = rgba.shape[:2]
    data = np.ascontiguousarray(rgba)
    return QImage(data.data, w, h, w * 4, QImage.Format.Format_RGBA8888_Premultiplied)


class PreviewWidget(QWidget):
    """Shows one frame; keeps it until a new one arrives, so a failing render leaves the last
    good frame on screen.

    `viewChanged` after every zoom or pan; `spaceTapped` when Space was pressed and released
    over the preview without panning (the window plays or pauses)."""

    BACKDROP = QColor(32, 32, 36)
    viewChanged = Signal()
    spaceTapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixels: np.ndarray | None = None
        self._image: QImage | None = None
        self._aspect: tuple[int, int] = (16, 9)
        self._zoom: float | None = None  # None: fit
        self._centre = QPointF(0.5, 0.5)  # the frame point (fractions) at the widget's centre when zoomed
        self._pan_from: tuple[QPointF, QPointF] | None = None  # (press position, centre then)
        self._space_held = False
        self._space_panned = False
        self.overlays: list[Overlay] = []
        self.checkerboard = False
        self._checker: QBrush | None = None
        self._scaled: tuple[QImage, QPixmap] | None = None  # (the frame, shrunk to the view)
        """Draw a checkerboard behind the frame, so transparent areas show as such."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Space-pan needs the keys
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def set_aspect(self, width: int, height: int) -> None:
        """The output size, so the frame box is right even before the first frame arrives."""
        self._aspect = (width, height)
        self.update()

    def set_frame(self, rgba: np.ndarray) -> None:
        self._pixels = np.ascontiguousarray(rgba)
        self._image = rgba_to_qimage(self._pixels)
        self._aspect = (self._image.width(), self._image.height())
        self.update()

    @property
    def image(self) -> QImage | None:
        """The frame on screen (None before the first good frame)."""
        return self._image

    @property
    def output_size(self) -> tuple[int, int]:
        return self._aspect

    # ------------------------------------------------------------------ geometry

    @property
    def zoom(self) -> float | None:
        """Widget pixels per output pixel, or None when fitting."""
        return self._zoom

    def fit_scale(self) -> float:
        aw, ah = self._aspect
        return min(self.width() / aw, self.height() / ah)

    def scale(self) -> float:
        """Widget pixels per output pixel, as drawn now."""
        return self.fit_scale() if self._zoom is None else self._zoom

    def frame_rect(self) -> QRectF:
        """Where the frame is drawn: fitted and centred (letterboxed), or zoomed around the
        frame point at the widget's centre."""
        aw, ah = self._aspect
        s = self.scale()
        w, h = aw * s, ah * s
        if self._zoom is None:
            return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        return QRectF(self.width() / 2 - self._centre.x() * w, self.height() / 2 - self._centre.y() * h, w, h)

    def to_frame(self, pos: QPointF) -> QPointF:
        """A widget point in output pixels."""
        box, s = self.frame_rect(), self.scale()
        return QPointF((pos.x() - box.x()) / s, (pos.y() - box.y()) / s)

    def to_widget(self, point: QPointF) -> QPointF:
        """An output-pixel point in widget coordinates."""
        box, s = self.frame_rect(), self.scale()
        return QPointF(box.x() + point.x() * s, box.y() + point.y() * s)

    def rect_to_widget(self, x: float, y: float, w: float, h: float) -> QRectF:
        """An output-pixel rectangle in widget coordinates."""
        s, p = self.scale(), self.to_widget(QPointF(x, y))
        return QRectF(p.x(), p.y(), w * s, h * s)

    # ------------------------------------------------------------------ zoom and pan

    def zoom_fit(self) -> None:
        self._zoom = None
        self._centre = QPointF(0.5, 0.5)
        self._view_changed()

    def zoom_actual(self) -> None:
        """1:1: one output pixel per widget pixel, around the frame point at the centre."""
        self.set_zoom(1.0, QPointF(self.width() / 2, self.height() / 2))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Multiply the zoom, keeping the output point under `anchor` (a widget point; the
        widget's centre by default) where it is."""
        self.set_zoom(self.scale() * factor, anchor)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        fixed = self.to_frame(anchor)
        zoom = min(max(zoom, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
        aw, ah = self._aspect
        # The output point `fixed` stays under `anchor`: solve for the centre.
        cx = (fixed.x() * zoom - (anchor.x() - self.width() / 2)) / (aw * zoom)
        cy = (fixed.y() * zoom - (anchor.y() - self.height() / 2)) / (ah * zoom)
        self._zoom = zoom
        self._centre = QPointF(cx, cy)
        self._view_changed()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) widget pixels (a fitted view becomes a zoomed one)."""
        if self._zoom is None:
            self._zoom = self.fit_scale()
        aw, ah = self._aspect
        self._centre = QPointF(self._centre.x() - dx / (aw * self._zoom), self._centre.y() - dy / (ah * self._zoom))
        self._view_changed()

    def _view_changed(self) -> None:
        self.update()
        self.viewChanged.emit()

    @property
    def panning(self) -> bool:
        """A pan drag is in progress, or Space is held (a left press will pan)."""
        return self._pan_from is not None or self._space_held

    def wheelEvent(self, event: QWheelEvent) -> None:
        notches = event.angleDelta().y() / 120
        if notches:
            self.zoom_by(WHEEL_STEP ** notches, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space_held):
            if self._zoom is None:
                self._zoom = self.fit_scale()
            self._pan_from = (event.position(), QPointF(self._centre))
            self._space_panned = self._space_held
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            start, centre = self._pan_from
            self._centre = centre
            delta = event.position() - start
            self.pan_by(delta.x(), delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.setCursor(Qt.CursorShape.OpenHandCursor if self._space_held else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def event(self, event: QEvent) -> bool:
        # Space over the preview may start a pan: take it from the Play shortcut here, and
        # give it back as `spaceTapped` when no pan happened.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Space and not event.modifiers() and self.underMouse():
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            if not event.isAutoRepeat():
                self._space_held, self._space_panned = True, False
                self.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space_held:
            self._space_held = False
            self.setCursor(Qt.CursorShape.ArrowCursor)
            if not self._space_panned:
                self.spaceTapped.emit()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # ------------------------------------------------------------------ painting

    def _shrunk(self, size: QSize) -> QPixmap:
        """The frame scaled to `size`, kept until the frame or the size changes: repaints for
        overlays alone (a selection, a hover) then cost a copy, not a rescale (~6 ms)."""
        if self._scaled is None or self._scaled[0] is not self._image or self._scaled[1].size() != size:
            assert self._image is not None
            shrunk = self._image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
            self._scaled = (self._image, QPixmap.fromImage(shrunk))
        return self._scaled[1]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.BACKDROP)
        target = self.frame_rect()
        if self.checkerboard:
            if self._checker is None:
                self._checker = checker_brush()
            painter.fillRect(target, self._checker)
        if self._image is None:
            if not self.checkerboard:
                painter.fillRect(target, Qt.GlobalColor.black)
        elif self.scale() < 1:
            painter.drawPixmap(target.topLeft(), self._shrunk(target.size().toSize()))
        else:  # sharp pixels when zoomed in (one looks at pixels then)
            painter.drawImage(target, self._image)
        for overlay in self.overlays:
            painter.save()
            overlay(painter, self)
            painter.restore()
        painter.end()


def checker_brush() -> QBrush:
    """A brush of light and dark squares of `CHECKER_PX` widget pixels, anchored to the widget
    (as image editors do: the squares do not crawl while panning)."""
    tile = QPixmap(2 * CHECKER_PX, 2 * CHECKER_PX)
    tile.fill(CHECKER_COLOURS[0])
    painter = QPainter(tile)
    painter.fillRect(CHECKER_PX, 0, CHECKER_PX, CHECKER_PX, CHECKER_COLOURS[1])
    painter.fillRect(0, CHECKER_PX, CHECKER_PX, CHECKER_PX, CHECKER_COLOURS[1])
    painter.end()
    return QBrush(tile)
