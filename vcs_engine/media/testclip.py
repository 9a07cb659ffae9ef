"""`write_test_clip`: a small MP4 with a known picture and a known tone, made with PyAV.

Why in the engine: tests and benchmarks need footage whose sound and picture can be checked
(the frame number is readable from the pixels, the tone's pitch and level are known), and
shipping such files would bloat the repository. Each video frame is a solid grey whose level
encodes its index; the sound is a sine whose amplitude is given, so a mix can be measured.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from os import PathLike

import av
import numpy as np

from .audio import RATE


def frame_level(index: int) -> int:
    """The grey level of video frame `index` (distinct for 24 consecutive frames, far apart)."""
    return 16 + (index % 24) * 9


def write_test_clip(path: str | PathLike[str], *, seconds: float = 2.0, fps: int = 30,
                    size: tuple[int, int] = (320, 180), tone_hz: float | None = 440.0,
                    amplitude: float = 0.5, audio_rate: int = RATE, mono: bool = False,
                    beep_every_s: float | None = None,
                    picture: Callable[[int], np.ndarray] | None = None, crf: int = 10,
                    sound_from_s: float = 0.0) -> None:
    """Write an H.264 (+ AAC unless `tone_hz` is None) MP4 of `seconds` at `fps`.

    `beep_every_s`: the tone sounds only during the video frames at multiples of that time
    (one frame long), so a test can find where the sound is and compare it with the picture.
    `picture(n)` → (h, w, 3) RGB replaces the grey frames (benchmarks want footage that costs
    what a camera's does to decode). `sound_from_s` starts the audio stream that much after the
    video (a recording whose microphone joined late)."""
    width, height = size
    frames = round(seconds * fps)
    with av.open(str(path), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=Fraction(fps), options={"preset": "ultrafast", "crf": str(crf)})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        audio = None
        if tone_hz is not None:
            audio = container.add_stream("aac", rate=audio_rate, layout="mono" if mono else "stereo")
        written = round(sound_from_s * audio_rate)  # the next sample, on the file's timeline
        for n in range(frames):
            pixels = picture(n) if picture is not None else np.full((height, width, 3), frame_level(n), np.uint8)
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(pixels), format="rgb24")
            frame.pts = n
            container.mux(video.encode(frame))
            upto = round((n + 1) * audio_rate / fps)
            if audio is not None and upto > written:
                t = np.arange(written, upto) / audio_rate
                tone = (amplitude * np.sin(2 * math.pi * tone_hz * t)).astype(np.float32)
                if beep_every_s is not None and n % max(1, round(beep_every_s * fps)):
                    tone[:] = 0.0
                planes = tone[None, :] if mono else np.stack([tone, tone])
                chunk = av.AudioFrame.from_ndarray(np.ascontiguousarray(planes), format="fltp",
                                                   layout="mono" if mono else "stereo")
                chunk.sample_rate, chunk.pts = audio_rate, written
                written = upto
                container.mux(audio.encode(chunk))
        container.mux(video.encode(None))
        if audio is not None:
            container.mux(audio.encode(None))
