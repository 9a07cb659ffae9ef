"""Draw VCS Studio's own default image assets (run: ``python vcs_engine/assets/make_assets.py``).

Compositions written for Daily refer to default assets by name (``test_square_320px.png``,
``user_white_64.png``, ``party-popper_1f389.png``). We ship our own drawings under those names
so such compositions render out of the box without redistributing Daily's images. The script is
deterministic: re-running it reproduces the committed files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import skia

HERE = Path(__file__).resolve().parent


def _paint(argb: int, *, stroke: float = 0.0) -> skia.Paint:
    paint = skia.Paint(Color=argb, AntiAlias=True)
    if stroke:
        paint.setStyle(skia.Paint.kStroke_Style)
        paint.setStrokeWidth(stroke)
    return paint


def draw_test_square(canvas: skia.Canvas, size: int) -> None:
    """A test card: four coloured quadrants, a white border, a centre circle and crosshair."""
    half = size / 2
    quadrants = [(0, 0, 0xFFE0433B), (half, 0, 0xFF3BB273), (0, half, 0xFF3B7DE0),
                 (half, half, 0xFFF2C12E)]
    for x, y, color in quadrants:
        canvas.drawRect(skia.Rect.MakeXYWH(x, y, half, half), _paint(color))
    border = size / 32
    canvas.drawRect(skia.Rect.MakeXYWH(border / 2, border / 2, size - border, size - border),
                    _paint(0xFFFFFFFF, stroke=border))
    canvas.drawCircle(half, half, size * 0.22, _paint(0xFFFFFFFF, stroke=size / 40))
    canvas.drawCircle(half, half, size * 0.04, _paint(0xFF1A1A1A))
    mark = size * 0.3
    line = _paint(0xFF1A1A1A, stroke=size / 80)
    canvas.drawLine(half - mark, half, half + mark, half, line)
    canvas.drawLine(half, half - mark, half, half + mark, line)
    for i in range(1, 8):  # tick marks along the top edge show scaling and cropping
        x = size * i / 8
        canvas.drawLine(x, border, x, border + size / 20, line)


def draw_user(canvas: skia.Canvas, size: int) -> None:
    """A white person glyph (head and shoulders) on transparent, for participant placeholders."""
    white = _paint(0xFFFFFFFF)
    canvas.drawCircle(size * 0.5, size * 0.34, size * 0.19, white)
    body = skia.Path()
    body.moveTo(size * 0.14, size * 0.92)
    body.cubicTo(size * 0.14, size * 0.62, size * 0.30, size * 0.57, size * 0.5, size * 0.57)
    body.cubicTo(size * 0.70, size * 0.57, size * 0.86, size * 0.62, size * 0.86, size * 0.92)
    body.close()
    canvas.drawPath(body, white)


def draw_party_popper(canvas: skia.Canvas, size: int) -> None:
    """A party popper: a striped cone pointing down-left with confetti and streamers."""
    s = size / 240
    cone = skia.Path()
    cone.moveTo(30 * s, 210 * s)
    cone.lineTo(95 * s, 80 * s)
    cone.lineTo(160 * s, 145 * s)
    cone.close()
    canvas.drawPath(cone, _paint(0xFFF5A623))
    canvas.save()
    canvas.clipPath(cone, skia.ClipOp.kIntersect, True)
    for i in range(4):
        offset = (70 + 32 * i) * s
        canvas.drawLine(offset - 60 * s, 220 * s, offset + 60 * s, 100 * s,
                        _paint(0xFFD0021B, stroke=10 * s))
    canvas.restore()
    canvas.drawPath(cone, _paint(0xFF8B572A, stroke=4 * s))
    colors = [0xFF4A90E2, 0xFF7ED321, 0xFFBD10E0, 0xFFD0021B, 0xFF50E3C2, 0xFFF8E71C]
    for i in range(14):
        angle = -math.pi / 2 + i * 0.37
        radius = (70 + 23 * (i % 3)) * s
        x, y = 135 * s + radius * math.cos(angle) * 0.9, 100 * s + radius * math.sin(angle) * 0.7
        canvas.save()
        canvas.translate(x, y)
        canvas.rotate(i * 29)
        canvas.drawRect(skia.Rect.MakeXYWH(-6 * s, -3 * s, 12 * s, 6 * s),
                        _paint(colors[i % len(colors)]))
        canvas.restore()
    for i, color in enumerate(colors[:3]):
        streamer = skia.Path()
        streamer.moveTo(128 * s, 112 * s)
        streamer.cubicTo((150 + 20 * i) * s, (40 - 10 * i) * s, (190 + 10 * i) * s,
                         (110 - 25 * i) * s, (225 - 10 * i) * s, (30 + 30 * i) * s)
        canvas.drawPath(streamer, _paint(color, stroke=6 * s))


ASSETS: dict[str, tuple[int, Callable[[skia.Canvas, int], None]]] = {
    "test_square_320px.png": (320, draw_test_square),
    "user_white_64.png": (64, draw_user),
    "party-popper_1f389.png": (240, draw_party_popper),
}


def make_assets(folder: Path = HERE) -> list[Path]:
    """Draw every asset into ``folder``; returns the written paths.

    These are ordinary (un-premultiplied) PNG images like any user image, so Skia's encoder is
    right here; premultiplied raw PNGs are only for rendered *frames* (render/png.py).
    """
    written = []
    for name, (size, draw) in ASSETS.items():
        surface = skia.Surface(size, size)
        surface.getCanvas().clear(skia.ColorTRANSPARENT)
        draw(surface.getCanvas(), size)
        path = folder / name
        path.write_bytes(bytes(surface.makeImageSnapshot().encodeToData()))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in make_assets():
        print(written_path)
