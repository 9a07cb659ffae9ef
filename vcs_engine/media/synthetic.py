"""`SyntheticSource`: generated stand-in footage, one look per participant.

Used whenever no footage is given, so a composition's video layers are always visibly filled and
each input is recognisable at a glance: its own hue, its name, and a running timecode that shows
whether the preview is live. The static part (gradient, grid, labels) is drawn once per size; a
frame only adds the moving disc and the timecode on top of it. Everything is drawn at the size
the compositor shows it (`prefer_size`), so the footage stays sharp and costs no resampling.
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


class SyntheticSource(BgraSource):
    """Generated footage for participant `index`: hue from the index, `name` written on it."""

    def __init__(self, index: int, name: str = "", size: tuple[int, int] = (640, 360)) -> None:
        self.index = index
        self.name = name or f"Participant {index + 1}"
        self._size = size
        self._hue = 0.58 + index * _GOLDEN
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
        self._draw_text(canvas, self.name, _typeface(bold=True), h * 0.12, w / 2, h * 0.86)
        self._draw_text(canvas, f"input {self.index}", _typeface(bold=False), h * 0.06, w / 2, h * 0.12)
        return surface.makeImageSnapshot()

    @staticmethod
    def _draw_text(canvas: skia.Canvas, text: str, typeface: skia.Typeface | None,
                   size: float, cx: float, baseline: float) -> None:
        """White centred text with a soft dark offset so it reads on any hue."""
        font = skia.Font(typeface, size)
        x = cx - font.measureText(text) / 2
        canvas.drawString(text, x + size * 0.05, baseline + size * 0.05, font,
                          skia.Paint(AntiAlias=True, Color=skia.ColorSetARGB(140, 0, 0, 0)))
        canvas.drawString(text, x, baseline, font, skia.Paint(AntiAlias=True, Color=skia.ColorWHITE))

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
        orbit = h * 0.22
        for trail in reversed(range(4)):  # oldest first, so the disc itself is on top
            angle = 2 * math.pi * (t / 4.0 + self.index / 7.0) - trail * 0.18
            paint = skia.Paint(AntiAlias=True, Color=_color(self._hue + 0.5, 0.45, 1.0, 255 >> trail))
            canvas.drawCircle(w / 2 + orbit * 1.6 * math.cos(angle), h * 0.48 + orbit * math.sin(angle),
                              h * (0.075 - 0.012 * trail), paint)
        text = timecode(t)
        font = skia.Font(_typeface(bold=False), h * 0.07)
        canvas.drawString(text, w - font.measureText(text) - h * 0.04, h * 0.1, font,
                          skia.Paint(AntiAlias=True, Color=skia.ColorWHITE))
        return bgra
