"""The timeline widget: ruler, playhead, one row per track with the document's markers.

Custom-painted (a few hundred markers and a ruler are cheaper and crisper to paint than to
build from widgets) but model/view all the same: markers come from `TimelineModel` rows and
edits go back through it, so a move or a delete is one undo step on the window's stack.

Mouse: in the ruler (or on empty track space) press and drag to scrub: `seekRequested` is
emitted for every new frame under the cursor, and the playhead follows the cursor at once,
whatever the player is still rendering. A marker: a click selects it and jumps to its frame; a
drag moves it (drawn at the new frame while dragging, one `move_marker` on release; Esc cancels).
Delete or Backspace removes the selected marker; a right click offers the same. Dragging past an
edge scrolls. The wheel zooms around the cursor; Shift+wheel or a horizontal wheel and the
scroll bar scroll; a double click on the ruler shows the whole document again. The initial
state (applied before frame 0) shows as hollow rings at frame 0: part of the document, not an
event to move.

Colours come from the application's palette (window, text, highlight), so the widget follows a
light or dark theme; track colours keep their hue and adapt their lightness to it.

Speed: during playback only the playhead moves, 30 times a second, on the GUI thread the player
also needs. Everything else (lanes, ruler, markers, loop) is painted once into a cached pixmap,
repainted only when what it shows changes (document, zoom, scroll, size, selection, drag,
palette); markers are looked up by bisection in per-track sorted frames, and markers closer than
`MARKER_BUCKET_PX` on screen are drawn once (at a 9,000-event zoom-out they overlap anyway).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QScrollBar, QToolTip, QWidget

from vcs_engine.limits import MAX_FRAMES

from .events import Track
from .model import TimelineModel
from .ruler import TimeScale, crisp, paint_ruler
from .timecode import format_timecode

__all__ = ["TimelineView", "HEADER_WIDTH", "RULER_HEIGHT", "TRACK_HEIGHT", "MARKER_RADIUS", "MAX_PX_PER_FRAME"]

HEADER_WIDTH = 104
LEFT_PAD = 10
"""Frame 0 sits this far right of the track names, so a marker there is whole."""
RULER_HEIGHT = 30
TRACK_HEIGHT = 26
MARKER_RADIUS = 5.5
HIT_SLOP = 7.0
"""A marker is hit this far from its centre (px): a 1-frame-wide target is too small at low zoom."""
MARKER_BUCKET_PX = 2
"""Of markers on one track closer than this on screen only the first is drawn."""
LABEL_MIN_PX = 40
"""A marker shows what it changes beside it when the next marker on its track leaves this much
room (zoomed in, or sparse documents): reading the timeline without hovering."""
MAX_PX_PER_FRAME = 48.0
ZOOM_STEP = 1.25
"""Zoom factor per wheel notch (120 units)."""
EDGE_PX = 24
"""Dragging this close to (or past) an edge of the lanes scrolls, faster the further past."""
EDGE_SCROLL_MS = 30
TRACK_HUES = {Track.PARAMS: 210, Track.PARTICIPANTS: 145, Track.ROOM: 35, Track.MESSAGES: 280}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def track_color(track: Track, palette: QPalette) -> QColor:
    """The track's hue at a lightness that stands out on the palette's base."""
    return QColor.fromHsl(TRACK_HUES[track], 150, 150 if is_dark(palette) else 105)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved a fraction `t` towards `b`."""
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


@dataclass
class _MarkerDrag:
    frame: int
    track: Track
    press_at: float  # the (fractional) frame pressed: it stays under the pointer, scrolled or not
    to_frame: int
    moved: bool = False


class TimelineView(QWidget):
    """`seekRequested(frame)`: the user asked for a frame (scrub, marker click).
    `scrubbingChanged(bool)`: a playhead drag started or ended (a player may prefer speed to
    exactness while it is on)."""

    seekRequested = Signal(int)
    scrubbingChanged = Signal(bool)

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.scale = TimeScale(left=HEADER_WIDTH + LEFT_PAD)
        self.fps = model.fps
        self.duration = max(1, model.duration)
        self.playhead = 0
        self.loop_marks: tuple[int | None, int | None] = (None, None)
        self.seek_progress: tuple[int, int] | None = None
        self.selected: tuple[int, Track] | None = None
        self.hovered: tuple[int, Track] | None = None  # the marker under the pointer, drawn larger
        self._zoomed = False  # by the user: fitting to the document stops
        self._fitted_frames = 1
        self._scrubbing = False
        self._drag: _MarkerDrag | None = None
        self._frames: dict[Track, list[int]] = {}  # each track's marker frames, sorted
        self._static: tuple[Any, QPixmap] | None = None  # (what it shows, the painted layer)
        self._document_version = 0
        self._pointer_x = 0.0  # during a drag: where the pointer is (edge scrolling re-applies it)
        self._edge_timer = QTimer(self)
        self._edge_timer.setInterval(EDGE_SCROLL_MS)
        self._edge_timer.timeout.connect(self._edge_scroll)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.valueChanged.connect(self._scrolled)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        model.modelReset.connect(self._document_changed)
        self._index_markers()

    # ------------------------------------------------------------------ state set from outside

    def set_fps(self, fps: float) -> None:
        if not fps > 0:
            raise ValueError(f"frames per second must be positive, not {fps}")
        self.fps = fps
        self.update()

    def set_duration(self, frames: int) -> None:
        self.duration = max(1, int(frames))
        if not self._zoomed:
            self.fit()
        self._update_scrollbar()
        self.update()

    def set_playhead(self, frame: int) -> None:
        """Move the playhead (ignored while the user drags it: the cursor is the truth then);
        the view pages to keep it visible, as editors do during playback."""
        if self._scrubbing or frame == self.playhead:
            return
        self.playhead = max(0, int(frame))
        self._update_scrollbar()
        x = self.scale.x_of(self.playhead)
        if not self._zoomed and self._fit_frames() != self._fitted_frames:
            self.fit()
        elif self.isVisible() and (x < self.scale.left or x > self.width() - 8):
            self._scroll_to(self.playhead - 0.1 * self._track_width() / self.scale.px_per_frame)
        self.update()

    def set_loop_marks(self, mark_in: int | None, mark_out: int | None) -> None:
        self.loop_marks = (mark_in, mark_out)
        self._update_scrollbar()
        self.update()

    def set_seek_progress(self, done: int, total: int) -> None:
        self.seek_progress = (done, total) if 0 <= done < total else None
        self.update()

    def fit(self) -> None:
        """The whole document in view, and the playhead when it is past the end (until the
        user zooms, the view keeps fitting: `_fit_frames`)."""
        width = self._track_width()
        self._fitted_frames = self._fit_frames()
        if width > 0:
            self.scale.px_per_frame = min(MAX_PX_PER_FRAME, width / (self._fitted_frames * 1.02))
            self.scale.first = 0.0
        self._zoomed = False
        self._update_scrollbar()
        self.update()

    # ------------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:
        return QSize(800, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(HEADER_WIDTH + 120, RULER_HEIGHT + len(Track) * TRACK_HEIGHT + self.scrollbar.sizeHint().height())

    def _track_width(self) -> float:
        """The lanes' width that frames use (the padding before frame 0 excluded)."""
        return self.width() - HEADER_WIDTH - LEFT_PAD

    def track_rect(self, track: Track) -> QRect:
        """The row of `track` (header included)."""
        row = list(Track).index(track)
        return QRect(0, RULER_HEIGHT + row * TRACK_HEIGHT, self.width(), TRACK_HEIGHT)

    def marker_center(self, frame: float, track: Track) -> QPointF:
        return QPointF(self.scale.x_of(frame), self.track_rect(track).center().y() + 0.5)

    def track_at(self, y: float) -> Track | None:
        row = math.floor((y - RULER_HEIGHT) / TRACK_HEIGHT)
        return list(Track)[row] if 0 <= row < len(Track) and y >= RULER_HEIGHT else None

    def marker_at(self, pos: QPointF) -> tuple[int, Track] | None:
        """The marker under `pos` (the nearest, within `HIT_SLOP`), else None."""
        track = self.track_at(pos.y())
        if track is None or pos.x() < HEADER_WIDTH:
            return None
        near = [(abs(self.scale.x_of(f) - pos.x()), f) for f in self._visible_frames(
            track, self.scale.frame_at(pos.x() - HIT_SLOP), self.scale.frame_at(pos.x() + HIT_SLOP))]
        near = [(d, f) for d, f in near if d <= HIT_SLOP]
        return (min(near)[1], track) if near else None

    def _visible_frames(self, track: Track, start: float, end: float) -> list[int]:
        """`track`'s marker frames from `start` to `end` (bisection: documents may be long)."""
        frames = self._frames.get(track, [])
        return frames[bisect_left(frames, start):bisect_right(frames, end)]

    def initial_at(self, pos: QPointF) -> Track | None:
        """The initial-state ring under `pos` (at frame 0), else None."""
        track = self.track_at(pos.y())
        if track is None or track not in self.model.initial_tracks() or pos.x() < HEADER_WIDTH:
            return None
        return track if abs(self.scale.x_of(0) - pos.x()) <= HIT_SLOP else None

    def position_text(self, frame: int) -> str:
        """What the ruler's tooltip says of a frame."""
        return f"frame {frame} · {format_timecode(frame, self.fps)}"

    def _document_frames(self) -> int:
        """The document's extent: its duration, or further for a marker or mark past it."""
        ends = [self.duration]
        ends += [frames[-1] + 1 for frames in self._frames.values() if frames]
        ends += [m + 1 for m in self.loop_marks if m is not None]
        if self._drag is not None:
            ends.append(self._drag.to_frame + 1)
        return max(ends)

    def content_frames(self) -> int:
        """How far the ruler goes: the document, or further when the playhead is beyond it."""
        return max(self._document_frames(), self.playhead + 1)

    def _fit_frames(self) -> int:
        """The frames a fitted view shows: the document, or with the playhead past its end, the
        next quarter of the document's length that holds it (so playing on past the end
        re-fits every quarter, not every frame)."""
        document = self._document_frames()
        if self.playhead < document:
            return document
        quantum = max(1, document // 4)
        return math.ceil((self.playhead + 1) / quantum) * quantum

    # ------------------------------------------------------------------ scrolling and zoom

    def _update_scrollbar(self) -> None:
        width = max(1.0, self._track_width())
        total = self.content_frames() * self.scale.px_per_frame + 0.25 * width
        self.scrollbar.blockSignals(True)
        self.scrollbar.setRange(0, max(0, math.ceil(total - width)))
        self.scrollbar.setPageStep(int(width))
        self.scrollbar.setSingleStep(max(1, int(width / 20)))
        self.scrollbar.setValue(round(self.scale.first * self.scale.px_per_frame))
        self.scrollbar.blockSignals(False)

    def _scrolled(self, value: int) -> None:
        self.scale.first = value / self.scale.px_per_frame
        self.update()

    def _scroll_to(self, first_frame: float) -> None:
        self.scale.first = max(0.0, first_frame)
        self._update_scrollbar()
        self.update()

    def zoom(self, factor: float, x: float) -> None:
        """Zoom by `factor` keeping the frame under `x` in place (from showing twice the
        content to `MAX_PX_PER_FRAME` px a frame)."""
        lowest = max(1.0, self._track_width()) / (2 * self.content_frames())
        ppf = min(MAX_PX_PER_FRAME, max(lowest, self.scale.px_per_frame * factor))
        self.scale.zoom_around(max(x, self.scale.left), ppf)
        self.scale.first = max(0.0, self.scale.first)
        self._zoomed = True
        self._update_scrollbar()
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        horizontal = delta.x() if delta.x() else (delta.y() if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0)
        if horizontal:
            self.scrollbar.setValue(self.scrollbar.value() - round(horizontal / 120 * self.scrollbar.singleStep() * 3))
        elif delta.y():
            self.zoom(ZOOM_STEP ** (delta.y() / 120), event.position().x())
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        bar = self.scrollbar.sizeHint().height()
        self.scrollbar.setGeometry(HEADER_WIDTH, self.height() - bar, self.width() - HEADER_WIDTH, bar)
        if not self._zoomed:
            self.fit()
        self._update_scrollbar()
        super().resizeEvent(event)

    # ------------------------------------------------------------------ mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.position().x() < HEADER_WIDTH:
            return super().mousePressEvent(event)
        pos = event.position()
        self._pointer_x = pos.x()
        hit = self.marker_at(pos)
        if hit is not None:
            self.selected = hit
            self._drag = _MarkerDrag(hit[0], hit[1], self.scale.frame_at(pos.x()), hit[0])
            self.update()
            return
        self.selected = None
        self._scrubbing = True
        self.scrubbingChanged.emit(True)
        self._scrub_to(pos.x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        if self._scrubbing or self._drag is not None:
            self._pointer_x = x
            self._drag_to(x)
            near_edge = x < HEADER_WIDTH + EDGE_PX or x > self.width() - EDGE_PX
            if near_edge and not self._edge_timer.isActive():
                self._edge_timer.start()
        else:
            hover = self.marker_at(event.position())
            over = hover is not None or self.initial_at(event.position()) is not None
            self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
            if hover != self.hovered:
                self.hovered = hover
                self.update()

    def leaveEvent(self, event: QEvent) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.update()
        super().leaveEvent(event)

    def _drag_to(self, x: float) -> None:
        if self._scrubbing:
            self._scrub_to(x)
            return
        drag = self._drag
        if drag is None:
            return
        drag.moved |= abs(x - self.scale.x_of(drag.press_at)) >= QApplication.startDragDistance()
        if drag.moved:
            drag.to_frame = max(0, round(self.scale.frame_at(x) - drag.press_at) + drag.frame)
            self.setCursor(Qt.CursorShape.SizeHorCursor)
            self._update_scrollbar()  # a marker dragged past the end extends the ruler
            self.update()

    def _edge_scroll(self) -> None:
        """While a drag is at or past an edge: scroll towards it and follow with the drag."""
        x = self._pointer_x
        overshoot = min(0.0, x - (HEADER_WIDTH + EDGE_PX)) or max(0.0, x - (self.width() - EDGE_PX))
        if not (self._scrubbing or self._drag is not None) or not overshoot:
            self._edge_timer.stop()
            return
        self.scrollbar.setValue(self.scrollbar.value() + round(overshoot / 2))
        self._drag_to(x)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._edge_timer.stop()
        if self._scrubbing:
            self._scrubbing = False
            self.scrubbingChanged.emit(False)
        elif self._drag is not None:
            drag, self._drag = self._drag, None
            self.unsetCursor()
            if drag.moved and drag.to_frame != drag.frame:
                self.model.move_marker(drag.frame, drag.track, drag.to_frame)
                self.selected = (drag.to_frame, drag.track)
            elif not drag.moved:
                self._request(drag.frame)
            self.update()
        elif event.button() == Qt.MouseButton.LeftButton and self.initial_at(event.position()) is not None:
            self._request(0)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.position().y() < RULER_HEIGHT:
            self.fit()
        else:
            super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        hit = self.marker_at(QPointF(event.pos()))
        if hit is None:
            return
        self.selected = hit
        self.update()
        self.marker_menu(hit).exec(event.globalPos())

    def marker_menu(self, marker: tuple[int, Track]) -> QMenu:
        """What a right click on `marker` offers: go there, bring it to the playhead, delete it."""
        frame, track = marker
        menu = QMenu(self)
        menu.addAction(f"Go to Frame {frame}", lambda: self._request(frame))
        to_playhead = menu.addAction(f"Move to the Playhead (Frame {self.playhead})",
                                     lambda: self._move_selected(marker, self.playhead))
        to_playhead.setEnabled(frame != self.playhead)
        menu.addSeparator()
        menu.addAction(f"Delete {track.label.capitalize()} Event", lambda: self._remove(marker))
        return menu

    def _move_selected(self, marker: tuple[int, Track], to_frame: int) -> None:
        if self.model.move_marker(*marker, to_frame):
            self.selected = (to_frame, marker[1])
            self.update()

    def _scrub_to(self, x: float) -> None:
        frame = min(self.scale.nearest_frame(max(x, HEADER_WIDTH)), MAX_FRAMES - 1)
        if frame != self.playhead:
            self._request(frame)

    def _request(self, frame: int) -> None:
        """The user asked for `frame`: the playhead goes there now and the player is asked."""
        self.playhead = frame
        self._update_scrollbar()
        self.update()
        self.seekRequested.emit(frame)

    def _remove(self, marker: tuple[int, Track]) -> None:
        self.model.remove_marker(*marker)
        self.selected = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected is not None:
            self._remove(self.selected)
            return
        if event.key() == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None  # the marker stays where it was; the release is then nothing
            self._edge_timer.stop()
            self.unsetCursor()
            self.update()
            return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = QPointF(event.pos())
            hit, initial = self.marker_at(pos), self.initial_at(pos)
            if hit is not None:
                QToolTip.showText(event.globalPos(), self.model.tooltip(*hit), self)
            elif initial is not None:
                QToolTip.showText(event.globalPos(), self.model.initial_tooltip(initial), self)
            elif pos.y() < RULER_HEIGHT and pos.x() >= HEADER_WIDTH:
                QToolTip.showText(event.globalPos(), self.position_text(self.scale.nearest_frame(pos.x())), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _index_markers(self) -> None:
        self._frames = {track: [] for track in Track}
        for frame, track in self.model.markers():  # in frame order: each list is sorted
            self._frames[track].append(frame)
        self._document_version += 1

    def _document_changed(self) -> None:
        self._index_markers()
        if self.selected is not None and self.selected[0] not in self._visible_frames(
                self.selected[1], self.selected[0], self.selected[0]):
            self.selected = None
        if not self._zoomed and self._fit_frames() != self._fitted_frames:
            self.fit()
        self._update_scrollbar()
        self.update()

    # ------------------------------------------------------------------ painting

    def _lanes_bottom(self) -> int:
        """The lanes fill the height down to the scroll bar (a tall dock shows empty lanes, and
        the playhead and loop run through them); the tracks are the top rows."""
        return max(RULER_HEIGHT + len(Track) * TRACK_HEIGHT, self.scrollbar.geometry().top())

    def _static_key(self) -> tuple[Any, ...]:
        """Everything the cached layer shows: when it differs, the layer is painted again."""
        drag = (self._drag.frame, self._drag.track, self._drag.to_frame) if self._drag and self._drag.moved else None
        return (self.size(), self.devicePixelRatioF(), self.palette().cacheKey(), self.font().key(),
                self.scale.px_per_frame, self.scale.first, self.duration, self.fps, self.loop_marks,
                self.selected, self.hovered, drag, self._document_version)

    def paintEvent(self, event: QPaintEvent) -> None:
        key = self._static_key()
        if self._static is None or self._static[0] != key:
            ratio = self.devicePixelRatioF()
            layer = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            layer.setDevicePixelRatio(ratio)
            layer_painter = QPainter(layer)
            self._paint_static(layer_painter)
            layer_painter.end()
            self._static = (key, layer)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._static[1])
        palette = self.palette()
        self._paint_seek_progress(painter, palette.color(QPalette.ColorRole.Highlight))
        self._paint_playhead(painter, self._lanes_bottom(), palette)

    def _paint_static(self, painter: QPainter) -> None:
        """Lanes, ruler, loop, track names and markers: all but the playhead and seek progress."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        line = mix(window, text, 0.22)
        painter.setFont(self.font())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        bottom = self._lanes_bottom()
        painter.fillRect(self.rect(), window)
        lanes = QRect(HEADER_WIDTH, RULER_HEIGHT, self.width() - HEADER_WIDTH, bottom - RULER_HEIGHT)
        painter.fillRect(lanes, base)
        # Past the document's end: darker, so the ruler's extension reads as "after the end".
        end_x = self.scale.x_of(self.duration)
        if end_x < self.width():
            past = QRect(max(HEADER_WIDTH, math.floor(end_x)), 0, self.width(), bottom)
            painter.fillRect(past, QColor(0, 0, 0, 40 if is_dark(palette) else 18))
        self._paint_loop(painter, bottom, highlight)
        ruler = QRect(HEADER_WIDTH, 0, self.width() - HEADER_WIDTH, RULER_HEIGHT)
        small = painter.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        paint_ruler(painter, ruler, self.scale, self.fps, palette)
        painter.setPen(QPen(line, 1))
        for y in [RULER_HEIGHT] + [self.track_rect(t).bottom() + 1 for t in Track]:
            painter.drawLine(0, y, self.width(), y)
        painter.drawLine(HEADER_WIDTH - 1, 0, HEADER_WIDTH - 1, bottom)
        self._paint_headers(painter, text, palette)
        self._paint_corner(painter, mix(window, text, 0.6))
        self._paint_markers(painter, palette, text)

    def _paint_loop(self, painter: QPainter, bottom: int, highlight: QColor) -> None:
        mark_in, mark_out = self.loop_marks
        if mark_in is None and mark_out is None:
            return
        start = self.scale.x_of(mark_in if mark_in is not None else 0)
        end = self.scale.x_of((mark_out if mark_out is not None else self.duration - 1) + 1)
        left, right = max(HEADER_WIDTH, math.floor(start)), min(self.width(), math.floor(end))
        if right <= left:
            return
        shade = QColor(highlight)
        shade.setAlpha(38)
        painter.fillRect(QRect(left, 0, right - left, bottom), shade)
        bracket = QColor(highlight)
        painter.setPen(QPen(bracket, 1))
        for x, mark, inward in ((start, mark_in, 1), (end, mark_out, -1)):
            if mark is None or not HEADER_WIDTH <= x <= self.width():
                continue
            cx = crisp(x - (1 if inward < 0 else 0))
            painter.drawLine(QPointF(cx, 0), QPointF(cx, bottom))
            painter.fillRect(QRectF(cx - (0.5 if inward > 0 else 5.5), 0, 6, 3), bracket)

    def _paint_headers(self, painter: QPainter, text: QColor, palette: QPalette) -> None:
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() / 0.85)
        painter.setFont(font)
        for track in Track:
            rect = self.track_rect(track)
            swatch = QRect(8, rect.center().y() - 4, 3, 9)
            painter.fillRect(swatch, track_color(track, palette))
            painter.setPen(text)
            painter.drawText(QRect(18, rect.top(), HEADER_WIDTH - 22, rect.height()), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, track.label.capitalize())

    def _paint_corner(self, painter: QPainter, dim: QColor) -> None:
        """The document's length in the corner above the track names."""
        font = painter.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(dim)
        painter.drawText(QRect(8, 1, HEADER_WIDTH - 10, RULER_HEIGHT - 2), Qt.AlignmentFlag.AlignVCenter,
                         f"{format_timecode(self.duration, self.fps)}\n{self.duration} f · {self.fps:g} fps")

    def _diamond(self, center: QPointF, radius: float) -> QPolygonF:
        return QPolygonF([center + QPointF(0, -radius), center + QPointF(radius, 0),
                          center + QPointF(0, radius), center + QPointF(-radius, 0)])

    def _paint_markers(self, painter: QPainter, palette: QPalette, text: QColor) -> None:
        painter.save()
        painter.setClipRect(QRect(HEADER_WIDTH, RULER_HEIGHT, self.width() - HEADER_WIDTH,
                                  len(Track) * TRACK_HEIGHT))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        outline = palette.color(QPalette.ColorRole.Base)
        label_pen = QPen(mix(palette.color(QPalette.ColorRole.Base), text, 0.7))
        small = self.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        drag = self._drag if self._drag is not None and self._drag.moved else None
        left, right = self.scale.frame_at(HEADER_WIDTH - HIT_SLOP), self.scale.frame_at(self.width() + HIT_SLOP)
        for track in self.model.initial_tracks():  # rings: set before frame 0, not events
            painter.setPen(QPen(track_color(track, palette), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.marker_center(0, track), MARKER_RADIUS - 1, MARKER_RADIUS - 1)
        for track in Track:
            color = track_color(track, palette)
            faint = QColor(color)
            faint.setAlpha(70)
            plain_pen = QPen(outline, 1)
            y = self.marker_center(0, track).y()
            last_bucket = None
            drawn: list[tuple[float, int | None]] = []  # None: the initial state's ring
            frames = self._visible_frames(track, left, right)
            if track in self.model.initial_tracks() and left <= 0 and (not frames or frames[0] != 0):
                drawn.append((self.scale.x_of(0), None))
            for frame in frames:
                x = self.scale.x_of(frame)
                selected = (frame, track) == self.selected
                hovered = (frame, track) == self.hovered
                bucket = math.floor(x / MARKER_BUCKET_PX)
                if bucket == last_bucket and not (selected or hovered):
                    continue  # on top of the one before: drawing it changes nothing visible
                last_bucket = bucket
                dragged = drag is not None and (frame, track) == (drag.frame, drag.track)
                if not dragged:  # its label goes with it
                    drawn.append((x, frame))
                painter.setPen(QPen(text, 2) if selected and not dragged else plain_pen)
                painter.setBrush(faint if dragged else color.lighter(125) if hovered else color)
                painter.drawPolygon(self._diamond(QPointF(x, y), MARKER_RADIUS + (1 if selected or hovered else 0)))
            self._paint_labels(painter, track, drawn, y, label_pen)
        if drag is not None:
            painter.setPen(QPen(text, 2))
            painter.setBrush(track_color(drag.track, palette))
            painter.drawPolygon(self._diamond(self.marker_center(drag.to_frame, drag.track), MARKER_RADIUS + 1))
        painter.restore()

    def _paint_labels(self, painter: QPainter, track: Track, drawn: list[tuple[float, int | None]], y: float,
                      pen: QPen) -> None:
        """Each marker's change beside it (and the initial state's beside its ring), elided to
        the room before the next marker."""
        painter.setPen(pen)
        metrics = painter.fontMetrics()
        ends = [x for x, _frame in drawn[1:]] + [float(self.width())]
        for (x, frame), end in zip(drawn, ends):
            start = x + MARKER_RADIUS + 5
            room = int(end - MARKER_RADIUS - 6 - start)
            if room < LABEL_MIN_PX:
                continue
            change = self.model.initial_change(track) if frame is None else self.model.change(frame, track)
            text = metrics.elidedText(change, Qt.TextElideMode.ElideRight, room)
            painter.drawText(QRectF(start, y - TRACK_HEIGHT / 2, room, TRACK_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def _paint_seek_progress(self, painter: QPainter, highlight: QColor) -> None:
        if self.seek_progress is None:
            return
        done, total = self.seek_progress
        start = max(float(HEADER_WIDTH), self.scale.x_of(0))
        end = self.scale.x_of(self.playhead)
        if end <= start:
            return
        track = QColor(highlight)
        track.setAlpha(60)
        painter.fillRect(QRectF(start, RULER_HEIGHT - 3, end - start, 3), track)
        painter.fillRect(QRectF(start, RULER_HEIGHT - 3, (end - start) * done / total, 3), highlight)

    def _paint_playhead(self, painter: QPainter, bottom: int, palette: QPalette) -> None:
        x = self.scale.x_of(self.playhead)
        if not HEADER_WIDTH - 6 <= x <= self.width() + 6:
            return
        color = QColor("#e5484d") if not is_dark(palette) else QColor("#ff6369")
        painter.save()
        painter.setClipRect(QRect(HEADER_WIDTH, 0, self.width() - HEADER_WIDTH, bottom))
        cx = crisp(x)
        painter.setPen(QPen(color, 1))
        painter.drawLine(QPointF(cx, RULER_HEIGHT - 8), QPointF(cx, bottom))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        handle = QPainterPath()
        handle.addPolygon(QPolygonF([QPointF(cx - 5.5, RULER_HEIGHT - 14), QPointF(cx + 5.5, RULER_HEIGHT - 14),
                                     QPointF(cx + 5.5, RULER_HEIGHT - 7), QPointF(cx, RULER_HEIGHT - 2),
                                     QPointF(cx - 5.5, RULER_HEIGHT - 7)]))
        handle.closeSubpath()
        painter.fillPath(handle, color)
        painter.restore()
