"""The timeline widget (studio/timeline/view.py, ruler.py): frames ↔ x at a zoom, ticks that
adapt, scrubbing, marker clicks, drags and Delete, zoom at the cursor, and what is painted
where (pixels of a grab)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QUndoStack, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from test_timeline_model import sample

from studio.timeline.events import Track
from studio.timeline.model import TimelineModel
from studio.timeline.ruler import MIN_LABEL_PX, MIN_MINOR_PX, TimeScale, choose_ticks, tick_frames, tick_label
from studio.timeline.view import HEADER_WIDTH, MARKER_RADIUS, MAX_PX_PER_FRAME, RULER_HEIGHT, TRACK_HEIGHT, TimelineView, track_color

WIDTH = HEADER_WIDTH + 800


@pytest.fixture
def view(qtbot):
    stack = QUndoStack()
    model = TimelineModel(stack)
    model.set_scenario(sample())  # markers: 30 messages, 60 participants + room, 120 params
    v = TimelineView(model)
    v.resize(WIDTH, 200)
    qtbot.addWidget(v)
    v.show()
    v.set_duration(300)
    v.scale.px_per_frame, v.scale.first = 2.0, 0.0  # 800 px show frames 0..400
    v.stack = stack
    return v


def at(v: TimelineView, frame: float, track: Track | None = None) -> QPoint:
    y = RULER_HEIGHT // 2 if track is None else v.track_rect(track).center().y()
    return QPoint(round(v.scale.x_of(frame)), y)


def test_frames_and_x():
    scale = TimeScale(px_per_frame=4.0, first=10.0, left=100.0)
    assert scale.x_of(10) == 100 and scale.x_of(35) == 200
    assert scale.frame_at(200) == 35 and scale.nearest_frame(201.9) == 35 and scale.nearest_frame(0) == 0
    scale.zoom_around(300.0, 8.0)  # the frame under the cursor stays there
    assert scale.frame_at(300) == pytest.approx(60) and scale.x_of(60) == pytest.approx(300)


@pytest.mark.parametrize("px_per_frame", [0.01, 0.1, 0.5, 1, 2, 3, 8, 20, 48])
@pytest.mark.parametrize("fps", [25, 30, 29.97])
def test_ticks_leave_room_for_labels_and_adapt(px_per_frame, fps):
    ticks = choose_ticks(px_per_frame, fps)
    assert ticks.major * px_per_frame >= MIN_LABEL_PX or ticks.major == 3600 * fps
    assert ticks.minor == ticks.major or ticks.minor * px_per_frame >= MIN_MINOR_PX
    assert ticks.minor <= ticks.major and ticks.minor >= 1


def test_tick_steps_and_labels():
    assert choose_ticks(48, 30).major == 2  # zoomed in: frames within a second
    assert choose_ticks(3, 30).major == 30 and choose_ticks(3, 30).minor == 3
    assert choose_ticks(0.5, 30).major == 300  # 10 s
    assert list(tick_frames(30, -5, 95)) == [0, 30, 60, 90]
    assert tick_label(150, 30) == "5s · 150" and tick_label(2700, 30) == "1:30 · 2700" and tick_label(152, 30) == "152"


def test_clicking_a_marker_seeks_to_its_frame(view, qtbot):
    sought: list[int] = []
    view.seekRequested.connect(sought.append)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at(view, 121, Track.PARAMS))  # 2 px off: still a hit
    assert sought == [120] and view.selected == (120, Track.PARAMS) and view.playhead == 120
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at(view, 60, Track.ROOM))
    assert sought == [120, 60] and view.selected == (60, Track.ROOM)
    assert view.marker_at(QPointF(at(view, 60, Track.PARAMS))) is None  # another track's row
    assert view.stack.count() == 0  # a click edits nothing


def test_dragging_the_playhead_seeks_continuously(view, qtbot):
    sought: list[int] = []
    scrubbing: list[bool] = []
    view.seekRequested.connect(sought.append)
    view.scrubbingChanged.connect(scrubbing.append)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 10))
    for frame in (20, 20.2, 35, 50):
        qtbot.mouseMove(view, at(view, frame))
    view.set_playhead(5)  # a late frame arriving while dragging does not pull the playhead back
    assert view.playhead == 50
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(view, 50))
    assert sought == [10, 20, 35, 50] and scrubbing == [True, False]
    view.set_playhead(7)
    assert view.playhead == 7
    # Left of frame 0 (the header) clamps to 0; empty track space scrubs too.
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 200, Track.ROOM))
    qtbot.mouseMove(view, QPoint(HEADER_WIDTH - 30, 10))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(HEADER_WIDTH - 30, 10))
    assert sought[-2:] == [200, 0] and view.selected is None


def test_dragging_a_marker_moves_it_as_one_undo_step(view, qtbot):
    sought: list[int] = []
    view.seekRequested.connect(sought.append)
    model = view.model
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 60, Track.ROOM))
    for frame in (62, 70, 80, 85):  # 2 px a frame: 50 px right is 25 frames
        qtbot.mouseMove(view, at(view, frame, Track.ROOM))
    assert model.events()[60].get("room") is not None  # nothing changes until the drop
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(view, 85, Track.ROOM))
    assert model.events()[85] == {"room": [{"id": "a"}]} and "room" not in model.events()[60]
    assert view.stack.count() == 1 and view.stack.undoText() == "Move room event 60 → 85"
    assert view.selected == (85, Track.ROOM) and sought == []  # a drag is no click
    view.stack.undo()
    assert model.events() == sample().events
    # A press that moves less than the drag distance is a click.
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 30, Track.MESSAGES))
    qtbot.mouseMove(view, at(view, 30, Track.MESSAGES) + QPoint(1, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(view, 30, Track.MESSAGES) + QPoint(1, 0))
    assert sought == [30] and view.stack.count() == 1 and view.stack.canRedo()


def test_delete_removes_the_selected_marker(view, qtbot):
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=at(view, 30, Track.MESSAGES))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert 30 not in view.model.events() and view.selected is None and view.stack.count() == 1
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # nothing selected: nothing happens
    assert view.stack.count() == 1
    view.stack.undo()
    assert 30 in view.model.events()


def wheel(view: TimelineView, pos: QPoint, dy: int = 0, dx: int = 0,
          modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    event = QWheelEvent(QPointF(pos), QPointF(view.mapToGlobal(pos)), QPoint(), QPoint(dx, dy),
                        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view, event)


def test_wheel_zooms_around_the_cursor_and_scrolls(view):
    pos = at(view, 100, Track.PARAMS)
    wheel(view, pos, dy=120)
    assert view.scale.px_per_frame == pytest.approx(2.5)
    assert view.scale.frame_at(pos.x()) == pytest.approx(100)
    for _ in range(40):
        wheel(view, pos, dy=120)
    assert view.scale.px_per_frame == MAX_PX_PER_FRAME and view.scale.frame_at(pos.x()) == pytest.approx(100, abs=0.01)
    first = view.scale.first
    wheel(view, pos, dx=-120)  # a horizontal wheel scrolls later in time
    assert view.scale.first > first
    wheel(view, pos, dy=120, modifiers=Qt.KeyboardModifier.ShiftModifier)  # Shift+wheel scrolls back
    assert view.scale.first == pytest.approx(first, abs=0.05)
    assert view.scrollbar.value() == round(view.scale.first * view.scale.px_per_frame)


def test_the_ruler_extends_past_the_document_with_the_playhead(view):
    assert view.content_frames() == 300
    view.set_playhead(900)  # past the end, and out of view: the view pages to it
    assert view.content_frames() == 901
    assert HEADER_WIDTH <= view.scale.x_of(900) <= view.width()


def color_at(image, point: QPointF) -> QColor:
    return image.pixelColor(round(point.x()), round(point.y()))


def test_painted_where_the_geometry_says(view):
    view.set_playhead(200)
    view.set_loop_marks(150, 250)
    image = view.grab().toImage()
    palette = view.palette()
    for frame, track in view.model.markers():
        got = color_at(image, view.marker_center(frame, track))
        want = track_color(track, palette)
        assert abs(got.red() - want.red()) + abs(got.green() - want.green()) + abs(got.blue() - want.blue()) < 30
    # The playhead: one pixel column, red, through every track.
    x = int(view.scale.x_of(200))
    for track in Track:
        y = view.track_rect(track).center().y() + 3
        assert image.pixelColor(x, y).red() > 180 and image.pixelColor(x, y).green() < 130
        assert image.pixelColor(x + 2, y).red() < 200 or image.pixelColor(x + 2, y).green() > 150
    # Inside the in/out range the lanes are shaded, outside they are the base colour.
    y = view.track_rect(Track.ROOM).center().y()
    inside, outside = image.pixelColor(int(view.scale.x_of(180)), y), image.pixelColor(int(view.scale.x_of(100)), y)
    assert outside == palette.base().color() and inside != outside


def test_seek_progress_is_drawn_and_hidden(view):
    view.set_playhead(200)
    view.set_seek_progress(50, 100)
    image = view.grab().toImage()
    y = RULER_HEIGHT - 2
    highlight = view.palette().highlight().color()
    assert image.pixelColor(int(view.scale.x_of(80)), y) == highlight  # done: up to half way to frame 200
    assert image.pixelColor(int(view.scale.x_of(120)), y) != highlight
    view.set_seek_progress(100, 100)
    assert view.seek_progress is None
    assert view.grab().toImage().pixelColor(int(view.scale.x_of(80)), y) != highlight


def test_size_fits_the_tracks(view):
    assert view.minimumSizeHint().height() >= RULER_HEIGHT + 4 * TRACK_HEIGHT


def test_the_initial_state_shows_as_rings_at_frame_zero(view, qtbot):
    sought: list[int] = []
    view.seekRequested.connect(sought.append)
    view.set_playhead(50)
    assert view.model.initial_tracks() == [Track.PARTICIPANTS]
    ring = at(view, 0, Track.PARTICIPANTS)
    assert view.initial_at(QPointF(ring)) is Track.PARTICIPANTS and view.marker_at(QPointF(ring)) is None
    assert view.initial_at(QPointF(at(view, 0, Track.PARAMS))) is None
    assert view.model.initial_tooltip(Track.PARTICIPANTS) == \
        "initial state, before frame 0 · participants: 1 slot (Alice)"
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=ring)  # a ring is no event: pressing scrubs
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=ring)
    assert sought == [0] and view.stack.count() == 0
    view.set_playhead(50)
    image = view.grab().toImage()
    centre = view.marker_center(0, Track.PARTICIPANTS)
    assert color_at(image, centre) == view.palette().base().color()  # hollow
    edge = color_at(image, centre + QPointF(0, -4.5))
    assert edge.green() > edge.red() + 30  # the participants' green


def test_escape_cancels_a_marker_drag(view, qtbot):
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 120, Track.PARAMS))
    qtbot.mouseMove(view, at(view, 150, Track.PARAMS))
    assert view._drag is not None and view._drag.to_frame == 150
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=at(view, 150, Track.PARAMS))
    assert view.model.events() == sample().events and view.stack.count() == 0


def test_dragging_past_the_edge_scrolls_and_keeps_the_marker_under_the_pointer(view, qtbot):
    view.zoom(4, 0)  # 8 px a frame, from frame 0: frames 0..100 in view
    assert view.scale.first == 0
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=at(view, 60, Track.ROOM))
    edge = QPoint(view.width() - 4, view.track_rect(Track.ROOM).center().y())
    qtbot.mouseMove(view, edge)
    before = view._drag.to_frame
    qtbot.waitUntil(lambda: view.scale.first > 20, timeout=5000)
    assert view._drag.to_frame > before + 20
    assert view._drag.to_frame == round(view.scale.frame_at(edge.x()) - view._drag.press_at) + 60
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=edge)
    to = max(f for f, t in view.model.markers() if t is Track.ROOM)
    assert to > before + 20 and view.stack.count() == 1 and not view._edge_timer.isActive()


def test_double_click_on_the_ruler_shows_the_whole_document(view, qtbot):
    view.zoom(8, HEADER_WIDTH + 300)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=QPoint(HEADER_WIDTH + 50, 10))
    assert view.scale.first == 0 and view.scale.x_of(300) <= view.width()
    assert view.scale.x_of(300) > view.width() - 40


def test_tooltips_of_markers_rings_and_ruler(view, qtbot):
    def tip(point: QPoint) -> str:
        QToolTip.hideText()
        QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, point, view.mapToGlobal(point)))
        return QToolTip.text()

    assert tip(at(view, 120, Track.PARAMS)) == "frame 120 (00:04.00) · params: mode = grid, toast.duration_secs = 3"
    assert tip(at(view, 0, Track.PARTICIPANTS)).startswith("initial state, before frame 0 · participants: 1 slot")
    assert tip(at(view, 45)) == "frame 45 · 00:01.15"


def test_the_cached_layer_follows_every_change_but_the_playhead(view):
    def marker_shown(frame: int, track: Track) -> bool:
        got = color_at(view.grab().toImage(), view.marker_center(frame, track))
        want = track_color(track, view.palette())
        return abs(got.red() - want.red()) + abs(got.green() - want.green()) + abs(got.blue() - want.blue()) < 30

    assert not marker_shown(200, Track.ROOM)
    layer = view._static[1]
    view.set_playhead(40)
    view.grab()
    assert view._static[1] is layer  # playback repaints reuse the layer
    view.model.add_event(200, {"room": []})
    assert marker_shown(200, Track.ROOM)
    view.stack.undo()
    assert not marker_shown(200, Track.ROOM)
    view.zoom(2, view.scale.x_of(120))
    assert marker_shown(120, Track.PARAMS) and view._static[1] is not layer


def test_a_fitted_view_keeps_the_document_and_the_playhead_in_view(view):
    view.fit()
    fitted = view.scale.px_per_frame
    assert view.scale.x_of(300) <= view.width() and view.scale.first == 0
    view.set_playhead(900)  # past the end: the view grows to the next quarter of the document
    scale = view.scale.px_per_frame
    assert view.scale.first == 0 and view.scale.x_of(900) <= view.width() and scale < fitted
    view.set_playhead(960)  # the same quarter: no re-fit while playing on
    assert view.scale.px_per_frame == scale
    view.set_playhead(10)  # back inside: the document fills the view again
    assert view.scale.px_per_frame == fitted
    # Zoomed by the user, the view pages instead, keeping the zoom.
    view.zoom(4, view.scale.x_of(0))
    zoomed = view.scale.px_per_frame
    view.set_playhead(280)
    assert view.scale.px_per_frame == zoomed and view.scale.left <= view.scale.x_of(280) <= view.width()
    assert view.scale.first > 0


def test_the_marker_menu(view):
    view.set_playhead(200)
    menu = view.marker_menu((60, Track.ROOM))
    actions = {a.text(): a for a in menu.actions() if not a.isSeparator()}
    assert list(actions) == ["Go to Frame 60", "Move to the Playhead (Frame 200)", "Delete Room Event"]
    actions["Move to the Playhead (Frame 200)"].trigger()
    assert view.model.events()[200] == {"room": [{"id": "a"}]} and view.selected == (200, Track.ROOM)
    menu = view.marker_menu((200, Track.ROOM))
    assert not menu.actions()[1].isEnabled()  # already there
    menu.actions()[-1].trigger()
    assert 200 not in view.model.events() and view.stack.count() == 2
    sought: list[int] = []
    view.seekRequested.connect(sought.append)
    view.marker_menu((120, Track.PARAMS)).actions()[0].trigger()
    assert sought == [120] and view.playhead == 120
    with pytest.raises(ValueError):
        view.set_fps(0)


def test_the_marker_under_the_pointer_is_highlighted(view, qtbot):
    centre = view.marker_center(120, Track.PARAMS)
    edge = QPointF(centre.x() + MARKER_RADIUS + 0.6, centre.y())  # outside the plain diamond
    before = color_at(view.grab().toImage(), edge)
    qtbot.mouseMove(view, centre.toPoint())
    assert view.hovered == (120, Track.PARAMS)
    hovered = color_at(view.grab().toImage(), edge)
    assert hovered != before
    qtbot.mouseMove(view, at(view, 200, Track.PARAMS))
    assert view.hovered is None and color_at(view.grab().toImage(), edge) == before


def test_markers_say_what_they_change_when_there_is_room(view, monkeypatch):
    """Labels beside markers: drawn (text-coloured pixels right of the marker) where the next
    marker leaves room, not where markers crowd."""
    view.fit()

    def inked(frame: float, track: Track, image) -> int:
        """Pixels darker than the lane right of `frame`'s marker (the label's ink)."""
        centre = view.marker_center(frame, track)
        base = view.palette().base().color().lightness()
        return sum(1 for dx in range(int(MARKER_RADIUS) + 6, int(MARKER_RADIUS) + 60)
                   for dy in range(-5, 6)
                   if image.pixelColor(round(centre.x()) + dx, round(centre.y()) + dy).lightness() < base - 60)

    image = view.grab().toImage()
    assert inked(120, Track.PARAMS, image) > 20 and inked(30, Track.MESSAGES, image) > 20
    assert inked(0, Track.PARTICIPANTS, image) > 20  # the initial state's ring
    assert view.model.change(120, Track.PARAMS) == "mode = grid, toast.duration_secs = 3"
    assert view.model.initial_change(Track.PARTICIPANTS) == "1 slot (Alice)"
    # Crowded: a marker 3 frames after another leaves no room for the first's label.
    labelled: list[tuple[int, Track]] = []
    change = view.model.change
    monkeypatch.setattr(view.model, "change", lambda f, t: labelled.append((f, t)) or change(f, t))
    view.model.add_event(123, {"params": {"x": 1}})
    view.grab()
    assert (123, Track.PARAMS) in labelled and (120, Track.PARAMS) not in labelled
