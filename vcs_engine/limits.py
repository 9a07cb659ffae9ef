"""The stated limits of user-supplied values, and the checks that enforce them at the edge.

Everything a file or a user hands the engine (scenario files, `--params` files, CLI options,
`Host.set_params` values, output sizes) is checked here before it reaches QuickJS, the text
engine, the renderer or the encoder. Why at the edge: past it, a bad value does damage far from
its cause. A lone surrogate crashes the QuickJS binding (SIGSEGV), a NaN param fails every later
frame and reload, a 1 MB text stalls line breaking for hours, a typo'd frame count runs for
weeks. Here it becomes one `InputError` line naming where it came from and the field.

Every check raises `InputError` with the caller's `label` (the file and the field, or the
option as typed) in front: `scenario.json: initialState must be an object, not a list`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from .interface import CompositionInterface, ParamSpec

# ---------------------------------------------------------------------- the limits

MAX_OUTPUT_SIDE = 7680
"""Either side of the output, in pixels: 8K UHD landscape (7680×4320) or portrait (4320×7680).
Daily's servers output at most 1920×1080; 8K leaves headroom for stills and previews while one
RGBA frame stays under 133 MB (the export pipeline keeps several in flight)."""

MAX_OUTPUT_PIXELS = 7680 * 4320
"""The area of 8K UHD (33.2 Mpx): the side limit alone would allow a 7680×7680 square, 1.8×
the memory for no use case."""

MIN_FPS = 1.0
MAX_FPS = 120.0
"""Frame rates from 1 to 120 fps. Daily outputs 30 fps; 120 covers high-frame-rate previews.
Zero or a negative rate divides by zero when frame indices become times, and below 1 fps a
video's time base and the animations' timing stop meaning anything."""

MAX_FRAMES = 60 * 60 * 60
"""216,000 frames: one hour at 60 fps (two hours at 30). Bounds durationInFrames, output and
event frame indices and `--seconds` × fps. Every frame up to the last output frame is rendered,
so a typo such as 1e9 would otherwise run for weeks; longer recordings are tested on excerpts."""

MAX_TEXT_LENGTH = 20_000
"""Characters in one string (a text param, a participant's name, a chat message). Text is
measured and broken in Python and line breaking is superlinear: measured on our baseline, a
20,000-character text takes ~0.7 s the first time it is laid out (cached after), 100,000 took
14 s, and a 1 MB param would stall the first frame for hours. 20,000 characters is about ten
pages, far more than a video frame can show."""

MAX_SAFE_NUMBER = 2**53
"""|x| ≤ 2**53 for every number. Beyond it JavaScript numbers cannot hold every integer, so a
key or a counter would silently change value on its way into the composition; a Python int of
any size, NaN and ±Infinity cannot be sent at all (JSON has no NaN: the runtime refuses it)."""

MAX_JSON_DEPTH = 64
"""Nesting levels of one value (a param, a scenario state). Real values nest three or four
levels; the JSON round trip into QuickJS and compositions' own traversals recurse, and a
self-referencing Python value would otherwise recurse until the stack runs out."""

MAX_JSON_FILE_BYTES = 64 * 1024 * 1024
"""Scenario and params files are read whole. 64 MB holds an hour of events with full states;
the limit keeps a wrong file (a video passed as `--scenario`) from being read into memory."""

MIN_CRF, MAX_CRF = 0, 51
"""x264's quality scale for 8-bit video: 0 is lossless, 51 the lowest quality."""

X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow",
                "slower", "veryslow")
"""x264's speed presets, fastest first (its `placebo` is left out: x264 documents it as a
waste of time over `veryslow`)."""

# ---------------------------------------------------------------------- describing values


def describe(value: Any) -> str:
    """A value's kind for an error line ("a list", "a string ('wide')"): short and printable.

    Strings go through `repr`, which escapes lone surrogates and newlines, so the line prints
    on any terminal and stays one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({_show_number(value)})"
    if isinstance(value, str):
        return f"a string ({repr(value[:40]) + ('…' if len(value) > 40 else '')})"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _show_number(x: int | float) -> str:
    """`repr` of a number, except huge ints (Python refuses to print over 4,300 digits)."""
    if isinstance(x, int) and x.bit_length() > 64:
        return f"an integer of about {int(x.bit_length() * math.log10(2)) + 1:,} digits"
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return repr(x)


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


def key_path(key: str) -> str:
    """A key as it is written after a path: `.name`, or `['look.mode']` when not an identifier
    (quoted and escaped, cut at 40 characters, so the error stays one printable line)."""
    if len(key) <= 40 and _IDENTIFIER.match(key):
        return f".{key}"
    return f"[{key[:40]!r}{'…' if len(key) > 40 else ''}]"


# ---------------------------------------------------------------------- JSON values


def _string_problem(text: str) -> str | None:
    if len(text) > MAX_TEXT_LENGTH:
        return f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_LENGTH:,})"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"not valid Unicode (a lone surrogate U+{ord(text[e.start]):04X} at character {e.start})"
    return None


def _number_problem(x: int | float) -> str | None:
    if isinstance(x, float) and not math.isfinite(x):
        return f"not a finite number ({_show_number(x)})"
    if abs(x) > MAX_SAFE_NUMBER:
        return f"number too large ({_show_number(x)}; the limit is ±2**53)"
    return None


def _find_problem(value: Any, depth: int) -> tuple[str, str] | None:
    """(path inside `value`, what is wrong) for the first part that cannot be sent, else None.

    `depth` counts the containers around `value`. Paths are built only on the way out of a
    failure, so checking a good value allocates nothing per node."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        problem = _string_problem(value)
        return ("", problem) if problem else None
    if isinstance(value, (int, float)):
        problem = _number_problem(value)
        return ("", problem) if problem else None
    if isinstance(value, (Mapping, list, tuple)) and depth >= MAX_JSON_DEPTH:
        return "", f"nested too deeply (more than {MAX_JSON_DEPTH} levels)"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return "", f"keys must be strings, not {describe(key)}"
            if (problem := _string_problem(key)) is not None:
                return key_path(key), f"key {problem}"
            if (found := _find_problem(item, depth + 1)) is not None:
                return key_path(key) + found[0], found[1]
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            if (found := _find_problem(item, depth + 1)) is not None:
                return f"[{index}]" + found[0], found[1]
        return None
    return "", f"not a JSON value ({describe(value)})"


def check_json_value(value: Any, label: str) -> None:
    """Raise InputError unless `value` can reach a composition exactly as given.

    JSON types only (objects with string keys, lists, strings, numbers, booleans, null);
    numbers finite and within ±2**53; strings valid Unicode of at most MAX_TEXT_LENGTH
    characters; at most MAX_JSON_DEPTH levels deep. A problem inside the value is named by its
    path after `label`: `s.json: initialState.activeVideoInputSlots[2].displayName: ...`."""
    found = _find_problem(value, 0)
    if found is not None:
        path, problem = found
        raise InputError(f"{label}{path}: {problem}")


def check_param_value(spec: ParamSpec | None, pid: Any, value: Any, where: str | None = None) -> None:
    """Raise InputError when `value` can never be sent as param `pid` (see `check_json_value`).

    `spec` (None for an undeclared param, or when the composition is not known yet) names the
    declared type in the message. A value of the wrong type is *not* an error: Daily passes it
    through, and `ParamSpec.check` reports it as a warning. `where` names the source (a file)."""
    if not isinstance(pid, str):
        raise InputError(f"{where + ': ' if where else ''}param ids must be strings, not {describe(pid)}")
    name = repr(pid[:200])
    label = f"{where + ': ' if where else ''}param {name}" + (f" ({spec.type})" if spec is not None else "")
    if (problem := _string_problem(pid)) is not None:
        raise InputError(f"{label}: id {problem}")
    check_json_value(value, label)


def split_sendable_params(values: Any, interface: CompositionInterface) -> tuple[dict[str, Any], InputError | None]:
    """The params of `values` that can be sent, and one InputError naming all the others.

    Why both: a rejected value must not keep good ones in the same call from applying, nor be
    stored (a NaN kept in the host's params failed every later reload)."""
    if not isinstance(values, Mapping):
        raise InputError(f"params must be an object of {{id: value}}, not {describe(values)}")
    good: dict[str, Any] = {}
    problems: list[str] = []
    for pid, value in values.items():
        try:
            check_param_value(interface.param(pid) if isinstance(pid, str) else None, pid, value)
        except InputError as e:
            problems.append(str(e))
        else:
            good[pid] = value
    return good, InputError("; ".join(problems)) if problems else None


# ---------------------------------------------------------------------- numbers and sizes


def check_whole_number(value: Any, label: str, low: int, high: int, why: str = "") -> int:
    """`value` as an int if it is a whole number in [low, high] (5.0 counts: JSON and JS have
    one number type), else InputError. `why` explains the bound in the message."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not value.is_integer()):
        raise InputError(f"{label} must be a whole number, not {describe(value)}")
    n = int(value)
    if not low <= n <= high:
        raise InputError(f"{label} must be between {low:,} and {high:,}{why}; got {_show_number(n)}")
    return n


_FRAMES_WHY = " (1 hour at 60 fps)"


def check_frame_index(value: Any, label: str) -> int:
    """A frame index (output frame, event frame): 0 to MAX_FRAMES - 1."""
    return check_whole_number(value, label, 0, MAX_FRAMES - 1, _FRAMES_WHY)


def check_frame_count(value: Any, label: str) -> int:
    """A number of frames (durationInFrames): 1 to MAX_FRAMES."""
    return check_whole_number(value, label, 1, MAX_FRAMES, _FRAMES_WHY)


def check_output_size(width: Any, height: Any, label: str, *, even: bool = False) -> tuple[int, int]:
    """(width, height) as ints if they make a possible output size, else InputError.

    `even`: the output is H.264 yuv420p, whose chroma planes are half the size, so both sides
    must be even (the encoder would otherwise fail only after the file was opened)."""
    w = check_whole_number(width, f"{label}: width", 1, MAX_OUTPUT_SIDE, " (8K)")
    h = check_whole_number(height, f"{label}: height", 1, MAX_OUTPUT_SIDE, " (8K)")
    if w * h > MAX_OUTPUT_PIXELS:
        raise InputError(f"{label}: {w * h:,} pixels is more than 8K UHD ({MAX_OUTPUT_PIXELS:,} pixels, 7680x4320)")
    if even and (w % 2 or h % 2):
        odd = " and ".join(side for side, n in (("width", w), ("height", h)) if n % 2)
        raise InputError(f"{label}: H.264 needs an even {odd}")
    return w, h


def check_fps(value: Any, label: str) -> float:
    """A frame rate: a finite number from MIN_FPS to MAX_FPS."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{label} must be a number of frames per second, not {describe(value)}")
    if (problem := _number_problem(value)) is not None:
        raise InputError(f"{label}: {problem}")
    if not MIN_FPS <= value <= MAX_FPS:
        raise InputError(f"{label}: the frame rate must be between {MIN_FPS:g} and {MAX_FPS:g} fps")
    return float(value)


def check_seconds(seconds: float, label: str) -> float:
    """A length in seconds: finite and positive (frames_in then bounds it at a frame rate)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        raise InputError(f"{label}: the length must be a positive number of seconds")
    return float(seconds)


def frames_in(seconds: float, fps: float, label: str) -> int:
    """The number of frames `seconds` last at `fps`: at least one, at most MAX_FRAMES."""
    frames = check_seconds(seconds, label) * fps
    if frames > MAX_FRAMES:
        raise InputError(f"{label}: {frames:,.0f} frames at {fps:g} fps; the limit is {MAX_FRAMES:,}{_FRAMES_WHY}")
    if round(frames) < 1:
        raise InputError(f"{label}: less than one frame at {fps:g} fps")
    return round(frames)


def check_crf(crf: int) -> int:
    """`--crf`: x264's quality, MIN_CRF to MAX_CRF."""
    return check_whole_number(crf, "--crf", MIN_CRF, MAX_CRF, " (0 is lossless)")


def check_preset(preset: str) -> str:
    """`--preset`: one of x264's presets."""
    if preset not in X264_PRESETS:
        raise InputError(f"--preset {preset[:40]!r}: not an x264 preset; choose one of {', '.join(X264_PRESETS)}")
    return preset


# ---------------------------------------------------------------------- files


def read_text_file(path: Path | str, what: str) -> str:
    """The text of a user's file (JSON, WebVTT), or one InputError naming it.

    `what` names the file's role in messages ("scenario file"). Refused: a missing file, one
    over MAX_JSON_FILE_BYTES, text that is not UTF-8 (a BOM is allowed and dropped, as editors
    add one)."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{what} not found: {p}")
    size = p.stat().st_size
    if size > MAX_JSON_FILE_BYTES:
        raise InputError(f"{p}: {size / 2**20:,.0f} MB is larger than the {MAX_JSON_FILE_BYTES // 2**20} MB "
                         f"limit for a {what}")
    try:
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{p}: not UTF-8 text (invalid byte at offset {e.start})") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read the {what}: {e.strerror}") from None


def read_json_file(path: Path | str, what: str) -> Any:
    """The parsed content of a user's JSON file, or one InputError naming it.

    Refused: what `read_text_file` refuses, invalid JSON (named `file:line:col`), nesting deep
    enough to exhaust the parser's recursion. NaN and Infinity literals are read, so the field
    holding one is named by the value checks."""
    p = Path(path)
    text = read_text_file(p, what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{p}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    except ValueError as e:  # e.g. an integer literal over Python's 4,300-digit limit
        raise InputError(f"{p}: not valid JSON: {e}") from None
    except RecursionError:
        raise InputError(f"{p}: nested too deeply to read (the limit is {MAX_JSON_DEPTH} levels)") from None


def read_params_file(path: Path | str) -> dict[str, Any]:
    """A `--params` file: a flat `{id: value}` object whose every value can be sent."""
    data = read_json_file(path, "params file")
    if not isinstance(data, dict):
        raise InputError(f"{path}: params must be an object of {{\"id\": value}}, not {describe(data)}")
    for pid, value in data.items():
        check_param_value(None, pid, value, where=str(path))
    return data
