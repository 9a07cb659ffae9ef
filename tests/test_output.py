"""Per-frame outputs (layout-and-output.md §2–3): video-layer JSON byte form and the canvex
display list (commands, save/restore elision, background/foreground split), and `changed`.
"""

from __future__ import annotations

import json
import math

import pytest
from conftest import commands, make_png, texts
from test_layout import ref_grid

W, H = 1280, 720
FULL = {"x": 0, "y": 0, "w": W, "h": H}


def dumps(v) -> str:
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


PLACE = "const place = (f, p) => ({ x: p.x, y: p.y, w: p.w, h: p.h });\n"


# ---------------------------------------------------------------------- video layers


GRID_COMP = """
    export default function C() {
      const { activeIds } = hooks.useActiveVideo();
      return (
        <Box>
          {activeIds.map((id, i) => (
            <Video key={id} src={id} layout={[layouts.grid, { index: i, total: activeIds.length }]} />
          ))}
        </Box>
      );
    }
"""


@pytest.mark.parametrize("n", [1, 2, 4, 9, 16])
def test_grid_video_layers_byte_form(load, n):
    host = load(GRID_COMP)
    host.set_inputs([True] * n)
    out = host.render(1)
    expected = [
        {"type": "video", "id": i, "frame": ref_grid(FULL, {"index": i, "total": n}, 20.0, (W, H)),
         "attrs": {"scaleMode": "fill", "zoomFactor": 1}}
        for i in range(n)
    ]
    assert out.video_layers_json == dumps(expected)


def test_grid_two_participants_matches_the_spec_example_shape(load):
    host = load(GRID_COMP)
    host.set_inputs([True, True])
    vl = host.render(1).video_layers_json
    assert vl.startswith('[{"type":"video","id":0,"frame":{"x":')
    assert vl.count('"attrs":{"scaleMode":"fill","zoomFactor":1}') == 2


def test_split_example_from_the_spec(load):
    host = load("""
        export default function C() {
          return <Box><Video src={0} layout={[layouts.splitVertical, { index: 0 }]} />
                      <Video src={1} layout={[layouts.splitVertical, { index: 1 }]} /></Box>;
        }
    """)
    assert host._last.video_layers_json == (
        '[{"type":"video","id":0,"frame":{"x":0,"y":0,"w":640,"h":720},"attrs":{"scaleMode":"fill","zoomFactor":1}},'
        '{"type":"video","id":1,"frame":{"x":640,"y":0,"w":640,"h":720},"attrs":{"scaleMode":"fill","zoomFactor":1}}]')


def test_video_frames_round_halves_up_like_math_round(load):
    host = load(PLACE + """
        export default function C() {
          return <Box>
            <Video src={0} layout={[place, { x: -2.5, y: 2.5, w: 100.5, h: -0.5 }]} />
            <Video src={1} layout={[place, { x: 0.49999, y: -1.5, w: 1.4999, h: 7.5 }]} />
          </Box>;
        }
    """)
    frames = [layer["frame"] for layer in host._last.video_layers]
    assert frames == [{"x": -2, "y": 3, "w": 101, "h": 0}, {"x": 0, "y": -1, "w": 1, "h": 8}]
    assert '"h":0}' in host._last.video_layers_json and "-0" not in host._last.video_layers_json


@pytest.mark.parametrize("radius,attr", [(None, None), (0, None), (0.4, None), (0.5, 1), (2.5, 3), (7.49, 7), (12, 12)])
def test_corner_radius_attr_only_from_half_a_pixel(load, radius, attr):
    style = "{}" if radius is None else f"{{ cornerRadius_px: {radius!r} }}"
    host = load(PLACE + """
        export default function C() {
          return <Video src={0} style={STYLE} layout={[place, { x: 10, y: 10, w: 100, h: 60 }]} />;
        }
    """.replace("STYLE", style))
    layer = host._last.video_layers[0]
    if attr is None:
        assert list(layer["attrs"]) == ["scaleMode", "zoomFactor"]
    else:
        assert list(layer["attrs"]) == ["cornerRadiusPx", "scaleMode", "zoomFactor"]
        assert layer["attrs"]["cornerRadiusPx"] == attr
    # the background hole is a roundRect only for a radius > 0.5
    head = commands(host._last)[:5]
    hole = head[3]
    if attr is not None and attr > 0.5:
        assert hole == ["roundRect", [10, 10, 100, 60] + [min(attr, 30)] * 4]
    else:
        assert hole == ["rect", [10, 10, 100, 60]]


@pytest.mark.parametrize("opacity,attr,present", [
    (None, None, True), (1, None, True), (0.5, 0.5, True), (0.25, 0.25, True), (1.7, None, True),
    (0, None, False), (-0.3, None, False),
])
def test_video_opacity_attr_and_zero_drops_layer(load, opacity, attr, present):
    blend = "{}" if opacity is None else f"{{ opacity: {opacity!r} }}"
    host = load("""
        export default function C() {
          return <Box><Video src={0} blend={BLEND} /><Video src={1} /></Box>;
        }
    """.replace("BLEND", blend))
    layers = host._last.video_layers
    ids = [layer["id"] for layer in layers]
    assert ids == ([0, 1] if present else [1])
    if present:
        attrs = layers[0]["attrs"]
        assert attrs.get("opacity") == attr
        assert list(attrs)[-1] == ("opacity" if attr is not None else "zoomFactor")


def test_ancestor_blend_does_not_reach_video_layers(load):
    host = load("""
        export default function C() {
          return <Box blend={{ opacity: 0.3 }}><Video src={0} /></Box>;
        }
    """)
    assert host._last.video_layers[0]["attrs"] == {"scaleMode": "fill", "zoomFactor": 1}


def test_video_ids_scale_mode_zoom_and_ignored_transform(load):
    host = load("""
        export default function C() {
          return <Box>
            <Video src="12" scaleMode="fit" zoom={2.5} transform={{ rotate_deg: 45, scale: 2 }} />
            <Video src={3} zoom={-1} />
            <Video src="abc" zoom={Infinity} />
          </Box>;
        }
    """)
    out = host._last
    assert out.video_layers_json == (
        '[{"type":"video","id":"12","frame":{"x":0,"y":0,"w":1280,"h":720},"attrs":{"scaleMode":"fit","zoomFactor":2.5}},'
        '{"type":"video","id":3,"frame":{"x":0,"y":0,"w":1280,"h":720},"attrs":{"scaleMode":"fill","zoomFactor":1}},'
        '{"type":"video","id":"abc","frame":{"x":0,"y":0,"w":1280,"h":720},"attrs":{"scaleMode":"fill","zoomFactor":1}}]')
    assert not any(c[0] in ("translate", "rotate", "scale") for c in commands(out))


def test_videos_in_pre_order_including_children_of_videos(load):
    host = load("""
        export default function C() {
          return <Box>
            <Box><Video src={2} /></Box>
            <Video src={0}><Video src={5} /></Video>
            <Video src={1} />
          </Box>;
        }
    """)
    assert [layer["id"] for layer in host._last.video_layers] == [2, 0, 1]


def test_video_frame_of_padded_video_keeps_container_transform(load):
    host = load("""
        export default function C() {
          return <Video src={0} layout={[layouts.pad, { pad: 10.25 }]} />;
        }
    """)
    assert host._last.video_layers_json == (
        '[{"type":"video","id":0,"frame":{"x":10,"y":10,"w":1260,"h":700,'
        '"containerTransform":{"x":10.25,"y":10.25,"w":-20.5,"h":-20.5}},"attrs":{"scaleMode":"fill","zoomFactor":1}}]')


# ---------------------------------------------------------------------- display list: boxes


def test_rounded_box_with_fill_and_stroke(load):
    host = load(PLACE + """
        export default function C() {
          return <Box style={{ fillColor: 'red', strokeColor: [0, 0, 255, 0.5], strokeWidth_px: '4', cornerRadius_px: 10 }}
                      layout={[place, { x: 10, y: 20, w: 200, h: 100 }]} />;
        }
    """)
    assert host._last.flattened_json == dumps({"width": W, "height": H, "commands": [
        ["save"], ["save"],
        ["save"], ["beginPath"], ["roundRect", [10, 20, 200, 100, 10, 10, 10, 10]], ["closePath"], ["clip", []],
        ["fillStyle", "#ff0000"], ["fillRect", [10, 20, 200, 100]], ["restore"],
        ["strokeStyle", "rgba(0, 0, 255, 0.5)"], ["lineWidth", 4],
        ["save"], ["beginPath"], ["roundRect", [12, 22, 196, 96, 10, 10, 10, 10]], ["closePath"], ["stroke"], ["restore"],
        ["restore"], ["restore"]]})


def test_box_stroke_without_radius_is_inset_stroke_rect_and_radius_clamped(load):
    host = load(PLACE + """
        export default function C() {
          return <Box>
            <Box style={{ strokeColor: 'white', strokeWidth_px: 3 }} layout={[place, { x: 0.5, y: 1, w: 50, h: 40 }]} />
            <Box style={{ fillColor: '#123', cornerRadius_px: 80 }} layout={[place, { x: 0, y: 0, w: 200, h: 100 }]} />
          </Box>;
        }
    """)
    cmds = commands(host._last)
    assert ["strokeStyle", "#ffffff"] in cmds
    assert ["lineWidth", 3] in cmds
    assert ["strokeRect", [2, 2.5, 47, 37]] in cmds
    assert ["roundRect", [0, 0, 200, 100, 50, 50, 50, 50]] in cmds
    assert ["fillStyle", "#123"] in cmds


@pytest.mark.parametrize("color,encoded", [
    ("white", "#ffffff"), ("rebeccapurple", "#663399"), ("transparent", "#fff"), ("Red", "#fff"),
    ("#abc", "#abc"), ("rgba(1, 2, 3, 0.5)", "rgba(1, 2, 3, 0.5)"), ("rgbfoo", "rgbfoo"),
    ([1, 2, 3], "rgba(1, 2, 3, 1)"), ([10, 20, 30, 0.25], "rgba(10, 20, 30, 0.25)"), ([1, 2, 3, None], "rgba(1, 2, 3, null)"),
    (5, "#000"),
])
def test_colour_encoding(load, color, encoded):
    host = load("""
        export default function C() {
          return <Box style={{ fillColor: COLOR }} />;
        }
    """.replace("COLOR", json.dumps(color)))
    assert commands(host._last)[2] == ["fillStyle", encoded]


def test_clip_rect_and_rounded(load):
    host = load(PLACE + """
        export default function C() {
          return <Box>
            <Box clip layout={[place, { x: 5, y: 6, w: 70, h: 80 }]}><Box style={{ fillColor: 'red' }} /></Box>
            <Box clip style={{ cornerRadius_px: 8, fillColor: 'blue' }} layout={[place, { x: 1, y: 2, w: 30, h: 40 }]} />
          </Box>;
        }
    """)
    cmds = commands(host._last)
    assert cmds == [
        ["save"], ["save"],
        ["save"], ["save"], ["beginPath"], ["rect", [5, 6, 70, 80]], ["clip", []],
        ["save"], ["fillStyle", "#ff0000"], ["fillRect", [5, 6, 70, 80]], ["restore"],
        ["restore"], ["restore"],
        # a clipping box with a radius: rounded clip, and no extra shape clip for its own fill
        ["save"], ["save"], ["beginPath"], ["roundRect", [1, 2, 30, 40, 8, 8, 8, 8]], ["closePath"], ["clip", []],
        ["fillStyle", "#0000ff"], ["fillRect", [1, 2, 30, 40]],
        ["restore"], ["restore"],
        ["restore"], ["restore"]]


def test_transform_order_translate_rotate_scale_translate(load):
    host = load(PLACE + """
        export default function C() {
          return <Box transform={{ rotate_deg: 90, scale: 2, scaleX: 0.5 }} style={{ fillColor: 'red' }}
                      layout={[place, { x: 0, y: 0, w: 100, h: 50 }]} />;
        }
    """)
    cmds = commands(host._last)
    assert cmds[2:6] == [["translate", [50, 25]], ["rotate", [90 * math.pi / 180]], ["scale", [1, 2]],
                         ["translate", [-50, -25]]]
    assert cmds[6:8] == [["fillStyle", "#ff0000"], ["fillRect", [0, 0, 100, 50]]]


def test_identity_transform_writes_nothing(load):
    host = load("""
        export default function C() {
          return <Box transform={{ rotate_deg: 0.0005, scale: 1 }} style={{ fillColor: 'red' }} />;
        }
    """)
    assert not any(c[0] in ("translate", "rotate", "scale") for c in commands(host._last))


def test_blend_opacity_is_absolute_and_zero_skips_subtree(load):
    host = load("""
        export default function C() {
          return <Box>
            <Box blend={{ opacity: 0.5 }} style={{ fillColor: 'red' }}>
              <Box blend={{ opacity: 0.8 }} style={{ fillColor: 'blue' }} />
              <Box style={{ fillColor: 'lime' }} />
            </Box>
            <Box blend={{ opacity: 0 }} style={{ fillColor: 'yellow' }}><Box style={{ fillColor: 'navy' }} /></Box>
          </Box>;
        }
    """)
    cmds = commands(host._last)
    assert cmds == [
        ["save"], ["save"],
        ["save"], ["save"], ["globalAlpha", 0.5], ["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]],
        ["save"], ["save"], ["globalAlpha", 0.8], ["fillStyle", "#0000ff"], ["fillRect", [0, 0, W, H]], ["restore"], ["restore"],
        ["save"], ["fillStyle", "#00ff00"], ["fillRect", [0, 0, W, H]], ["restore"],
        ["restore"], ["restore"],
        ["save"], ["save"], ["globalAlpha", 0], ["restore"], ["restore"],
        ["restore"], ["restore"]]


def test_save_restore_elision_of_empty_nodes(load):
    host = load("""
        export default function C() {
          return <Box><Box><Box /></Box><Box clip={false} /></Box>;
        }
    """)
    assert host._last.flattened_json == '{"width":1280,"height":720,"commands":[]}'


# ---------------------------------------------------------------------- text, images, emoji


def test_text_font_command_and_positions(load):
    host = load(PLACE + """
        export default function C() {
          return <Box>
            <Text style={{ fontSize_px: 30, fontWeight: 700, textColor: 'blue', fontFamily: 'Bitter' }}
                  layout={[place, { x: 100.4, y: 0, w: 600, h: 100 }]}>Hello</Text>
            <Text style={{ fontSize_px: 30, fontWeight: 700, textColor: 'blue', fontFamily: 'Bitter' }}
                  layout={[place, { x: 100.6, y: 50, w: 600, h: 100 }]}>Hello</Text>
            <Text style={{ fontSize_gu: 2, fontWeight: '600', fontStyle: 'italic' }}>a</Text>
            <Text style={{ fontSize_vh: 0.1 }}>b</Text>
            <Text>c</Text>
          </Box>;
        }
    """)
    cmds = commands(host._last)
    fonts = [c[1] for c in cmds if c[0] == "font"]
    assert fonts == [[700, "", 30, "Bitter"], [700, "", 30, "Bitter"], ["600", "italic", 40, "Roboto"],
                     ["", "", 72, "Roboto"], ["", "", 20, "Roboto"]]
    fills = [c[1] for c in cmds if c[0] == "fillText"]
    assert [f[0] for f in fills] == ["Hello", "Hello", "a", "b", "c"]
    (_, x1, y1), (_, x2, y2) = fills[:2]
    assert (x1, x2) == (100, 101)  # Math.round of the frame x (left-aligned line at box x 0)
    assert y2 - y1 == 50 and 0 < y1 < 30  # baseline inside the first line
    assert all(isinstance(v, int) for f in fills for v in f[1:])
    styles = [c[1] for c in cmds if c[0] == "fillStyle"]
    assert styles[:2] == ["#0000ff", "#0000ff"] and styles[2:] == ["#ffffff"] * 3


def test_text_stroke_before_fill(load):
    host = load("""
        export default function C() {
          return <Text style={{ strokeColor: 'black', strokeWidth_px: '2.5', textColor: '#fff' }}>Hi</Text>;
        }
    """)
    cmds = commands(host._last)
    names = [c[0] for c in cmds]
    i = names.index("strokeText")
    assert names[i - 5:i + 2] == ["fillStyle", "font", "strokeStyle", "lineWidth", "lineJoin", "strokeText", "fillText"]
    assert cmds[i - 3:i] == [["strokeStyle", "#000000"], ["lineWidth", 2.5], ["lineJoin", "round"]]
    assert cmds[i][1] == cmds[i + 1][1]


def test_text_json_keeps_non_ascii_raw_and_escapes_quotes(load):
    host = load("""
        export default function C() { return <Text>{'héllo "x" \\\\ ✓'}</Text>; }
    """)
    flat = host._last.flattened_json
    assert '"héllo \\"x\\" \\\\ ✓"' in flat
    assert "\\u00e9" not in flat


def _images(folder):
    make_png(folder / "images" / "wide.png", 8, 8, {"width": 400, "height": 100})


IMAGE_COMP = PLACE + """
    export default function C() {
      return <Box>
        <Image src="wide.png" layout={[place, { x: 0, y: 0, w: 200, h: 200 }]} />
        <Image src="wide" scaleMode="fill" layout={[place, { x: 0, y: 0, w: 200, h: 200 }]} />
        <Image src="nope" layout={[place, { x: 1, y: 2, w: 30, h: 40 }]} />
        <Image src="wide.png" style={{ cornerRadius_px: 6 }} layout={[place, { x: 0, y: 0, w: 400, h: 100 }]} />
      </Box>;
    }
"""


def test_image_fit_fill_missing_and_rounded(load):
    host = load(IMAGE_COMP, setup=_images)
    cmds = commands(host._last)
    asset = {"type": "compositionAsset", "id": "wide.png"}
    draws = [c[1] for c in cmds if c[0] == "drawImage"]
    assert draws == [
        [asset, 0, 75, 200, 50],                       # fit: 5 arguments
        [asset, 150, 0, 100, 100, 0, 0, 200, 200],     # fill: source rect, then destination
        [asset, 0, 0, 400, 100],                       # same aspect: the frame itself
    ]
    # missing image: the placeholder fill over its frame
    i = cmds.index(["fillRect", [1, 2, 30, 40]])
    assert cmds[i - 1] == ["fillStyle", "rgba(0, 150, 60, 0.5)"]
    # the rounded image is drawn inside a shape clip
    j = cmds.index(["drawImage", [asset, 0, 0, 400, 100]])
    assert cmds[j - 5:j] == [["save"], ["beginPath"], ["roundRect", [0, 0, 400, 100, 6, 6, 6, 6]], ["closePath"],
                             ["clip", []]]
    assert cmds[j + 1] == ["restore"]


def test_default_asset_image(load):
    host = load("""
        export default function C() { return <Image src="test_square" />; }
    """)
    draws = [c[1] for c in commands(host._last) if c[0] == "drawImage"]
    assert draws == [[{"type": "defaultAsset", "id": "test_square_320px.png"}, 280, 0, 720, 720]]


def test_emoji_command(load):
    host = load(PLACE + """
        export default function C() {
          return <Box>
            <Emoji value="hi 🎉 then 😀" layout={[place, { x: 10, y: 20, w: 40, h: 40 }]} />
            <Emoji value="no emoji" layout={[place, { x: 10, y: 20, w: 40, h: 40 }]} />
          </Box>;
        }
    """)
    cmds = commands(host._last)
    emojis = [c for c in cmds if c[0] == "fillText_emoji"]
    y = math.floor(20 + 40 * 0.83 + -0.1 * 40 + 0.5)
    assert emojis == [["fillText_emoji", ["🎉", 10, y, 33, 33]]]
    assert cmds[cmds.index(emojis[0]) - 1] == ["fillStyle", "#ffffff"]


# ---------------------------------------------------------------------- background / foreground


SPLIT_COMP = PLACE + """
    export default function C() {
      return <Box>
        <Box style={{ fillColor: 'red' }} />
        <Box clip layout={[place, { x: 10, y: 10, w: 500, h: 300 }]}>
          <Box style={{ fillColor: 'blue' }} />
          <Video src={0} style={{ cornerRadius_px: 4 }} layout={[place, { x: 20, y: 30, w: 320, h: 180 }]} />
          <Box style={{ fillColor: 'lime' }} />
        </Box>
        <Video src={1} layout={[place, { x: 600, y: 30, w: 320, h: 180 }]} />
        <Box style={{ fillColor: 'yellow' }} />
      </Box>;
    }
"""


def test_background_foreground_split_and_flattened_holes(load):
    host = load(SPLIT_COMP)
    out = host._last
    red = [["save"], ["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]], ["restore"]]
    clip_open = [["save"], ["save"], ["beginPath"], ["rect", [10, 10, 500, 300]], ["clip", []]]
    blue = [["save"], ["fillStyle", "#0000ff"], ["fillRect", [10, 10, 500, 300]], ["restore"]]
    lime = [["save"], ["fillStyle", "#00ff00"], ["fillRect", [10, 10, 500, 300]], ["restore"]]
    yellow = [["save"], ["fillStyle", "#ffff00"], ["fillRect", [0, 0, W, H]], ["restore"]]
    # background: everything before the first Video (pre-order), then the walk stops
    bg = [["save"], ["save"], *red, *clip_open, *blue, ["restore"], ["restore"], ["restore"], ["restore"]]
    assert out.background == {"width": W, "height": H, "commands": bg}
    # foreground: earlier nodes are bypassed but keep their wrappers (the clip)
    fg = [["save"], ["save"], *clip_open, *lime, ["restore"], ["restore"], *yellow, ["restore"], ["restore"]]
    assert out.foreground == {"width": W, "height": H, "commands": fg}
    head = [["save"], ["beginPath"], ["rect", [0, 0, W, H]], ["roundRect", [20, 30, 320, 180, 4, 4, 4, 4]],
            ["rect", [600, 30, 320, 180]], ["clip", ["evenodd"]]]
    assert out.flattened == {"width": W, "height": H, "commands": head + bg + [["restore"]] + fg}
    assert out.flattened_json == dumps(out.flattened)


def test_no_videos_means_everything_in_foreground(load):
    host = load("""
        export default function C() { return <Box style={{ fillColor: 'red' }} />; }
    """)
    out = host._last
    assert out.background["commands"] == []
    assert out.flattened["commands"] == out.foreground["commands"] == [
        ["save"], ["save"], ["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]], ["restore"], ["restore"]]


def test_zero_opacity_videos_make_no_holes(load):
    host = load("""
        export default function C() {
          return <Box><Box style={{ fillColor: 'red' }} /><Video src={0} blend={{ opacity: 0 }} /></Box>;
        }
    """)
    out = host._last
    assert out.video_layers == []
    assert not any(c[0] == "clip" for c in commands(out))
    assert out.background["commands"] == []


def test_number_formatting_in_display_list(load):
    host = load(PLACE + """
        export default function C() {
          return <Box style={{ fillColor: 'red' }} layout={[place, { x: 0.1 + 0.2, y: 1e-7, w: 1.5e21, h: -0 }]} />;
        }
    """)
    assert '["fillRect",[0.30000000000000004,1e-7,1.5e+21,0]]' in host._last.flattened_json


# ---------------------------------------------------------------------- changed


def test_changed_false_when_nothing_changed(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'unused', type: 'number', defaultValue: 0 },
                                                       { id: 'color', type: 'text', defaultValue: 'red' }] };
        export default function C() {
          const p = hooks.useParams();
          return <Box style={{ fillColor: p.color }}><Video src={0} /></Box>;
        }
    """)
    first = host._last
    again = host.render(1)
    assert again.changed is False
    assert again.frame_index == 1
    assert again.video_layers_json == first.video_layers_json and again.flattened_json == first.flattened_json
    host.set_params({"unused": 5})  # a param no host prop depends on
    assert host.render(2).changed is False
    host.set_params({"color": "blue"})
    changed = host.render(3)
    assert changed.changed is True
    assert ["fillStyle", "#0000ff"] in commands(changed)
    assert host.render(4).changed is False


def test_changed_true_every_frame_for_time_driven_output(load):
    host = load("""
        export default function C() {
          const t = hooks.useVideoTime();
          return <Text>{'t=' + Math.round(t * 30)}</Text>;
        }
    """)
    for n in (1, 2, 3):
        out = host.render(n)
        assert out.changed is True
        assert texts(out) == [f"t={n}"]


def test_set_output_size_changes_viewport_and_lists(load):
    host = load(GRID_COMP)
    host.set_inputs([True])
    host.render(1)
    host.set_output_size(720, 1280)
    out = host.render(2)
    assert out.changed is True
    assert (out.flattened["width"], out.flattened["height"]) == (720, 1280)
    assert out.video_layers[0]["frame"] == {"x": 0, "y": 0, "w": 720, "h": 1280}


def test_background_walk_never_reaching_a_video_draws_graphics_twice(load):
    # the only Video sits under a container with blend.opacity 0, whose subtree is not visited
    host = load("""
        export default function C() {
          return <Box>
            <Box style={{ fillColor: 'red' }} />
            <Box blend={{ opacity: 0 }}><Video src={0} /></Box>
          </Box>;
        }
    """)
    out = host._last
    assert [layer["id"] for layer in out.video_layers] == [0]
    red = [["save"], ["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]], ["restore"]]
    zero = [["save"], ["save"], ["globalAlpha", 0], ["restore"], ["restore"]]
    everything = [["save"], ["save"], *red, *zero, ["restore"], ["restore"]]
    assert out.background["commands"] == everything
    assert out.foreground["commands"] == everything
    head = [["save"], ["beginPath"], ["rect", [0, 0, W, H]], ["rect", [0, 0, W, H]], ["clip", ["evenodd"]]]
    assert out.flattened["commands"] == head + everything + [["restore"]] + everything


def test_video_with_own_blend_writes_alpha_wrapper_in_foreground(load):
    host = load("""
        export default function C() {
          return <Box><Video src={0} blend={{ opacity: 0.5 }} /><Box style={{ fillColor: 'red' }} /></Box>;
        }
    """)
    out = host._last
    assert out.video_layers[0]["attrs"]["opacity"] == 0.5
    assert out.foreground["commands"] == [
        ["save"], ["save"],
        ["save"], ["globalAlpha", 0.5], ["restore"],
        ["save"], ["fillStyle", "#ff0000"], ["fillRect", [0, 0, W, H]], ["restore"],
        ["restore"], ["restore"]]


def test_non_array_layout_prop_is_ignored(load):
    host = load("""
        export default function C() {
          return <Box><Video src={0} layout={layouts.pad} /><Video src={1} layout={[layouts.pad, { pad: 10 }]} /></Box>;
        }
    """)
    frames = [layer["frame"] for layer in host._last.video_layers]
    assert frames[0] == {"x": 0, "y": 0, "w": 1280, "h": 720}
    assert frames[1]["x"] == 10
