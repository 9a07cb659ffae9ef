"""Our baseline composition (compositions/baseline) against its specification (baseline.md).

* the parameter interface against the table of §1, kept here;
* the video layers of every mode for 1, 2, 5, 9 and 16 participants at 1280×720 and 720×1280,
  against geometry computed here from the formulas of §4 (and the literal values of §8);
* overlays: where they must and must not appear in the display list, and their timing
  (fades, toast queue, slates);
* odd param values: rendering never fails.

Conformance with Daily's published scenarios is in test_conformance.py; a side-by-side run
against Daily's own baseline in our engine is in test_baseline_vs_daily.py.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import js_round, spec_grid_item

from vcs_engine.cli import main as vcs
from vcs_engine.host import Host
from vcs_engine.render import read_png

BASELINE = "daily:baseline"
FPS = 30

# ---------------------------------------------------------------------------------------------
# §1: id | type | default (JSON) | step=…, values=…, FONTS_ALL / FONTS_SMALL / WEIGHTS,
# experimental, long (textSizeHint)

PARAM_TABLE = r"""
mode                                            | enum    | "grid" | values=single,split,grid,dominant,pip
showTextOverlay                                 | boolean | false
showImageOverlay                                | boolean | false
showBannerOverlay                               | boolean | false
showWebFrameOverlay                             | boolean | false
showSidebar                                     | boolean | false
showTitleSlate                                  | boolean | false
enableAutoOpeningSlate                          | boolean | false
enableLayoutAnims                               | boolean | false
videoSettings.maxCamStreams                     | number  | 25
videoSettings.preferredParticipantIds           | text    | ""
videoSettings.preferScreenshare                 | boolean | false
videoSettings.omitPausedVideo                   | boolean | false
videoSettings.omitAudioOnly                     | boolean | false
videoSettings.omitExtraScreenshares             | boolean | false
videoSettings.filterForUnpausedMediaTypes       | text    | ""
videoSettings.showParticipantLabels             | boolean | false
videoSettings.showMicStatus                     | boolean | false
videoSettings.roundedCorners                    | boolean | false
videoSettings.cornerRadius_gu                   | number  | 1.2 | step=0.1
videoSettings.scaleMode                         | enum    | "fill" | values=fill,fit
videoSettings.scaleModeForScreenshare           | enum    | "fit" | values=fill,fit
videoSettings.zoomFactorsList                   | text    | "" | experimental
videoSettings.placeholder.bgColor               | text    | "rgb(0, 50, 80)"
videoSettings.highlight.color                   | text    | "rgb(255, 255, 255)"
videoSettings.highlight.stroke_gu               | number  | 0.2 | step=0.05
videoSettings.split.margin_gu                   | number  | 0 | step=0.1
videoSettings.split.direction                   | enum    | "auto-by-viewport" | values=auto-by-viewport,vertical,horizontal
videoSettings.split.scaleModeOverrides          | text    | ""
videoSettings.grid.useDominantForSharing        | boolean | false
videoSettings.grid.itemInterval_gu              | number  | -1 | step=0.1
videoSettings.grid.outerPadding_gu              | number  | -1 | step=0.1
videoSettings.grid.highlightDominant            | boolean | true
videoSettings.grid.preserveAspectRatio          | boolean | true
videoSettings.grid.fullScreenHighlightItemIndex | number  | -1 | step=1
videoSettings.grid.labelPlacement               | enum    | "below" | values=below,inside-at-bottom
videoSettings.dominant.position                 | enum    | "left" | values=left,right,top,bottom
videoSettings.dominant.centerItems              | boolean | false
videoSettings.dominant.splitPos                 | number  | 0.8 | step=0.1
videoSettings.dominant.numChiclets              | number  | 5
videoSettings.dominant.followDomFlag            | boolean | true
videoSettings.dominant.itemInterval_gu          | number  | 0.7 | step=0.1
videoSettings.dominant.outerPadding_gu          | number  | 0.5 | step=0.1
videoSettings.dominant.splitMargin_gu           | number  | 0 | step=0.1
videoSettings.dominant.sharpCornersOnMain       | boolean | true
videoSettings.dominant.includeWebFrame          | boolean | false
videoSettings.pip.position                      | enum    | "top-right" | values=top-left,top-right,bottom-left,bottom-right
videoSettings.pip.aspectRatio                   | number  | 1 | step=0.1
videoSettings.pip.height_gu                     | number  | 12 | step=1
videoSettings.pip.margin_gu                     | number  | 1.5 | step=0.1
videoSettings.pip.followDomFlag                 | boolean | false
videoSettings.pip.sharpCornersOnMain            | boolean | true
videoSettings.pip.includeWebFrame               | boolean | false
videoSettings.labels.fontFamily                 | enum    | "Roboto" | FONTS_SMALL
videoSettings.labels.fontWeight                 | enum    | "600" | WEIGHTS
videoSettings.labels.fontSize_pct               | number  | 100
videoSettings.labels.offset_x_gu                | number  | 0 | step=0.1
videoSettings.labels.offset_y_gu                | number  | 0 | step=0.1
videoSettings.labels.color                      | text    | "white"
videoSettings.labels.strokeColor                | text    | "rgba(0, 0, 0, 0.9)"
videoSettings.margin.left_gu                    | number  | 0 | step=1
videoSettings.margin.right_gu                   | number  | 0 | step=1
videoSettings.margin.top_gu                     | number  | 0 | step=1
videoSettings.margin.bottom_gu                  | number  | 0 | step=1
text.content                                    | text    | "An example text overlay"
text.source                                     | enum    | "param" | values=param,highlightLines.items,chatMessages,transcript
text.align_horizontal                           | enum    | "center" | values=left,right,center
text.align_vertical                             | enum    | "center" | values=top,bottom,center
text.offset_x_gu                                | number  | 0 | step=0.1
text.offset_y_gu                                | number  | 0 | step=0.1
text.scale_x                                    | number  | 1 | step=0.1
text.rotation_deg                               | number  | 0
text.fontFamily                                 | enum    | "DMSans" | FONTS_ALL
text.fontWeight                                 | enum    | "400" | WEIGHTS
text.fontStyle                                  | enum    | "" | values=normal,italic
text.fontSize_gu                                | number  | 2.5 | step=0.1
text.color                                      | text    | "rgba(255, 250, 200, 0.95)"
text.strokeColor                                | text    | "rgba(0, 0, 0, 0.8)"
text.stroke_gu                                  | number  | 0.5 | step=0.05
text.highlight.color                            | text    | "rgba(255, 255, 0, 1)"
text.highlight.fontWeight                       | enum    | "700" | WEIGHTS
image.assetName                                 | text    | "overlay.png"
image.emoji                                     | text    | ""
image.position                                  | enum    | "top-right" | values=top-left,top-right,bottom-left,bottom-right
image.zPosition                                 | enum    | "foreground" | values=foreground,background
image.fullScreen                                | boolean | false
image.fullScreenScaleMode                       | enum    | "fit" | values=fill,fit
image.aspectRatio                               | number  | 1.778 | step=0.1
image.height_gu                                 | number  | 12 | step=1
image.margin_gu                                 | number  | 1.5 | step=0.1
image.opacity                                   | number  | 1 | step=0.1
image.enableFade                                | boolean | true
webFrame.url                                    | text    | ""
webFrame.viewportWidth_px                       | number  | 1280 | step=1
webFrame.viewportHeight_px                      | number  | 720 | step=1
webFrame.position                               | enum    | "top-right" | values=top-left,top-right,bottom-left,bottom-right
webFrame.zPosition                              | enum    | "foreground" | values=foreground,background
webFrame.fullScreen                             | boolean | false
webFrame.height_gu                              | number  | 12 | step=1
webFrame.margin_gu                              | number  | 1.5 | step=0.1
webFrame.opacity                                | number  | 1 | step=0.1
webFrame.enableFade                             | boolean | true
webFrame.keyPress.keyName                       | text    | "ArrowRight"
webFrame.keyPress.modifiers                     | text    | ""
webFrame.keyPress.key                           | number  | 0
banner.title                                    | text    | "Hello world"
banner.subtitle                                 | text    | "This is an example subtitle"
banner.source                                   | enum    | "param" | values=param,highlightLines.items,chatMessages,transcript
banner.position                                 | enum    | "bottom-left" | values=top-left,top-right,bottom-left,bottom-right
banner.enableTransition                         | boolean | true
banner.margin_x_gu                              | number  | 0 | step=0.5
banner.margin_y_gu                              | number  | 1 | step=0.5
banner.padding_gu                               | number  | 2 | step=0.1
banner.alwaysUseMaxW                            | boolean | false
banner.maxW_pct_default                         | number  | 65
banner.maxW_pct_portrait                        | number  | 90
banner.rotation_deg                             | number  | 0
banner.cornerRadius_gu                          | number  | 0 | step=0.1
banner.showIcon                                 | boolean | true
banner.icon.assetName                           | text    | ""
banner.icon.emoji                               | text    | "🎉"
banner.icon.size_gu                             | number  | 3
banner.color                                    | text    | "rgba(50, 60, 200, 0.9)"
banner.strokeColor                              | text    | "rgba(0, 0, 30, 0.44)"
banner.stroke_gu                                | number  | 0 | step=0.05
banner.text.color                               | text    | "white"
banner.text.strokeColor                         | text    | "rgba(0, 0, 0, 0.1)"
banner.text.stroke_gu                           | number  | 0.5 | step=0.05
banner.text.fontFamily                          | enum    | "Roboto" | FONTS_ALL
banner.title.fontSize_gu                        | number  | 2 | step=0.1
banner.title.fontWeight                         | enum    | "500" | WEIGHTS
banner.title.fontStyle                          | enum    | "" | values=normal,italic
banner.subtitle.fontSize_gu                     | number  | 1.5 | step=0.1
banner.subtitle.fontWeight                      | enum    | "300" | WEIGHTS
banner.subtitle.fontStyle                       | enum    | "" | values=normal,italic
toast.key                                       | number  | 0
toast.text                                      | text    | "Hello world"
toast.source                                    | enum    | "param" | values=param,chatMessages,transcript
toast.duration_secs                             | number  | 4
toast.maxW_pct_default                          | number  | 50
toast.maxW_pct_portrait                         | number  | 80
toast.showIcon                                  | boolean | true
toast.icon.assetName                            | text    | ""
toast.icon.emoji                                | text    | "🎉"
toast.icon.size_gu                              | number  | 3
toast.color                                     | text    | "rgba(15, 50, 110, 0.6)"
toast.strokeColor                               | text    | "rgba(0, 0, 30, 0.44)"
toast.text.color                                | text    | "white"
toast.text.fontFamily                           | enum    | "Roboto" | FONTS_SMALL
toast.text.fontWeight                           | enum    | "500" | WEIGHTS
toast.text.fontSize_pct                         | number  | 100
openingSlate.duration_secs                      | number  | 4
openingSlate.title                              | text    | "Welcome"
openingSlate.subtitle                           | text    | ""
openingSlate.bgImageAssetName                   | text    | ""
openingSlate.bgColor                            | text    | "rgba(0, 0, 0, 1)"
openingSlate.textColor                          | text    | "rgba(255, 255, 255, 1)"
openingSlate.fontFamily                         | enum    | "Bitter" | FONTS_ALL
openingSlate.fontWeight                         | enum    | "500" | WEIGHTS
openingSlate.fontStyle                          | enum    | "" | values=normal,italic
openingSlate.fontSize_gu                        | number  | 2.5 | step=0.1
openingSlate.subtitle.fontSize_pct              | number  | 75 | step=1
openingSlate.subtitle.fontWeight                | enum    | "400" | WEIGHTS
titleSlate.enableTransition                     | boolean | true
titleSlate.title                                | text    | "Title slate"
titleSlate.subtitle                             | text    | "Subtitle"
titleSlate.bgImageAssetName                     | text    | ""
titleSlate.bgColor                              | text    | "rgba(0, 0, 0, 1)"
titleSlate.textColor                            | text    | "rgba(255, 255, 255, 1)"
titleSlate.fontFamily                           | enum    | "Bitter" | FONTS_ALL
titleSlate.fontWeight                           | enum    | "500" | WEIGHTS
titleSlate.fontStyle                            | enum    | "" | values=normal,italic
titleSlate.fontSize_gu                          | number  | 2.5 | step=0.1
titleSlate.subtitle.fontSize_pct                | number  | 75 | step=1
titleSlate.subtitle.fontWeight                  | enum    | "400" | WEIGHTS
sidebar.shrinkVideoLayout                       | boolean | false
sidebar.source                                  | enum    | "highlightLines.items" | values=highlightLines.items,chatMessages,transcript
sidebar.padding_gu                              | number  | 1.5 | step=0.1
sidebar.width_pct_landscape                     | number  | 30
sidebar.height_pct_portrait                     | number  | 25
sidebar.bgColor                                 | text    | "rgba(0, 0, 50, 0.55)"
sidebar.textColor                               | text    | "rgba(255, 255, 255, 0.94)"
sidebar.fontFamily                              | enum    | "DMSans" | FONTS_ALL
sidebar.fontWeight                              | enum    | "300" | WEIGHTS
sidebar.fontStyle                               | enum    | "" | values=normal,italic
sidebar.fontSize_gu                             | number  | 1.4 | step=0.1
sidebar.textHighlight.color                     | text    | "rgba(255, 230, 0, 1)"
sidebar.textHighlight.fontWeight                | enum    | "600" | WEIGHTS
highlightLines.items                            | text    | "Introduction\nNotes from the conference\nInterview with Jane Doe\nQ & A" | long
highlightLines.position                         | number  | 0
emojiReactions.source                           | enum    | "emojiReactions" | values=emojiReactions,param
emojiReactions.key                              | number  | 0
emojiReactions.emoji                            | text    | ""
emojiReactions.offset_x_gu                      | number  | 0 | step=1
debug.showRoomState                             | boolean | false
debug.overlayOpacity                            | number  | 90 | step=1
"""

FONTS_ALL = ["Roboto", "RobotoCondensed", "Anton", "Bangers", "Bitter", "DMSans", "Exo", "Magra",
             "PermanentMarker", "SuezOne", "Teko"]
FONTS_SMALL = ["Roboto", "RobotoCondensed", "Bitter", "DMSans", "Exo", "Magra", "SuezOne", "Teko"]
WEIGHTS = [str(w) for w in range(100, 1000, 100)]
HELP_TEXT_IDS = {
    "enableAutoOpeningSlate", "enableLayoutAnims", "videoSettings.maxCamStreams", "text.source",
    "image.emoji", "webFrame.keyPress.key", "banner.source", "banner.icon.emoji", "toast.key",
    "toast.source", "toast.icon.emoji", "openingSlate.duration_secs", "sidebar.source",
    "sidebar.height_pct_portrait", "highlightLines.items", "highlightLines.position",
    "emojiReactions.source",
}


def expected_params() -> list[dict]:
    params = []
    for line in PARAM_TABLE.strip().splitlines():
        cols = [c.strip() for c in line.split("|")]
        pid, ptype, default = cols[0], cols[1], json.loads(cols[2])
        extra = cols[3] if len(cols) > 3 else ""
        desc = {"id": pid, "type": ptype, "defaultValue": default}
        if extra.startswith("step="):
            desc["step"] = float(extra[5:])
        elif extra.startswith("values="):
            desc["values"] = extra[7:].split(",")
        elif extra in ("FONTS_ALL", "FONTS_SMALL", "WEIGHTS"):
            desc["values"] = {"FONTS_ALL": FONTS_ALL, "FONTS_SMALL": FONTS_SMALL, "WEIGHTS": WEIGHTS}[extra]
        elif extra == "experimental":
            desc["experimental"] = True
        elif extra == "long":
            desc["textSizeHint"] = "long"
        params.append(desc)
    return params


def make_host(size=(1280, 720), inputs=(), params=None) -> Host:
    """A freshly mounted baseline; `params` are applied after the mount, as a scenario does."""
    host = Host.load(BASELINE, size=size)
    host.set_inputs(list(inputs))
    if params:
        host.set_params(params)
    return host


def commands(out, name: str) -> list:
    """Arguments of every `name` command of a frame's display list."""
    return [c[1] if len(c) > 1 else None for c in out.flattened["commands"] if c[0] == name]


def texts(out) -> list[str]:
    return [args[0] for args in commands(out, "fillText")]


def alpha_before(out, predicate) -> float | None:
    """The last globalAlpha set before the first command matching `predicate` (None: never set)."""
    alpha = None
    for c in out.flattened["commands"]:
        if c[0] == "globalAlpha":
            alpha = c[1]
        elif predicate(c):
            return alpha
    raise AssertionError("no matching command")


def has_fill_rect(out, rect) -> bool:
    return list(rect) in commands(out, "fillRect")


# ---------------------------------------------------------------------------------------------
# §1 parameter interface


def test_interface_params_match_the_spec_table() -> None:
    expected = expected_params()
    assert len(expected) == 196
    actual = [p.raw for p in make_host().interface.params]
    assert [p["id"] for p in actual] == [p["id"] for p in expected]
    for exp, act in zip(expected, actual):
        for key in ("type", "defaultValue", "values", "step", "experimental", "textSizeHint"):
            assert act.get(key) == exp.get(key), (exp["id"], key)
        assert not ({"label", "min", "max"} & act.keys()), exp["id"]
        assert bool(act.get("shortHelpText")) == (exp["id"] in HELP_TEXT_IDS), exp["id"]


def test_interface_metadata() -> None:
    iface = make_host().interface
    assert iface.raw["displayMeta"] == {
        "name": "Daily Baseline", "description": "Composition with Daily's baseline features"}
    assert list(iface.standard_sources) == ["chatMessages", "transcript", "emojiReactions"]
    assert list(iface.font_families) == FONTS_ALL
    assert list(iface.image_preloads) == [
        "user_white_64.png", "overlay.png", "party-popper_1f389.png",
        "mic_active_white_32.png", "mic_muted_white_32.png"]


# ---------------------------------------------------------------------------------------------
# §4 video layouts, geometry computed from the spec's formulas


def grid_item(P, index, total, cols, rows, asp, inner, center_remainder):
    """vcs-api.md §9.7 with aspect preservation, on (x, y, w, h) tuples."""
    f = spec_grid_item({"x": P[0], "y": P[1], "w": P[2], "h": P[3]}, index, total, cols, rows, asp, inner,
                       True, center_remainder)
    return (f["x"], f["y"], f["w"], f["h"])


def grid_frame(index, n, P, out_w, out_h):
    """§4.4 with default params (automatic margins, aspect preserved)."""
    a = out_w / out_h
    cols = 5 if n > 16 else 4 if n > 9 else 3 if n > 4 else 2 if n > 1 else 1
    rows = math.ceil(n / cols)
    inner = outer_y = 0
    if n > 1:
        rel = js_round(out_h * 0.05) if a > 1 else out_w * 0.04
        inner = rel
        if cols == rows:
            outer_y = js_round(rel * 0.7) if a > 1 else js_round(rel)
    F = (P[0], P[1] + outer_y, P[2], P[3] - 2 * outer_y)
    return grid_item(F, index, n, cols, rows, a, inner, True)


def split_part(P, index, pos, margin, along_x):
    """§4.3: part `index` of a split at `pos` (no rounding)."""
    x, y, w, h = P
    if along_x:
        avail = w - margin
        return (x, y, avail * pos, h) if index == 0 else (x + (avail * pos + margin), y, avail * (1 - pos), h)
    avail = h - margin
    return (x, y, w, avail * pos) if index == 0 else (x, y + (avail * pos + margin), w, avail * (1 - pos))


def chiclet_frame(area, index, total, px_per_gu, interval_gu=0.7, outer_gu=0.5, make_row=False):
    """§4.5 column function without centring."""
    inner = interval_gu * px_per_gu if total > 1 else 0
    o = outer_gu * px_per_gu
    F = (area[0] + o, area[1] + o, area[2] - 2 * o, area[3] - 2 * o)
    if make_row:
        asp = ((F[2] - inner * (total - 1)) / total) / F[3]
        return grid_item(F, index, None, total, 1, asp, inner, False)
    asp = F[2] / ((F[3] - inner * (total - 1)) / total)
    return grid_item(F, index, None, 1, total, asp, inner, False)


def expected_layers(mode: str, n: int, out_w: int, out_h: int) -> list[tuple]:
    """(id, frame) of every video layer for `n` `true` slots and default params."""
    px_per_gu = min(out_w, out_h) / 36
    P = (0, 0, out_w, out_h)
    if n == 0:
        return []
    if mode == "single":
        return [(0, P)]
    if mode == "split":
        count = max(1, min(n, 2))
        return [(i, split_part(P, i, 1 / count, 0, out_w / out_h >= 1)) for i in range(count)]
    if mode == "grid":
        return [(i, grid_frame(i, n, P, out_w, out_h)) for i in range(n)]
    if mode == "dominant":
        if n == 1:
            return [(0, P)]
        main, area = split_part(P, 0, 0.8, 0, True), split_part(P, 1, 0.8, 0, True)
        return [(0, main)] + [(i, chiclet_frame(area, i - 1, 5, px_per_gu)) for i in range(1, min(n, 6))]
    if mode == "pip":
        h = js_round(12 * px_per_gu)
        w = js_round(1 * h)
        mg = 1.5 * px_per_gu
        window = (P[0] + P[2] - w - mg, P[1] + mg, w, h)
        return [(0, P)] + ([(1, window)] if n > 1 else [])
    raise ValueError(mode)


def layer_tuples(out) -> list[tuple]:
    return [(l["id"], (l["frame"]["x"], l["frame"]["y"], l["frame"]["w"], l["frame"]["h"]))
            for l in out.video_layers]


MODES = ["single", "split", "grid", "dominant", "pip"]
SIZES = [(1280, 720), (720, 1280)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("n", [1, 2, 5, 9, 16])
@pytest.mark.parametrize("mode", MODES)
def test_video_layers_follow_the_mode_geometry(mode: str, n: int, size) -> None:
    out = make_host(size, [True] * n, {"mode": mode}).render(0)
    expected = [(vid, tuple(js_round(v) for v in frame)) for vid, frame in expected_layers(mode, n, *size)]
    assert layer_tuples(out) == expected
    for layer in out.video_layers:
        assert layer["attrs"] == {"scaleMode": "fill", "zoomFactor": 1}
        assert list(layer["frame"]) == ["x", "y", "w", "h"]


# §8 reference geometry, literally: (size, n, params, [x, y, w, h] of each layer in order)
REFERENCE_GEOMETRY = [
    ((1280, 720), 1, {}, [[0, 0, 1280, 720]]),
    ((1280, 720), 2, {}, [[0, 185, 622, 350], [658, 185, 622, 350]]),
    ((1280, 720), 3, {}, [[58, 25, 564, 317], [658, 25, 564, 317], [358, 378, 564, 317]]),
    ((1280, 720), 5, {}, [[0, 115, 403, 227], [438, 115, 403, 227], [877, 115, 403, 227],
                          [219, 378, 403, 227], [658, 378, 403, 227]]),
    ((1280, 720), 9, {}, [[72, 25, 355, 200], [462, 25, 355, 200], [853, 25, 355, 200]]),
    ((1280, 720), 10, {}, [[0, 76, 293, 165], [329, 76, 293, 165], [658, 76, 293, 165], [987, 76, 293, 165]]),
    ((1280, 720), 16, {}, [[86, 25, 250, 141], [372, 25, 250, 141], [658, 25, 250, 141], [943, 25, 250, 141]]),
    ((1280, 720), 17, {}, [[0, 50, 228, 128], [263, 50, 228, 128], [526, 50, 228, 128], [789, 50, 228, 128],
                           [1052, 50, 228, 128]]),
    ((1920, 1080), 2, {}, [[0, 277, 933, 525], [987, 277, 933, 525]]),
    ((1920, 1080), 4, {}, [[88, 38, 845, 475], [987, 38, 845, 475], [88, 567, 845, 475], [987, 567, 845, 475]]),
    ((720, 1280), 2, {}, [[0, 332, 346, 615], [374, 332, 346, 615]]),
    ((720, 1280), 4, {}, [[10, 29, 336, 597], [374, 29, 336, 597], [10, 654, 336, 597], [374, 654, 336, 597]]),
    ((1080, 1080), 2, {}, [[0, 280, 519, 519], [561, 280, 519, 519]]),
    ((1080, 1080), 4, {}, [[43, 43, 476, 476], [561, 43, 476, 476], [43, 561, 476, 476], [561, 561, 476, 476]]),
    ((1280, 720), 3, {"videoSettings.grid.preserveAspectRatio": False},
     [[0, 0, 622, 342], [658, 0, 622, 342], [329, 378, 622, 342]]),
    ((1280, 720), 1, {"videoSettings.margin.left_gu": 10}, [[200, 56, 1080, 608]]),
    ((1280, 720), 2, {"videoSettings.margin.left_gu": 10}, [[200, 213, 522, 294], [758, 213, 522, 294]]),
    ((1280, 720), 2, {"mode": "split"}, [[0, 0, 640, 720], [640, 0, 640, 720]]),
    ((720, 1280), 2, {"mode": "split"}, [[0, 0, 720, 640], [0, 640, 720, 640]]),
    ((1280, 720), 6, {"mode": "dominant"},
     [[0, 0, 1024, 720], [1034, 10, 236, 129], [1034, 152, 236, 129], [1034, 295, 236, 129],
      [1034, 438, 236, 129], [1034, 581, 236, 129]]),
    ((1280, 720), 3, {"mode": "dominant", "videoSettings.dominant.centerItems": True},
     [[0, 0, 1024, 720], [1034, 220, 236, 133], [1034, 367, 236, 133]]),
    ((1280, 720), 6, {"mode": "dominant", "videoSettings.dominant.position": "top"},
     [[0, 0, 1280, 576], [10, 586, 241, 124], [264, 586, 241, 124], [519, 586, 241, 124],
      [774, 586, 241, 124], [1029, 586, 241, 124]]),
    # Right edge: the chiclet area comes first in the tree, so its layers are listed first.
    ((1280, 720), 2, {"mode": "dominant", "videoSettings.dominant.position": "right"},
     [[10, 10, 236, 129], [256, 0, 1024, 720]]),
    ((1280, 720), 2, {"mode": "pip"}, [[0, 0, 1280, 720], [1010, 30, 240, 240]]),
]


@pytest.mark.parametrize("size,n,params,frames", REFERENCE_GEOMETRY)
def test_reference_geometry(size, n, params, frames) -> None:
    out = make_host(size, [True] * n, {"mode": "grid", **params}).render(0)
    got = [[f["x"], f["y"], f["w"], f["h"]] for f in (l["frame"] for l in out.video_layers)]
    assert got[: len(frames)] == frames


def test_selection_rules() -> None:
    slots = [True, {"id": 7, "type": "screenshare"}, {"id": 2, "dominant": True, "displayName": "Dom"},
             {"id": 3, "paused": True}]
    host = make_host(inputs=slots, params={"mode": "grid"})
    assert [l["id"] for l in host.render(0).video_layers] == [0, 7, 2]  # paused → placeholder
    host.set_params({"videoSettings.preferScreenshare": True, "videoSettings.omitPausedVideo": True})
    assert [l["id"] for l in host.render(1).video_layers] == [7, 0, 2]
    host.set_params({"videoSettings.preferScreenshare": False, "videoSettings.maxCamStreams": 1})
    # At the camera limit the dominant camera replaces the last entry taken, even a screenshare.
    assert [l["id"] for l in host.render(2).video_layers] == [0, 2]


def test_screenshare_uses_its_scale_mode_and_grid_switches_to_dominant() -> None:
    slots = [True, {"id": 5, "type": "screenshare"}, True]
    host = make_host(inputs=slots, params={"mode": "grid"})
    modes = {l["id"]: l["attrs"]["scaleMode"] for l in host.render(0).video_layers}
    assert modes == {0: "fill", 5: "fit", 2: "fill"}
    host.set_params({"videoSettings.grid.useDominantForSharing": True})
    layers = host.render(1).video_layers
    # Screenshare first and in the main area; cameras become chiclets (which always use scaleMode).
    assert [(l["id"], l["frame"]["w"], l["attrs"]["scaleMode"]) for l in layers] == [
        (5, 1024, "fit"), (0, 236, "fill"), (2, 236, "fill")]


def test_preferred_participants_come_first() -> None:
    slots = [True, True, True]
    room = [{"id": f"peer{i}", "displayName": f"P{i}", "video": {"id": i, "paused": False},
             "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": f"a{i}", "paused": False}}
            for i in range(3)]
    host = make_host(inputs=slots, params={"mode": "grid", "videoSettings.preferredParticipantIds": "peer2, nobody ,peer1"})
    host.set_room(room)
    assert [l["id"] for l in host.render(0).video_layers] == [2, 1, 0]


def test_split_zoom_and_scale_mode_overrides() -> None:
    host = make_host(inputs=[True, True], params={
        "mode": "split", "videoSettings.zoomFactorsList": "2, x", "videoSettings.split.scaleModeOverrides": "fit"})
    layers = host.render(0).video_layers
    assert [l["attrs"] for l in layers] == [{"scaleMode": "fit", "zoomFactor": 2},
                                            {"scaleMode": "fill", "zoomFactor": 1}]


def test_rounded_corners_and_fit_snug_frame() -> None:
    slots = [{"id": 0, "frameSize": {"w": 640, "h": 480}}]
    host = make_host(inputs=slots, params={"mode": "single", "videoSettings.roundedCorners": True,
                                           "videoSettings.scaleMode": "fit"})
    (layer,) = host.render(0).video_layers
    # 4:3 content fitted into 1280×720: a 960-px wide layer centred horizontally.
    assert layer["frame"] == {"x": 160, "y": 0, "w": 960, "h": 720}
    assert layer["attrs"] == {"cornerRadiusPx": 24, "scaleMode": "fit", "zoomFactor": 1}


def test_full_screen_highlight_hides_other_videos() -> None:
    host = make_host(inputs=[True, True, True], params={"videoSettings.grid.fullScreenHighlightItemIndex": 1})
    assert layer_tuples(host.render(0)) == [(1, (0, 0, 1280, 720))]


def test_layout_animation_ids_when_enabled() -> None:
    host = make_host(inputs=[True, True], params={"enableLayoutAnims": True})
    host.render(0)
    host.set_inputs([True, True, True])
    mid = host.render(4).video_layers      # 0.13 s into the 0.3 s move
    end = host.render(20).video_layers
    assert mid[0]["frame"] != end[0]["frame"]
    assert end[0]["frame"] == {"x": 58, "y": 25, "w": 564, "h": 317}


def test_legacy_params_replace_their_successors() -> None:
    host = make_host(inputs=[True, True], params={"videoSettings.margin.left_vw": 0.1})
    # 0.1 of the width = 6.4 gu: the grid lays out in [128, 0, 1152, 720].
    assert layer_tuples(host.render(0))[0] == (0, (128, 203, 558, 314))
    host.set_params({"videoSettings.omitPausedVideo": None, "videoSettings.omitPaused": True}, warn=False)
    host.set_inputs([True, {"id": 1, "paused": True}])
    assert [l["id"] for l in host.render(1).video_layers] == [0]


# ---------------------------------------------------------------------------------------------
# tile graphics: placeholders, labels, mic icons, dominant outline


def image_calls(out, name: str) -> list[list]:
    return [args[1:] for args in commands(out, "drawImage") if args[0]["id"] == name]


def test_tile_graphics_in_grid() -> None:
    slots = [{"id": 0, "displayName": "Ann"}, {"id": 1, "displayName": "Bob", "paused": True},
             {"id": 2, "dominant": True}, True]
    out = make_host(inputs=slots, params={
        "videoSettings.showParticipantLabels": True, "videoSettings.showMicStatus": True}).render(0)
    assert [l["id"] for l in out.video_layers] == [0, 2, 3]
    assert has_fill_rect(out, [658, 25, 564, 317])                      # Bob's placeholder
    assert image_calls(out, "user_white_64.png") == [[924, 167.5, 32, 32]]
    assert [68, 308, 24, 24] in image_calls(out, "mic_active_white_32.png")
    assert texts(out) == ["Ann", "Bob"]                                 # no label without a name
    assert [58, 344, 564, 32] in commands(out, "rect")                  # "below" label clip
    assert ["Ann", 58, 360] in commands(out, "fillText")
    assert ["600", "", 20, "Roboto"] in commands(out, "font")
    # Dominant outline: 4 px (0.2 gu) inside the tile.
    assert [60, 380, 560, 313] in commands(out, "strokeRect")


def test_labels_and_mic_in_single_and_dominant() -> None:
    slots = [{"id": 0, "displayName": "Ann"}, {"id": 1, "displayName": "Carol"}]
    params = {"mode": "single", "videoSettings.showParticipantLabels": True, "videoSettings.showMicStatus": True}
    host = make_host(inputs=slots, params=params)
    out = host.render(0)
    assert ["Ann", 10, 26] in commands(out, "fillText")
    assert image_calls(out, "mic_active_white_32.png") == [[10, 686, 24, 24]]
    host.set_params({"mode": "dominant"})
    out = host.render(1)
    assert [1044, 105, 24, 24] in image_calls(out, "mic_active_white_32.png")
    assert "Carol" in texts(out)


def test_label_placement_inside_with_offsets() -> None:
    out = make_host(inputs=[{"id": 0, "displayName": "Ann"}, True], params={
        "videoSettings.showParticipantLabels": True, "videoSettings.grid.labelPlacement": "inside-at-bottom",
        "videoSettings.labels.fontSize_pct": 150, "videoSettings.labels.offset_x_gu": 1,
        "videoSettings.labels.offset_y_gu": -0.5}).render(0)
    assert [31, 481, 600, 48] in commands(out, "rect")


def test_muted_mic_and_audio_only_participant() -> None:
    room = [{"id": "p0", "displayName": "Ann", "video": {"id": 0, "paused": False},
             "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": "a0", "paused": True}},
            {"id": "p1", "displayName": "Phone", "video": {"id": None, "paused": False},
             "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": "a1", "paused": False}}]
    host = make_host(inputs=[True], params={"videoSettings.showMicStatus": True,
                                            "videoSettings.showParticipantLabels": True})
    host.set_room(room)
    out = host.render(0)
    assert len(out.video_layers) == 1                      # the audio-only peer has no video
    assert len(image_calls(out, "mic_muted_white_32.png")) == 1
    assert "Phone" in texts(out)
    host.set_params({"videoSettings.omitAudioOnly": True})
    assert "Phone" not in texts(host.render(1))


def test_own_images_are_drawn_by_vcs_render(tmp_path) -> None:
    """Through the CLI our images/ folder is found: the paused tile's person icon and the mic
    icons are drawn as the white artwork they are."""
    scenario = {
        "compositionId": "daily:baseline", "outputSize": {"w": 1280, "h": 720},
        "durationInFrames": 1, "outputFrames": [0],
        "initialState": {"activeVideoInputSlots": [True, {"id": 1, "paused": True}],
                         "params": {"videoSettings.showMicStatus": True}},
    }
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario))
    assert vcs(["render", BASELINE, "--scenario", str(path), "--out", str(tmp_path), "--emit", "graphics"]) == 0
    rgba = read_png(tmp_path / "vcs-output_0_graphics.png")
    # Tile 1 is [658, 185, 622, 350]: icon centred at (969, 360), mic icon at (668, 501, 24, 24).
    assert rgba[355:365, 964:974, :3].max() == 255
    assert rgba[505:520, 675:685, :3].max() == 255


# ---------------------------------------------------------------------------------------------
# §5 overlays


def test_text_overlay() -> None:
    host = make_host(inputs=[True])
    assert "An example text overlay" not in texts(host.render(0))
    host.set_params({"showTextOverlay": True})
    out = host.render(1)
    assert ["An example text overlay", 364, 362] in commands(out, "fillText")
    assert ["400", "", 50, "DMSans"] in commands(out, "font")
    assert 10 in commands(out, "lineWidth")
    host.set_params({"text.stroke_gu": 0})
    assert 12 in commands(host.render(2), "lineWidth")
    host.set_params({"text.strokeColor": ""})
    assert commands(host.render(3), "strokeText") == []


def test_text_overlay_transform() -> None:
    out = make_host(params={"showTextOverlay": True, "text.offset_x_gu": 4, "text.offset_y_gu": -2,
                            "text.rotation_deg": 15}).render(0)
    assert commands(out, "translate") == [[720, 320], [-720, -320]]
    assert commands(out, "rotate") == [[0.2617993877991494]]


def test_text_overlay_highlight_rows() -> None:
    out = make_host(params={"showTextOverlay": True, "text.source": "highlightLines.items"}).render(0)
    rows = commands(out, "fillText")
    assert [r[0] for r in rows] == ["Introduction", "Notes from the conference", "Interview with Jane Doe", "Q & A"]
    assert [r[2] for r in rows] == [250, 335, 420, 505]
    assert ["700", "", 50, "DMSans"] in commands(out, "font")
    assert "rgba(255, 255, 0, 1)" in commands(out, "fillStyle")


def test_image_overlay_positions_and_layers() -> None:
    host = make_host(inputs=[True], params={"showImageOverlay": True, "image.enableFade": False})
    out = host.render(0)
    # 640×360 asset fitted into the 427×240 corner box.
    assert image_calls(out, "overlay.png") == [pytest.approx([823 + (427 - 240 * 640 / 360) / 2, 30, 240 * 640 / 360, 240])]
    host.set_params({"image.emoji": " 🎉 ", "image.position": "bottom-left"})
    assert ["🎉", 30, 625, 354, 199] in commands(host.render(1), "fillText_emoji")
    host.set_params({"image.emoji": "", "image.zPosition": "background"})
    out = host.render(2)
    # In the background pass: drawn inside the block clipped to the area outside the videos.
    cmds = out.flattened["commands"]
    first_restore = next(i for i, c in enumerate(cmds) if c[0] == "restore")
    draw = next(i for i, c in enumerate(cmds) if c[0] == "drawImage")
    assert draw < first_restore


def test_overlay_fade_timing() -> None:
    host = make_host(params={"showImageOverlay": True})
    assert image_calls(host.render(0), "overlay.png") == []          # toggled at t = 0: opacity 0
    out = host.render(5)
    assert alpha_before(out, lambda c: c[0] == "drawImage") == pytest.approx((5 / 30) / 0.35)
    assert alpha_before(host.render(11), lambda c: c[0] == "drawImage") == 1
    host.set_params({"showImageOverlay": False})
    assert alpha_before(host.render(14), lambda c: c[0] == "drawImage") == 1
    assert alpha_before(host.render(17), lambda c: c[0] == "drawImage") == pytest.approx(1 - (3 / 30) / 0.35)
    assert image_calls(host.render(30), "overlay.png") == []


def test_banner_geometry_and_transition() -> None:
    host = make_host(params={"showBannerOverlay": True})
    assert "Hello world" not in texts(host.render(0))
    out = host.render(5)
    assert alpha_before(out, lambda c: c[0] == "fillRect") == 0.4761904761904762
    out = host.render(20)
    assert [0, 517, 529, 183] in commands(out, "fillRect")
    assert ["🎉", 40, 601, 50, 50] in commands(out, "fillText_emoji")
    assert ["Hello world", 140, 588] in commands(out, "fillText")
    assert ["This is an example subtitle", 140, 647] in commands(out, "fillText")
    host.set_params({"banner.showIcon": False})
    assert [0, 517, 429, 183] in commands(host.render(21), "fillRect")


def test_banner_from_highlight_lines() -> None:
    out = make_host(params={
        "showBannerOverlay": True, "banner.enableTransition": False, "banner.source": "highlightLines.items",
        "highlightLines.position": 3, "banner.position": "top-right", "banner.stroke_gu": 0.1,
        "banner.cornerRadius_gu": 1}).render(0)
    assert [898, 20, 382, 140] in commands(out, "fillRect")
    assert ["Now: Q & A", 1038, 91] in commands(out, "fillText")
    assert [899, 21, 380, 138, 20, 20, 20, 20] in commands(out, "roundRect")


def toast_alpha(out) -> float | None:
    """globalAlpha of the toast box (its clip is the only roundRect with radius 24)."""
    cmds = out.flattened["commands"]
    for i, c in enumerate(cmds):
        if c[0] == "roundRect" and c[1][4] == 24:
            return next(x[1] for x in cmds[i:] if x[0] == "globalAlpha")
    return None


def test_toast_fade_in_and_queue() -> None:
    host = make_host()
    host.render(0)
    host.render(1)
    host.set_params({"toast.key": 1})
    out = host.render(2)
    assert toast_alpha(out) == 0 and "Hello world" not in texts(out)
    assert toast_alpha(host.render(11)) == pytest.approx(0.5)
    out = host.render(30)
    assert [998, 20, 262, 100] in commands(out, "fillRect")
    assert ["Hello world", 1098, 74] in commands(out, "fillText")
    assert ["🎉", 1018, 84, 50, 50] in commands(out, "fillText_emoji")
    # A second toast queued while the first is up replaces it at start + duration, at full opacity.
    host.set_params({"toast.key": 2, "toast.text": "Second"})
    host.render(31)
    assert "Hello world" in texts(host.render(121))
    out = host.render(122)
    assert "Second" in texts(out) and toast_alpha(out) == 1
    # Key 0 / an old key never shows.
    host.set_params({"toast.key": 1, "toast.text": "Old"})
    assert "Old" not in texts(host.render(300))


def test_lone_toast_fades_out() -> None:
    host = make_host(params={"toast.duration_secs": 1})
    for f in range(5):
        host.render(f)
    host.set_params({"toast.key": 1})
    host.render(5)
    assert toast_alpha(host.render(40)) == pytest.approx(2 / 3)
    assert toast_alpha(host.render(45)) == pytest.approx(1 / 3)
    assert toast_alpha(host.render(49)) == pytest.approx(1 / 15)
    assert toast_alpha(host.render(50)) is None


def slate_alpha(out, text: str) -> float | None:
    if text not in texts(out):
        return None
    return alpha_before(out, lambda c: c[0] == "fillText" and c[1][0] == text)


def test_title_slate() -> None:
    host = make_host()
    for f in range(3):
        host.render(f)
    host.set_params({"showTitleSlate": True})
    assert slate_alpha(host.render(3), "Title slate") is None
    assert slate_alpha(host.render(4), "Title slate") == pytest.approx(0.1333, abs=1e-4)
    out = host.render(13)
    assert ["Title slate", 528, 368] in commands(out, "fillText")
    assert ["Subtitle", 571, 510] in commands(out, "fillText")
    assert ["400", "", 38, "Bitter"] in commands(out, "font")
    host.set_params({"showTitleSlate": False})
    assert slate_alpha(host.render(14), "Title slate") == 1
    assert slate_alpha(host.render(20), "Title slate") == pytest.approx(0.2)


def test_opening_slate() -> None:
    host = make_host(params={"enableAutoOpeningSlate": True, "openingSlate.duration_secs": 1})
    assert slate_alpha(host.render(0), "Welcome") == 1
    assert slate_alpha(host.render(30), "Welcome") == 1
    assert slate_alpha(host.render(33), "Welcome") == pytest.approx(0.6)
    assert slate_alpha(host.render(37), "Welcome") == pytest.approx(1 / 15)
    assert slate_alpha(host.render(38), "Welcome") is None


def test_sidebar() -> None:
    host = make_host(inputs=[True, True], params={"showSidebar": True})
    out = host.render(0)
    assert [896, 0, 384, 720] in commands(out, "fillRect")
    assert texts(out)[0] == "Introduction"
    assert "Q & A" in texts(out)
    assert ["600", "", 28, "DMSans"] in commands(out, "font")
    # Shrinking the video layout: the grid lays out in 1280 − 384 px.
    host.set_params({"sidebar.shrinkVideoLayout": True})
    frames = [l["frame"] for l in host.render(1).video_layers]
    assert max(f["x"] + f["w"] for f in frames) <= 896
    portrait = make_host((720, 1280), params={"showSidebar": True}).render(0)
    assert [0, 960, 720, 320] in commands(portrait, "fillRect")


def test_emoji_reactions_from_params() -> None:
    host = make_host(params={"emojiReactions.source": "param", "emojiReactions.emoji": "🎉"})
    host.render(0)
    host.set_params({"emojiReactions.key": 1})
    (spawn,) = commands(host.render(1), "fillText_emoji")
    size = spawn[3] / 0.83
    assert 3.8 * 20 * 0.83 - 1 <= spawn[3] <= 4.2 * 20 * 0.83 + 1
    assert spawn[2] == pytest.approx(720 + 0.73 * size, abs=1.5)      # frame top at the bottom edge
    assert abs(spawn[1] - 640) <= 2.5 * 20 + 1
    (later,) = commands(host.render(15), "fillText_emoji")
    assert later[2] < spawn[2] - 60                                     # rising (≥ 9 gu/s)
    host.set_params({"emojiReactions.key": 2})
    assert len(commands(host.render(16), "fillText_emoji")) == 2
    assert commands(host.render(200), "fillText_emoji") == []           # faded out


# Values the spec lists as verified against Daily's output: (size, params, frame, command, args)
LONG_TITLE = "A much longer title that wraps over three lines in portrait"
LONG_TOAST = "This is a long toast message that needs two lines of text to fit in"
NO_FADE = {"banner.enableTransition": False, "image.enableFade": False}
VERIFIED_DRAWING = [
    ((1920, 1080), {"showBannerOverlay": True}, 0, "fillRect", [0, 776, 793, 274]),
    ((1920, 1080), {"showBannerOverlay": True}, 0, "fillText_emoji", ["🎉", 60, 902, 75, 75]),
    ((1920, 1080), {"showBannerOverlay": True}, 0, "fillText", ["This is an example subtitle", 210, 972]),
    ((720, 1280), {"showBannerOverlay": True, "banner.title": LONG_TITLE}, 0, "fillRect", [0, 983, 648, 277]),
    ((720, 1280), {"showBannerOverlay": True, "banner.title": LONG_TITLE}, 0, "fillText",
     ["This is an example subtitle", 140, 1207]),
    ((1280, 720), {"showBannerOverlay": True, "banner.alwaysUseMaxW": True, "banner.subtitle": "",
                   "banner.position": "top-right", "banner.rotation_deg": 10}, 0, "translate", [864, 90]),
    ((1280, 720), {"toast.key": 1, "toast.showIcon": False, "toast.text": LONG_TOAST}, 30, "fillRect",
     [620, 20, 640, 102]),
    ((1920, 1080), {"showSidebar": True}, 0, "fillText", ["Introduction", 1389, 75]),
    ((720, 1280), {"showSidebar": True, "sidebar.fontSize_gu": 2, "sidebar.padding_gu": 1,
                   "highlightLines.items": "\n".join(f"Line {i}" for i in range(12))}, 0, "fillText",
     ["Line 11", 20, 1235]),
    ((1920, 1080), {"enableAutoOpeningSlate": True}, 0, "fillText", ["Welcome", 796, 552]),
    ((720, 1280), {"showImageOverlay": True}, 0, "drawImage",
     [{"type": "compositionAsset", "id": "overlay.png"}, 263 + (427 - 240 * 640 / 360) / 2, 30, 240 * 640 / 360, 240]),
    ((1280, 720), {"showTextOverlay": True, "text.source": "highlightLines.items", "text.align_vertical": "top",
                   "text.align_horizontal": "left"}, 0, "fillText", ["Introduction", 10, 65]),
    ((1280, 720), {"showTextOverlay": True, "text.fontSize_gu": 6,
                   "text.content": "A long text overlay that will wrap because it is wider than the viewport at this large size"},
     0, "fillText", ["viewport at this large…", 23, 601]),
]


@pytest.mark.parametrize("size,params,frame,name,args", VERIFIED_DRAWING)
def test_verified_drawing(size, params, frame, name, args) -> None:
    host = make_host(size, params={**NO_FADE, **params})
    if frame:
        host.render(0)
    got = commands(host.render(frame), name)
    if name == "drawImage":
        # pytest >= 9 refuses approx() of nested data: compare the asset ref exactly, the
        # numbers approximately.
        ref, *numbers = args
        assert any(g[0] == ref and g[1:] == pytest.approx(numbers) for g in got), got
    else:
        assert args in got


def test_emoji_reactions_from_the_standard_source() -> None:
    host = make_host()
    host.render(0)
    host.add_messages({"emojiReactions": [{"key": "r1", "senderDisplayName": "Ann", "text": "👍"}]})
    assert [e[0] for e in commands(host.render(1), "fillText_emoji")] == ["👍"]
    host.add_messages({"emojiReactions": [{"key": "r2", "senderDisplayName": "Bob", "text": "🎉"}]})
    # Each key spawns once, although the source still lists "r1".
    assert [e[0] for e in commands(host.render(2), "fillText_emoji")] == ["👍", "🎉"]
    assert len(commands(host.render(10), "fillText_emoji")) == 2


def test_debug_overlay() -> None:
    out = make_host(inputs=[True], params={"debug.showRoomState": True}).render(0)
    fills = commands(out, "fillStyle")
    assert [0, 0, 1280, 200] in commands(out, "fillRect")
    assert [0, 200, 1280, 520] in commands(out, "fillRect")
    assert "rgba(100, 0, 0, 0.9)" in fills and "rgba(20, 10, 80, 0.9)" in fills


def test_zero_and_empty_values_fall_back() -> None:
    """§7.2: several falsy values mean "default" rather than "nothing"."""
    slots = [{"id": 0, "dominant": True, "displayName": "Ann"}, True]
    out = make_host(inputs=slots, params={
        "videoSettings.highlight.stroke_gu": 0, "videoSettings.showParticipantLabels": True,
        "videoSettings.labels.fontSize_pct": 0}).render(0)
    assert 4 in commands(out, "lineWidth")                       # highlight stroke 0 → 4 px
    assert ["600", "", 20, "Roboto"] in commands(out, "font")     # label size 0 → 20 px

    host = make_host(params={"toast.key": 1, "toast.text.fontSize_pct": 0, "toast.duration_secs": 0,
                             "toast.maxW_pct_default": 0, "toast.showIcon": False, "toast.text": "x " * 200})
    host.render(0)
    out = host.render(30)
    assert ["500", "", 22, "Roboto"] in commands(out, "font")     # toast size 0 → 22 px
    assert commands(out, "fillRect")[0][2] == round(1280 * 0.65)  # max width 0 → 65 %
    assert toast_alpha(host.render(4 * 30 + 10)) == pytest.approx(1 - (10 / 30) / 0.5)   # duration 0 → 4 s

    out = make_host(params={"showBannerOverlay": True, "banner.enableTransition": False,
                            "banner.maxW_pct_default": 0, "banner.alwaysUseMaxW": True}).render(0)
    assert commands(out, "fillRect")[0][2] == 1280 * 0.55         # max width 0 → 55 %

    out = make_host(params={"showTitleSlate": True, "titleSlate.enableTransition": False,
                            "titleSlate.fontSize_gu": 0, "titleSlate.bgColor": ""}).render(0)
    assert ["500", "", 50, "Bitter"] in commands(out, "font")     # slate size 0 → 2.5 gu
    assert [0, 0, 1280, 720] not in commands(out, "fillRect")     # empty bgColor: no background

    out = make_host(inputs=[True], params={"showSidebar": True, "sidebar.width_pct_landscape": "",
                                           "sidebar.shrinkVideoLayout": True}).render(0)
    assert [1280, 0, 0, 720] in commands(out, "fillRect")         # '' → a 0-px panel (clips all text)
    assert out.video_layers[0]["frame"]["w"] == 1280               # and no video shrink


# ---------------------------------------------------------------------------------------------
# §7 odd values: never fail


ODD_VALUES = ["", -1, 0, "abc", 1e6]


@pytest.mark.parametrize("mode", MODES)
def test_odd_param_values_never_break_rendering(mode: str) -> None:
    slots = [{"id": 0, "displayName": "Ann", "dominant": True}, {"id": 1, "type": "screenshare"},
             {"id": 2, "paused": True}, True]
    everything_on = {
        "mode": mode, "showTextOverlay": True, "showImageOverlay": True, "showBannerOverlay": True,
        "showWebFrameOverlay": True, "showSidebar": True, "showTitleSlate": True, "toast.key": 1,
        "videoSettings.showParticipantLabels": True, "videoSettings.showMicStatus": True,
        "emojiReactions.source": "param", "emojiReactions.emoji": "🎉", "emojiReactions.key": 1,
    }
    host = make_host(inputs=slots, params=everything_on)
    defaults = host.interface.defaults()
    frame = 0
    for spec in host.interface.params:
        for value in ODD_VALUES:
            host.set_params({spec.id: value}, warn=False)
            frame += 1
            out = host.render(frame)
            errors = [msg for level, msg in out.logs if level == "error"]
            assert not errors, (spec.id, value, errors)
            assert out.flattened["commands"], (spec.id, value)
        host.set_params({spec.id: everything_on.get(spec.id, defaults.get(spec.id))}, warn=False)
