"""Frames as people read and type them (no Qt): `mm:ss.ff` and the go-to field's forms.

A timeline speaks frames (what the engine renders, what scenario events are keyed by) and time
(what a designer thinks in). `mm:ss.ff` is the editors' convention: minutes, seconds, then the
frame within that second (not hundredths), so every frame has exactly one label and stepping
one frame changes the last two digits by one.

The go-to field accepts, by design, only unambiguous forms:

* `120`: a frame number;
* `1:02.15`, `01:02`, `0:04.00`: minutes:seconds with an optional `.frame` within the second;
* `4.5 s`, `4.5s`, `12 s`: seconds (rounded to the nearest frame).

A bare decimal (`4.5`) is refused: it could be seconds or a frame and guessing would jump to the
wrong place without saying so.
"""

from __future__ import annotations

import math
import re

from vcs_engine.limits import MAX_FRAMES

__all__ = ["ACCEPTED_FORMS", "TimecodeError", "format_timecode", "parse_position", "seconds_label"]

ACCEPTED_FORMS = "a frame number (120), mm:ss.ff (0:04.15) or seconds (4.5 s)"
_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?:\.(\d+))?$")
_SECONDS = re.compile(r"^(\d+(?:\.\d*)?|\.\d+)\s*s$", re.IGNORECASE)


class TimecodeError(ValueError):
    """Input that is no position: the message is the one line the go-to field shows."""


def _second_start(whole_seconds: int, fps: float) -> int:
    """The first frame whose time is at or after `whole_seconds` (exact for integer fps, and
    the frame a player shows at that second for fractional rates such as 29.97)."""
    return math.ceil(whole_seconds * fps - 1e-9)


def format_timecode(frame: int, fps: float) -> str:
    """`frame` as `mm:ss.ff` (minutes grow past 99 rather than wrapping)."""
    frame = max(0, int(frame))
    whole = int((frame + 1e-9) // fps)
    while _second_start(whole + 1, fps) <= frame:  # float edge of fractional rates
        whole += 1
    ff = frame - _second_start(whole, fps)
    return f"{whole // 60:02d}:{whole % 60:02d}.{ff:02d}"


def seconds_label(seconds: float) -> str:
    """A ruler label: `0s`, `5s`, `1:30`, `1:30.5` (seconds below a minute, else m:ss)."""
    text = f"{seconds % 60:.3f}".rstrip("0").rstrip(".")
    if seconds < 60:
        return f"{text}s"
    minutes = int(seconds // 60)
    whole, _, fraction = text.partition(".")
    return f"{minutes}:{int(whole):02d}" + (f".{fraction}" if fraction else "")


def parse_position(text: str, fps: float) -> int:
    """The frame `text` names (see the module doc for the forms); `TimecodeError` otherwise,
    also for a frame past the last one a scenario may have (`limits.MAX_FRAMES`)."""
    frame = _parse(text.strip(), fps)
    if frame >= MAX_FRAMES:
        raise TimecodeError(f"Go to {text.strip()!r}: past the last frame a scenario may have "
                            f"({MAX_FRAMES - 1}, {format_timecode(MAX_FRAMES - 1, fps)})")
    return frame


def _parse(entry: str, fps: float) -> int:
    if not entry:
        raise TimecodeError(f"Go to: type {ACCEPTED_FORMS}")
    if entry.isdigit():
        return int(entry)
    clock = _CLOCK.match(entry)
    if clock:
        minutes, seconds, frames = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        if seconds >= 60:
            raise TimecodeError(f"Go to {entry!r}: seconds must be below 60")
        whole = minutes * 60 + seconds
        in_second = _second_start(whole + 1, fps) - _second_start(whole, fps)
        if frames >= in_second:
            raise TimecodeError(f"Go to {entry!r}: .{clock[3]} is a frame within the second, "
                                f"0 to {in_second - 1} at {fps:g} fps")
        return _second_start(whole, fps) + frames
    seconds_match = _SECONDS.match(entry)
    if seconds_match:
        return round(float(seconds_match[1]) * fps)
    raise TimecodeError(f"Go to {entry!r}: not a position; type {ACCEPTED_FORMS}")
