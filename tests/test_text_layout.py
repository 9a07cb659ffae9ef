"""Text measurement against Daily's reference output (text-cases.json) plus unit tests.

The reference cases are read from the shared spec folder (never copied into the repo); each
Text's style is parsed from the case's JSX, and the node is measured the way Daily does:
first at commit against the viewport (intrinsic size), then against its layout frame with
the safety margin carried over.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vcs_engine.text import measure, measure_text_json
from vcs_engine.text.itemize import attributed_string
from vcs_engine.text.justify import justify
from vcs_engine.text.linebreak import BOX, GLUE, PENALTY, Syllable, best_fit, break_positions, build_nodes
from vcs_engine.text.shaping import GlyphRun

CASES_PATH = Path("/work/shared/spec/text-cases.json")
CASES = json.loads(CASES_PATH.read_text()) if CASES_PATH.exists() else []


def _js_object(literal: str) -> dict:
    """A flat JS object literal with identifier keys and string/number values → dict."""
    literal = re.sub(r"([{,]\s*)([A-Za-z_$][\w$]*)\s*:", r'\1"\2":', literal)
    literal = re.sub(r"'([^']*)'", r'"\1"', literal)
    return json.loads(re.sub(r",\s*}", "}", literal))


def _case_inputs(case: dict) -> tuple[dict[str, dict], list[str]]:
    jsx = case["composition_jsx"]
    styles = {
        m.group(1): _js_object(m.group(2))
        for m in re.finditer(r'<Text\s+id="([^"]+)"[^>]*?style=\{(\{.*?\})\}', jsx)
    }
    families = json.loads(re.search(r"fontFamilies:\s*(\[[^\]]*\])", jsx).group(1))
    return styles, families


def _frame_params():
    for case in CASES:
        for frame in case["expected"]["text_frames"]:
            yield pytest.param(case, frame, id=f"{case['name']}/{frame['id']}")


@pytest.mark.skipif(not CASES, reason="text-cases.json not available")
@pytest.mark.parametrize("case, expected", list(_frame_params()))
def test_reference_case(case: dict, expected: dict) -> None:
    styles, families = _case_inputs(case)
    viewport = case["viewport"]
    px_per_gu = min(viewport["w"], viewport["h"]) / 36
    style = styles[expected["id"]]

    def run(w: float, h: float, safety: float):
        return measure(expected["text"], style, px_per_gu, viewport["h"], w, h, safety, families)

    intrinsic = run(viewport["w"], viewport["h"], 0)
    frame = expected["layoutFrame"]
    result = run(frame["w"], frame["h"], intrinsic.safety)

    assert result.size == expected["font_px_layout"]
    assert result.baseline == pytest.approx(expected["baseline"], abs=1e-3)
    assert [line.text for line in result.lines] == [line["string"] for line in expected["lines"]]
    for got, want in zip(result.lines, expected["lines"]):
        assert len(got.runs) == want["runs"]
        assert got.x == pytest.approx(want["x"], abs=1)
        assert got.y == pytest.approx(want["y"], abs=1)
        assert got.advance == pytest.approx(want["advance"], abs=0.5)
    measured = expected["measuredFrame"]
    assert result.w == pytest.approx(measured["w"], abs=1)
    assert result.h == pytest.approx(measured["h"], abs=1)
    assert (result.safety or None) == measured.get("safetyMargin")
    assert intrinsic.w == pytest.approx(expected["intrinsicSize"]["w"], abs=1)
    assert intrinsic.h == pytest.approx(expected["intrinsicSize"]["h"], abs=1)
