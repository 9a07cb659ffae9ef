"""The JSON bridge used by the JS runtime (`__vcs_measure_text`, docs/architecture.md).

Why a string-keyed cache: the runtime re-measures on every frame change with identical
requests, and the quickjs bridge only passes strings; caching the response string makes a
repeat call a dictionary lookup.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from . import measure as measuring
from . import shaping
from .measure import TextMeasurement, measure

CACHE_SIZE = 4096


def _response(result: TextMeasurement) -> dict:
    return {
        "w": result.w,
        "h": result.h,
        "safety": result.safety,
        "numLines": result.num_lines,
        "size": result.size,
        "baseline": result.baseline,
        "lines": [
            {
                "x": line.x,
                "y": line.y,
                "w": line.w,
                "h": line.h,
                "advance": line.advance,
                "runs": [
                    {
                        "t": run.text,
                        "dx": run.dx,
                        **({"e": run.emoji} if run.emoji else {}),
                    }
                    for run in line.runs
                ],
            }
            for line in result.lines
        ],
    }


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@lru_cache(maxsize=CACHE_SIZE)
def measure_text_json(request_json: str) -> str:
    """Measure per a JSON request and return the JSON response (see docs/architecture.md).

    The request carries the composition's raw Text style, so it is untrusted: a style that is
    not an object measures as no style, fields of the wrong kind fall back to their defaults,
    and a request Python cannot parse (a style nested thousands deep) answers
    ``{"error": "..."}``, which the runtime throws as a located error (nodes.js)."""
    try:
        request = json.loads(request_json)
    except (ValueError, RecursionError):
        return json.dumps({"error": "the Text's style cannot be measured (nested too deeply?)"})
    request = _mapping(request)
    frame = _mapping(request.get("frame"))
    families = request.get("families")
    families = tuple(f for f in families if isinstance(f, str)) if isinstance(families, list) else ()
    result = measure(
        str(request.get("text") or ""),
        _mapping(request.get("style")),
        px_per_gu=_number(request.get("pxPerGu"), 20.0),
        viewport_h=_number(request.get("viewportH"), 720.0),
        frame_w=_number(frame.get("w"), 0.0),
        frame_h=_number(frame.get("h"), 0.0),
        safety=_number(request.get("safety"), 0.0),
        families=families or ("Roboto",),
    )
    # A lone surrogate (half a pair, escaped in the request's JSON) has no UTF-8 form: the
    # binding could not hand the answer back to JS. The runtime sends well-formed text; this
    # keeps the answer safe whatever a request holds.
    return _LONE_SURROGATE.sub("\ufffd", json.dumps(_response(result), ensure_ascii=False, separators=(",", ":")))


def _mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _number(value: object, default: float) -> float:
    """A finite number from a number or numeric text (a layout may compute strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return default
    return number if math.isfinite(number) else default


def clear_text_caches() -> None:
    """Forget every measurement and what it was built from (shaped runs, paragraphs), so the
    next measurements run cold. Loaded fonts and Unicode property lookups stay: they are
    start-up cost, not measurement."""
    measure_text_json.cache_clear()
    measuring.clear_caches()
    shaping.clear_caches()
