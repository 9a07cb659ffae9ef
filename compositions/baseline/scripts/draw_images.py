"""Draws the baseline composition's images (our own simple artwork) into ../images/.

Run from anywhere:  python compositions/baseline/scripts/draw_images.py
Each PNG gets the `<name>.png.json` sidecar with its pixel size that VCS image tables read.
Requires skia-python, numpy and Pillow.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import skia
from PIL import Image

IMAGES_DIR = Path(__file__).resolve().parent.parent / "images"
WHITE = skia.ColorWHITE


def paint(color: int, *, stroke: float = 0.0) -> skia.Paint:
    p = skia.Paint(AntiAlias=True, Color=color)
    if stroke:
        p.setStyle(skia.Paint.kStroke_Style)
        p.setStrokeWidth(stroke)
        p.setStrokeCap(skia.Paint.kRound_Cap)
    return p


def save(name: str, w: int, h: int, draw) -> None:
    surface = skia.Surface(w, h)
    canvas = surface.getCanvas()
    canvas.clear(skia.ColorTRANSPARENT)
    # Draw in a 0..1 unit square (scaled to the image) so the shapes read as proportions.
    canvas.scale(w, h)
    draw(canvas)
    rgba = surface.makeImageSnapshot().toarray(
        colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType
    )
    Image.fromarray(np.ascontiguousarray(rgba), "RGBA").save(IMAGES_DIR / name, optimize=True)
    (IMAGES_DIR / f"{name}.json").write_text(json.dumps({"width": w, "height": h}, indent=2) + "\n")


def person(c: skia.Canvas) -> None:
    """Head and shoulders."""
    c.drawCircle(0.5, 0.33, 0.17, paint(WHITE))
    shoulders = skia.Path()
    shoulders.addRRect(skia.RRect.MakeRectXY(skia.Rect(0.17, 0.58, 0.83, 1.05), 0.3, 0.28))
    c.save()
    c.clipRect(skia.Rect(0, 0, 1, 0.9))
    c.drawPath(shoulders, paint(WHITE))
    c.restore()


def microphone(c: skia.Canvas, muted: bool) -> None:
    """Capsule, holder arc and stand; the muted variant adds a slash."""
    c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(0.37, 0.1, 0.63, 0.58), 0.13, 0.13), paint(WHITE))
    holder = skia.Path()
    holder.addArc(skia.Rect(0.25, 0.3, 0.75, 0.72), 0, 180)
    c.drawPath(holder, paint(WHITE, stroke=0.07))
    c.drawLine(0.5, 0.72, 0.5, 0.86, paint(WHITE, stroke=0.07))
    c.drawLine(0.36, 0.88, 0.64, 0.88, paint(WHITE, stroke=0.07))
    if muted:
        # A transparent gap around the slash keeps it readable across the white capsule.
        gap = paint(skia.ColorTRANSPARENT, stroke=0.16)
        gap.setBlendMode(skia.BlendMode.kClear)
        c.drawLine(0.2, 0.14, 0.8, 0.9, gap)
        c.drawLine(0.2, 0.14, 0.8, 0.9, paint(WHITE, stroke=0.07))


def overlay(c: skia.Canvas) -> None:
    """A translucent card with a few colour bars: a stand-in overlay graphic."""
    c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(0.02, 0.04, 0.98, 0.96), 0.04, 0.07),
                paint(skia.Color(20, 24, 60, 200)))
    colors = [skia.Color(255, 196, 0), skia.Color(0, 180, 220), skia.Color(240, 80, 120)]
    for i, color in enumerate(colors):
        top = 0.2 + i * 0.22
        c.drawRRect(skia.RRect.MakeRectXY(skia.Rect(0.1, top, 0.9 - i * 0.18, top + 0.12), 0.03, 0.05),
                    paint(color))


def party_popper(c: skia.Canvas) -> None:
    """A cone bursting confetti towards the top right."""
    cone = skia.Path()
    cone.moveTo(0.12, 0.9)
    cone.lineTo(0.3, 0.42)
    cone.lineTo(0.6, 0.72)
    cone.close()
    c.drawPath(cone, paint(skia.Color(240, 170, 40)))
    c.drawLine(0.3, 0.42, 0.6, 0.72, paint(skia.Color(200, 110, 20), stroke=0.05))
    confetti = [
        (0.55, 0.22, skia.Color(230, 60, 90)), (0.75, 0.3, skia.Color(60, 170, 230)),
        (0.82, 0.52, skia.Color(120, 200, 80)), (0.45, 0.12, skia.Color(160, 90, 220)),
        (0.68, 0.1, skia.Color(250, 210, 40)), (0.88, 0.18, skia.Color(230, 60, 90)),
    ]
    for x, y, color in confetti:
        c.drawCircle(x, y, 0.04, paint(color))
    for i, color in enumerate([skia.Color(60, 170, 230), skia.Color(230, 60, 90)]):
        streamer = skia.Path()
        streamer.moveTo(0.42 + 0.08 * i, 0.45)
        for k in range(1, 5):
            streamer.lineTo(0.42 + 0.08 * i + 0.09 * k, 0.45 - 0.07 * k + 0.03 * math.sin(k * 2))
        c.drawPath(streamer, paint(color, stroke=0.03))


def main() -> None:
    IMAGES_DIR.mkdir(exist_ok=True)
    save("user_white_64.png", 64, 64, person)
    save("mic_active_white_32.png", 32, 32, lambda c: microphone(c, muted=False))
    save("mic_muted_white_32.png", 32, 32, lambda c: microphone(c, muted=True))
    save("overlay.png", 640, 360, overlay)
    save("party-popper_1f389.png", 240, 240, party_popper)


if __name__ == "__main__":
    main()
