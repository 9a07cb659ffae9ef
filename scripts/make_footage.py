"""Generate the sample webcam-like clips in assets/footage/ (our own drawings, no camera data).

Each clip is a cartoon participant in front of a distinct background, 640x360, 30 fps, 6 s,
H.264. Every motion is periodic over the clip length, so the clips loop seamlessly in the
preview. Run: python scripts/make_footage.py [output folder]
"""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import skia

from vcs_engine.export import export_mp4

WIDTH, HEIGHT, FPS, SECONDS = 640, 360, 30, 6
OUT_DIR = Path(__file__).resolve().parents[1] / "assets" / "footage"


def wave(t: float, cycles: int, phase: float = 0.0) -> float:
    """sin with a whole number of cycles per clip: the value at the end equals the start."""
    return math.sin(2 * math.pi * (cycles * t / SECONDS + phase))


def blink(t: float, times: tuple[float, ...]) -> float:
    """Eye closure 0..1: short triangular blinks at the given times."""
    return max((max(0.0, 1 - abs(t - at) / 0.09) for at in times), default=0.0)


@dataclass(frozen=True)
class Person:
    skin: int
    hair: int
    shirt: int
    glasses: bool = False


@dataclass(frozen=True)
class Pose:
    cx: float
    cy: float
    scale: float
    look: float   # -1..1: where the eyes point horizontally
    closed: float  # 0 open .. 1 closed eyes
    mouth: float  # 0 closed .. 1 wide open


def paint(color: int, stroke: float = 0.0) -> skia.Paint:
    result = skia.Paint(AntiAlias=True, Color=color)
    if stroke:
        result.setStyle(skia.Paint.kStroke_Style)
        result.setStrokeWidth(stroke)
    return result


def draw_person(canvas: skia.Canvas, person: Person, pose: Pose) -> None:
    """Shoulders, head, hair, eyes, mouth: enough of a face to judge framing and crops."""
    s, cx, cy = pose.scale, pose.cx, pose.cy
    canvas.drawRRect(skia.RRect.MakeRectXY(
        skia.Rect.MakeLTRB(cx - 150 * s, cy + 95 * s, cx + 150 * s, cy + 400 * s), 90 * s, 90 * s),
        paint(person.shirt))
    canvas.drawRect(skia.Rect.MakeLTRB(cx - 28 * s, cy + 50 * s, cx + 28 * s, cy + 110 * s),
                    paint(person.skin))
    canvas.drawCircle(cx, cy - 48 * s, 92 * s, paint(person.hair))
    canvas.drawOval(skia.Rect.MakeLTRB(cx - 78 * s, cy - 100 * s, cx + 78 * s, cy + 95 * s),
                    paint(person.skin))
    for side in (-1, 1):
        ex, ey = cx + side * 32 * s, cy - 15 * s
        opening = max(0.08, 1 - pose.closed) * 11 * s
        canvas.drawOval(skia.Rect.MakeLTRB(ex - 15 * s, ey - opening, ex + 15 * s, ey + opening),
                        paint(skia.ColorWHITE))
        if pose.closed < 0.7:
            canvas.drawCircle(ex + pose.look * 6 * s, ey, 7 * s, paint(0xFF2B1D14))
        if person.glasses:
            canvas.drawCircle(ex, ey, 22 * s, paint(0xFF202020, 4 * s))
    mouth_h = (4 + 20 * pose.mouth) * s
    canvas.drawOval(skia.Rect.MakeLTRB(cx - 26 * s, cy + 42 * s - mouth_h / 2,
                                       cx + 26 * s, cy + 42 * s + mouth_h / 2), paint(0xFF7A1E2A))


Background = Callable[[skia.Canvas, float], None]


def gradient_room(top: int, bottom: int) -> Background:
    def draw(canvas: skia.Canvas, t: float) -> None:
        canvas.drawPaint(skia.Paint(Shader=skia.GradientShader.MakeLinear(
            [skia.Point(0, 0), skia.Point(0, HEIGHT)], [top, bottom])))
        canvas.drawRect(skia.Rect.MakeXYWH(430, 40, 150, 110), paint(0x40FFFFFF))  # a window
    return draw


def scrolling_stripes(base: int, stripe: int) -> Background:
    def draw(canvas: skia.Canvas, t: float) -> None:
        canvas.drawColor(base)
        shift = (t / SECONDS) * 80  # one stripe period per loop
        for x in range(-HEIGHT - 80, WIDTH + 80, 80):
            path = skia.Path()
            path.addPoly([skia.Point(x + shift, 0), skia.Point(x + shift + 40, 0),
                          skia.Point(x + shift + 40 + HEIGHT, HEIGHT),
                          skia.Point(x + shift + HEIGHT, HEIGHT)], True)
            canvas.drawPath(path, paint(stripe))
    return draw


def bokeh(base: int, light: int) -> Background:
    rng = np.random.default_rng(7)
    spots = rng.uniform((0, 0, 12, 0), (WIDTH, HEIGHT, 40, 1), (18, 4))

    def draw(canvas: skia.Canvas, t: float) -> None:
        canvas.drawColor(base)
        for x, y, r, phase in spots:
            canvas.drawCircle(x + 25 * wave(t, 1, phase), y + 15 * wave(t, 2, phase), r,
                              paint(light))
    return draw


def checker_pan(a: int, b: int) -> Background:
    def draw(canvas: skia.Canvas, t: float) -> None:
        canvas.drawColor(a)
        offset = 60 * t / SECONDS  # two squares' width per loop: the pattern repeats
        for row in range(HEIGHT // 30 + 1):
            for col in range(-2, WIDTH // 30 + 1):
                if (row + col) % 2:
                    canvas.drawRect(skia.Rect.MakeXYWH(col * 30 + offset, row * 30, 30, 30),
                                    paint(b))
    return draw


@dataclass(frozen=True)
class Clip:
    name: str
    person: Person
    background: Background
    pose: Callable[[float], Pose]


CLIPS = (
    Clip("ana", Person(0xFFF1C27D, 0xFF4A2C17, 0xFFD9483B),
         gradient_room(0xFFF6B26B, 0xFF8E4A1C),
         lambda t: Pose(320 + 40 * wave(t, 1), 175, 1.0, wave(t, 2), blink(t, (1.5, 4.2)),
                        abs(wave(t, 9)) * (wave(t, 1) > -0.3))),
    Clip("ben", Person(0xFF8D5524, 0xFF111111, 0xFF2E6DB4, glasses=True),
         scrolling_stripes(0xFF1F6F6B, 0xFF2A8A85),
         lambda t: Pose(300, 180 + 14 * wave(t, 4), 1.05, 0.0, blink(t, (2.6, 5.5)),
                        abs(wave(t, 12)) * (wave(t, 2) > 0))),
    Clip("cleo", Person(0xFFE0AC69, 0xFFB5651D, 0xFF6A3D9A),
         bokeh(0xFF2C1B47, 0x55F5D0FF),
         lambda t: Pose(340, 178, 0.95, wave(t, 3), blink(t, (0.8, 3.3, 5.0)),
                        0.5 + 0.5 * wave(t, 7))),
    Clip("dev", Person(0xFFC68642, 0xFF3B3B3B, 0xFF3C8D40),
         checker_pan(0xFF505A50, 0xFF5F6B5F),
         lambda t: Pose(320, 185, 1.0 + 0.12 * wave(t, 1), -0.6 * wave(t, 1), blink(t, (3.9,)),
                        abs(wave(t, 10)) * 0.7)),
)


def render(clip: Clip) -> Iterator[np.ndarray]:
    """The clip's frames as RGBA arrays (opaque)."""
    for n in range(FPS * SECONDS):
        t = n / FPS
        pixels = np.empty((HEIGHT, WIDTH, 4), np.uint8)
        canvas = skia.Surface(pixels, skia.kRGBA_8888_ColorType, skia.kPremul_AlphaType).getCanvas()
        clip.background(canvas, t)
        draw_person(canvas, clip.person, clip.pose(t))
        yield pixels


def main(out_dir: Path = OUT_DIR) -> None:
    for clip in CLIPS:
        path = out_dir / f"{clip.name}.mp4"
        export_mp4(render(clip), path, FPS, (WIDTH, HEIGHT), crf=26, preset="slow")
        print(f"{path}  {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR)
