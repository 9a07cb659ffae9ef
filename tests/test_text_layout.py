"""Text measurement against Daily's reference output (text-cases.json) plus unit tests.

The reference cases are read from the shared spec folder (never copied into the repo); each
Text's style is parsed from the case's JSX, and the node is measured the way Daily does:
first at commit against the viewport (intrinsic size), then against its layout frame with
the safety margin carried over.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from vcs_engine.fonts import font_path
from vcs_engine.text import measure, measure_text_json, resolve_attributes
from vcs_engine.text.fonts import load_face, resolve_face
from vcs_engine.text.itemize import attributed_string
from vcs_engine.text.justify import justify
from vcs_engine.text.linebreak import (
    BOX,
    GLUE,
    PENALTY,
    Syllable,
    best_fit,
    break_positions,
    build_nodes,
)
from vcs_engine.text.shaping import GlyphRun, shape

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


def _js_round(value: float) -> int:
    return math.floor(value + 0.5)


def _draw_commands(result, frame: dict) -> list[tuple[str, str, int, int]]:
    """The fillText / fillText_emoji commands the runtime emits (layout-and-output.md §3.6)."""
    commands = []
    for line in result.lines:
        bx, by = frame["x"] + line.x, frame["y"] + line.y
        for run in line.runs:
            x, y = _js_round(bx + run.dx), _js_round(by + result.baseline)
            if run.emoji:
                commands.append(
                    ("fillText_emoji", run.emoji, x, _js_round(y - 0.1 * result.size))
                )
            else:
                commands.append(("fillText", run.text, x, y))
    return commands


def _measure_case(case: dict, expected: dict):
    """Commit-time (viewport) measurement, then the layout-frame one with the carried margin."""
    styles, families = _case_inputs(case)
    viewport = case["viewport"]
    px_per_gu = min(viewport["w"], viewport["h"]) / 36
    style = styles[expected["id"]]

    def run(w: float, h: float, safety: float):
        return measure(
            expected["text"], style, px_per_gu, viewport["h"], w, h, safety, families
        )

    intrinsic = run(viewport["w"], viewport["h"], 0)
    frame = expected["layoutFrame"]
    return intrinsic, run(frame["w"], frame["h"], intrinsic.safety)


def _frame_params():
    for case in CASES:
        for frame in case["expected"]["text_frames"]:
            yield pytest.param(case, frame, id=f"{case['name']}/{frame['id']}")


@pytest.mark.skipif(not CASES, reason="text-cases.json not available")
@pytest.mark.parametrize("case, expected", list(_frame_params()))
def test_reference_case(case: dict, expected: dict) -> None:
    intrinsic, result = _measure_case(case, expected)

    assert result.size == expected["font_px_layout"]
    assert result.baseline == pytest.approx(expected["baseline"], abs=1e-3)
    assert [line.text for line in result.lines] == [
        line["string"] for line in expected["lines"]
    ]
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


@pytest.mark.skipif(not CASES, reason="text-cases.json not available")
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_draw_positions(case: dict) -> None:
    """Run chunks and their rounded pen positions match Daily's fillText commands."""
    got = []
    for expected in case["expected"]["text_frames"]:
        got += _draw_commands(_measure_case(case, expected)[1], expected["layoutFrame"])
    want = [
        (name, args[0], args[1], args[2])
        for name, args in case["expected"]["fgdisplaylist_text_commands"]
        if name in ("fillText", "fillText_emoji")
    ]
    assert [(name, text) for name, text, _, _ in got] == [
        (name, text) for name, text, _, _ in want
    ]
    for (_, _, x, y), (_, _, want_x, want_y) in zip(got, want):
        assert abs(x - want_x) <= 1 and abs(y - want_y) <= 1


# ---------------------------------------------------------------- unit tests


def _syllables(*items: tuple[str, float]) -> list[Syllable]:
    result, end = [], 0
    for text, width in items:
        end += len(text)
        result.append(Syllable(text, end, width))
    return result


def _kinds(nodes) -> list[str]:
    return [node.kind for node in nodes]


def test_nodes_single_space_is_glue_without_penalty() -> None:
    nodes = build_nodes(_syllables(("a", 10), (" ", 6), ("b", 10)), justify=False)
    assert _kinds(nodes) == [BOX, GLUE, BOX, GLUE, PENALTY]
    assert (nodes[1].stretch, nodes[1].shrink) == (3, 2)
    assert nodes[-1].penalty == -10000 and nodes[-2].stretch == 10000


def test_nodes_double_space_breaks_only_before_the_spaces() -> None:
    nodes = build_nodes(_syllables(("a", 10), ("  ", 12), ("b", 10)), justify=False)
    assert _kinds(nodes) == [BOX, PENALTY, GLUE, BOX, GLUE, PENALTY]
    assert (nodes[1].width, nodes[1].penalty, nodes[1].flagged) == (5, 600, 1)
    # The glue follows a penalty, not a box: not a legal break, so the break is the penalty.
    assert break_positions(nodes, 15) == [1]


def test_justified_text_uses_the_lower_hyphen_penalty() -> None:
    nodes = build_nodes(_syllables(("a", 10), ("b", 10)), justify=True)
    assert _kinds(nodes) == [BOX, PENALTY, BOX, GLUE, PENALTY]
    assert nodes[1].penalty == 100


def test_best_fit_keeps_each_overlong_word_on_its_own_line() -> None:
    nodes = build_nodes(
        _syllables(("long", 300), (" ", 9), ("longer", 400), (" ", 9), ("ok", 30)),
        False,
    )
    assert best_fit(nodes, 200) == [0, 1, 3]
    assert break_positions(nodes, 200) == [1, 3]


def test_measure_long_word_overflows_and_is_shrunk() -> None:
    result = measure(
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        {"fontSize_px": 32},
        20,
        720,
        300,
        200,
    )
    assert [line.text for line in result.lines] == [
        "Pneumonoultramicroscopicsilicovolcanoconiosis"
    ]
    assert result.safety == 26
    # Shrunk by the justification engine, still wider than the frame.
    assert result.w == 696


def test_knuth_plass_balances_equal_words() -> None:
    """Equal words: the optimum (ties resolved like Daily's engine) is 2-2-3-3-2 words."""
    text = "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk lll"
    result = measure(text, {"fontSize_px": 40}, 20, 720, 230, 600)
    assert [line.text for line in result.lines] == [
        "aaa bbb ",
        "ccc ddd ",
        "eee fff ggg ",
        "hhh iii jjj ",
        "kkk lll",
    ]
    assert result.safety == 32


def test_ellipsis_on_last_kept_line() -> None:
    result = measure(
        "One two three four five six seven eight nine ten",
        {"fontSize_px": 32},
        20,
        720,
        300,
        75,
    )
    assert len(result.lines) == 1
    line = result.lines[0]
    assert line.text.endswith("\u2026") and not line.text[:-1].endswith(" ")
    assert line.advance <= line.w + 1e-9


def test_frame_lower_than_a_line_lays_out_nothing() -> None:
    result = measure("Too short frame", {"fontSize_px": 32}, 20, 720, 600, 20)
    assert (result.w, result.h, result.lines) == (0, 0, ())


def test_paragraph_cut_at_boundary_has_no_ellipsis() -> None:
    result = measure(
        "Line one\nLine two\nLine three\nLine four",
        {"fontSize_px": 32},
        20,
        720,
        600,
        100,
    )
    assert [line.text for line in result.lines] == ["Line one", "Line two"]


def _glyph_run(chars: str, advance: float) -> GlyphRun:
    return GlyphRun(
        list(range(len(chars))),
        [advance] * len(chars),
        list(chars),
        [False] * len(chars),
    )


def test_justification_grows_spaces_first_and_fills_the_box() -> None:
    run = _glyph_run("ab cd ef", 10.0)
    # A 2 px gap is exactly what the two spaces (0.5 + 0.5 each) cover.
    justify([run], 82.0)
    assert run.advances == [10.0, 10.5, 10.5, 10.0, 10.5, 10.5, 10.0, 10.0]
    run = _glyph_run("ab cd ef", 10.0)
    justify([run], 83.0)  # the remaining 1 px goes to the letters
    assert sum(run.advances) == pytest.approx(83.0)
    assert run.advances[0] > 10.0 and run.advances[-1] == 10.0


def test_justification_shrinks_every_glyph_a_little() -> None:
    run = _glyph_run("abcd", 10.0)
    justify([run], 39.9)
    assert sum(run.advances) == pytest.approx(39.9)
    assert all(a < 10.0 for a in run.advances[:-1]) and run.advances[-1] == 10.0


def test_justification_cannot_shrink_beyond_its_factors() -> None:
    run = _glyph_run("abcd", 10.0)
    justify([run], 30.0)
    assert sum(run.advances) == pytest.approx(40.0 - 6 * 11 / 256)


def _run_texts(text: str) -> list[tuple[str, str | None]]:
    attributed = attributed_string(text)
    return [(attributed.string[r.start : r.end], r.emoji) for r in attributed.runs]


def test_emoji_sequences_become_single_attachment_runs() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert _run_texts(f"hi {family}\U0001f44d\U0001f3fd!") == [
        ("hi ", None),
        ("\ufffc", family),
        ("\ufffc", "\U0001f44d\U0001f3fd"),
        ("!", None),
    ]


def test_emoji_attachment_is_size_wide_and_raises_the_line() -> None:
    result = measure("a \U0001f600", {"fontSize_px": 32}, 20, 720, 600, 100)
    runs = result.lines[0].runs
    assert runs[1].emoji == "\U0001f600"
    assert result.lines[0].advance - runs[1].dx == 32
    assert result.lines[0].h == pytest.approx(39.8125)


def test_script_runs_and_leading_common_run() -> None:
    assert _run_texts("2024 results: 42") == [("2024 ", None), ("results: 42", None)]
    assert _run_texts("12345 67890") == [("12345 67890", None)]
    assert _run_texts("Latin \u0395\u03bb mixed") == [
        ("Latin ", None),
        ("\u0395\u03bb ", None),
        ("mixed", None),
    ]


def test_break_between_scripts_adds_an_invisible_hyphen() -> None:
    text = "abcdefghij\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be"
    result = measure(text, {"fontSize_px": 32}, 20, 720, 250, 300)
    first = result.lines[0]
    assert first.text == "abcdefghij"
    unbroken = measure("abcdefghij", {"fontSize_px": 32}, 20, 720, 0, 0)
    assert first.advance == pytest.approx(unbroken.lines[0].advance + 566 * 32 / 2048)


@pytest.mark.parametrize(
    "family, weight, style, families, expected",
    [
        ("Roboto", "200", None, ["Roboto"], "Roboto-Thin.ttf"),
        ("Roboto", "450", None, ["Roboto"], "Roboto-Light.ttf"),
        ("Roboto", "600", None, ["Roboto"], "Roboto-Bold.ttf"),
        ("Roboto", "800", None, ["Roboto"], "Roboto-Black.ttf"),
        ("Roboto", "bold", "italic", ["Roboto"], "Roboto-BoldItalic.ttf"),
        ("Teko", "100", None, ["Roboto", "Teko"], "Teko-Regular.ttf"),
        ("Teko", "900", None, ["Roboto", "Teko"], "Teko-SemiBold.ttf"),
        ("Anton", None, "italic", ["Roboto", "Anton"], "Roboto-Regular.ttf"),
        ("Bitter", None, None, ["Roboto"], "Roboto-Regular.ttf"),
        ("Bitter", None, None, ["Bitter"], "Bitter-Regular.ttf"),
    ],
)
def test_measurement_font_resolution(family, weight, style, families, expected) -> None:
    raw = {"fontFamily": family, "fontWeight": weight, "fontStyle": style}
    attrs = resolve_attributes({k: v for k, v in raw.items() if v is not None}, 20, 720)
    assert (
        resolve_face(attrs.family, attrs.weight, attrs.style, families).path.name
        == expected
    )


def test_no_layout_without_roboto_for_an_unknown_family() -> None:
    result = measure(
        "Hello", {"fontFamily": "Nope"}, 20, 720, 600, 100, families=["Teko"]
    )
    assert (result.w, result.h, result.lines) == (0, 0, ())


def test_style_attributes_follow_js_coercion() -> None:
    assert resolve_attributes({}, 20, 720).size == 20  # fontSize_gu 1 added
    # A string is not a finite number: the 12 px default applies.
    assert resolve_attributes({"fontSize_px": "20"}, 20, 720).size == 12
    assert resolve_attributes({"fontSize_gu": 1.71}, 20, 720).size == 35
    attrs = resolve_attributes(
        {"fontSize_px": 25, "lineHeight_rel": 1.33, "fontWeight": "BLACK"}, 20, 720
    )
    assert (attrs.line_height, attrs.weight) == (34, 900)
    assert resolve_attributes({"fontWeight": "nonsense"}, 20, 720).weight == 400


def test_json_api_contract_and_cache() -> None:
    request = json.dumps(
        {
            "text": "Hello \U0001f600",
            "style": {"fontSize_px": 32},
            "pxPerGu": 20,
            "viewportH": 720,
            "frame": {"w": 600, "h": 100},
            "safety": 0,
            "families": ["Roboto"],
        }
    )
    response = json.loads(measure_text_json(request))
    assert set(response) == {
        "w",
        "h",
        "safety",
        "numLines",
        "size",
        "baseline",
        "lines",
    }
    assert (response["numLines"], response["size"], response["baseline"]) == (
        1,
        32,
        25.0625,
    )
    runs = response["lines"][0]["runs"]
    assert runs[0] == {"t": "Hello ", "dx": 0.0}
    assert runs[1]["t"] == "\ufffc" and runs[1]["e"] == "\U0001f600"
    assert measure_text_json(request) is measure_text_json(request)
    empty = json.loads(
        measure_text_json(
            json.dumps({"text": "", "style": {}, "frame": {"w": 0, "h": 0}})
        )
    )
    assert (empty["w"], empty["h"], empty["lines"]) == (0, 0, [])


def test_shaping_uses_the_default_language_system() -> None:
    """fontkit shapes without a language: standard ligatures, no Turkish `locl` (f + i)."""
    glyphs = shape(load_face(font_path("Roboto", 400, False)), "fi", 32, 0)
    assert glyphs.chars == ["fi"]
