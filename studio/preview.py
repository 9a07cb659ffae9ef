"""The preview: the last composited frame, scaled to fit with the output's aspect ratio."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    """Wrap premultiplied RGBA pixels (no conversion: Qt draws premultiplied data fastest).

    The QImage references the array's memory, so the array is kept alive by the caller
    (PreviewWidget holds both)."""
    h, w = rgba.shape[:2]
    data = np.ascontiguousarray(rgba)
    return QImage(data.data, w, h, w * 4, QImage.Format.Format_RGBA8888_Premultiplied)


class PreviewWidget(QWidget):
    """Shows one frame; keeps it until a new one arrives, so a failing render leaves the last
    good frame on screen."""

    BACKDROP = QColor(32, 32, 36)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixels: np.ndarray | None = None
        self._image: QImage | None = None
        self._aspect: tuple[int, int] = (16, 9)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

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

    def frame_rect(self) -> QRectF:
        """Where the frame is drawn: as large as fits, centred (letterboxed)."""
        aw, ah = self._aspect
        scale = min(self.width() / aw, self.height() / ah)
        w, h = aw * scale, ah * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.BACKDROP)
        target = self.frame_rect()
        if self._image is None:
            painter.fillRect(target, Qt.GlobalColor.black)
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self._image)
        painter.end()
