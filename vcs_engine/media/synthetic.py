"""Generated stand-in footage: a camera look, a shared-screen look, and black.

Used whenever no footage is given, so a composition's video layers are always visibly filled and
each input is recognisable at a glance: its own hue, a small badge in the top-left corner with
its slot number and name, and a running timecode that shows whether the preview is live. The
badge is small and out of the lower third on purpose: that is where compositions put their own
participant labels, and a big burnt-in name there reads as the composition's (or hides it).

`SyntheticSource` looks like a camera (a gradient, a grid, a moving disc); `SyntheticScreenSource`
looks like a shared screen (a window with a slide of placeholder bars and a chart, and a
moving pointer), because screenshare tiles are laid out and scaled differently (`fit`, not
`fill`) and a camera look hides that. `BlankSource` is an input that delivers no picture.

The static part is drawn once per size; a frame only adds the moving parts and the timecode on
top of it. Everything is drawn at the size the compositor shows it (`prefer_size`), so the
footage stays sharp and costs no resampling.
"""
from __future__ import annotations

import colorsys
import functools
import math

import numpy as np
import skia

from vcs_engine.fonts import FONT_DIR

from .source import BgraSource, frozen, scaled_size

_FPS = 30
"""Frames per second of the generated motion; requests inside one frame share a cached array."""

_GOLDEN = 0.618033988749895
"""Hue step between consecutive participants: successive hues stay far apart for any count."""

_BADGE_TEXT = 0.055
"""Badge and timecode text size, as a fraction of the frame height: readable in a grid tile,
small next to the labels compositions draw."""


def _color(hue: float, saturation: float, value: float, alpha: int = 255) -> int:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return skia.ColorSetARGB(alpha, round(r * 255), round(g * 255), round(b * 255))


@functools.cache
def _typeface(bold: bool) -> skia.Typeface | None:
    font_file = FONT_DIR / ("Roboto-Bold.ttf" if bold else "Roboto-Regular.ttf")
    return skia.Typeface.MakeFromFile(str(font_file))


def timecode(t: float) -> str:
    """`mm:ss:ff` at 30 fps: what a camera's burnt-in timecode would show."""
    frames = math.floor(t * _FPS + 1e-6)
    seconds, frame = divmod(frames, _FPS)
    minutes, second = divmod(seconds, 60)
    return f"{minutes % 100:02d}:{second:02d}:{frame:02d}"


def participant_hue(index: int) -> float:
    return 0.58 + index * _GOLDEN


class _GeneratedSource(BgraSource):
    """Generated footage for participant `index`: size handling, per-frame cache, the badge and
    the timecode. Subclasses paint the static look and the motion."""

    def __init__(self, index: int, name: str = "", size: tuple[int, int] = (640, 360)) -> None:
        self.index = index
        self.name = name or f"Participant {index + 1}"
        self._size = size
        self._hue = participant_hue(index)
        self._draw_size = size
        self._static = self._draw_static()
        self._cached: tuple[int, np.ndarray] | None = None

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def prefer_size(self, size: tuple[int, int]) -> None:
        size = scaled_size(self._size, size)
        if size != self._draw_size:
            self._draw_size = size
            self._static = self._draw_static()
            self._cached = None

    def _draw_static(self) -> skia.Image:
        w, h = self._draw_size
        surface = skia.Surface(w, h)
        canvas = surface.getCanvas()
        self._paint_static(canvas, w, h)
        self._paint_badge(canvas, h)
        return surface.makeImageSnapshot()

    def _paint_static(self, canvas: skia.Canvas, w: int, h: int) -> None:
        raise NotImplementedError

    def _paint_motion(self, canvas: skia.Canvas, w: int, h: int, t: float) -> None:
        raise NotImplementedError

    def _paint_badge(self, canvas: skia.Canvas, h: int) -> None:
        """Top left: the slot number on the participant's hue, then the name, on a dark pill."""
        size = max(7.0, h * _BADGE_TEXT)
        margin, pad = h * 0.035, size * 0.45
        number, name = str(self.index + 1), self.name
        bold, regular = skia.Font(_typeface(bold=True), size), skia.Font(_typeface(bold=False), size)
        height = size * 1.5
        number_w = max(bold.measureText(number) + pad * 1.4, height)  # a circle, or a pill for "12"
        name_w = regular.measureText(name)
        pill = skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(margin, margin, number_w + name_w + pad * 2, height),
                                     height / 2, height / 2)
        canvas.drawRRect(pill, skia.Paint(AntiAlias=True, Color=skia.ColorSetARGB(150, 0, 0, 0)))
        chip = skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(margin, margin, number_w, height), height / 2, height / 2)
        canvas.drawRRect(chip, skia.Paint(AntiAlias=True, Color=_color(self._hue, 0.65, 0.85)))
        baseline = margin + height / 2 + size * 0.36
        white = skia.Paint(AntiAlias=True, Color=skia.ColorWHITE)
        canvas.drawString(number, margin + (number_w - bold.measureText(number)) / 2, baseline, bold, white)
        canvas.drawString(name, margin + number_w + pad * 0.6, baseline, regular, white)

    def _paint_timecode(self, canvas: skia.Canvas, w: int, h: int, t: float, color: int) -> None:
        text = timecode(t)
        font = skia.Font(_typeface(bold=False), max(7.0, h * _BADGE_TEXT))
        canvas.drawString(text, w - font.measureText(text) - h * 0.04, h * 0.035 + font.getSize() * 1.1, font,
                          skia.Paint(AntiAlias=True, Color=color))

    def bgra_at(self, t: float) -> np.ndarray:
        frame_index = math.floor(t * _FPS + 1e-6) if math.isfinite(t) else 0
        if self._cached is None or self._cached[0] != frame_index:
            self._cached = (frame_index, frozen(self._draw_frame(frame_index / _FPS)))
        return self._cached[1]

    def _draw_frame(self, t: float) -> np.ndarray:
        w, h = self._draw_size
        bgra = np.empty((h, w, 4), np.uint8)
        canvas = skia.Surface(bgra, skia.kBGRA_8888_ColorType, skia.kPremul_AlphaType).getCanvas()
        canvas.drawImage(self._static, 0, 0)
        self._paint_motion(canvas, w, h, t)
        return bgra


class SyntheticSource(_GeneratedSource):
    """A camera stand-in: hue from the index, a grid, a disc circling the centre."""

    def _paint_static(self, canvas: skia.Canvas, w: int, h: int) -> None:
        paint = skia.Paint(
            Shader=skia.GradientShader.MakeLinear(
                [skia.Point(0, 0), skia.Point(0, h)],
                [_color(self._hue, 0.55, 0.6), _color(self._hue, 0.75, 0.22)],
            )
        )
        canvas.drawPaint(paint)
        grid = skia.Paint(Color=skia.ColorSetARGB(36, 255, 255, 255), StrokeWidth=1)
        step = max(8, h // 9)
        for x in range(step, w, step):
            canvas.drawLine(x + 0.5, 0, x + 0.5, h, grid)
        for y in range(step, h, step):
            canvas.drawLine(0, y + 0.5, w, y + 0.5, grid)

    def _paint_motion(self, canvas: skia.Canvas, w: int, h: int, t: float) -> None:
        orbit = h * 0.22
        for trail in reversed(range(4)):  # oldest first, so the disc itself is on top
            angle = 2 * math.pi * (t / 4.0 + self.index / 7.0) - trail * 0.18
            paint = skia.Paint(AntiAlias=True, Color=_color(self._hue + 0.5, 0.45, 1.0, 255 >> trail))
            canvas.drawCircle(w / 2 + orbit * 1.6 * math.cos(angle), h * 0.48 + orbit * math.sin(angle),
                              h * (0.075 - 0.012 * trail), paint)
        self._paint_timecode(canvas, w, h, t, skia.ColorWHITE)


class SyntheticScreenSource(_GeneratedSource):
    """A shared-screen stand-in: a window title bar over a light slide of placeholder text bars
    and a bar chart in the participant's hue, and a pointer moving over it."""

    def _slide(self, w: int, h: int) -> skia.Rect:
        bar = self._bar_height(h)
        margin = h * 0.05
        return skia.Rect.MakeLTRB(margin, bar + margin, w - margin, h - margin)

    @staticmethod
    def _bar_height(h: int) -> float:
        return h * (_BADGE_TEXT * 1.5 + 0.07)

    def _paint_static(self, canvas: skia.Canvas, w: int, h: int) -> None:
        canvas.drawPaint(skia.Paint(Color=skia.ColorSetRGB(0x3a, 0x3d, 0x44)))  # the desktop
        canvas.drawRect(skia.Rect.MakeWH(w, self._bar_height(h)), skia.Paint(Color=skia.ColorSetRGB(0x22, 0x24, 0x29)))
        slide = self._slide(w, h)
        canvas.drawRect(slide, skia.Paint(Color=skia.ColorSetRGB(0xfa, 0xfa, 0xf7)))
        sw, sh = slide.width(), slide.height()
        x0, y0 = slide.left() + sw * 0.07, slide.top() + sh * 0.1
        accent = skia.Paint(AntiAlias=True, Color=_color(self._hue, 0.7, 0.75))
        grey = skia.Paint(AntiAlias=True, Color=skia.ColorSetRGB(0xc4, 0xc6, 0xcc))
        radius = sh * 0.02
        canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(x0, y0, sw * 0.5, sh * 0.09), radius, radius),
                         accent)  # the title
        for row, length in enumerate((0.38, 0.31, 0.35, 0.22)):  # bullet points
            y = y0 + sh * (0.26 + row * 0.14)
            canvas.drawCircle(x0 + sh * 0.025, y + sh * 0.025, sh * 0.018, accent)
            canvas.drawRRect(skia.RRect.MakeRectXY(skia.Rect.MakeXYWH(x0 + sh * 0.07, y, sw * length, sh * 0.05),
                                                   radius, radius), grey)
        base = slide.top() + sh * 0.85
        for column, value in enumerate((0.35, 0.55, 0.45, 0.7)):  # a bar chart
            x = slide.left() + sw * (0.62 + column * 0.085)
            top = base - sh * 0.6 * value
            shade = _color(self._hue, 0.35 + 0.15 * column, 0.9 - 0.1 * column)
            canvas.drawRect(skia.Rect.MakeLTRB(x, top, x + sw * 0.06, base), skia.Paint(AntiAlias=True, Color=shade))
        axis = skia.Paint(AntiAlias=True, Color=skia.ColorSetRGB(0x88, 0x8a, 0x90), StrokeWidth=max(1.0, h / 360))
        canvas.drawLine(slide.left() + sw * 0.6, base, slide.right() - sw * 0.05, base, axis)

    def _paint_motion(self, canvas: skia.Canvas, w: int, h: int, t: float) -> None:
        slide = self._slide(w, h)
        phase = 2 * math.pi * (t / 6.0 + self.index / 7.0)
        x = slide.centerX() + slide.width() * 0.3 * math.sin(phase)
        y = slide.centerY() + slide.height() * 0.25 * math.sin(2 * phase)
        s = h * 0.045
        arrow = skia.Path()
        arrow.moveTo(x, y)
        arrow.lineTo(x, y + s)
        arrow.lineTo(x + s * 0.28, y + s * 0.75)
        arrow.lineTo(x + s * 0.5, y + s * 1.1)
        arrow.lineTo(x + s * 0.62, y + s * 1.03)
        arrow.lineTo(x + s * 0.42, y + s * 0.7)
        arrow.lineTo(x + s * 0.75, y + s * 0.7)
        arrow.close()
        canvas.drawPath(arrow, skia.Paint(AntiAlias=True, Color=skia.ColorWHITE))
        canvas.drawPath(arrow, skia.Paint(AntiAlias=True, Color=skia.ColorBLACK, Style=skia.Paint.kStroke_Style,
                                          StrokeWidth=max(1.0, h / 400)))
        self._paint_timecode(canvas, w, h, t, skia.ColorSetRGB(0xb0, 0xb3, 0xba))


class BlankSource(BgraSource):
    """An input with no picture (a camera that delivers no frames): black, at any size."""

    def __init__(self, size: tuple[int, int] = (640, 360)) -> None:
        self._size = size
        self._shown = self._black(size)

    @staticmethod
    def _black(size: tuple[int, int]) -> np.ndarray:
        bgra = np.zeros((size[1], size[0], 4), np.uint8)
        bgra[..., 3] = 255
        return frozen(bgra)

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    def prefer_size(self, size: tuple[int, int]) -> None:
        size = scaled_size(self._size, size)
        if size != (self._shown.shape[1], self._shown.shape[0]):
            self._shown = self._black(size)

    def bgra_at(self, t: float) -> np.ndarray:
        return self._shown
