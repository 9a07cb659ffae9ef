"""Layout: the stdlib layout functions' math (vcs-api.md §9) seen through video-layer frames, and
the layout passes (layout-and-output.md §1): content size, child stacking, intrinsic sizes.

Expected values are computed here from the spec's formulas (same operation order, so the doubles
match JavaScript's), then rounded as the video-layer writer does (JS Math.round).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import js_round, make_png, probe, spec_grid_item

from vcs_engine.host import Host

# ---------------------------------------------------------------------- reference formulas


def ref_pad(f, p, ppg, vp):
    l = r = t = b = 0.0
    fin = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
    if fin(p.get("pad")):
        l = r = t = b = p["pad"]
    elif fin(p.get("pad_gu")):
        l = r = t = b = p["pad_gu"] * ppg
    elif isinstance(p.get("pad_gu"), dict):
        q = p["pad_gu"]
        l, r, t, b = ((q[k] * ppg if fin(q.get(k)) else 0) for k in "lrtb")
    elif isinstance(p.get("pad_viewportRelative"), dict):
        q = p["pad_viewportRelative"]
        l = q["l"] * vp[0] if fin(q.get("l")) else 0
        r = q["r"] * vp[0] if fin(q.get("r")) else 0
        t = q["t"] * vp[1] if fin(q.get("t")) else 0
        b = q["b"] * vp[1] if fin(q.get("b")) else 0
    ct = {"x": l, "y": t, "w": -(l + r), "h": -(t + b)}
    return {"x": f["x"] + ct["x"], "y": f["y"] + ct["y"], "w": f["w"] + ct["w"], "h": f["h"] + ct["h"],
            "containerTransform": ct}


def ref_fit(f, a):
    x, y, w, h = f["x"], f["y"], f["w"], f["h"]
    pa = w / h
    if a >= pa:
        h2 = w / a
        y += (f["h"] - h2) / 2
        h = h2
    else:
        w2 = h * a
        x += (f["w"] - w2) / 2
        w = w2
    return {"x": x, "y": y, "w": w, "h": h}


def ref_split(f, p, ppg, vertical):
    pos = p.get("pos", 0.5)
    margin = p.get("margin_gu", 0) * ppg
    x, y, w, h = f["x"], f["y"], f["w"], f["h"]
    if vertical:
        avail = f["w"] - margin
        if not p.get("index"):
            w = avail * pos
        else:
            w = avail * (1 - pos)
            x += avail * pos + margin
    else:
        avail = f["h"] - margin
        if not p.get("index"):
            h = avail * pos
        else:
            h = avail * (1 - pos)
            y += avail * pos + margin
    return {"x": x, "y": y, "w": w, "h": h}


def ref_grid(f, p, ppg, vp):
    index, total = p["index"], p["total"]
    inner_gu = p.get("innerMargin_gu", -1)
    outer_gu = p.get("outerMargin_gu", -1)
    preserve = p.get("preserveItemAspectRatio", True)
    asp = vp[0] / vp[1]
    num_cols = 5 if total > 16 else 4 if total > 9 else 3 if total > 4 else 2 if total > 1 else 1
    num_rows = math.ceil(total / num_cols)
    inner = 0.0
    ox = oy = 0.0
    if total > 1:
        margin_rel = js_round(vp[1] * 0.05) if asp > 1 else vp[0] * 0.04
        inner = inner_gu * ppg if inner_gu >= 0 else margin_rel
        if outer_gu >= 0:
            ox = oy = outer_gu * ppg
        elif preserve and num_cols == num_rows:
            oy = js_round(margin_rel * 0.7) if asp > 1 else js_round(margin_rel)
    P = {"x": f["x"] + ox, "y": f["y"] + oy, "w": f["w"] - 2 * ox, "h": f["h"] - 2 * oy}
    return spec_grid_item(P, index, total, num_cols, num_rows, asp, inner, preserve, True)


def ref_column(f, p, ppg):
    index, total = p["index"], p["total"]
    make_row = p.get("makeRow", False)
    center = p.get("center", False)
    iar = p.get("itemAspectRatio", 0)
    inner = p.get("innerMargin_gu", 0.7) * ppg if total > 1 else 0
    outer = p.get("outerMargin_gu", 0.5) * ppg
    num_cols, num_rows = (total, 1) if make_row else (1, total)
    P = {"x": f["x"] + outer, "y": f["y"] + outer, "w": f["w"] - 2 * outer, "h": f["h"] - 2 * outer}
    if iar > 0:
        asp = iar
    elif num_rows == 1:
        asp = (P["w"] - inner * (total - 1)) / total / P["h"]
    else:
        asp = P["w"] / ((P["h"] - inner * (total - 1)) / total)
    if center:
        item_dim = P["h"] * iar if make_row else P["w"] / iar
        total_dim = total * item_dim + ((total - 1) * inner if total > 1 else 0)
        if make_row:
            P["x"] += (P["w"] - total_dim) / 2
            P["w"] = total_dim
        else:
            P["y"] += (P["h"] - total_dim) / 2
            P["h"] = total_dim
    return spec_grid_item(P, index, None, num_cols, num_rows, asp, inner, True, False)


def ref_line_grid(f, p, ppg):
    index = p["index"]
    num_cols = p.get("numCols", 4)
    item_w = f["w"] / num_cols
    item_h = p.get("textSize_gu", 1) * ppg * 1.2 * p.get("numTextLines", 1)
    return {"x": f["x"] + (index % num_cols) * item_w, "y": f["y"] + (index // num_cols) * item_h,
            "w": item_w, "h": item_h}


def rounded(frame):
    """A layout result as the video-layer writer emits it (x, y, w, h rounded in place)."""
    out = dict(frame)
    for k in "xywh":
        out[k] = js_round(frame[k])
    return out


# ---------------------------------------------------------------------- composition under test


PLACER = """
    const place = (f, p) => ({ x: p.x, y: p.y, w: p.w, h: p.h });
    export default function C() {
      const { items, parent } = hooks.useParams();
      return (
        <Box layout={parent ? [place, parent] : undefined}>
          {(items || []).map((it, i) => (
            <Video key={i} src={i} layout={[layouts[it.fn], it.p]} />
          ))}
        </Box>
      );
    }
"""


@pytest.fixture
def placer(load):
    hosts = {}

    def frames(items, parent=None, size=(1280, 720)):
        if size not in hosts:
            hosts[size] = load(PLACER, size=size)
        host = hosts[size]
        host.set_params({"items": items, "parent": parent}, warn=False)
        layers = host.render(1).video_layers
        assert [layer["id"] for layer in layers] == list(range(len(items)))
        return [layer["frame"] for layer in layers]

    return frames


VP = (1280, 720)
PPG = 20.0
FULL = {"x": 0, "y": 0, "w": 1280, "h": 720}
PARENT = {"x": 13.25, "y": 7.5, "w": 901.5, "h": 503.3}


# ---------------------------------------------------------------------- pad, offset, fit, split


@pytest.mark.parametrize("params", [
    {"pad": 13.3},
    {"pad_gu": 1.5},
    {"pad_gu": {"l": 1, "r": 2.5, "t": 0.25}},
    {"pad_viewportRelative": {"l": 0.1, "r": 0.05, "t": 0.2, "b": 0.013}},
    {"pad": float("nan"), "pad_gu": 2},   # NaN-valued keys are removed before the call
    {},
])
def test_pad_param_forms(placer, params):
    sent = {k: v for k, v in params.items() if not (isinstance(v, float) and math.isnan(v))}
    expected = ref_pad(PARENT, sent, PPG, VP)
    got = placer([{"fn": "pad", "p": sent}], PARENT)[0]
    assert got == rounded(expected)
    assert list(got) == ["x", "y", "w", "h", "containerTransform"]
    # containerTransform is written unrounded
    assert got["containerTransform"] == expected["containerTransform"]


def test_pad_priority_number_beats_gu(placer):
    got = placer([{"fn": "pad", "p": {"pad": 10, "pad_gu": 3, "pad_viewportRelative": {"l": 0.5}}}], FULL)[0]
    assert got["containerTransform"] == {"x": 10, "y": 10, "w": -20, "h": -20}


@pytest.mark.parametrize("params,dx,dy", [
    ({"offsets": {"x": 12.5, "y": -3}}, 12.5, -3),
    ({"offsets": {"y": 4}, "x": 100}, 0, 4),
    ({"x": 7.5, "y": 2.25}, 7.5, 2.25),
    ({}, 0, 0),
])
def test_offset(placer, params, dx, dy):
    got = placer([{"fn": "offset", "p": params}], PARENT)[0]
    expected = {"x": PARENT["x"] + dx, "y": PARENT["y"] + dy, "w": PARENT["w"], "h": PARENT["h"],
                "containerTransform": {"x": dx, "y": dy, "w": 0, "h": 0}}
    assert got == rounded(expected)


@pytest.mark.parametrize("aspect", [16 / 9, 4 / 3, 1.0, 0.5, 3.2, None])
def test_fit(placer, aspect):
    params = {} if aspect is None else {"contentAspectRatio": aspect}
    got = placer([{"fn": "fit", "p": params}], PARENT)[0]
    expected = PARENT if aspect is None else ref_fit(PARENT, aspect)
    assert got == rounded(expected)


@pytest.mark.parametrize("fn,vertical", [("splitVertical", True), ("splitHorizontal", False)])
@pytest.mark.parametrize("params", [{}, {"pos": 0.3}, {"pos": 0.7, "margin_gu": 1.5}, {"margin_gu": 0.33}])
def test_split_both_parts(placer, fn, vertical, params):
    items = [{"fn": fn, "p": dict(params, index=i)} for i in (0, 1, 2)]
    got = placer(items, PARENT)
    exp = [rounded(ref_split(PARENT, dict(params, index=i), PPG, vertical)) for i in (0, 1, 2)]
    assert got == exp
    assert got[1] == got[2]  # any index but 0 is the second part


@pytest.mark.parametrize("size,vertical", [((1280, 720), True), ((720, 720), True), ((720, 1280), False)])
def test_split_across_longer_dimension(placer, size, vertical):
    ppg = min(size) / 36
    full = {"x": 0, "y": 0, "w": size[0], "h": size[1]}
    p = {"pos": 0.4, "margin_gu": 1}
    got = placer([{"fn": "splitAcrossLongerDimension", "p": dict(p, index=i)} for i in (0, 1)], full, size)
    assert got == [rounded(ref_split(full, dict(p, index=i), ppg, vertical)) for i in (0, 1)]


# ---------------------------------------------------------------------- grid, column, line grid


@pytest.mark.parametrize("total", range(1, 18))
def test_grid_landscape_all_totals(placer, total):
    items = [{"fn": "grid", "p": {"index": i, "total": total}} for i in range(total)]
    got = placer(items, FULL)
    assert got == [ref_grid(FULL, {"index": i, "total": total}, PPG, VP) for i in range(total)]


@pytest.mark.parametrize("total", [2, 3, 5, 7, 10, 13, 17])
def test_grid_portrait(placer, total):
    size = (720, 1280)
    full = {"x": 0, "y": 0, "w": 720, "h": 1280}
    items = [{"fn": "grid", "p": {"index": i, "total": total}} for i in range(total)]
    got = placer(items, full, size)
    assert got == [ref_grid(full, {"index": i, "total": total}, 20.0, size) for i in range(total)]


def test_grid_known_values_and_centred_remainder(placer):
    # 3 items at 1280x720: 2 columns, 2 rows, inner margin round(720*0.05) = 36, outer y 25
    got = placer([{"fn": "grid", "p": {"index": i, "total": 3}} for i in range(3)], FULL)
    assert got == [{"x": 58, "y": 25, "w": 564, "h": 317}, {"x": 658, "y": 25, "w": 564, "h": 317},
                   {"x": 358, "y": 378, "w": 564, "h": 317}]
    # the last-row item is centred between the columns
    assert got[2]["x"] == (got[0]["x"] + got[1]["x"]) // 2


@pytest.mark.parametrize("params", [
    {"innerMargin_gu": 0.5, "outerMargin_gu": 1},
    {"innerMargin_gu": 0, "outerMargin_gu": 0},
    {"preserveItemAspectRatio": False},
    {"preserveItemAspectRatio": False, "innerMargin_gu": 2},
])
@pytest.mark.parametrize("total", [4, 6, 11])
def test_grid_margins_and_no_aspect(placer, params, total):
    items = [{"fn": "grid", "p": dict(params, index=i, total=total)} for i in range(total)]
    got = placer(items, PARENT)
    assert got == [ref_grid(PARENT, dict(params, index=i, total=total), PPG, VP) for i in range(total)]


def test_grid_without_total_is_parent_copy(placer):
    got = placer([{"fn": "grid", "p": {"index": 0, "total": 0}}, {"fn": "grid", "p": {"index": 0}}], PARENT)
    assert got == [rounded(PARENT), rounded(PARENT)]


@pytest.mark.parametrize("params", [
    {},
    {"makeRow": True},
    {"itemAspectRatio": 16 / 9},
    {"makeRow": True, "itemAspectRatio": 1, "center": True},
    {"center": True, "itemAspectRatio": 16 / 9, "innerMargin_gu": 1, "outerMargin_gu": 0},
    {"innerMargin_gu": 0.2, "outerMargin_gu": 2},
])
@pytest.mark.parametrize("total", [1, 3, 5])
def test_column(placer, params, total):
    items = [{"fn": "column", "p": dict(params, index=i, total=total)} for i in range(total)]
    got = placer(items, PARENT)
    assert got == [ref_column(PARENT, dict(params, index=i, total=total), PPG) for i in range(total)]


@pytest.mark.parametrize("params", [{}, {"numCols": 3, "numTextLines": 5, "textSize_gu": 0.93}, {"numCols": 1}])
def test_simple_line_grid(placer, params):
    items = [{"fn": "simpleLineGrid", "p": dict(params, index=i)} for i in range(7)]
    got = placer(items, PARENT)
    assert got == [rounded(ref_line_grid(PARENT, dict(params, index=i), PPG)) for i in range(7)]


def test_video_frame_keeps_custom_layout_key_order(load):
    host = load("""
        const odd = (f) => ({ w: 100.5, h: 50.5, x: -2.5, y: 3.5, extra: 1.25 });
        export default function C() { return <Video src={0} layout={[odd]} />; }
    """)
    vl = host.render(1).video_layers_json
    assert '"frame":{"w":101,"h":51,"x":-2,"y":4,"extra":1.25}' in vl


def test_children_receive_the_parent_result_without_extra_keys(load):
    host = load("""
        const spy = (f, p) => { globalThis.__t.push(Object.keys(f)); return f; };
        export default function C() {
          return <Box layout={[layouts.pad, { pad: 10 }]}><Box layout={[spy]} /></Box>;
        }
    """)
    assert probe(host) == [["x", "y", "w", "h"]]


def test_layout_params_nan_keys_removed_and_default_empty_object(load):
    host = load("""
        const spy = (f, p) => { globalThis.__t.push([Object.keys(p), typeof p]); return f; };
        export default function C() {
          return <Box><Box layout={[spy, { a: NaN, b: 1 }]} /><Box layout={[spy]} /></Box>;
        }
    """)
    assert probe(host) == [[["b"], "object"], [[], "object"]]


# ---------------------------------------------------------------------- passes: content size, stacking


def test_content_size_two_pass(load):
    host = load("""
        const measured = (f, p, ctx) => {
          const cs = ctx.useContentSize();
          globalThis.__t.push([cs.w, cs.h]);
          return { x: f.x, y: f.y, w: cs.w, h: cs.h };
        };
        const place = (f, p) => ({ x: f.x + p.x, y: f.y + p.y, w: p.w, h: p.h });
        export default function C() {
          return (
            <Box layout={[layouts.offset, { x: 100, y: 50 }]}>
              <Box id="m" layout={[measured]}>
                <Video src={0} layout={[place, { x: 10, y: 5, w: 200, h: 100 }]} />
                <Video src={1} layout={[place, { x: 50, y: 80, w: 300, h: 40 }]} />
              </Box>
            </Box>
          );
        }
    """)
    # pass 0 sees {0, 0}; pass 1 sees the union of the children measured in pass 0
    assert probe(host) == [[0, 0], [340, 115]]
    frames = [layer["frame"] for layer in host._last.video_layers]
    # pass 1: the measuring box has w/h from its content, children start at its x/y
    assert frames == [{"x": 110, "y": 55, "w": 200, "h": 100}, {"x": 150, "y": 130, "w": 300, "h": 40}]


def test_content_size_includes_padding_via_container_transform(load):
    host = load("""
        const measured = (f, p, ctx) => {
          const cs = ctx.useContentSize();
          globalThis.__t.push([cs.w, cs.h]);
          return f;
        };
        const fixed = (f) => ({ x: f.x, y: f.y, w: 120, h: 30 });
        export default function C() {
          return (
            <Box layout={[measured]}>
              <Box layout={[layouts.pad, { pad_gu: { l: 1, r: 2, t: 0.5, b: 1 } }]}>
                <Box layout={[fixed]} />
              </Box>
            </Box>
          );
        }
    """)
    # the pad box measures its child (120x30) and adds its padding back: 120+20+40, 30+10+20
    assert probe(host)[-1] == [180, 60]


def test_child_stacking_y_and_x(load):
    host = load("""
        const sized = (f, p) => ({ x: f.x, y: f.y, w: p.w, h: p.h });
        const stackY = (f, p, ctx) => { ctx.useChildStacking({ direction: 'y', interval_px: 7 }); return f; };
        const stackX = (f, p, ctx) => { ctx.useChildStacking({ direction: 'x' }); return f; };
        const measured = (f, p, ctx) => { const cs = ctx.useContentSize(); globalThis.__t.push([cs.w, cs.h]); return f; };
        export default function C() {
          return (
            <Box>
              <Box layout={[measured]}>
                <Box layout={[stackY]}>
                  <Video src={0} layout={[sized, { w: 100, h: 40 }]} />
                  <Video src={1} layout={[sized, { w: 80, h: 25 }]} />
                  <Video src={2} layout={[sized, { w: 90, h: 10 }]} />
                </Box>
              </Box>
              <Box layout={[stackX]}>
                <Video src={3} layout={[sized, { w: 30, h: 10 }]} />
                <Video src={4} layout={[sized, { w: 45, h: 10 }]} />
                <Video src={5} layout={[sized, { w: 10, h: 10 }]} />
              </Box>
            </Box>
          );
        }
    """)
    layers = host._last.video_layers
    frames = {layer["id"]: layer["frame"] for layer in layers}
    assert [frames[i]["y"] for i in range(3)] == [0, 47, 79]
    assert [frames[i]["x"] for i in range(3, 6)] == [0, 30, 75]
    # the stacking box's content size is the stacked sum: 40 + 25 + 10 + 2*7; width the union
    assert probe(host)[-1] == [100, 89]
    # the childStacking key is stored on the frame (not on Videos here, so not in the output)
    assert all(list(f) == ["x", "y", "w", "h"] for f in frames.values())


def test_child_sizes_null_in_first_pass(load):
    host = load("""
        const sizes = (f, p, ctx) => {
          const s = ctx.useChildSizes();
          globalThis.__t.push(s === null ? null : s.map(c => [c.w, c.h, c.id]));
          return f;
        };
        const sized = (f, p) => ({ x: f.x, y: f.y, w: p.w, h: p.h });
        export default function C() {
          return <Box layout={[sizes]}><Box id="a" layout={[sized, { w: 5, h: 6 }]} /><Box id="b" layout={[sized, { w: 7, h: 8 }]} /></Box>;
        }
    """)
    assert probe(host) == [None, [[5, 6, "a"], [7, 8, "b"]]]


# ---------------------------------------------------------------------- intrinsic sizes


def test_intrinsic_size_of_image_from_sidecar_text_emoji_box(load):
    def images(folder):
        # the sidecar wins over the file's real size
        make_png(folder / "images" / "banner.png", 10, 10, {"width": 400, "height": 100, "copyright": "us"})
        make_png(folder / "images" / "plain.png", 33, 22)

    host = load("""
        const spy = (f, p, ctx) => { globalThis.__t.push([p.tag, ctx.useIntrinsicSize()]); return f; };
        export default function C() {
          return (
            <Box layout={[spy, { tag: 'box' }]}>
              <Image src="banner" layout={[spy, { tag: 'banner' }]} />
              <Image src="plain.png" layout={[spy, { tag: 'plain' }]} />
              <Image src="nothere.png" layout={[spy, { tag: 'missing' }]} />
              <Image src="test_square" layout={[spy, { tag: 'default' }]} />
              <Emoji value="🎉" layout={[spy, { tag: 'emoji' }]} />
              <Video src={0} layout={[spy, { tag: 'video' }]} />
            </Box>
          );
        }
    """, setup=images)
    got = {tag: (s["w"], s["h"]) for tag, s in probe(host)}
    assert got == {"box": (-1, -1), "banner": (400, 100), "plain": (33, 22), "missing": (0, 0),
                   "default": (320, 320), "emoji": (20, 20), "video": (0, 0)}


def test_intrinsic_size_of_text_grows_with_text(load):
    host = load("""
        const spy = (f, p, ctx) => { const s = ctx.useIntrinsicSize(); globalThis.__t.push([p.tag, s.w, s.h]); return f; };
        export default function C() {
          return (
            <Box>
              <Text layout={[spy, { tag: 'short' }]} style={{ fontSize_px: 20 }}>Hi</Text>
              <Text layout={[spy, { tag: 'long' }]} style={{ fontSize_px: 20 }}>Hi there, a longer line</Text>
              <Text layout={[spy, { tag: 'big' }]} style={{ fontSize_px: 40 }}>Hi</Text>
            </Box>
          );
        }
    """)
    sizes = {tag: (w, h) for tag, w, h in probe(host)}
    assert 0 < sizes["short"][0] < sizes["long"][0] < 1280
    assert sizes["short"][1] == sizes["long"][1] > 20
    assert sizes["big"][0] > sizes["short"][0] and sizes["big"][1] > sizes["short"][1]


def test_image_intrinsic_size_drives_fit_layout(load):
    def images(folder):
        make_png(folder / "images" / "wide.png", 8, 8, {"width": 800, "height": 200})

    host = load("""
        const fitImage = (f, p, ctx) => {
          const s = ctx.useIntrinsicSize();
          return layouts.fit(f, { contentAspectRatio: s.w / s.h });
        };
        export default function C() {
          return <Box layout={[fitImage]}><Image src="wide.png" layout={[fitImage]} /><Video src={0} /></Box>;
        }
    """, setup=images)
    # the Box has no intrinsic size (-1/-1 → aspect 1): a centred square; the Image inside is 4:1
    frame = host._last.video_layers[0]["frame"]
    assert frame == {"x": 280, "y": 0, "w": 720, "h": 720}
    draws = [c for c in host._last.flattened["commands"] if c[0] == "drawImage"]
    assert draws[0][1][1:] == [280, 270, 720, 180]


@pytest.mark.parametrize("size", [(1000, 570), (1366, 768), (721, 1280), (1080, 1350)])
@pytest.mark.parametrize("total", [2, 4, 6, 9])
def test_grid_viewports_with_fractional_margins(placer, size, total):
    # round(h * 0.05) and round(marginRel * 0.7) only matter when these are not integers
    full = {"x": 0, "y": 0, "w": size[0], "h": size[1]}
    ppg = min(size) / 36
    items = [{"fn": "grid", "p": {"index": i, "total": total}} for i in range(total)]
    got = placer(items, full, size)
    assert got == [ref_grid(full, {"index": i, "total": total}, ppg, size) for i in range(total)]


def test_content_size_of_a_text_is_its_measured_box(load):
    host = load("""
        const measured = (f, p, ctx) => {
          const cs = ctx.useContentSize();
          globalThis.__t.push(['content', cs.w, cs.h]);
          return f;
        };
        const spy = (f, p, ctx) => { const s = ctx.useIntrinsicSize(); globalThis.__t.push(['intrinsic', s.w, s.h]); return f; };
        export default function C() {
          return (
            <Box layout={[measured]}>
              <Text style={{ fontSize_px: 24 }} layout={[spy]}>Hello world</Text>
            </Box>
          );
        }
    """)
    seen = probe(host)
    intrinsic = next(v[1:] for v in seen if v[0] == "intrinsic")
    contents = [v[1:] for v in seen if v[0] == "content"]
    assert contents[0] == [0, 0]  # pass 0
    assert contents[-1] == intrinsic and intrinsic[0] > 0


def test_empty_text_has_a_zero_frame(load):
    host = load("""
        const sizes = (f, p, ctx) => {
          const s = ctx.useChildSizes();
          if (s) globalThis.__t.push(s.map(c => [c.id, c.w, c.h]));
          return f;
        };
        export default function C() {
          return <Box layout={[sizes]}><Text id="empty">{''}</Text><Box id="box" /></Box>;
        }
    """)
    assert probe(host) == [[["empty", 0, 0], ["box", 1280, 720]]]


# ---------------------------------------------------------------------- speculative single pass

DAILY_BASELINE = Path(__file__).resolve().parents[2] / "shared" / "daily-reference" / "compositions" / "daily-baseline"


def _timeline(host: Host) -> list[tuple[str, str]]:
    """Outputs of a run where measuring layouts (banner, toast) come and go while animations
    run: the frames where the one-walk speculation must fall back to both passes."""
    host.set_inputs([{"id": i, "displayName": f"P{i}"} for i in range(6)])
    steps = {0: {"mode": "grid", "enableLayoutAnims": True}, 3: {"videoSettings.margin.left_gu": 2.0},
             5: {"showBannerOverlay": True, "videoSettings.margin.left_gu": 4.0},
             9: {"videoSettings.margin.left_gu": 0.0}, 12: {"showBannerOverlay": False},
             14: {"mode": "split", "showTextOverlay": True},
             18: {"showBannerOverlay": True, "videoSettings.margin.right_gu": 3.0}}
    outputs = []
    for frame in range(30):
        if frame in steps:
            host.set_params(steps[frame])
        out = host.render(frame)
        outputs.append((out.video_layers_json, out.flattened_json))
    return outputs


@pytest.mark.skipif(not DAILY_BASELINE.is_dir(), reason="Daily's reference compositions not present")
def test_the_speculative_single_layout_walk_changes_no_output() -> None:
    runs = []
    for speculate in (True, False):
        host = Host.load(DAILY_BASELINE)
        host.runtime.eval(f"__vcs_layout.speculate = {'true' if speculate else 'false'};")
        runs.append(_timeline(host))
    assert runs[0] == runs[1]


MEASURED_PARENT = """
    export const compositionInterface = { params: [{ id: 'measure', type: 'boolean', defaultValue: false }] };
    export const layoutAnimations = [{ animationId: 'mover', properties: ['x', 'y', 'w', 'h'],
                                       predicate: 'frame-change-any', duration: 0.5 }];
    // Reads its content size only when asked to: the frame where it starts is a fallback frame.
    function sized(parent, params, ctx) {
      if (!params.measure) return { x: parent.x + 50, y: parent.y, w: parent.w, h: parent.h };
      const content = ctx.useContentSize();
      return { x: parent.x + 10 + content.w, y: parent.y, w: parent.w, h: parent.h };
    }
    function fixed(parent) { return { x: parent.x, y: parent.y + 5, w: 100, h: 40 }; }
    export default function C() {
      const { measure } = hooks.useParams();
      return (
        <Box layout={[sized, { measure }]}>
          <Box animationId="mover" layout={[fixed, {}]} style={{ fillColor: 'red' }} />
        </Box>
      );
    }
"""


@pytest.mark.parametrize("speculate", ["true", "false"])
def test_an_animation_under_a_layout_that_starts_measuring_tweens_once(load, speculate: str) -> None:
    host = load(MEASURED_PARENT)
    host.runtime.eval(f"__vcs_layout.speculate = {speculate};")
    for frame in range(3):
        host.render(frame)
    # pass 0 (and a speculative walk) reads a zero content size (x 10), pass 1 the real one
    host.set_params({"measure": True})
    xs = []
    for frame in range(3, 40):
        out = host.render(frame)
        xs.append(next(args[0] for name, *rest in out.flattened["commands"] if name == "fillRect"
                       for args in rest))
    # one tween from x 50 to 10 + 100 over 0.5 s (15 frames), then still
    assert xs[0] == 50 and xs[-1] == 110
    assert all(a <= b for a, b in zip(xs, xs[1:])) and len(set(xs[:16])) == 16
