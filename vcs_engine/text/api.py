"""The JSON bridge used by the JS runtime (`__vcs_measure_text`, docs/architecture.md).

Why a string-keyed cache: the runtime re-measures on every frame change with identical
requests, and the quickjs bridge only passes strings; caching the response string makes a
repeat call a dictionary lookup.
"""

from __future__ import annotations

import json
from functools import lru_cache

from . import measure as measuring, shaping
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


@lru_cache(maxsize=CACHE_SIZE)
def measure_text_json(request_json: str) -> str:
    """Measure per a JSON request and return the JSON response (see docs/architecture.md)."""
    request = json.loads(request_json)
    frame = request.get("frame") or {}
    result = measure(
        str(request.get("text") or ""),
        request.get("style") or {},
        px_per_gu=float(request.get("pxPerGu", 20)),
        viewport_h=float(request.get("viewportH", 720)),
        frame_w=float(frame.get("w") or 0),
        frame_h=float(frame.get("h") or 0),
        safety=float(request.get("safety") or 0),
        families=tuple(request.get("families") or ("Roboto",)),
    )
    return json.dumps(_response(result), ensure_ascii=False, separators=(",", ":"))


def clear_text_caches() -> None:
    """Forget every measurement and what it was built from (shaped runs, paragraphs), so the
    next measurements run cold. Loaded fonts and Unicode property lookups stay: they are
    start-up cost, not measurement."""
    measure_text_json.cache_clear()
    measuring.clear_caches()
    shaping.clear_caches()
