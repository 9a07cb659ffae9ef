"""The compositor: background display list → video layers → foreground display list.

This is what a viewer of the stream sees (layout-and-output.md §2.2), assembled on one Skia
surface. The surface is BGRA (Skia's native N32 order) because the raster pipeline scales
BGRA images onto a BGRA surface several times faster than any RGBA combination, and the video
sources keep BGRA frames for the same reason; the single swizzle to RGBA happens when the
result is read out.
"""
from __future__ import annotations

import logging
import math
from collections.abc import Collection, Mapping
from typing import Any, Literal, NamedTuple, Protocol

import numpy as np
import skia

from vcs_engine.media import BgraSource, VideoSource

from .canvex import DisplayList, DisplayListError, parse_display_list
from .fonts import FontLibrary
from .images import AssetResolver
from .raster import draw_display_list

LAYERS: frozenset[str] = frozenset({"background", "video", "foreground"})
"""The three switchable layers of the "hamburger"."""

PixelOrder = Literal["rgba", "bgra"]
"""Channel order of composited frames. RGBA is what images and Qt take; BGRA is the surface's
own order, read out with a plain copy, which the video encoder takes at the same cost as RGBA
(it saves the exporting thread a swizzle per frame)."""

MIN_ZOOM, MAX_ZOOM = 1.0, 4.0
"""`zoomFactor` is clamped to this range by the compositor (fill mode only)."""

_SAMPLING = skia.SamplingOptions(skia.FilterMode.kLinear)
_BLACK = skia.Paint(Color=skia.ColorBLACK)


class FrameOutputLike(Protocol):
    """The fields of `vcs_engine.host.FrameOutput` the compositor reads."""

    video_layers: list[dict[str, Any]]
    background: dict[str, Any] | None
    foreground: dict[str, Any] | None


def clamped_zoom(zoom: float) -> float:
    """`zoomFactor` as the compositor applies it: within [MIN_ZOOM, MAX_ZOOM], 1 if not finite."""
    return min(max(zoom, MIN_ZOOM), MAX_ZOOM) if math.isfinite(zoom) else MIN_ZOOM


def lround(value: float) -> int:
    """C `lround`: halves round away from zero (Python's `round` rounds them to even)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def fill_crop(source_size: tuple[int, int], frame_size: tuple[int, int], zoom: float) -> skia.Rect:
    """Source rectangle for `fill`: centre crop to the frame's aspect, shrunk by the zoom."""
    sw, sh = source_size
    w, h = frame_size
    zoom = clamped_zoom(zoom)
    if sw * h > sh * w:
        crop_w, crop_h = sh * w / h, sh
    else:
        crop_w, crop_h = sw, sw * h / w
    crop_w, crop_h = crop_w / zoom, crop_h / zoom
    return skia.Rect.MakeXYWH((sw - crop_w) / 2, (sh - crop_h) / 2, crop_w, crop_h)


def fit_rect(source_size: tuple[int, int], frame: skia.Rect) -> skia.Rect:
    """Destination rectangle for `fit`: the whole source, as large as fits, centred."""
    sw, sh = source_size
    scale = min(frame.width() / sw, frame.height() / sh)
    w, h = sw * scale, sh * scale
    return skia.Rect.MakeXYWH(frame.centerX() - w / 2, frame.centerY() - h / 2, w, h)


def _number(value: Any, default: float) -> float:
    """A finite JSON number, else the default (layers come from user code: be lenient)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return default


def _source_pixels(source: VideoSource, t: float) -> np.ndarray:
    """The frame as a contiguous BGRA array: free for BGRA sources, one conversion otherwise."""
    if isinstance(source, BgraSource):
        return np.ascontiguousarray(source.bgra_at(t))  # Skia wraps it: no strided views
    rgb = source.frame_at(t)
    bgra = np.empty((*rgb.shape[:2], 4), np.uint8)
    bgra[..., :3] = rgb[..., ::-1]
    bgra[..., 3] = 255
    return bgra


class Placement(NamedTuple):
    """Where and how a video layer shows its source, read leniently from the layer's JSON."""

    box: skia.Rect  # composition pixels, rounded as the recording server rounds them
    fit: bool
    zoom: float  # fill mode only
    radius: float
    opacity: float

    @classmethod
    def of(cls, layer: Mapping[str, Any]) -> Placement | None:
        """None when the layer shows nothing (empty frame, zero opacity)."""
        frame = layer.get("frame") or {}
        x, y, w, h = (lround(_number(frame.get(key), 0.0)) for key in "xywh")
        attrs = layer.get("attrs") or {}
        opacity = min(_number(attrs.get("opacity"), 1.0), 1.0)
        if w <= 0 or h <= 0 or opacity <= 0:
            return None
        return cls(skia.Rect.MakeXYWH(x, y, w, h), attrs.get("scaleMode") == "fit",
                   _number(attrs.get("zoomFactor"), 1.0), _number(attrs.get("cornerRadiusPx"), 0.0),
                   opacity)

    def shown_size(self, source_size: tuple[int, int], scale: tuple[float, float]) -> tuple[int, int]:
        """The size in device pixels at which the whole source frame is drawn.

        Rounded so that the frame's margin (fit) or cropped overhang (fill) is an even number
        of pixels: a frame delivered at this size then lands on whole pixels and Skia copies
        it 1:1 instead of resampling.
        """
        sw, sh = source_size
        box_w, box_h = self.box.width() * scale[0], self.box.height() * scale[1]
        if self.fit:
            factor = min(box_w / sw, box_h / sh)
        else:
            factor = max(box_w / sw, box_h / sh) * clamped_zoom(self.zoom)
        return _even_margin(sw * factor, box_w, self.fit), _even_margin(sh * factor, box_h, self.fit)


def _even_margin(length: float, box: float, inside: bool) -> int:
    """`length` rounded to whole pixels, differing from the box by an even number of them.

    `inside` (fit mode) keeps the result within the box. A box that is not whole pixels (a
    scaled preview) cannot be hit exactly anyway: plain rounding then.
    """
    n = max(1, round(length))
    if not box.is_integer():
        return n
    whole = int(box)
    if inside:
        n = min(n, whole)
    if (n - whole) % 2:  # one pixel towards the exact length, never out of the box when inside
        n += 1 if length > n and not (inside and n + 1 > whole) else -1
    return max(1, n)


def draw_video_layer(canvas: skia.Canvas, placement: Placement, source: VideoSource,
                     t: float) -> None:
    """Draw one video layer's source as the recording server does."""
    pixels = _source_pixels(source, t)  # kept referenced while Skia reads it (no copy)
    image = skia.Image.fromarray(pixels, skia.kBGRA_8888_ColorType, skia.kOpaque_AlphaType,
                                 copy=False)
    box = placement.box
    restore_to = canvas.save()
    if placement.radius > 0:
        canvas.clipRRect(skia.RRect.MakeRectXY(box, placement.radius, placement.radius),
                         skia.ClipOp.kIntersect, True)
    else:
        canvas.clipRect(box)
    if placement.opacity < 1:
        canvas.saveLayerAlpha(box, math.floor(placement.opacity * 255 + 0.5))
    size = (image.width(), image.height())
    if placement.fit:
        canvas.drawRect(box, _BLACK)
        canvas.drawImageRect(image, fit_rect(size, box), _SAMPLING)
    else:
        crop = fill_crop(size, (box.width(), box.height()), placement.zoom)
        canvas.drawImageRect(image, crop, box, _SAMPLING, None, skia.Canvas.kStrict_SrcRectConstraint)
    canvas.restoreToCount(restore_to)


def _prefer_sizes(placed: list[tuple[Placement, VideoSource]], scale: tuple[float, float]) -> None:
    """Tell each source the size it is shown at (the largest, if it is shown twice)."""
    wanted: dict[int, tuple[BgraSource, tuple[int, int]]] = {}
    for placement, source in placed:
        if isinstance(source, BgraSource):
            size = placement.shown_size(source.size, scale)
            previous = wanted.get(id(source))
            if previous is None or size[0] * size[1] > previous[1][0] * previous[1][1]:
                wanted[id(source)] = (source, size)
    for source, size in wanted.values():
        source.prefer_size(size)


class Compositor:
    """Composites frame outputs at a fixed output size; reuse one per preview or export."""

    def __init__(self, width: int, height: int, assets: AssetResolver | None = None,
                 fonts: FontLibrary | None = None) -> None:
        """`assets` finds the images of the display lists (default: the built-in assets only);
        `fonts` the typefaces (default: Daily's behaviour, see FontLibrary)."""
        self.width, self.height = width, height
        self._assets = assets or AssetResolver()
        self._fonts = fonts
        self._pixels = np.zeros((height, width, 4), np.uint8)
        self._surface = skia.Surface(self._pixels, skia.kBGRA_8888_ColorType,
                                     skia.kPremul_AlphaType)
        self._rgba_info = skia.ImageInfo.Make(width, height, skia.kRGBA_8888_ColorType,
                                              skia.kPremul_AlphaType)
        self._parsed: dict[str, tuple[dict[str, Any], DisplayList | None]] = {}

    def composite(self, frame_output: FrameOutputLike, sources: Mapping[Any, VideoSource],
                  t: float, layers: Collection[str] = LAYERS,
                  background_color: tuple[int, int, int] | None = (0, 0, 0),
                  alpha: bool = True, order: PixelOrder = "rgba") -> np.ndarray:
        """A new (h, w, 4) premultiplied array in `order` (or an (h, w, 3) view without alpha).

        `t` is the time in seconds the sources are sampled at. `background_color` None leaves
        the canvas transparent (to inspect the graphics alone). Video layers whose id has no
        source are skipped. When the output size differs from the composition's (the display
        lists' size), everything is scaled to fit it.
        """
        canvas = self._surface.getCanvas()
        canvas.clear(skia.ColorTRANSPARENT if background_color is None
                     else skia.ColorSetRGB(*background_color))
        if "background" in layers:
            self._draw_list(canvas, "background", frame_output.background)
        if "video" in layers:
            restore_to = canvas.save()
            self._scale_to_output(canvas, frame_output)
            placed = [(placement, source) for layer in frame_output.video_layers
                      if (source := sources.get(layer.get("id"))) is not None
                      and (placement := Placement.of(layer)) is not None]
            matrix = canvas.getTotalMatrix()
            _prefer_sizes(placed, (matrix.getScaleX(), matrix.getScaleY()))
            for placement, source in placed:
                draw_video_layer(canvas, placement, source, t)
            canvas.restoreToCount(restore_to)
        if "foreground" in layers:
            self._draw_list(canvas, "foreground", frame_output.foreground)
        if order == "bgra":
            pixels = self._pixels.copy()
        else:
            pixels = np.empty((self.height, self.width, 4), np.uint8)
            self._surface.readPixels(self._rgba_info, pixels, self.width * 4, 0, 0)
        return pixels if alpha else pixels[..., :3]

    def _scale_to_output(self, canvas: skia.Canvas, frame_output: FrameOutputLike) -> None:
        """Video layers are in composition pixels (the display lists' size); when the output is
        another size (a smaller preview), scale them like the display lists are scaled."""
        for doc in (frame_output.background, frame_output.foreground):
            width, height = (_number((doc or {}).get(key), 0.0) for key in ("width", "height"))
            if width > 0 and height > 0:
                canvas.scale(self.width / width, self.height / height)
                return

    def _draw_list(self, canvas: skia.Canvas, layer: str, doc: dict[str, Any] | None) -> None:
        """Draw a display list, re-parsing only when its content changed since the last frame.

        Most frames repeat the previous lists; comparing the documents (done in C) is much
        cheaper than parsing and validating every command again.
        """
        if not doc or not doc.get("commands"):
            return
        cached = self._parsed.get(layer)
        if cached is None or (cached[0] is not doc and cached[0] != doc):
            cached = self._parsed[layer] = (doc, _parse_or_warn(doc, layer))
        if cached[1] is None:
            return
        draw_display_list(canvas, cached[1], self._assets, target_size=(self.width, self.height),
                          fonts=self._fonts)


_log = logging.getLogger(__name__)
_reported: set[str] = set()


def _parse_or_warn(doc: dict[str, Any], layer: str) -> DisplayList | None:
    """The parsed list, or None (drawn as nothing, one warning per distinct fault) when the
    composition's values made it invalid, e.g. a layout frame of NaN emitted as null: Daily's
    renderer refuses such a list whole, and the preview and exports must keep running."""
    try:
        return parse_display_list(doc)
    except DisplayListError as error:
        if str(error) not in _reported:
            _reported.add(str(error))
            _log.warning("the %s display list is not drawn: %s", layer, error)
        return None
