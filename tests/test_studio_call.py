"""The full simulated call: per participant a source (synthetic, video file, still image, none),
active, audio-only; files dropped on a preview tile or a table row; generated footage that says
which slot it is in a small corner badge, and looks like a shared screen for screenshares.

Real widgets (pytest-qt, offscreen) and the real engine; pixels are read from the composited
frame (`last_frame.rgba`, output pixels) at tile centres the composition's video layers give.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PIL import Image as PILImage
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)

from studio.call import FILE, NONE, call_state
from studio.engine import participant_slots
from vcs_engine.export import export_mp4
from vcs_engine.media import (
    BlankSource,
    FileSource,
    Footage,
    StillSource,
    SyntheticScreenSource,
    SyntheticSource,
)

RED, GREEN = (220, 30, 40), (30, 200, 60)


@pytest.fixture(scope="module")
def footage(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("footage")
    image = folder / "red.png"
    PILImage.new("RGB", (320, 180), RED).save(image)
    clip = folder / "green.mp4"
    export_mp4((np.full((180, 320, 3), GREEN, np.uint8) for _ in range(15)), clip, 30, (320, 180))
    return {"image": image, "video": clip}


def layers_by_id(w) -> dict:
    return {layer["id"]: layer for layer in w.last_frame.output.video_layers}


def tile_rgb(w, vid, fx: float = 0.5, fy: float = 0.5) -> tuple[int, int, int]:
    """The composited colour at a point of video `vid`'s tile (fractions of its frame)."""
    f = layers_by_id(w)[vid]["frame"]
    r, g, b, _a = w.last_frame.rgba[int(f["y"] + f["h"] * fy), int(f["x"] + f["w"] * fx)]
    return int(r), int(g), int(b)


def near(rgb, expected, tolerance: int = 30) -> bool:
    return max(abs(a - b) for a, b in zip(rgb, expected, strict=True)) <= tolerance


# ---------------------------------------------------------------------- the call, as data


def test_rows_become_slots_peers_and_footage():
    rows = [
        {"id": 0, "displayName": "Ann"},
        {"id": 1, "displayName": "Bo", "source": FILE, "footage": "/clips/bo.mp4", "paused": True},
        {"id": 2, "displayName": "Cy", "type": "screenshare"},
        {"id": 3, "displayName": "Di", "audioOnly": True, "dominant": True},
        {"id": 4, "displayName": "Ed", "active": False},
        {"id": 5, "displayName": "Flo", "source": NONE},
    ]
    call = call_state(rows)
    # The composition sees Daily's fields only; no video: Daily's empty slot.
    assert call.slots == [rows[0], {"id": 1, "displayName": "Bo", "paused": True}, rows[2], False, False,
                          {"id": 5, "displayName": "Flo"}]
    peers = {p["displayName"]: p for p in call.peers}
    assert "Ed" not in peers  # not in the call
    assert peers["Ann"]["video"] == {"id": 0, "paused": False} and "screenshareVideo" not in peers["Ann"]
    assert peers["Bo"]["video"] == {"id": 1, "paused": True}
    assert peers["Cy"]["screenshareVideo"] == {"id": 2, "paused": False} and "video" not in peers["Cy"]
    assert "video" not in peers["Di"] and peers["Di"]["audio"]["dominant"] is True  # audio-only
    assert all(p["audio"]["id"] is not None for p in call.peers)
    assert call.footage == {0: Footage(name="Ann"), 1: Footage(file="/clips/bo.mp4", name="Bo"),
                            2: Footage(name="Cy", screen=True), 5: Footage(blank=True)}


def test_inputs_from_the_command_line_are_the_first_rows_footage():
    rows = participant_slots(3, ["a.mp4", "b.png"])
    assert [call_state(rows).footage[i].file for i in range(3)] == ["a.mp4", "b.png", None]


# ---------------------------------------------------------------------- generated footage


def test_generated_footage_names_the_slot_in_a_corner_badge_only():
    w, h = 640, 360
    short, long = SyntheticSource(2, "Al"), SyntheticSource(2, "Alexandra Longname-Smith")
    differs = np.argwhere((short.bgra_at(1.0) != long.bgra_at(1.0)).any(axis=2))
    assert differs.size
    ys, xs = differs[:, 0], differs[:, 1]
    assert ys.max() < h * 0.15 and xs.max() < w * 0.75  # the top-left badge, nowhere else
    lower_third = short.bgra_at(1.0)[int(h * 0.66):]
    assert (lower_third[..., :3].min(axis=2) > 235).sum() == 0  # no white lettering down there
    # The slot number is in the badge: another slot, another badge (and hue).
    corner = (slice(0, int(h * 0.15)), slice(0, int(w * 0.2)))
    assert not np.array_equal(SyntheticSource(3, "Al").bgra_at(1.0)[corner], short.bgra_at(1.0)[corner])


def test_screenshares_look_like_a_screen():
    camera, screen = SyntheticSource(1, "Bo").bgra_at(0.5), SyntheticScreenSource(1, "Bo").bgra_at(0.5)
    light = lambda a: (a[..., :3].min(axis=2) > 230).mean()  # noqa: E731
    assert light(screen) > 0.4 and light(camera) < 0.05  # a bright slide, not a camera picture
    moving = SyntheticScreenSource(1, "Bo")
    assert not np.array_equal(moving.bgra_at(0.0), moving.bgra_at(1.0))  # the pointer moves
    assert (BlankSource().bgra_at(3.0)[..., :3] == 0).all()


# ---------------------------------------------------------------------- in the studio


def grid_window(window, count: int):
    w = window("daily:baseline", participants=count)
    w.params_panel.controls["videoSettings.showParticipantLabels"].setChecked(True)
    settle(w)
    return w


def test_each_participant_shows_its_source(window, footage, qtbot):
    w = grid_window(window, 5)
    panel = w.inputs_panel
    panel.chooser = lambda kind: str(footage[kind])  # the file dialog's answer
    panel.choose_source(1, "video")
    panel.choose_source(2, "image")
    panel.choose_source(3, NONE)
    panel.set_checked(4, "Screenshare", True)
    for _ in range(3):
        step(w)
    assert near(tile_rgb(w, 1), GREEN) and near(tile_rgb(w, 2), RED)
    assert tile_rgb(w, 3) == (0, 0, 0)
    assert sum(tile_rgb(w, 4, 0.3, 0.75)) > 600  # the slide's page
    model = panel.slots_model()
    labels = [model.index(row, 1).data() for row in range(5)]
    assert labels == ["Synthetic", "Video: green.mp4", "Image: red.png", "None (no picture)", "Synthetic screen"]
    painter = w.session.engine.painter
    kinds = [type(painter.sources[i]) for i in range(5)]
    assert kinds == [SyntheticSource, FileSource, StillSource, BlankSource, SyntheticScreenSource]
    # A cancelled file choice changes nothing; each change is an undo step.
    panel.chooser = lambda kind: None
    panel.choose_source(0, "video")
    assert model.index(0, 1).data() == "Synthetic"
    assert w.undo_stack.undoText() == "Participant 5: screenshare"
    w.undo_action.trigger()
    w.undo_action.trigger()
    step(w)
    assert model.index(3, 1).data() == "Synthetic" and tile_rgb(w, 3) != (0, 0, 0)
    # A missing file is flagged in the table and synthetic footage stands in.
    model.assign_footage(0, "/nowhere/gone.mp4")
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "not found" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    step(w)
    assert isinstance(painter.sources[0], SyntheticSource)


def test_the_source_cell_offers_the_sources(window, footage, qtbot):
    w = grid_window(window, 2)
    panel = w.inputs_panel
    panel.chooser = lambda kind: str(footage[kind])
    index = panel.model().index(1, 1)
    panel.edit(index)
    (combo,) = panel.viewport().findChildren(QComboBox)  # the open editor
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Synthetic", "Video file…", "Image…", "None (no picture)"]
    combo.hidePopup()
    combo.setCurrentIndex(combo.findData("image"))
    combo.activated.emit(combo.currentIndex())
    assert panel.model().index(1, 1).data() == "Image: red.png"


def test_audio_only_and_inactive_participants(window):
    w = grid_window(window, 4)
    panel = w.inputs_panel
    model = panel.slots_model()
    model.setData(model.index(2, 0), "Voice")
    panel.set_checked(2, "Audio only", True)
    panel.set_checked(3, "Active", False)
    step(w)
    assert sorted(layers_by_id(w)) == [0, 1]  # no video for the audio-only and the absent one
    texts = [c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText"]
    assert "Voice" in texts and "Participant 4" not in texts  # the baseline's audio-only tile
    host = w.session.engine.host
    settle(w)
    assert w.session.engine.slots[3]["active"] is False
    panel.set_checked(3, "Active", True)
    step(w)
    assert sorted(layers_by_id(w)) == [0, 1, 3]
    assert host.size == (1280, 720)


def test_twenty_slots_with_mixed_sources(window, footage):
    w = grid_window(window, 20)
    model = w.inputs_panel.slots_model()
    for row in range(20):
        kind = row % 6
        if kind == 1:
            model.assign_footage(row, footage["video"])
        elif kind == 2:
            model.assign_footage(row, footage["image"])
        elif kind == 3:
            model.set_source(row, NONE)
        elif kind == 4:
            model.set_flag(row, "screenshare", True)
        elif kind == 5:
            model.set_flag(row, "audioOnly", True)
    for _ in range(3):
        step(w)
    shown = layers_by_id(w)
    assert sorted(shown) == [row for row in range(20) if row % 6 != 5]
    expected = {0: SyntheticSource, 1: FileSource, 2: StillSource, 3: BlankSource, 4: SyntheticScreenSource}
    painter = w.session.engine.painter
    for vid in shown:
        assert type(painter.sources[vid]) is expected[vid % 6], vid
    for vid in shown:
        if vid % 6 == 2:
            assert near(tile_rgb(w, vid), RED)
        elif vid % 6 == 3:
            assert tile_rgb(w, vid) == (0, 0, 0)
    assert w.last_frame.seconds < 1.0


MIMES: list[QMimeData] = []  # an event does not own its mime data: keep it alive


def drag(kind, pos: QPointF, path: Path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    MIMES.append(mime)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    if kind is QDropEvent:
        return QDropEvent(pos, *args)
    return kind(pos.toPoint(), *args)


def widget_point(w, vid) -> QPointF:
    """The centre of video `vid`'s tile in preview widget coordinates."""
    f = layers_by_id(w)[vid]["frame"]
    box = w.preview.frame_rect()
    h, wd = w.last_frame.rgba.shape[:2]
    return QPointF(box.x() + (f["x"] + f["w"] / 2) * box.width() / wd,
                   box.y() + (f["y"] + f["h"] / 2) * box.height() / h)


def test_dropping_a_file_on_a_tile_assigns_it_to_that_participant(window, footage):
    w = grid_window(window, 4)
    step(w)
    preview = w.preview
    at = widget_point(w, 2)
    enter = drag(QDragEnterEvent, at, footage["image"])
    QApplication.sendEvent(preview, enter)
    assert enter.isAccepted()
    move = drag(QDragMoveEvent, at, footage["image"])
    QApplication.sendEvent(preview, move)
    assert move.isAccepted() and w.footage_drop.outline.isVisible()
    assert w.footage_drop.outline.geometry().contains(at.toPoint())
    drop = drag(QDropEvent, at, footage["image"])
    QApplication.sendEvent(preview, drop)
    assert drop.isAccepted() and not w.footage_drop.outline.isVisible()
    assert w.slots_model.slots()[2]["footage"] == str(footage["image"])
    assert w.undo_stack.undoText() == "Participant 3: red.png"
    step(w)
    assert near(tile_rgb(w, 2), RED)
    # Outside every tile (the letterbox) nothing is taken; a param file is not footage.
    corner = QPointF(2, 2)
    move = drag(QDragMoveEvent, corner, footage["video"])
    move.ignore()
    QApplication.sendEvent(preview, move)
    assert not move.isAccepted() and not w.footage_drop.outline.isVisible()
    drop = drag(QDropEvent, corner, footage["video"])
    drop.ignore()
    QApplication.sendEvent(preview, drop)
    assert not drop.isAccepted()
    params = footage["image"].with_suffix(".json")
    params.write_text("{}", encoding="utf-8")
    enter = drag(QDragEnterEvent, at, params)
    enter.ignore()
    QApplication.sendEvent(preview, enter)  # not ours: it goes on to the window, which takes it
    assert enter.isAccepted()
    assert [s.get("footage") for s in w.slots_model.slots()] == [None, None, str(footage["image"]), None]


def test_dropping_a_file_on_a_table_row(window, footage):
    w = grid_window(window, 3)
    table = w.inputs_panel
    rect = table.visualRect(table.model().index(1, 0))
    at = QPointF(rect.center())
    enter = drag(QDragEnterEvent, at, footage["video"])
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(table.viewport(), drag(QDragMoveEvent, at, footage["video"]))
    drop = drag(QDropEvent, at, footage["video"])
    QApplication.sendEvent(table.viewport(), drop)
    assert drop.isAccepted()
    assert table.model().index(1, 1).data() == "Video: green.mp4"
    for _ in range(2):
        step(w)
    assert near(tile_rgb(w, 1), GREEN)


def test_generated_footage_follows_names_and_screenshare(window):
    w = grid_window(window, 2)
    step(w)
    painter = w.session.engine.painter
    assert painter.sources[1].name == "Participant 2"
    model = w.slots_model
    model.setData(model.index(1, 0), "Zoë")
    w.inputs_panel.set_checked(1, "Screenshare", True)
    step(w)
    assert isinstance(painter.sources[1], SyntheticScreenSource) and painter.sources[1].name == "Zoë"
    assert call_state(model.slots()).footage[0] == Footage(name="Participant 1")
