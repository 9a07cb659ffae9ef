"""Benchmark: text measurement through the runtime's JSON entry point.

Run ``python benchmarks/text.py``. Prints the median µs of `measure_text_json` for a short label
and for a paragraph that wraps onto 3 lines, each *cold* (result and shaping caches cleared
before every call; font files stay loaded, their one-time load is printed separately) and
*cached* (the same request string again, as the runtime does on every unchanged frame).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from vcs_engine.text import measure_text_json
from vcs_engine.text.shaping import _shape_units

REPEATS = 200


def _request(text: str, frame_w: int) -> str:
    return json.dumps(
        {
            "text": text,
            "style": {"fontSize_px": 32},
            "pxPerGu": 20,
            "viewportH": 720,
            "frame": {"w": frame_w, "h": 400},
            "safety": 0,
            "families": ["Roboto"],
        }
    )


CASES = {
    "short label": _request("Participant 1", 600),
    "3-line paragraph": _request(
        "The quick brown fox jumps over the lazy dog while five boxing wizards", 450
    ),
}


def _clear_caches() -> None:
    measure_text_json.cache_clear()
    _shape_units.cache_clear()


def _median_us(
    call: Callable[[], object], before: Callable[[], None] = lambda: None
) -> float:
    samples = []
    for _ in range(REPEATS):
        before()
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


def main() -> None:
    start = time.perf_counter()
    measure_text_json(CASES["short label"])
    print(f"first call (loads Roboto): {(time.perf_counter() - start) * 1e3:.1f} ms")
    lines = json.loads(measure_text_json(CASES["3-line paragraph"]))["numLines"]
    assert lines == 3, lines
    for name, request in CASES.items():
        cold = _median_us(lambda r=request: measure_text_json(r), _clear_caches)
        measure_text_json(request)
        cached = _median_us(lambda r=request: measure_text_json(r))
        print(f"{name:18s} cold {cold:8.1f} µs   cached {cached:6.2f} µs")


if __name__ == "__main__":
    main()
