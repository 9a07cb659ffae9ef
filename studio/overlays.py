"""Preview overlays: what a designer lays over the frame to see why things are where they are.

Video-layer outlines with their participant ids, the grid-unit grid, the title-safe (90 %) and
action-safe (93 %) rectangles with a centre cross, and a checkerboard behind transparent areas.
Each is a toggle (`PreviewOptions`: a checkable action for the View menu and the toolbar,
remembered in the settings). They are painted in widget space over the image
(studio/preview.py), never into the frame.

Geometry is computed in output pixels by plain functions (tested without painting) and mapped
to the widget at paint time. The grid unit is the runtime's: `min(width, height) / 36` output
pixels (shared/spec/baseline.md, `useGrid().pixelsPerGridUnit`), counted from the top-left
corner, where layouts start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPen

from .preview import PreviewWidget
from .settings import StudioSettings

GRID_UNITS_PER_SHORT_SIDE = 36
TITLE_SAFE = 0.90
ACTION_SAFE = 0.93
MAJOR_GRID_EVERY = 6
"""Every sixth grid line is stronger: the short side is six major cells."""
MIN_GRID_SPACING_PX = 4
"""Grid lines closer than this on screen are thinned out (every 2nd, 4th, … line)."""
CROSS_PX = 24

OUTLINE_COLOUR = QColor(0, 220, 255)
GRID_COLOURS = (QColor(255, 255, 255, 40), QColor(255, 255, 255, 90))
SAFE_COLOURS = {TITLE_SAFE: QColor(255, 200, 0, 200), ACTION_SAFE: QColor(255, 90, 60, 200)}


@dataclass(frozen=True)
class Toggle:
    key: str
    text: str
    tip: str
    default: bool = False


TOGGLES = (
    Toggle("outlines", "Video Outlines", "Outline each video layer and show its participant id"),
    Toggle("grid", "Grid Units", "The composition's grid: one line per grid unit (min(w, h) / 36 px)"),
    Toggle("safe", "Safe Areas", "Title-safe (90 %) and action-safe (93 %) rectangles and the centre cross"),
    Toggle("checkerboard", "Transparency Checkerboard",
           "A checkerboard behind transparent areas while the video or background layer is off", True),
)


# ---------------------------------------------------------------------- geometry (output pixels)

Rect = tuple[float, float, float, float]


def px_per_gu(width: int, height: int) -> float:
    """The runtime's grid unit in output pixels."""
    return min(width, height) / GRID_UNITS_PER_SHORT_SIDE


def safe_rect(width: int, height: int, fraction: float) -> Rect:
    """The centred rectangle covering `fraction` of each side (title-safe 0.9, action-safe 0.93)."""
    w, h = width * fraction, height * fraction
    return (width - w) / 2, (height - h) / 2, w, h


def grid_lines(length: int, unit: float) -> list[float]:
    """Positions of the grid lines along one side: every unit from 0, the edges excluded."""
    count = int(length / unit)
    return [k * unit for k in range(1, count + 1) if k * unit < length]


def layer_rect(layer: Mapping[str, Any]) -> Rect | None:
    """A video layer's frame, or None when it has no usable one."""
    frame = layer.get("frame") or {}
    try:
        return tuple(float(frame[k]) for k in ("x", "y", "w", "h"))  # type: ignore[return-value]
    except (KeyError, TypeError, ValueError):
        return None


def video_outlines(video_layers: Iterable[Mapping[str, Any]]) -> list[tuple[Any, Rect]]:
    """(participant id, frame) per video layer, in drawing order."""
    return [(layer.get("id"), rect) for layer in video_layers if (rect := layer_rect(layer)) is not None]


# ---------------------------------------------------------------------- painting (widget space)


def _pen(colour: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)  # one device pixel whatever the transform
    return pen


def paint_grid(painter: QPainter, view: PreviewWidget) -> None:
    width, height = view.output_size
    unit = px_per_gu(width, height)
    every = 1
    while unit * every * view.scale() < MIN_GRID_SPACING_PX:
        every *= 2
    box = view.frame_rect()
    painter.setClipRect(box)
    for k, x in enumerate(grid_lines(width, unit), start=1):
        if k % every == 0:
            painter.setPen(_pen(GRID_COLOURS[k % MAJOR_GRID_EVERY == 0]))
            wx = view.to_widget(QPointF(x, 0)).x()
            painter.drawLine(QPointF(wx, box.top()), QPointF(wx, box.bottom()))
    for k, y in enumerate(grid_lines(height, unit), start=1):
        if k % every == 0:
            painter.setPen(_pen(GRID_COLOURS[k % MAJOR_GRID_EVERY == 0]))
            wy = view.to_widget(QPointF(0, y)).y()
            painter.drawLine(QPointF(box.left(), wy), QPointF(box.right(), wy))


def paint_safe_areas(painter: QPainter, view: PreviewWidget) -> None:
    width, height = view.output_size
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for fraction, colour in SAFE_COLOURS.items():
        painter.setPen(_pen(colour, 1, Qt.PenStyle.DashLine))
        painter.drawRect(view.rect_to_widget(*safe_rect(width, height, fraction)))
    centre = view.to_widget(QPointF(width / 2, height / 2))
    painter.setPen(_pen(SAFE_COLOURS[TITLE_SAFE]))
    painter.drawLine(centre - QPointF(CROSS_PX / 2, 0), centre + QPointF(CROSS_PX / 2, 0))
    painter.drawLine(centre - QPointF(0, CROSS_PX / 2), centre + QPointF(0, CROSS_PX / 2))


def paint_video_outlines(painter: QPainter, view: PreviewWidget, video_layers: Iterable[Mapping[str, Any]]) -> None:
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    for vid, rect in video_outlines(video_layers):
        box = view.rect_to_widget(*rect)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_pen(OUTLINE_COLOUR, 2))
        painter.drawRect(box)
        label = f"id {vid}"
        tag = painter.fontMetrics().boundingRect(label).adjusted(-4, -2, 4, 2)
        # Bottom-left: the top-left corner is where generated footage names its slot.
        tag.moveBottomLeft(box.bottomLeft().toPoint() + QPointF(3, -3).toPoint())
        painter.fillRect(tag, QColor(0, 0, 0, 170))
        painter.setPen(OUTLINE_COLOUR)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)


# ---------------------------------------------------------------------- the toggles


class PreviewOptions(QObject):
    """The overlay toggles as checkable actions (View menu and toolbar share them), painted on
    `preview` and remembered in `settings` when given. `video_layers()` gives the layers of
    the frame on screen. `changed` after any toggle."""

    changed = Signal()

    def __init__(self, preview: PreviewWidget, video_layers: Callable[[], Iterable[Mapping[str, Any]]],
                 settings: StudioSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.settings = settings
        self._video_layers = video_layers
        self._transparent_layers = False
        remembered = settings.preview_options() if settings is not None else {}
        self.actions: dict[str, QAction] = {}
        for toggle in TOGGLES:
            act = QAction(toggle.text, self)
            act.setCheckable(True)
            act.setToolTip(toggle.tip)
            act.setChecked(bool(remembered.get(toggle.key, toggle.default)))
            act.toggled.connect(self._toggled)
            self.actions[toggle.key] = act
        preview.overlays.append(self.paint)
        self._apply()

    def on(self, key: str) -> bool:
        return self.actions[key].isChecked()

    def set(self, key: str, on: bool) -> None:
        self.actions[key].setChecked(on)

    def set_layers(self, layers: Iterable[str]) -> None:
        """The layers drawn: the checkerboard shows only while the video or background is off
        (the frame then has transparent areas; with both on it is opaque)."""
        shown = set(layers)
        self._transparent_layers = not {"video", "background"} <= shown
        self._apply()

    @property
    def transparent(self) -> bool:
        """Whether frames should be composited without the black backdrop (to show the
        checkerboard through)."""
        return self._transparent_layers and self.on("checkerboard")

    def _toggled(self) -> None:
        if self.settings is not None:
            self.settings.save_preview_options({key: act.isChecked() for key, act in self.actions.items()})
        self._apply()
        self.changed.emit()

    def _apply(self) -> None:
        self.preview.checkerboard = self.transparent
        self.preview.update()

    def paint(self, painter: QPainter, view: PreviewWidget) -> None:
        if self.on("grid"):
            painter.save()
            paint_grid(painter, view)
            painter.restore()
        if self.on("safe"):
            paint_safe_areas(painter, view)
        if self.on("outlines"):
            paint_video_outlines(painter, view, self._video_layers())
