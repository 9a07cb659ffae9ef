"""Our baseline next to Daily's, both run in our engine: same video layers, same drawing.

Daily's baseline (../shared/daily-reference, skipped when absent) is the conformance input here.
For each case both compositions get the same inputs, room and params and the frames are compared:
video-layer JSON byte for byte, display lists command for command except for save/restore
nesting (our component tree is our own, so its grouping differs where the pixels do not).
Emoji reactions are left out (their motion is random).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from vcs_engine.host import Host

DAILY = Path(__file__).resolve().parents[2] / "shared" / "daily-reference" / "compositions" / "daily-baseline"
pytestmark = pytest.mark.skipif(not DAILY.is_dir(), reason="shared/daily-reference is not present")

SIZES = [(1280, 720), (720, 1280), (1080, 1080)]
MODES = ["single", "split", "grid", "dominant", "pip"]
# A camera with a known frame size, a screenshare, the active speaker, a paused camera with a
# long name, an unnamed slot and one more camera; the room adds an audio-only (dominant) peer.
SLOTS = [
    {"id": 0, "displayName": "Ann", "frameSize": {"w": 640, "h": 480}},
    {"id": 1, "type": "screenshare", "displayName": "Ann screen", "frameSize": {"w": 1920, "h": 1080}},
    {"id": 2, "dominant": True, "displayName": "Bob"},
    {"id": 3, "paused": True, "displayName": "Carol with a very long name indeed"},
    True,
    {"id": 5, "displayName": "Eve"},
]


def peer(pid, name, video=None, screenshare=None, audio_paused=False, dominant=False):
    return {"id": pid, "displayName": name, "video": {"id": video, "paused": False},
            "screenshareVideo": {"id": screenshare, "paused": False},
            "audio": {"id": f"audio-{pid}", "paused": audio_paused, "dominant": dominant}}


ROOM = [peer("pa", "Ann", 0, 1), peer("pb", "Bob", 2, audio_paused=True), peer("pc", "Carol", 3),
        peer("pd", "Phone Dan", dominant=True)]
EVERYTHING_ON = {
    "videoSettings.showParticipantLabels": True, "videoSettings.showMicStatus": True,
    "showTextOverlay": True, "showImageOverlay": True, "showBannerOverlay": True, "showSidebar": True,
    "toast.key": 1,
}


class Pair:
    """Our baseline and Daily's, driven identically."""

    def __init__(self) -> None:
        self.hosts: dict[tuple, tuple[Host, Host]] = {}

    def start(self, size, params, slots=SLOTS, room=ROOM) -> tuple[Host, Host]:
        if size not in self.hosts:
            self.hosts[size] = (Host.load("daily:baseline", size=size), Host.load(DAILY, size=size))
        pair = self.hosts[size]
        for host in pair:
            host.reset_params()
            host.reload()
            host.set_inputs(slots)
            host.set_room(room)
            host.set_params(params, warn=False)
        return pair

    def compare(self, size, params, frames=(0, 25), slots=SLOTS, room=ROOM, between=None) -> None:
        ours, daily = self.start(size, params, slots, room)
        for n in frames:
            if between:
                for host in (ours, daily):
                    between(host, n)
            a, b = ours.render(n), daily.render(n)
            assert not [m for level, m in a.logs if level == "error"], (n, a.logs)
            assert a.video_layers_json == b.video_layers_json, (n, params)
            assert drawing(a) == drawing(b), (n, params, first_difference(drawing(a), drawing(b)))


def drawing(out) -> list:
    return [c for c in out.flattened["commands"] if c[0] not in ("save", "restore")]


def first_difference(a: list, b: list) -> str:
    i = next(i for i, (x, y) in enumerate(itertools.zip_longest(a, b)) if x != y)
    return json.dumps({"at": i, "ours": a[i:i + 4], "daily": b[i:i + 4]}, ensure_ascii=False)


@pytest.fixture(scope="module")
def pair() -> Pair:
    return Pair()


def variation_values(spec) -> list:
    """Non-default values of a param, plus an empty string (a value hosts do send)."""
    if spec.type == "enum":
        values = [v for v in spec.values if v != spec.default]
    elif spec.type == "boolean":
        values = [not spec.default]
    elif spec.type == "number":
        values = [0, 2, -1]
    else:
        values = ["abc", "2, 0.5", "rgba(10, 200, 30, 0.5)"]
    return values + [""]


def param_cases() -> list[tuple[str, object, str, tuple]]:
    host = Host.load("daily:baseline")
    cases = []
    for i, spec in enumerate(host.interface.params):
        if spec.id == "mode" or spec.id.startswith("emojiReactions."):
            continue
        for j, value in enumerate(variation_values(spec)):
            cases.append((spec.id, value, MODES[(i + j) % 5], SIZES[(i + 2 * j) % 3]))
    return cases


@pytest.mark.parametrize("param_id,value,mode,size", param_cases())
def test_each_param_value(pair: Pair, param_id, value, mode, size) -> None:
    pair.compare(size, {**EVERYTHING_ON, "mode": mode, param_id: value})


SCENARIOS = {
    "dominant-screenshare-follow": {"mode": "dominant", "videoSettings.preferScreenshare": True},
    "grid-to-dominant-for-sharing": {"mode": "grid", "videoSettings.grid.useDominantForSharing": True},
    "dominant-web-frame": {"mode": "dominant", "videoSettings.dominant.includeWebFrame": True,
                           "webFrame.url": "https://example.com"},
    "pip-web-frame-follow": {"mode": "pip", "videoSettings.pip.includeWebFrame": True,
                             "videoSettings.pip.followDomFlag": True, "webFrame.url": "https://example.com"},
    "pip-screenshare-follow": {"mode": "pip", "videoSettings.pip.followDomFlag": True,
                               "videoSettings.preferScreenshare": True},
    "dominant-bottom-centered": {"mode": "dominant", "videoSettings.dominant.position": "bottom",
                                 "videoSettings.dominant.centerItems": True, "videoSettings.roundedCorners": True,
                                 "videoSettings.dominant.sharpCornersOnMain": False},
    "grid-margins-sidebar-shrink": {"mode": "grid", "videoSettings.margin.left_gu": 2,
                                    "videoSettings.margin.top_gu": 3, "sidebar.shrinkVideoLayout": True},
    "split-fit-rounded": {"mode": "split", "videoSettings.scaleMode": "fit", "videoSettings.roundedCorners": True,
                          "videoSettings.split.margin_gu": 1, "videoSettings.zoomFactorsList": "1.5"},
    "filter-unpaused-audio": {"mode": "grid", "videoSettings.filterForUnpausedMediaTypes": "audio"},
    "preferred-ids": {"mode": "grid", "videoSettings.preferredParticipantIds": "pd, pc,pb"},
    "text-rows-bottom-right": {"mode": "grid", "text.source": "highlightLines.items",
                               "text.align_vertical": "bottom", "text.align_horizontal": "right",
                               "highlightLines.position": 2},
    "overlays-background": {"mode": "grid", "image.zPosition": "background", "showWebFrameOverlay": True,
                            "webFrame.zPosition": "background", "image.fullScreen": True,
                            "image.fullScreenScaleMode": "fill"},
    "slates-and-debug": {"mode": "grid", "showTitleSlate": True, "enableAutoOpeningSlate": True,
                         "openingSlate.duration_secs": 0.5, "openingSlate.subtitle": "Soon",
                         "debug.showRoomState": True},
    "layout-animations": {"mode": "grid", "enableLayoutAnims": True},
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_scenarios(pair: Pair, name: str, size) -> None:
    pair.compare(size, {**EVERYTHING_ON, **SCENARIOS[name]}, frames=(0, 5, 12, 40))


def test_participants_coming_and_going_with_animations(pair: Pair) -> None:
    def change_inputs(host: Host, n: int) -> None:
        if n == 10:
            host.set_inputs(SLOTS[:3])
        elif n == 20:
            host.set_inputs(SLOTS + [{"id": 9, "displayName": "Late"}])

    for mode in ("grid", "dominant"):
        pair.compare((1280, 720), {**EVERYTHING_ON, "mode": mode, "enableLayoutAnims": True},
                     frames=range(0, 40, 3), between=change_inputs)


MESSAGE_SOURCES = {"text.source": "chatMessages", "banner.source": "transcript", "sidebar.source": "chatMessages",
                   "toast.source": "chatMessages"}


def test_standard_source_messages(pair: Pair) -> None:
    def send(host: Host, n: int) -> None:
        if n % 6 == 0:
            k = n // 6 + 1
            host.add_messages({
                "chatMessages": [{"key": str(k), "senderDisplayName": "Ann" if k % 2 else "", "text": f"Message {k}"}],
                "transcript": [{"key": f"t{k}", "senderDisplayName": "Bob", "text": f"Said {k}"}],
            })

    pair.compare((1280, 720), {**EVERYTHING_ON, "mode": "grid", **MESSAGE_SOURCES},
                 frames=range(0, 130, 4), between=send)


def test_toast_queue(pair: Pair) -> None:
    def send(host: Host, n: int) -> None:
        if n in (4, 8, 12, 200):
            host.set_params({"toast.key": n, "toast.text": f"Toast {n}", "toast.showIcon": n % 8 != 0,
                             "toast.duration_secs": 1}, warn=False)

    pair.compare((1280, 720), {"toast.key": 0}, frames=range(0, 240, 3), between=send)


# Deprecated params an older host may send (baseline.md §2.3, not in the interface).
LEGACY = [
    {"videoSettings.omitPausedVideo": None, "videoSettings.omitPaused": True},
    {"videoSettings.labels.offset_x": 33, "videoSettings.labels.offset_y": "-7"},
    {"mode": "pip", "videoSettings.pip.height_vh": 0.3, "videoSettings.pip.margin_vh": "0.05"},
    {"image.height_vh": 0.5, "image.margin_vh": 0},
    {"videoSettings.margin.left_vw": 0.1, "videoSettings.margin.top_vh": "0.2",
     "videoSettings.margin.right_vw": 0.05, "videoSettings.margin.bottom_vh": 0.01},
    {"text.offset_x": 40, "text.offset_y": "13", "text.rotationInDegrees": 12, "text.fontSize_percentageOfViewH": 10},
]


@pytest.mark.parametrize("params", LEGACY, ids=lambda p: next(iter(p)))
@pytest.mark.parametrize("size", SIZES[:2], ids=lambda s: f"{s[0]}x{s[1]}")
def test_legacy_params(pair: Pair, params, size) -> None:
    pair.compare(size, {**EVERYTHING_ON, "mode": "grid", **params})


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("who", ["nobody", "one", "audio-only", "paused-dominant"])
def test_few_participants(pair: Pair, mode: str, who: str) -> None:
    slots, room = {
        "nobody": ([], []),
        "one": ([{"id": 0, "displayName": "Ann"}], ROOM[:1]),
        "audio-only": ([], [peer("pd", "Phone Dan", dominant=True)]),
        "paused-dominant": ([{"id": 0, "paused": True, "dominant": True, "displayName": "Ann"}, True], ROOM[:1]),
    }[who]
    pair.compare((1280, 720), {**EVERYTHING_ON, "mode": mode}, slots=slots, room=room)
