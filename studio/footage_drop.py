"""Drop a video or image file on a tile of the preview: that participant shows it.

The preview is only pixels; which participant a point belongs to is known from the frame on
screen: its video layers (`{id, frame: {x, y, w, h}}` in output pixels, later layers drawn on
top). The drop point is mapped from the widget to output pixels through the letterboxed frame
rectangle, the topmost layer containing it gives the video id, and the id the participant's row.
While dragging, the tile under the pointer is outlined, so the user sees where the file will go.
Files that are not footage (a param set's JSON) are left to the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QPointF, QRect, QRectF
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QRubberBand

from .call import is_footage_file
from .engine import RenderedFrame
from .preview import PreviewWidget


def footage_file(mime: QMimeData) -> str | None:
    """The first local video or image file in a drag, if any."""
    for url in mime.urls() if mime.hasUrls() else ():
        path = url.toLocalFile()
        if path and is_footage_file(path):
            return path
    return None


def tile_at(video_layers: Iterable[Mapping[str, Any]], x: float, y: float) -> Mapping[str, Any] | None:
    """The topmost video layer whose frame contains the output point (x, y)."""
    for layer in reversed(list(video_layers)):
        frame = layer.get("frame") or {}
        try:
            fx, fy, fw, fh = (float(frame[k]) for k in ("x", "y", "w", "h"))
        except (KeyError, TypeError, ValueError):
            continue
        if fx <= x < fx + fw and fy <= y < fy + fh:
            return layer
    return None


class FootageDrop(QObject):
    """Makes `preview` take footage files: `assign(video_id, path)` is called for the tile a
    file is dropped on. `last_frame()` is the frame on screen (None before the first)."""

    def __init__(self, preview: PreviewWidget, last_frame: Callable[[], RenderedFrame | None],
                 assign: Callable[[Any, str], None]) -> None:
        super().__init__(preview)
        self.preview = preview
        self._last_frame = last_frame
        self._assign = assign
        self.outline = QRubberBand(QRubberBand.Shape.Rectangle, preview)
        preview.setAcceptDrops(True)
        preview.installEventFilter(self)

    def tile_under(self, pos: QPointF) -> tuple[Mapping[str, Any], QRect] | None:
        """The video layer under a widget point, and its rectangle in widget pixels."""
        frame = self._last_frame()
        if frame is None:
            return None
        out_h, out_w = frame.rgba.shape[:2]
        box = self.preview.frame_rect()
        sx, sy = box.width() / out_w, box.height() / out_h
        layer = tile_at(frame.output.video_layers, (pos.x() - box.x()) / sx, (pos.y() - box.y()) / sy)
        if layer is None:
            return None
        f = layer["frame"]
        x, y, w, h = (float(f[k]) for k in ("x", "y", "w", "h"))
        rect = QRectF(box.x() + x * sx, box.y() + y * sy, w * sx, h * sy)
        return layer, rect.toAlignedRect()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragMoveEvent):
            if footage_file(event.mimeData()) is None:
                return False  # not ours: the window may take it (a param file)
            event.acceptProposedAction()  # enter anywhere; moves decide per tile
            self._follow(event)
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            self._follow(event)
            return True
        if kind == QEvent.Type.DragLeave:
            self.outline.hide()
            return False
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.outline.hide()
            path = footage_file(event.mimeData())
            found = self.tile_under(event.position()) if path is not None else None
            if path is None or found is None:
                event.ignore()
                return path is not None
            event.acceptProposedAction()
            self._assign(found[0]["id"], path)
            return True
        return False

    def _follow(self, event: QDragMoveEvent) -> None:
        found = self.tile_under(event.position())
        if found is None:
            self.outline.hide()
            event.ignore()
            return
        event.acceptProposedAction()
        self.outline.setGeometry(found[1])
        self.outline.show()
