"""Display-list parsing (§3.2) and interpreter semantics (§5) checked on pixels and state."""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import pytest
import skia

from vcs_engine.render import (AssetResolver, DisplayListError, draw_display_list,
                               parse_display_list, render_display_list)
from vcs_engine.render.canvex import COMMAND_NAMES, AssetRef, Command
from vcs_engine.render.fonts import FontLibrary, font_file_name, font_weight
from vcs_engine.render.skia_canvas import CanvexInterpreter

NO_ASSETS = AssetResolver()


def doc(*commands: Any, width: int = 20, height: int = 20) -> dict[str, Any]:
    return {"width": width, "height": height, "commands": list(commands)}


def render(*commands: Any, width: int = 20, height: int = 20,
           assets: AssetResolver = NO_ASSETS) -> np.ndarray:
    return render_display_list(doc(*commands, width=width, height=height), width, height, assets)


RED = ["fillStyle", "#ff0000"]


# --- documents ---------------------------------------------------------------------------------

def test_exactly_28_commands_are_known() -> None:
    assert len(COMMAND_NAMES) == 28


@pytest.mark.parametrize("text", [
    '{"width":20,"height":20,"commands":[["fillRectangle",[0,0,1,1]]]}',  # unknown name
    '{"width":20,"height":20,"commands":[[1,2]]}',                         # name not a string
    '{"width":20,"height":20,"commands":[["fillRect",[0,0,null,1]]]}',    # null
    '{"width":20,"height":20,"commands":[["save",true]]}',                # boolean
    '{"width":20,"height":20,"commands":[["lineWidth",2147483648]]}',     # int beyond int32
    '{"width":20,"height":20,"commands":[["lineWidth",NaN]]}',
    '{"width":20,"height":20,"commands":[],"extra":1}',                   # top-level key
    '{"width":"20","height":20,"commands":[]}',
    '{"width":20.5,"height":20,"commands":[]}',
    '{"width":0,"height":20,"commands":[]}',
    '{"width":20,"height":20}',
    '{"width":20,"height":20,"commands":[["drawImage",{"id":"a"},0,0,1,1]]}',  # object outside
    '{"width":20,"height":20,"commands":[["drawImage",[{"id":1},0,0,1,1]]]}',  # non-string value
    '{"width":20,"height":20,"commands":[["fillRect",[[0,0],1,1]]]}',     # nested array
    '{"width":20,"height":20,"commands":["save"]}',
    '[1]', 'not json',
])
def test_malformed_documents_are_rejected(text: str) -> None:
    with pytest.raises(DisplayListError):
        parse_display_list(text)


def test_a_rejected_document_draws_nothing() -> None:
    canvas_pixels = np.zeros((4, 4, 4), np.uint8)
    surface = skia.Surface(canvas_pixels, colorType=skia.kRGBA_8888_ColorType,
                           alphaType=skia.kPremul_AlphaType)
    bad = doc(RED, ["fillRect", [0, 0, 4, 4]], ["unknown"], width=4, height=4)
    with pytest.raises(DisplayListError):
        draw_display_list(surface.getCanvas(), bad, NO_ASSETS)
    assert not canvas_pixels.any()


@pytest.mark.parametrize("command", [
    ["fillRect", [0, 0, 5]], ["fillRect", [0, 0, 5, 5, 5]], ["fillRect", [0, "0", 5, 5]],
    ["fillText", ["hi", 1, 2, 100]], ["fillText", [1, 2, 3]], ["fillStyle", 3],
    ["font", ["400", "", 12]], ["font", ["400", 1, 12, "Roboto"]], ["roundRect", [0, 0, 5, 5]],
    ["drawImage", [{"type": "defaultAsset"}, 0, 0, 5, 5]], ["drawImage", [{"id": "x"}, 0, 0, 5]],
    ["drawImage", [{"id": "x"}, "0", 0, 5, 5]], ["fillText_emoji", ["x", 1, 2, 3]], [],
])
def test_bad_commands_are_skipped_with_one_warning(command: list[Any],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="vcs_engine.render"):
        parsed = parse_display_list(doc(["save"], command, ["restore"]))
    assert [c.name for c in parsed.commands] == ["save", "restore"]
    assert len(caplog.records) == 1


def test_argument_encodings_are_equivalent() -> None:
    forms = [["lineWidth", 4], ["lineWidth", [4]]]
    assert len({parse_display_list(doc(f)).commands for f in forms}) == 1
    rects = [["fillRect", 1, 2, 3, 4], ["fillRect", [1, 2, 3, 4]]]
    assert len({parse_display_list(doc(r)).commands for r in rects}) == 1


def test_draw_image_forms() -> None:
    five, nine, odd_type = parse_display_list(doc(
        ["drawImage", [{"type": "defaultAsset", "id": "a.png"}, 1, 2, 3, 4, "x", 9]],
        ["drawImage", [{"id": "b.png", "extra": "k"}, 1, 2, 3, 4, 5, "6", 7, 8, 99]],
        ["drawImage", [{"type": "weird", "id": "c.png"}, 1, 2, 3, 4]],
    )).commands
    assert five.args == (AssetRef("defaultAsset", "a.png"), None, (1, 2, 3, 4))
    assert nine.args == (AssetRef("compositionAsset", "b.png"), (1, 2, 3, 4), (5, 0, 7, 8))
    assert odd_type.args[0] == AssetRef("compositionAsset", "c.png")


def test_clip_arguments() -> None:
    commands = parse_display_list(doc(["clip", []], ["clip", ["evenodd"]], ["clip", ["nonzero"]],
                                      ["clip", [1, 2]])).commands
    assert [c.args for c in commands] == [(False,), (True,), (False,), (False,)]


# --- interpreter semantics -------------------------------------------------------------------

def test_default_fill_is_transparent_and_an_invalid_colour_keeps_the_previous() -> None:
    assert not render(["fillRect", [0, 0, 20, 20]]).any()
    pixels = render(RED, ["fillStyle", "red"], ["fillRect", [0, 0, 20, 20]])
    assert tuple(pixels[5, 5]) == (255, 0, 0, 255)


def test_output_is_premultiplied() -> None:
    pixels = render(["fillStyle", "rgba(255, 0, 0, 0.5)"], ["fillRect", [0, 0, 20, 20]])
    assert tuple(pixels[5, 5]) == (127, 0, 0, 127)


def test_restore_at_the_bottom_does_nothing_and_styles_are_scoped() -> None:
    pixels = render(RED, ["restore"], ["save"], ["fillStyle", "#00ff00"], ["restore"],
                    ["fillRect", [0, 0, 20, 20]])
    assert tuple(pixels[5, 5]) == (255, 0, 0, 255)


def test_global_alpha_replaces() -> None:
    pixels = render(RED, ["globalAlpha", 0.5], ["globalAlpha", 0.5], ["fillRect", [0, 0, 20, 20]])
    assert pixels[5, 5, 3] == 127


def test_path_survives_save_restore_and_clip_keeps_its_fill_type() -> None:
    pixels = render(["beginPath"], ["save"], ["rect", [0, 0, 20, 20]], ["rect", [5, 5, 10, 10]],
                    ["clip", ["evenodd"]], ["restore"], RED, ["fill"])
    assert pixels[2, 2, 3] == 255 and pixels[10, 10, 3] == 0


def test_close_path_does_not_close_and_line_to_starts_at_origin() -> None:
    pixels = render(["strokeStyle", "#ffffff"], ["lineWidth", 2], ["beginPath"],
                    ["lineTo", [19, 0]], ["lineTo", [19, 19]], ["closePath"], ["stroke"])
    assert pixels[0, 10, 3] > 0 and pixels[10, 19, 3] > 0  # (0,0)→(19,0)→(19,19)
    assert pixels[10, 10, 3] == 0                          # no closing diagonal


def test_nonzero_clip_and_no_path_clip_is_a_no_op() -> None:
    pixels = render(["clip", []], ["beginPath"], ["rect", [0, 0, 10, 20]], ["clip", []], RED,
                    ["fillRect", [0, 0, 20, 20]])
    assert pixels[5, 5, 3] == 255 and pixels[5, 15, 3] == 0


def test_transforms_concatenate() -> None:
    pixels = render(["translate", [10, 0]], ["scale", [0.5, 1]], ["rotate", [0.0]], RED,
                    ["fillRect", [0, 0, 20, 20]])
    assert pixels[5, 5, 3] == 0 and pixels[5, 15, 3] == 255


def test_rendering_to_another_size_scales() -> None:
    pixels = render_display_list(doc(RED, ["fillRect", [0, 0, 10, 10]]), 40, 40, NO_ASSETS)
    assert pixels[15, 15, 3] == 255 and pixels[25, 25, 3] == 0


def test_draw_leaves_the_callers_canvas_state_alone() -> None:
    surface = skia.Surface(8, 8)
    canvas = surface.getCanvas()
    draw_display_list(canvas, doc(["save"], ["translate", [3, 3]], ["save"], width=8, height=8),
                      NO_ASSETS)
    assert canvas.getSaveCount() == 1 and canvas.getTotalMatrix().isIdentity()


def run_state(*commands: Command) -> CanvexInterpreter:
    interpreter = CanvexInterpreter(skia.Surface(4, 4).getCanvas(), NO_ASSETS, FontLibrary())
    interpreter.run(commands)
    return interpreter


def test_font_command_state() -> None:
    state = run_state(Command("font", ("700", "italic", 20.5, "Bitter")),
                      Command("font", (300.0, "oblique", 10.0, "Exo"))).style
    assert (state.font_weight, state.font_italic, state.font_px, state.font_family) == \
        (700, False, 10.0, "Exo")


@pytest.mark.parametrize("argument, current, expected", [
    ("600", 400, 600), ("700.5", 400, 700), ("bold", 300, 300), ("", 300, 300),
    (700.0, 300, 300), ("-100", 500, 500), (" 200", 400, 200),
])
def test_font_weight(argument: str | float, current: int, expected: int) -> None:
    assert font_weight(argument, current) == expected


@pytest.mark.parametrize("family, weight, italic, expected", [
    ("Roboto", 200, False, "Roboto-Light.ttf"), ("Roboto", 600, False, "Roboto-Bold.ttf"),
    ("Roboto", 800, False, "Roboto-Black.ttf"), ("", 400, True, "Roboto-Italic.ttf"),
    ("Roboto", 700, True, "Roboto-BoldItalic.ttf"), ("Roboto", 650, False, "Roboto-Regular.ttf"),
    ("RobotoCondensed", 800, False, "RobotoCondensed-Regular.ttf"),
    ("Teko", 900, True, "Teko-Regular.ttf"), ("Magra", 600, False, "Magra-Bold.ttf"),
    ("Bitter", 200, False, "Bitter-Light.ttf"), ("DMSans", 800, True, "DMSans-ExtraBoldItalic.ttf"),
    ("NotoColorEmoji", 700, True, "NotoColorEmoji-Regular.ttf"),
    ("DM Sans", 400, False, None), ("roboto", 400, False, None),
])
def test_font_file_selection(family: str, weight: int, italic: bool, expected: str | None) -> None:
    assert font_file_name(family, weight, italic) == expected


def test_unknown_family_draws_nothing_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    text = [["font", ["400", "", 16, "Comic Sans"]], ["fillStyle", "#fff"],
            ["fillText", ["Hi", 2, 16]]]
    fonts = FontLibrary()
    with caplog.at_level(logging.WARNING, logger="vcs_engine.render"):
        pixels = render_display_list(doc(*text, *text), 20, 20, NO_ASSETS, fonts=fonts)
    assert not pixels.any()
    assert len(caplog.records) == 1


def test_text_is_drawn_at_the_baseline() -> None:
    pixels = render(["font", ["400", "", 16, "Roboto"]], ["fillStyle", "#fff"],
                    ["fillText", ["H", 2, 14]])
    rows = np.nonzero(pixels[..., 3].max(axis=1))[0]
    assert rows.max() == 13 and rows.min() < 4


def test_json_text_input_equals_dict_input() -> None:
    document = doc(RED, ["fillRect", [1, 1, 5, 5]])
    assert (render_display_list(json.dumps(document), 20, 20, NO_ASSETS)
            == render_display_list(document, 20, 20, NO_ASSETS)).all()


def test_lone_surrogates_in_text_do_not_break_the_frame() -> None:
    text = json.dumps(doc(["fillStyle", "#fff"], ["fillText", ["a\ud83d", 2, 14]]))
    assert render_display_list(text, 20, 20, NO_ASSETS)[..., 3].any()
