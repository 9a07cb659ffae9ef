"""The canvex command interpreter on a Skia canvas (layout-and-output.md §5).

One :class:`CanvexInterpreter` runs the validated commands of one display list. Paints are
made fresh for each draw exactly as Daily's canvex makes them (anti-aliased fills/strokes/text,
images without anti-aliasing but with bilinear sampling), because any other Skia setting moves
pixels away from Daily's reference frames.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import skia

from .canvex import AssetRef, Command
from .colors import TRANSPARENT, Rgba, float32, paint_argb, parse_color
from .fonts import DEFAULT_WEIGHT, FontLibrary, font_weight
from .images import AssetResolver

_JOINS = {"round": skia.Paint.kRound_Join, "bevel": skia.Paint.kBevel_Join}
_BILINEAR = skia.SamplingOptions(skia.FilterMode.kLinear)
_PLACEHOLDER_ARGB = 0xC0FF00FF


@dataclass
class StyleState:
    """The style part of canvex's state, pushed and popped with ``save``/``restore``.

    Defaults are canvex's (§4.3): transparent black paints, 1 px miter lines, alpha 1, and a
    12 px upright Roboto (empty family) at weight 400.
    """

    fill: Rgba = TRANSPARENT
    stroke: Rgba = TRANSPARENT
    line_width: float = 1.0
    line_join: skia.Paint.Join = skia.Paint.kMiter_Join
    global_alpha: float = 1.0
    font_px: float = 12.0
    font_weight: int = DEFAULT_WEIGHT
    font_family: str = ""
    font_italic: bool = False


def _safe_text(text: str) -> str:
    """Replace lone surrogates (legal in JSON escapes, not in UTF-8) so Skia can take the text."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class CanvexInterpreter:
    """Executes canvex commands on one canvas; holds the style stack and the current path.

    The current path is deliberately *not* part of the saved state: canvex keeps it across
    ``save``/``restore`` and ``clip`` changes its fill type in place.
    """

    def __init__(self, canvas: skia.Canvas, assets: AssetResolver, fonts: FontLibrary) -> None:
        self.canvas = canvas
        self.assets = assets
        self.fonts = fonts
        self.style = StyleState()
        self._saved: list[StyleState] = []
        self._path: skia.Path | None = None

    def run(self, commands: tuple[Command, ...] | list[Command]) -> None:
        """Execute validated commands in order."""
        handlers = self._HANDLERS
        for command in commands:
            handlers[command.name](self, *command.args)

    # --- state ---------------------------------------------------------------------------

    def _save(self) -> None:
        self.canvas.save()
        self._saved.append(copy.copy(self.style))

    def _restore(self) -> None:
        if self._saved:  # at the bottom of the stack canvex does nothing at all
            self.canvas.restore()
            self.style = self._saved.pop()

    def _fill_style(self, text: str) -> None:
        color = parse_color(text)
        if color is not None:  # an unreadable colour keeps the previous one
            self.style.fill = color

    def _stroke_style(self, text: str) -> None:
        color = parse_color(text)
        if color is not None:
            self.style.stroke = color

    def _line_width(self, width: float) -> None:
        self.style.line_width = float32(width)

    def _line_join(self, join: str) -> None:
        self.style.line_join = _JOINS.get(join, skia.Paint.kMiter_Join)

    def _global_alpha(self, alpha: float) -> None:
        self.style.global_alpha = float32(alpha)

    def _font(self, weight: str | float, style: str, px: float, family: str) -> None:
        self.style.font_weight = font_weight(weight, self.style.font_weight)
        self.style.font_italic = style == "italic"
        self.style.font_px = px
        self.style.font_family = family

    # --- transforms ------------------------------------------------------------------------

    def _scale(self, sx: float, sy: float) -> None:
        self.canvas.scale(sx, sy)

    def _rotate(self, radians: float) -> None:
        self.canvas.rotate(math.degrees(radians))

    def _translate(self, tx: float, ty: float) -> None:
        self.canvas.translate(tx, ty)

    # --- path ------------------------------------------------------------------------------

    def _current_path(self) -> skia.Path:
        if self._path is None:
            self._path = skia.Path()
        return self._path

    def _begin_path(self) -> None:
        self._path = skia.Path()

    def _close_path(self) -> None:
        """canvex's closePath does not close the contour (a stroked outline stays open)."""

    def _move_to(self, x: float, y: float) -> None:
        self._current_path().moveTo(x, y)

    def _line_to(self, x: float, y: float) -> None:
        self._current_path().lineTo(x, y)

    def _quadratic_curve_to(self, cpx: float, cpy: float, x: float, y: float) -> None:
        self._current_path().quadTo(cpx, cpy, x, y)

    def _arc_to(self, x1: float, y1: float, x2: float, y2: float, radius: float) -> None:
        self._current_path().arcTo(x1, y1, x2, y2, radius)

    def _rect(self, x: float, y: float, w: float, h: float) -> None:
        self._current_path().addRect(skia.Rect.MakeXYWH(x, y, w, h))

    def _round_rect(self, x: float, y: float, w: float, h: float,
                    tl: float, tr: float, br: float, bl: float) -> None:
        rrect = skia.RRect()
        rrect.setRectRadii(skia.Rect.MakeXYWH(x, y, w, h),
                           [skia.Point(r, r) for r in (tl, tr, br, bl)])
        self._current_path().addRRect(rrect)

    def _clip(self, evenodd: bool) -> None:
        if self._path is None:
            return
        fill_type = skia.PathFillType.kEvenOdd if evenodd else skia.PathFillType.kWinding
        self._path.setFillType(fill_type)
        self.canvas.clipPath(self._path, skia.ClipOp.kIntersect, True)

    def _fill(self) -> None:
        if self._path is not None:
            self.canvas.drawPath(self._path, self._fill_paint())

    def _stroke(self) -> None:
        if self._path is not None:
            self.canvas.drawPath(self._path, self._stroke_paint())

    # --- direct draws ------------------------------------------------------------------------

    def _fill_paint(self) -> skia.Paint:
        return skia.Paint(Color=paint_argb(self.style.fill, self.style.global_alpha),
                          AntiAlias=True)

    def _stroke_paint(self) -> skia.Paint:
        paint = skia.Paint(Color=paint_argb(self.style.stroke, self.style.global_alpha),
                           AntiAlias=True, Style=skia.Paint.kStroke_Style,
                           StrokeJoin=self.style.line_join)
        if self.style.line_width >= 0:  # Skia ignores a negative width (→ hairline)
            paint.setStrokeWidth(self.style.line_width)
        return paint

    def _fill_rect(self, x: float, y: float, w: float, h: float) -> None:
        self.canvas.drawRect(skia.Rect.MakeXYWH(x, y, w, h), self._fill_paint())

    def _stroke_rect(self, x: float, y: float, w: float, h: float) -> None:
        self.canvas.drawRect(skia.Rect.MakeXYWH(x, y, w, h), self._stroke_paint())

    def _draw_text(self, typeface: skia.Typeface | None, px: float, text: str,
                   x: float, y: float, paint: skia.Paint) -> None:
        """One glyph per code point by cmap lookup: no shaping, kerning or fallback (§5.2)."""
        if typeface is None or not text:
            return
        blob = skia.TextBlob.MakeFromString(_safe_text(text), skia.Font(typeface, px))
        if blob is not None:
            self.canvas.drawTextBlob(blob, x, y, paint)

    def _text_typeface(self) -> skia.Typeface | None:
        style = self.style
        return self.fonts.typeface(style.font_family, style.font_weight, style.font_italic)

    def _fill_text(self, text: str, x: float, y: float) -> None:
        self._draw_text(self._text_typeface(), self.style.font_px, text, x, y, self._fill_paint())

    def _stroke_text(self, text: str, x: float, y: float) -> None:
        self._draw_text(self._text_typeface(), self.style.font_px, text, x, y,
                        self._stroke_paint())

    def _fill_text_emoji(self, text: str, x: float, y: float, _w: float, h: float) -> None:
        """Colour glyphs take only the fill paint's alpha; the size is ``h`` (``w`` is unused)."""
        self._draw_text(self.fonts.emoji_typeface(), h, text, x, y, self._fill_paint())

    def _draw_image(self, asset: AssetRef, src: tuple[float, ...] | None,
                    dst: tuple[float, ...]) -> None:
        alpha = np.float32(self.style.global_alpha) * np.float32(255.0)
        if alpha <= 0:
            return
        dst_rect = skia.Rect.MakeXYWH(*dst)
        image = self.assets.image(asset)
        if image is None:
            if self.assets.placeholder:
                self._draw_placeholder(dst_rect)
            return
        paint = skia.Paint()  # no anti-aliasing: fractional edges stay hard, as in canvex
        paint.setAlpha(min(int(alpha), 255))
        if src is None:
            self.canvas.drawImageRect(image, dst_rect, _BILINEAR, paint)
        else:
            self.canvas.drawImageRect(image, skia.Rect.MakeXYWH(*src), dst_rect, _BILINEAR, paint,
                                      skia.Canvas.kFast_SrcRectConstraint)

    def _draw_placeholder(self, rect: skia.Rect) -> None:
        """A crossed box marking a missing image (studio authoring aid only)."""
        paint = skia.Paint(Color=_PLACEHOLDER_ARGB, AntiAlias=True, Style=skia.Paint.kStroke_Style,
                           StrokeWidth=2)
        self.canvas.drawRect(rect, paint)
        self.canvas.drawLine(rect.left(), rect.top(), rect.right(), rect.bottom(), paint)
        self.canvas.drawLine(rect.right(), rect.top(), rect.left(), rect.bottom(), paint)

    _HANDLERS: dict[str, Callable[..., None]] = {
        "save": _save, "restore": _restore,
        "fillStyle": _fill_style, "strokeStyle": _stroke_style, "lineWidth": _line_width,
        "lineJoin": _line_join, "globalAlpha": _global_alpha, "font": _font,
        "scale": _scale, "rotate": _rotate, "translate": _translate,
        "beginPath": _begin_path, "closePath": _close_path, "moveTo": _move_to,
        "lineTo": _line_to, "quadraticCurveTo": _quadratic_curve_to, "arcTo": _arc_to,
        "rect": _rect, "roundRect": _round_rect, "clip": _clip, "fill": _fill, "stroke": _stroke,
        "fillRect": _fill_rect, "strokeRect": _stroke_rect, "fillText": _fill_text,
        "strokeText": _stroke_text, "fillText_emoji": _fill_text_emoji, "drawImage": _draw_image,
    }
