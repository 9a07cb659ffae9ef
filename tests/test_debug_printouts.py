"""`#vcs-stdlib/components` debug printouts (vcs-api.md §9.9): what `debug.MediaInputPrintout` and
`debug.RoomPrintout` draw, line by line, with positions, colours and fonts.

Daily's roomdebug composition (../shared/daily-reference, skipped when absent) is run as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vcs_engine.host import Host

ROOMDEBUG = Path(__file__).resolve().parents[2] / "shared" / "daily-reference" / "compositions" / "daily-roomdebug"

# Both printouts stacked as in Daily's roomdebug: inputs in a 10 gu band on top, room below.
COMPOSITION = """
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { RoomContext } from '#vcs-react/contexts';
import { useVideoTime } from '#vcs-react/hooks';
import { debug } from '#vcs-stdlib/components';

function top(f, p, ctx) {
  return { x: f.x, y: f.y, w: f.w, h: 10 * ctx.pixelsPerGridUnit };
}
function below(f, p, ctx) {
  const band = 10 * ctx.pixelsPerGridUnit;
  return { x: f.x, y: f.y + band, w: f.w, h: f.h - band };
}

export default function Printouts() {
  const room = React.useContext(RoomContext);
  const t = useVideoTime();
  const props = PROPS;
  return (
    <Box>
      <debug.MediaInputPrintout layout={[top]} renderEnv={RENDER_ENV} {...props} />
      <debug.RoomPrintout layout={[below]} room={room} {...props} />
    </Box>
  );
}
"""

WHITE = "#ffffff"
HEADER = "rgba(255, 255, 255, 0.68)"
PLAIN = ["", "", 19, "Roboto"]      # items: 0.93 gu at 20 px/gu
BOLD = ["700", "", 19, "Roboto"]
ITALIC = ["", "italic", 19, "Roboto"]
HEADER_FONT = ["", "", 20, "Roboto"]


def make_host(tmp_path: Path, *, props: str = "{}", render_env: str = "room.renderingEnvironment",
              size=(1280, 720)) -> Host:
    path = tmp_path / "printouts.jsx"
    path.write_text(COMPOSITION.replace("PROPS", props).replace("RENDER_ENV", render_env))
    return Host.load(path, size=size)


def text_lines(out) -> list[tuple]:
    """Every drawn text line as (text, x, y, fillStyle, font).

    A Text's line may be drawn as several fillText runs on one baseline; they are joined. Each Text
    is drawn inside its own save/restore, so runs never join across Text nodes."""
    lines: list[list] = []
    fill = font = None
    open_block = False
    for cmd in out.foreground["commands"]:
        name = cmd[0]
        if name in ("save", "restore"):
            open_block = False
        elif name == "fillStyle":
            fill = cmd[1]
        elif name == "font":
            font = cmd[1]
        elif name == "fillText":
            text, x, y = cmd[1]
            if open_block and lines[-1][2] == y:
                assert (lines[-1][3], lines[-1][4]) == (fill, font), "one line, one style"
                lines[-1][0] += text
            else:
                lines.append([text, x, y, fill, font])
            open_block = True
    return [tuple(line) for line in lines]


def filled_rects(out) -> list[tuple]:
    rects, fill = [], None
    for cmd in out.foreground["commands"]:
        if cmd[0] == "fillStyle":
            fill = cmd[1]
        elif cmd[0] == "fillRect":
            rects.append((fill, cmd[1]))
    return rects


SLOTS = [
    {"id": 10, "type": "camera", "displayName": "Ann"},
    None,                                                    # skipped, still counts in the grid
    {"id": 12, "type": "screenshare"},
    {"id": 13, "type": "camera", "paused": True},
    {"id": "s", "type": "screenshare", "paused": True, "dominant": True},
    True,                                                    # no fields: empty id and type
    {"displayName": "No id", "dominant": True},              # missing fields print "undefined"
    False,
]

PEERS = [
    {"id": "pa", "displayName": "Ann", "video": {"id": 10, "paused": False},
     "screenshareVideo": {"id": 12, "paused": True}, "audio": {"id": "aud-a", "paused": False, "dominant": True}},
    {"id": "pb", "displayName": None, "video": {"id": None, "paused": False},
     "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": "aud-b", "paused": True}},
    {"id": "pc", "displayName": "Zero", "video": {"id": 0, "paused": True}},
    {"id": "pd", "displayName": "Dee", "video": {"id": 7, "paused": False}, "audio": {"id": None}},
]


def test_media_input_printout(tmp_path: Path) -> None:
    host = make_host(tmp_path)
    host.set_inputs(SLOTS)
    out = host.render(0)
    assert filled_rects(out)[0] == ("rgba(100, 0, 0, 1)", [0, 0, 1280, 200])
    lines = [line for line in text_lines(out) if line[2] < 200]
    # 1 gu padding on top and left only; nine spaces before the bracket; the host's renderEnv.
    assert lines[0] == ('Video inputs         [viewport = 1280*720, px/gu = 20, renderEnv = "offline"]',
                        20, 36, HEADER, HEADER_FONT)
    # One line per truthy slot, numbered from 1, on 4 columns of (1280 - 20) / 4 = 315 px, rows of
    # 1.2 gu starting 2 gu below the header (top 20 + 40 = 60, baseline 15 px lower); the slot's
    # index places it, so the skipped slot 1 leaves a hole.
    assert lines[1:] == [
        ("1: 10 (camera)", 20, 75, WHITE, PLAIN),
        ("3: 12 (screenshare)", 650, 75, "#add8e6", PLAIN),                    # lightblue
        ("4: 13 (camera)", 965, 75, "#ffc0cb", ITALIC),                        # paused: pink
        ("D 5: s (screenshare)", 20, 99, "rgb(160, 120, 255)", ["700", "italic", 19, "Roboto"]),
        ("6:  ()", 335, 99, WHITE, PLAIN),
        ("D 7: undefined (undefined)", 650, 99, WHITE, BOLD),
    ]


def test_room_printout(tmp_path: Path) -> None:
    host = make_host(tmp_path)
    host.set_inputs([])
    host.set_room(PEERS)
    out = host.render(0)
    assert filled_rects(out)[1] == ("rgba(20, 10, 80, 1)", [0, 200, 1280, 520])
    lines = [line for line in text_lines(out) if line[2] > 200]
    assert lines[0] == ("Room peers", 20, 236, HEADER, HEADER_FONT)
    # 3 columns of 420 px, rows of 5 lines × 1.2 gu = 120 px; a medium is listed only when its id
    # is not null (0 is listed); a null name prints as "null". No per-item colours.
    expected = [
        ("id = pa", 20, 275), ('"Ann"', 20, 297), ("video 10", 20, 319),
        ("sshare 12 (paused)", 20, 342), ("audio aud-a [dominant]", 20, 364),
        ("id = pb", 440, 275), ('"null"', 440, 297), ("audio aud-b (paused)", 440, 319),
        ("id = pc", 860, 275), ('"Zero"', 860, 297), ("video 0 (paused)", 860, 319),
        ("id = pd", 20, 395), ('"Dee"', 20, 417), ("video 7", 20, 439),
    ]
    assert lines[1:] == [(*e, WHITE, PLAIN) for e in expected]


def test_no_inputs_and_no_peers_draw_headers_only(tmp_path: Path) -> None:
    host = make_host(tmp_path)
    host.set_inputs([False, None])
    host.set_room([])
    assert [line[0] for line in text_lines(host.render(0))] == [
        'Video inputs         [viewport = 1280*720, px/gu = 20, renderEnv = "offline"]', "Room peers"]


def test_style_props_and_empty_render_env(tmp_path: Path) -> None:
    host = make_host(tmp_path, size=(1920, 1080), render_env='""',
                     props="{ textSize_gu: 2, headerTextColor: 'yellow', bgOpacity: 0.5 }")
    host.set_inputs([True, False, {"id": 3, "type": "camera", "dominant": True}, True, True, True])
    host.set_room([{"id": "pa", "displayName": "Ann"}, {"id": "pb", "displayName": "Bob"},
                   {"id": "pc", "displayName": "Cy"}, {"id": "pd", "displayName": "Di"}])
    out = host.render(0)
    assert filled_rects(out) == [("rgba(100, 0, 0, 0.5)", [0, 0, 1920, 300]),
                                 ("rgba(20, 10, 80, 0.5)", [0, 300, 1920, 780])]
    big = ["", "", 56, "Roboto"]    # 0.93 × 2 gu × 30 px
    # An empty renderEnv leaves the part out. Padding stays 1 gu / 2 gu (not scaled by the text
    # size); columns (1920 - 30) / 4 = 472.5 px, rows 2 × 1.2 gu = 72 px; peers 630 × 360 px.
    assert text_lines(out) == [
        ("Video inputs         [viewport = 1920*1080, px/gu = 30]", 30, 77, "#ffff00", ["", "", 60, "Roboto"]),
        ("1:  ()", 30, 134, WHITE, big),
        ("D 3: 3 (camera)", 975, 134, WHITE, ["700", "", 56, "Roboto"]),
        ("4:  ()", 1448, 134, WHITE, big),
        ("5:  ()", 30, 206, WHITE, big),
        ("6:  ()", 503, 206, WHITE, big),
        ("Room peers", 30, 377, "#ffff00", ["", "", 60, "Roboto"]),
        ("id = pa", 30, 434, WHITE, big), ('"Ann"', 30, 499, WHITE, big),
        ("id = pb", 660, 434, WHITE, big), ('"Bob"', 660, 499, WHITE, big),
        ("id = pc", 1290, 434, WHITE, big), ('"Cy"', 1290, 499, WHITE, big),
        ("id = pd", 30, 794, WHITE, big), ('"Di"', 30, 859, WHITE, big),
    ]


def test_printout_is_memoised_on_its_context_value(tmp_path: Path) -> None:
    """The header and items are memoised on the media-input context / `room` prop: other prop
    changes show only when those change; the background (bgOpacity) and layout apply at once."""
    host = make_host(tmp_path, render_env="t >= 1 ? 'later' : 'early'",
                     props="(t >= 1 ? { textSize_gu: 2, headerTextColor: 'yellow', bgOpacity: 0.5 } : {})")
    host.set_inputs([True])
    host.set_room([{"id": "pa", "displayName": "Ann"}])
    early = text_lines(host.render(0))
    assert early[0][0].endswith('renderEnv = "early"]')

    out = host.render(40)   # t > 1 s: new props, same context values
    assert [fill for fill, _ in filled_rects(out)] == ["rgba(100, 0, 0, 0.5)", "rgba(20, 10, 80, 0.5)"]
    assert text_lines(out) == early

    host.set_inputs([True, True])
    host.set_room([{"id": "pa", "displayName": "Ann"}])
    lines = text_lines(host.render(41))
    assert lines[0] == ('Video inputs         [viewport = 1280*720, px/gu = 20, renderEnv = "later"]',
                        20, 51, "#ffff00", ["", "", 40, "Roboto"])
    assert [line[:3] for line in lines[1:]] == [("1:  ()", 20, 90), ("2:  ()", 335, 90),
                                                ("Room peers", 20, 251), ("id = pa", 20, 290), ('"Ann"', 20, 334)]


@pytest.mark.skipif(not ROOMDEBUG.is_dir(), reason="shared/daily-reference is not present")
def test_daily_roomdebug() -> None:
    host = Host.load(ROOMDEBUG, size=(1280, 720))
    host.set_inputs([{"id": 0, "displayName": "Ann", "dominant": True}, {"id": 1, "type": "screenshare"},
                     {"id": 2, "paused": True}])
    host.set_room([
        {"id": "pa", "displayName": "Ann", "video": {"id": 0, "paused": False},
         "screenshareVideo": {"id": 1, "paused": False}, "audio": {"id": "a-pa", "paused": False, "dominant": True}},
        {"id": "pb", "displayName": "Bob", "video": {"id": 2, "paused": True},
         "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": None, "paused": True}},
    ])
    out = host.render(0)
    assert filled_rects(out) == [("rgba(100, 0, 0, 1)", [0, 0, 1280, 200]),
                                 ("rgba(20, 10, 80, 1)", [0, 200, 1280, 520])]
    assert text_lines(out) == [
        ('Video inputs         [viewport = 1280*720, px/gu = 20, renderEnv = "offline"]', 20, 36, HEADER, HEADER_FONT),
        ("D 1: 0 (undefined)", 20, 75, WHITE, BOLD),
        ("2: 1 (screenshare)", 335, 75, "#add8e6", PLAIN),
        ("3: 2 (undefined)", 650, 75, "#ffc0cb", ITALIC),
        ("Room peers", 20, 236, HEADER, HEADER_FONT),
        ("id = pa", 20, 275, WHITE, PLAIN), ('"Ann"', 20, 297, WHITE, PLAIN), ("video 0", 20, 319, WHITE, PLAIN),
        ("sshare 1", 20, 342, WHITE, PLAIN), ("audio a-pa [dominant]", 20, 364, WHITE, PLAIN),
        ("id = pb", 440, 275, WHITE, PLAIN), ('"Bob"', 440, 297, WHITE, PLAIN),
        ("video 2 (paused)", 440, 319, WHITE, PLAIN),
    ]
