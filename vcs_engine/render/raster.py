"""Public entry points: draw a display list on a canvas, or rasterise it to a numpy array."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import skia

from .canvex import DisplayList, parse_display_list
from .fonts import FontLibrary, default_fonts
from .images import AssetResolver
from .skia_canvas import CanvexInterpreter

DisplayListInput = DisplayList | Mapping[str, Any] | str | bytes


def draw_display_list(canvas: skia.Canvas, doc: DisplayListInput, assets: AssetResolver, *,
                      target_size: tuple[int, int] | None = None,
                      fonts: FontLibrary | None = None) -> DisplayList:
    """Draw a display list onto an existing canvas (e.g. the compositor's surface).

    ``target_size`` is the pixel size the list should cover; when it differs from the list's
    own size the drawing is scaled by target/list in each direction, as canvex does for a
    buffer of another size. The canvas's matrix and clip are restored afterwards even if the
    list leaves ``save``s open. Raises ``DisplayListError`` (before drawing anything) for a
    malformed document; returns the parsed list.
    """
    display_list = doc if isinstance(doc, DisplayList) else parse_display_list(doc)
    save_count = canvas.save()
    try:
        if target_size is not None and target_size != (display_list.width, display_list.height):
            canvas.scale(target_size[0] / display_list.width,
                         target_size[1] / display_list.height)
        CanvexInterpreter(canvas, assets, fonts or default_fonts()).run(display_list.commands)
    finally:
        canvas.restoreToCount(save_count)
    return display_list


def render_display_list(doc: DisplayListInput, width: int, height: int, assets: AssetResolver, *,
                        fonts: FontLibrary | None = None) -> np.ndarray:
    """Rasterise a display list into a new ``(height, width, 4)`` uint8 premultiplied RGBA array.

    The Skia surface wraps the array itself (RGBA_8888, premultiplied, no colour space, cleared
    to transparent), which is exactly the buffer Daily's reference frames come from and needs
    no copy afterwards.
    """
    if width <= 0 or height <= 0:
        raise ValueError(f"frame size must be positive, got {width}x{height}")
    pixels = np.zeros((height, width, 4), np.uint8)
    surface = skia.Surface(pixels, colorType=skia.kRGBA_8888_ColorType,
                           alphaType=skia.kPremul_AlphaType)
    draw_display_list(surface.getCanvas(), doc, assets, target_size=(width, height), fonts=fonts)
    surface.flushAndSubmit()
    return pixels
