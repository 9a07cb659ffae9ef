"""Inspection and layout tools (issue 12, the studio half): overlays, zoom and pan, the
Inspector dock, picking, dragging a node to edit its params, the raw data tabs, the multiview.

Real windows (pytest-qt, offscreen) on our baseline with its image overlay on; geometry is
checked in numbers (frame ↔ widget mapping) and on the painted widget's pixels.
"""

from __future__ import annotations

import json
from pathlib import Path
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)

from studio.drag_param import Handle, choose_edit, handle_points, wanted_change
from studio.multiview import DEFAULT_SIZES, parse_size
from studio.overlays import OUTLINE_COLOUR, SAFE_COLOURS, grid_lines, px_per_gu, safe_rect, video_outlines
from studio.preview import CHECKER_COLOURS
from studio.settings import StudioSettings
from vcs_engine.errors import InputError
from vcs_engine.inspect import ParamEffect, nodes_at, walk

IMAGE_FRAME = 40
"""A frame where the baseline's image overlay has faded in."""


def near(colour: QColor, expected: QColor, tolerance: int = 40) -> bool:
    return max(abs(colour.red() - expected.red()), abs(colour.green() - expected.green()),
               abs(colour.blue() - expected.blue())) <= tolerance


def inspected(w, frame_index: int = IMAGE_FRAME):
    """The window showing the baseline's image overlay with the Inspector open and its tree."""
    w.set_param("showImageOverlay", True)
    w.inspection.inspector.show()
    w.inspection.inspector.raise_()
    settle(w)
    w.seek(frame_index)
    settle(w)
    assert w.inspection.inspecting and w.inspection.tree is not None
    return w.inspection


def image_node(tree) -> dict:
    return next(node for node in walk(tree) if node.get("type") == "image")


def widget_point(w, x: float, y: float) -> QPoint:
    return w.preview.to_widget(QPointF(x, y)).toPoint()


def centre_of(w, node) -> QPoint:
    b = node["bounds"]
    return widget_point(w, b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)


def wait_probe(qtbot, ins) -> None:
    """Until the selected node's params are probed under the params as they are now (a probe
    taken before the last edit is not used; the new one is on its way)."""
    qtbot.waitUntil(lambda: ins.probe is not None and ins.probe.path == ins.selected and bool(ins.effects()),
                    timeout=15000)


# ---------------------------------------------------------------------- overlays


def test_overlay_geometry_in_output_pixels():
    assert px_per_gu(1280, 720) == 20 and px_per_gu(1920, 1080) == 30 and px_per_gu(720, 1280) == 20
    assert safe_rect(1280, 720, 0.90) == pytest.approx((64, 36, 1152, 648))
    assert safe_rect(1280, 720, 0.93) == pytest.approx((44.8, 25.2, 1190.4, 669.6))
    lines = grid_lines(1280, 20)
    assert lines[0] == 20 and lines[-1] == 1260 and len(lines) == 63
    layers = [{"id": 3, "frame": {"x": 1, "y": 2, "w": 30, "h": 40}}, {"id": 4, "frame": None}]
    assert video_outlines(layers) == [(3, (1.0, 2.0, 30.0, 40.0))]


def test_safe_areas_and_video_outlines_are_painted_where_the_frame_puts_them(window):
    w = window("daily:baseline")
    step(w)
    options = w.inspection.options
    options.set("safe", True)
    options.set("outlines", True)
    image = w.preview.grab().toImage()
    # Title-safe: its left edge (dashed) runs at the widget x of output x = 64.
    x, y, _sw, sh = safe_rect(1280, 720, 0.90)
    left = w.preview.rect_to_widget(x, y, 1, sh)
    column = round(left.left())
    hits = sum(near(image.pixelColor(column + dx, int(yy)), SAFE_COLOURS[0.90], 60)
               for yy in range(int(left.top()) + 5, int(left.bottom()) - 5, 2) for dx in (-1, 0, 1))
    assert hits > 20
    # Every video layer is outlined along its own frame.
    layers = w.last_frame.output.video_layers
    assert len(layers) == 4
    for layer in layers:
        f = layer["frame"]
        box = w.preview.rect_to_widget(f["x"], f["y"], f["w"], f["h"])
        mid_y = int(box.center().y())
        assert any(near(image.pixelColor(round(box.left()) + dx, mid_y), OUTLINE_COLOUR) for dx in (-1, 0, 1))
        assert any(near(image.pixelColor(round(box.right()) + dx, mid_y), OUTLINE_COLOUR) for dx in (-1, 0, 1))
    # Switched off, the frame's own pixels are back there.
    options.set("outlines", False)
    clean = w.preview.grab().toImage()
    f = layers[0]["frame"]
    box = w.preview.rect_to_widget(f["x"], f["y"], f["w"], f["h"])
    assert not near(clean.pixelColor(round(box.left()), int(box.center().y())), OUTLINE_COLOUR, 20)
    # Overlays never reach the frame's pixels (Save Frame, grabs of the image).
    assert w.preview.image.pixelColor(int(f["x"]), int(f["y"] + f["h"] / 2)) == \
        QImage(w.preview.image).pixelColor(int(f["x"]), int(f["y"] + f["h"] / 2))
    assert not near(w.preview.image.pixelColor(int(f["x"]), int(f["y"] + f["h"] / 2)), OUTLINE_COLOUR, 20)


def test_checkerboard_shows_through_when_a_layer_is_off(window):
    w = window("daily:baseline")
    step(w)
    assert w.last_frame.rgba[..., 3].min() == 255  # opaque with every layer on
    w.layer_boxes["background"].setChecked(False)
    w.layer_boxes["video"].setChecked(False)
    settle(w)
    alpha = w.last_frame.rgba[..., 3]
    assert alpha.min() == 0  # nothing drawn there: transparent, not black
    assert w.preview.checkerboard
    image = w.preview.grab().toImage()
    box = w.preview.frame_rect()
    samples = [image.pixelColor(int(box.left()) + 3 + dx, int(box.top()) + 3) for dx in (0, 8)]
    assert {(c.red(), c.green(), c.blue()) for c in samples} == {c.getRgb()[:3] for c in CHECKER_COLOURS}
    w.inspection.options.set("checkerboard", False)
    settle(w)
    assert w.last_frame.rgba[..., 3].min() == 255 and not w.preview.checkerboard


def test_toggles_and_multiview_sizes_are_remembered(window, tmp_path):
    settings = StudioSettings.at(tmp_path / "studio.ini")
    w = window("daily:baseline", settings=settings)
    options = w.inspection.options
    assert not options.on("grid") and options.on("checkerboard")  # the defaults
    options.set("grid", True)
    options.set("checkerboard", False)
    w.inspection.multiview.set_sizes([(640, 360), (720, 720)])
    w.close()
    again = window("daily:baseline", settings=StudioSettings.at(tmp_path / "studio.ini"))
    assert again.inspection.options.on("grid") and not again.inspection.options.on("checkerboard")
    assert again.inspection.options.actions["grid"].isChecked()
    assert again.inspection.multiview.sizes == [(640, 360), (720, 720)]


# ---------------------------------------------------------------------- zoom and pan


def test_zoom_and_pan_map_widget_and_frame_coordinates(window):
    w = window("daily:baseline")
    step(w)
    p = w.preview
    fitted = p.frame_rect()
    assert p.zoom is None and p.to_frame(fitted.topLeft()) == QPointF(0, 0)
    assert p.to_frame(fitted.bottomRight()).x() == pytest.approx(1280)
    # The wheel zooms around the cursor: the output point under it stays under it.
    cursor = QPointF(200, 150)
    under = p.to_frame(cursor)
    p.zoom_by(2.0, cursor)
    assert p.scale() == pytest.approx(2 * fitted.width() / 1280)
    assert p.to_frame(cursor).x() == pytest.approx(under.x()) and p.to_frame(cursor).y() == pytest.approx(under.y())
    # Round trips, and a pan moves the picture by exactly the drag.
    for point in (QPointF(0, 0), QPointF(640, 360), QPointF(1279.5, 3)):
        back = p.to_frame(p.to_widget(point))
        assert back.x() == pytest.approx(point.x()) and back.y() == pytest.approx(point.y())
    before = p.frame_rect()
    p.pan_by(37, -12)
    moved = p.frame_rect()
    assert moved.left() - before.left() == pytest.approx(37) and moved.top() - before.top() == pytest.approx(-12)
    # A middle-button drag pans the same way.
    QTest.mousePress(p, Qt.MouseButton.MiddleButton, pos=QPoint(300, 200))
    QTest.mouseMove(p, QPoint(320, 230))
    QTest.mouseRelease(p, Qt.MouseButton.MiddleButton, pos=QPoint(320, 230))
    assert p.frame_rect().left() - moved.left() == pytest.approx(20)
    assert p.frame_rect().top() - moved.top() == pytest.approx(30)
    # 1:1 and fit (View menu actions, Ctrl+1 / Ctrl+0).
    w.inspection.zoom_actions["actual"].trigger()
    assert p.scale() == 1.0 and p.frame_rect().width() == 1280
    w.inspection.zoom_actions["fit"].trigger()
    assert p.zoom is None and p.frame_rect() == fitted
    assert w.inspection.zoom_label.text() == "fit"


def test_space_drag_pans_and_a_space_tap_still_plays(window):
    w = window("daily:baseline")
    step(w)
    p = w.preview
    w.activateWindow()
    p.setFocus()
    c = p.rect().center()  # over the preview (however tall the docks leave it): Space is the preview's
    QTest.mouseMove(p, c)
    before = p.frame_rect()
    QTest.keyPress(p, Qt.Key.Key_Space)
    assert p.panning and not w.clock.playing
    QTest.mousePress(p, Qt.MouseButton.LeftButton, pos=c)
    QTest.mouseMove(p, c + QPoint(50, 20))
    QTest.mouseRelease(p, Qt.MouseButton.LeftButton, pos=c + QPoint(50, 20))
    QTest.keyRelease(p, Qt.Key.Key_Space)
    assert p.frame_rect().topLeft() - before.topLeft() == QPointF(50, 20)
    assert not w.clock.playing  # a pan is not a tap
    QTest.keyClick(p, Qt.Key.Key_Space)
    assert w.clock.playing
    w.toggle_playing()


# ---------------------------------------------------------------------- inspector


def test_the_tree_model_shows_the_frames_nodes(window, qtbot):
    w = window("daily:baseline")
    ins = inspected(w)
    model = ins.inspector.model
    root = model.index(0, 0)
    assert model.rowCount() == 1 and root.data() == "Root"
    tree_paths = [node["path"] for node in walk(ins.tree)]
    # Every node, in draw order (a changed structure is rebuilt in the view within 250 ms).
    qtbot.waitUntil(lambda: model.paths() == tree_paths, timeout=2000)
    # The video nodes are the frame's video layers, with the same frames.
    videos = [model.node_at_path(p) for p in tree_paths if model.node_at_path(p).get("type") == "video"]
    layers = w.last_frame.output.video_layers
    assert [v["video"] for v in videos] == [layer["id"] for layer in layers]
    assert [v["frame"] for v in videos] == [layer["frame"] for layer in layers]
    # Rows: a node's children are its rows; the frame column reads like the tree's numbers.
    image = image_node(ins.tree)
    index = model.index_of_path(image["path"], 1)
    f = image["frame"]
    assert index.data() == f"{f['x']:g}, {f['y']:g}  {f['w']:g}×{f['h']:g}"
    assert model.parent(index).data(Qt.ItemDataRole.ToolTipRole) == image["path"].rsplit("/", 1)[0]
    # Hovering a row outlines its node lightly in the preview (dashed), without selecting it.
    ins.inspector.pathHovered.emit(image["path"])
    grab = w.preview.grab().toImage()
    box = w.preview.rect_to_widget(*(image["bounds"][k] for k in "xywh"))
    edge = [grab.pixelColor(round(box.left()) + dx, int(y)) for dx in (-1, 0, 1)
            for y in range(int(box.top()) + 4, int(box.bottom()) - 4)]
    assert sum(near(c, QColor(255, 140, 0), 50) for c in edge) > 10 and ins.selected is None
    # A new frame with the same structure updates in place: the selection stays.
    ins.select(image["path"])
    step(w)
    assert ins.inspector.tree.currentIndex().data(Qt.ItemDataRole.ToolTipRole) == image["path"]


def test_click_selects_the_topmost_node_and_alt_click_steps_beneath(window, qtbot):
    w = window("daily:baseline")
    ins = inspected(w)
    image = image_node(ins.tree)
    at = centre_of(w, image)
    point = w.preview.to_frame(QPointF(at))
    under = [node["path"] for node in nodes_at(ins.tree, point.x(), point.y())]
    assert under[0] == image["path"] and len(under) >= 3
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=at)
    assert ins.selected == image["path"]
    assert ins.inspector.tree.currentIndex().data(Qt.ItemDataRole.ToolTipRole) == image["path"]  # the tree follows
    for expected in under[1:3]:
        QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, at)
        assert ins.selected == expected
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=at)
    assert ins.selected == image["path"]  # a plain click: the topmost again
    # The selection is outlined at once, from the tree on hand (no engine round trip).
    jobs = w.session.jobs_done
    grab = w.preview.grab().toImage()
    box = w.preview.rect_to_widget(*(image["bounds"][k] for k in "xywh"))
    assert any(near(grab.pixelColor(round(box.left()) + dx, int(box.center().y())), QColor(255, 140, 0))
               for dx in (-1, 0, 1))
    assert w.session.jobs_done == jobs
    # Its details and the params that move it.
    assert ins.inspector.fields["image"].text() == image["image"]
    wait_probe(qtbot, ins)
    moving = {e.param for e in ins.effects()}
    assert "image.height_gu" in moving and "text.content" not in moving
    assert set(ins.inspector.editors) == moving  # a live editor for each
    assert "image.position" in moving
    # The params tab in front: the selection stays (outlined, draggable), trees keep coming.
    w.findChild(QDockWidget, "params-dock").raise_()
    QApplication.processEvents()
    assert not ins.inspector_shown and ins.selected == image["path"] and ins.inspecting
    # Escape lets go of it; closing the dock stops the trees.
    QTest.keyClick(w.preview, Qt.Key.Key_Escape)
    assert ins.selected is None and not ins.inspecting
    ins.inspector.show()
    ins.inspector.raise_()
    QApplication.processEvents()
    assert ins.inspecting
    ins.inspector.close()
    QApplication.processEvents()
    assert not ins.inspecting


def test_dragging_the_image_edits_the_param_that_moves_it_as_one_undo_step(window, qtbot):
    w = window("daily:baseline")
    ins = inspected(w)
    image = image_node(ins.tree)
    at = centre_of(w, image)
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=at)
    wait_probe(qtbot, ins)
    steps = w.undo_stack.count()
    before = dict(w.params_model.changed_values())
    scale = w.preview.scale()
    QTest.mousePress(w.preview, Qt.MouseButton.LeftButton, pos=at)
    for i in range(1, 9):  # left and down, 40 output px per move
        QTest.mouseMove(w.preview, at + QPoint(round(-40 * i * scale), round(25 * i * scale)))
        settle(w)
    QTest.mouseRelease(w.preview, Qt.MouseButton.LeftButton, pos=at + QPoint(round(-320 * scale), round(200 * scale)))
    settle(w)
    assert w.undo_stack.count() == steps + 1  # one step for the whole drag
    changed = {k: v for k, v in w.params_model.changed_values().items() if before.get(k) != v}
    assert set(changed) & {"image.margin_gu", "image.position"}, changed
    assert w.session.engine.params.items() >= changed.items()  # the engine has it too
    step(w)
    moved = next(n for n in walk(w.inspection.tree) if n.get("type") == "image")["bounds"]
    assert moved["x"] < image["bounds"]["x"] and moved["y"] > image["bounds"]["y"]
    w.undo_action.trigger()
    settle(w)
    assert w.params_model.changed_values() == before
    # Escape during a drag puts everything back without a step.
    w.seek(IMAGE_FRAME)
    settle(w)
    at = centre_of(w, image_node(w.inspection.tree))
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=at)
    wait_probe(qtbot, ins)
    QTest.mousePress(w.preview, Qt.MouseButton.LeftButton, pos=at)
    QTest.mouseMove(w.preview, at + QPoint(-150, 100))
    assert w.params_model.changed_values() != before
    QTest.keyClick(w.preview, Qt.Key.Key_Escape)
    QTest.mouseRelease(w.preview, Qt.MouseButton.LeftButton, pos=at + QPoint(-150, 100))
    assert w.params_model.changed_values() == before
    assert w.undo_stack.index() == steps and w.undo_stack.canRedo()  # nothing pushed over the undone drag


def test_a_resize_handle_edits_the_param_that_sizes_the_image(window, qtbot):
    w = window("daily:baseline")
    ins = inspected(w)
    image = image_node(ins.tree)
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=centre_of(w, image))
    wait_probe(qtbot, ins)
    assert ins.dragger.can_resize()
    corner = handle_points(ins.dragger.node_rect())[Handle.BOTTOM_LEFT].toPoint()
    assert ins.dragger.handle_at(QPointF(corner)) is Handle.BOTTOM_LEFT
    height = w.params_model.value("image.height_gu")
    steps = w.undo_stack.count()
    scale = w.preview.scale()
    QTest.mousePress(w.preview, Qt.MouseButton.LeftButton, pos=corner)
    for i in range(1, 5):  # out of the corner: wider and taller
        QTest.mouseMove(w.preview, corner + QPoint(round(-18 * i * scale), round(10 * i * scale)))
    QTest.mouseRelease(w.preview, Qt.MouseButton.LeftButton, pos=corner + QPoint(round(-72 * scale), round(40 * scale)))
    settle(w)
    assert w.undo_stack.count() == steps + 1
    assert w.params_model.value("image.height_gu") == height + 2  # 2 steps of (−35, 0, +35, +20) px
    step(w)
    grown = image_node(w.inspection.tree)["bounds"]
    assert grown["w"] > image["bounds"]["w"] and grown["h"] > image["bounds"]["h"]


def test_choose_edit_takes_the_strongest_param_in_the_drag_direction():
    base = {"x": 100, "y": 100, "w": 200, "h": 100}
    sideways = ParamEffect("a.x", "number", 0, 1.0, plus={"dx": 10, "dy": 0, "dw": 0, "dh": 0},
                           minus={"dx": -10, "dy": 0, "dw": 0, "dh": 0})
    down = ParamEffect("a.y", "number", 2, 0.5, None, 4, {"dx": 0, "dy": 5, "dw": 0, "dh": 0},
                       {"dx": 0, "dy": -5, "dw": 0, "dh": 0})
    grow = ParamEffect("a.size", "number", 1, 1.0, plus={"dx": 0, "dy": 0, "dw": 20, "dh": 10}, minus=None)
    corner = ParamEffect("a.position", "enum", "top-left",
                         frames=(("bottom-right", {"x": 900, "y": 500, "w": 200, "h": 100}), ("hidden", None)))
    effects = [sideways, down, grow, corner]
    edit = choose_edit(effects, wanted_change(Handle.MOVE, 3, 19), base)
    assert edit is not None and edit.param == "a.y" and edit.value == 4  # 4 steps, at its max
    assert choose_edit(effects, wanted_change(Handle.MOVE, -31, 1), base).value == -3
    assert choose_edit(effects, wanted_change(Handle.MOVE, 790, 410), base).value == "bottom-right"
    assert choose_edit(effects, wanted_change(Handle.MOVE, 2, -1), base) is None  # a wobble changes nothing
    resize = choose_edit([grow], wanted_change(Handle.BOTTOM_RIGHT, 41, 19), base)
    assert resize.param == "a.size" and resize.value == 3
    assert choose_edit([grow], wanted_change(Handle.BOTTOM_RIGHT, -40, -20), base) is None  # no minus probed


# ---------------------------------------------------------------------- raw data


def test_raw_tabs_hold_the_frames_json_and_mark_the_selected_nodes_commands(window, qtbot):
    w = window("daily:baseline")
    ins = inspected(w)
    dock = ins.raw_dock
    dock.show()
    settle(w)
    dock.refresh()
    out = w.last_frame.output
    assert json.loads(dock.pane("foreground").text.toPlainText()) == json.loads(json.dumps(out.foreground))
    assert json.loads(dock.pane("background").text.toPlainText()) == json.loads(json.dumps(out.background))
    assert json.loads(dock.pane("video layers").text.toPlainText()) == json.loads(json.dumps(out.video_layers))
    # Search counts matches; Copy gives the whole document.
    pane = dock.pane("foreground")
    pane.search.setText("drawImage")
    assert pane.count.text() == "1 found" and pane.find_next()
    pane.copy()
    from PySide6.QtGui import QGuiApplication
    assert json.loads(QGuiApplication.clipboard().text()) == json.loads(json.dumps(out.foreground))
    # Selecting the image marks its drawImage command; a video node its video layer.
    image = image_node(ins.tree)
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=centre_of(w, image))
    lines = pane.text.toPlainText().splitlines()
    marked = [lines[n] for n in pane._node_lines]
    assert len(marked) == 1 and '"drawImage"' in marked[0] and image["image"] in marked[0]
    video = next(n for n in walk(ins.tree) if n.get("type") == "video")
    ins.select(video["path"])
    layers = dock.pane("video layers")
    assert [json.loads(layers.text.toPlainText().splitlines()[n].rstrip(","))["id"] for n in layers._node_lines] == \
        [video["video"]]


def test_dragging_while_recording_records_one_event_and_leaves_the_base(window, qtbot):
    """Record mode: a drag is one event at the playhead with the params it set (one undo step);
    nothing reaches the base state, so frame 0 is unchanged."""
    w = window("daily:baseline")
    ins = inspected(w)
    at = centre_of(w, image_node(ins.tree))
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=at)
    wait_probe(qtbot, ins)
    base = dict(w.session.engine.params)
    w.recorder.action.setChecked(True)
    steps = w.undo_stack.count()
    scale = w.preview.scale()
    QTest.mousePress(w.preview, Qt.MouseButton.LeftButton, pos=at)
    for i in range(1, 9):
        QTest.mouseMove(w.preview, at + QPoint(round(-40 * i * scale), round(25 * i * scale)))
        settle(w)
    QTest.mouseRelease(w.preview, Qt.MouseButton.LeftButton, pos=at + QPoint(round(-320 * scale), round(200 * scale)))
    settle(w)
    event = w.timeline.scenario().events[w.frame_index]
    assert set(event["params"]) & {"image.margin_gu", "image.position"}, event
    assert w.undo_stack.count() == steps + 1
    assert w.session.engine.params == base  # the base state did not move
    w.recorder.action.setChecked(False)


# ---------------------------------------------------------------------- multiview


def test_multiview_shows_every_size_in_step_with_the_window(window, qtbot):
    assert parse_size("960x540") == (960, 540)
    with pytest.raises(InputError):
        parse_size("wide")
    w = window("daily:baseline")
    step(w)
    mv = w.inspection.multiview
    assert mv.sizes == list(DEFAULT_SIZES)
    mv.show()
    qtbot.waitUntil(lambda: all(tile.preview.image is not None for tile in mv.tiles), timeout=30000)
    assert [(t.preview.image.width(), t.preview.image.height()) for t in mv.tiles] == list(DEFAULT_SIZES)
    # An edit, a participant count and the frame shown reach every size.
    w.set_param("showTextOverlay", True)
    w.participants_spin.setValue(2)
    step(w)
    for session in mv.sessions:
        session.wait_idle()
    qtbot.waitUntil(lambda: all(s.engine.params.get("showTextOverlay") is True for s in mv.sessions))
    assert all(len(s.engine.slots) == 2 for s in mv.sessions)
    # A chat message sent from the message bar reaches every size.
    w.message_bar.messageSent.emit("chatMessages", "Participant 2", "hello sizes")
    settle(w)
    for session in mv.sessions:
        session.wait_idle()
    assert all([m["text"] for by_source in s.engine._messages.values() for messages in by_source.values()
                for m in messages] == ["hello sizes"] for s in mv.sessions)
    assert all(s.engine.host.size == size for s, size in zip(mv.sessions, DEFAULT_SIZES, strict=True))
    mv.hide()
    assert mv.sessions == []  # engines exist only while it shows


def test_multiview_opened_late_replays_the_scenario_and_earlier_messages(window, qtbot):
    """Sizes opened after a scenario was opened and a message sent show the same moment: the
    document and the session's messages (same key, same frame) reach every size."""
    w = window("daily:baseline")
    w.open_scenario(Path(__file__).parent / "scenarios" / "toast-and-mode.json")
    settle(w)
    w.message_bar.messageSent.emit("chatMessages", "Participant 2", "before the sizes")
    settle(w)
    mv = w.inspection.multiview
    mv.show()
    qtbot.waitUntil(lambda: all(tile.preview.image is not None for tile in mv.tiles), timeout=30000)
    for session in mv.sessions:
        session.wait_idle()
    main = w.session.engine
    for session in mv.sessions:
        assert session.engine.document.events == main.document.events
        assert session.engine.base_state().messages == main.base_state().messages
    mv.hide()
