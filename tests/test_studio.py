"""The studio, headless (QT_QPA_PLATFORM=offscreen): preview, params, inputs, errors, hot reload.

Windows are built with `autostart=False` and driven by `step()` (ask for the next frame, then
wait for the session's render thread and deliver its signals), so frames are deterministic and
the tests do not wait for the playback timer (except where the timer is the thing under test).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox

from studio.main_window import MainWindow

COMPOSITION = """\
import * as React from 'react';
import { Box, Video } from '#vcs-react/components';
import { useActiveVideo, useParams } from '#vcs-react/hooks';
import { grid } from '#vcs-stdlib/layouts';

export const compositionInterface = {
  displayMeta: { name: 'Studio test' },
  params: [
    { id: 'showVideo', type: 'boolean', defaultValue: true },
    { id: 'look.color', type: 'enum', values: ['red', 'blue'], defaultValue: 'green' },
    { id: 'look.size_gu', type: 'number', defaultValue: 2, step: 0.5 },
  ],
};

export default function Test() {
  const params = useParams();
  const { activeIds } = useActiveVideo();
  return (
    <Box style={{ fillColor: 'COLOR' }}>
      {params.showVideo ? activeIds.map((id, index) => (
        <Box key={id} layout={[grid, { index, total: activeIds.length }]}><Video src={id} /></Box>
      )) : null}
    </Box>
  );
}
"""


def write_comp(folder: Path, color: str = "#ff0000", body: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.jsx").write_text(body if body is not None else COMPOSITION.replace("COLOR", color),
                                      encoding="utf-8")
    return folder


@pytest.fixture
def window(qtbot):
    """A window factory; every window is closed (timer and watcher stopped) at teardown."""
    made: list[MainWindow] = []

    def make(composition: str | Path = "daily:baseline", **kwargs) -> MainWindow:
        kwargs.setdefault("autostart", False)
        w = MainWindow(str(composition), **kwargs)
        qtbot.addWidget(w)
        w.resize(1000, 600)
        w.show()
        made.append(w)
        settle(w)
        return w

    yield make
    for w in made:
        w.close()


def settle(w: MainWindow) -> None:
    """Every queued edit and render has run, and its signals reached the window (a signal may
    queue more work, e.g. the first frame after a load: wait for that too)."""
    assert w.session.settle(), "a job did not finish, or the session kept queueing work"


def step(w: MainWindow) -> None:
    """Render the next frame (the first one when none is on screen yet)."""
    settle(w)
    w.show_frame(w.frame_index + 1 if w.last_frame is not None else 0)
    settle(w)


def preview_pixels(w: MainWindow):
    """What is on screen in the preview (a real widget grab, scaled as the user sees it)."""
    return w.preview.grab().toImage()


def centre_pixel(w: MainWindow) -> tuple[int, int, int]:
    image = preview_pixels(w)
    c = image.pixelColor(image.width() // 2, image.height() // 2)
    return c.red(), c.green(), c.blue()


def test_window_shows_composited_frames(window, qtbot):
    w = window("daily:baseline")
    for _ in range(3):
        step(w)
    assert w.banner.isHidden()
    assert w.frame_index == 3
    image = preview_pixels(w)
    bright = sum(1 for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)
                 if max(image.pixelColor(x, y).getRgb()[:3]) > 40)
    assert bright > 50  # footage + graphics, not a black box
    assert "ms/frame" in w.frame_label.text()
    # The frame is letterboxed with the output's aspect.
    r = w.preview.frame_rect()
    assert abs(r.width() / r.height() - 16 / 9) < 0.01


def test_the_last_of_quick_edits_shows_while_paused(window, tmp_path):
    """A render queued before an edit must not be the last word: the frame shows the edit."""
    w = window(write_comp(tmp_path / "comp"))
    step(w)
    assert len(w.last_frame.output.video_layers) == 4
    for on in (False, True, False, True):  # no waiting: renders are queued among the edits
        w.set_param("showVideo", on)
    settle(w)
    assert w.session.engine.params.get("showVideo", True) is True
    assert len(w.last_frame.output.video_layers) == 4


def test_timer_drives_the_preview(window, qtbot):
    w = window("daily:baseline")
    w.toggle_playing()
    qtbot.waitUntil(lambda: w.frame_index >= 3, timeout=3000)


def test_boolean_param_changes_params_and_output(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    step(w)
    assert len(w.last_frame.output.video_layers) == 4
    box = w.params_panel.controls["showVideo"]
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.setChecked(False)
    settle(w)
    assert w.session.engine.params["showVideo"] is False
    step(w)
    assert w.last_frame.output.video_layers == []
    # Grouped sections and the other control types.
    assert set(w.params_panel.sections) == {"General", "look"}
    combo = w.params_panel.controls["look.color"]
    assert isinstance(combo, QComboBox) and combo.currentData() == "green"  # default outside values
    combo.setCurrentIndex(combo.findData("blue"))
    settle(w)
    assert w.session.engine.params["look.color"] == "blue"
    spin = w.params_panel.controls["look.size_gu"]
    assert isinstance(spin, QDoubleSpinBox) and spin.singleStep() == 0.5
    spin.setValue(3.5)
    settle(w)
    assert w.session.engine.params["look.size_gu"] == 3.5


def test_participants_and_layers(window, tmp_path):
    w = window(write_comp(tmp_path / "comp", color="#000000"))
    step(w)
    assert len(w.last_frame.output.video_layers) == 4
    w.participants_spin.setValue(2)
    step(w)
    assert len(w.last_frame.output.video_layers) == 2
    w.participants_spin.setValue(0)
    step(w)
    assert w.last_frame.output.video_layers == []
    w.participants_spin.setValue(1)
    step(w)
    assert max(centre_pixel(w)) > 30  # one full-frame synthetic video
    w.layer_boxes["video"].setChecked(False)
    step(w)
    assert centre_pixel(w) == (0, 0, 0)  # black background, no video


def test_output_size_rebuilds_compositor(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    w.size_combo.setCurrentIndex(w.size_combo.findText("720×1280"))
    step(w)
    settle(w)
    assert w.session.engine.host.size == (720, 1280)
    assert w.last_frame.rgba.shape == (1280, 720, 4)
    r = w.preview.frame_rect()
    assert abs(r.width() / r.height() - 720 / 1280) < 0.01


def test_syntax_error_shows_banner_and_keeps_frame(window, tmp_path):
    folder = write_comp(tmp_path / "comp")
    w = window(folder)
    step(w)
    before = centre_pixel(w)
    good = w.preview.image
    source = (folder / "index.jsx").read_text().splitlines()
    source[19] = "  return (<Box style={{ fillColor: }} />;"  # line 20
    (folder / "index.jsx").write_text("\n".join(source) + "\n")
    w.reload_composition()
    settle(w)
    assert w.banner.isVisible()
    assert "index.jsx:20" in w.banner.text()
    step(w)
    step(w)
    assert w.preview.image is good
    assert centre_pixel(w) == before
    # A fix clears the banner; params survive the reload.
    w.params_panel.controls["showVideo"].setChecked(False)
    write_comp(folder, color="#0000ff")
    w.reload_composition()
    settle(w)
    assert w.banner.isHidden()
    settle(w)
    assert w.session.engine.params["showVideo"] is False
    step(w)
    r, _g, b = centre_pixel(w)
    assert b > 200 and r < 30


def test_render_error_shows_banner(window, tmp_path):
    body = COMPOSITION.replace("COLOR", "#ff0000").replace(
        "const params = useParams();", "const params = useParams();\n  if (!params.showVideo) throw new Error('boom');")
    w = window(write_comp(tmp_path / "comp", body=body))
    step(w)
    good = w.preview.image
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    assert "boom" in w.banner.text() and "index.jsx:" in w.banner.text()
    assert w.preview.image is good
    w.params_panel.controls["showVideo"].setChecked(True)
    step(w)
    assert w.banner.isHidden()


def test_missing_composition_does_not_crash(window, tmp_path):
    w = window(tmp_path / "nope")
    assert "nope" in w.banner.text()
    step(w)
    assert w.preview.image is None
    assert not w.save_frame(tmp_path / "none.png")


def test_editing_the_file_hot_reloads(window, qtbot, tmp_path):
    folder = write_comp(tmp_path / "comp")
    w = window(folder)
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    assert centre_pixel(w)[0] > 200
    time.sleep(0.05)
    write_comp(folder, color="#00ff00")
    qtbot.waitUntil(lambda: w.reload_count >= 1, timeout=5000)
    step(w)
    assert centre_pixel(w)[1] > 200 and centre_pixel(w)[0] < 30
    settle(w)
    assert w.session.engine.params["showVideo"] is False
    # A syntax error saved on disk shows in the banner, also through the watcher.
    (folder / "index.jsx").write_text("export default function (\n", encoding="utf-8")
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=5000)
    assert "index.jsx:" in w.banner.text()


def test_reset_params_and_switching_compositions(window, tmp_path):
    first = write_comp(tmp_path / "a")
    w = window(first)
    w.params_panel.controls["showVideo"].setChecked(False)
    w.params_panel.controls["look.size_gu"].setValue(5)
    w.reset_params()
    settle(w)
    assert w.session.engine.params == {}
    assert w.params_panel.controls["showVideo"].isChecked()
    assert w.params_panel.controls["look.size_gu"].value() == 2
    step(w)
    assert len(w.last_frame.output.video_layers) == 4
    # Another composition starts from its own defaults, not the previous one's values.
    w.params_panel.controls["showVideo"].setChecked(False)
    w.open_composition(str(write_comp(tmp_path / "b")))
    settle(w)
    assert w.session.engine.params == {}
    assert w.params_panel.controls["showVideo"].isChecked()
    assert w.watcher.watched == tmp_path / "b"


def test_console_shows_logs_and_error_details(window, tmp_path):
    body = COMPOSITION.replace("COLOR", "#ff0000").replace(
        "const params = useParams();",
        "const params = useParams();\n  console.log('hello from the composition');\n"
        "  if (!params.showVideo) throw new Error('boom');")
    w = window(write_comp(tmp_path / "comp", body=body))
    step(w)
    assert "hello from the composition" in w.console.toPlainText()
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    text = w.console.toPlainText()
    assert "boom" in text and "component stack" in text


def test_restart_plays_from_frame_zero(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    for _ in range(5):
        step(w)
    w.restart()
    settle(w)
    assert w.reload_count == 1
    assert w.last_frame.output.frame_index == 0


def test_edits_while_the_load_is_broken_keep_its_error(window, tmp_path):
    folder = write_comp(tmp_path / "comp")
    w = window(folder)
    step(w)
    (folder / "index.jsx").write_text("export default function (\n", encoding="utf-8")
    w.reload_composition()
    settle(w)
    error = w.banner.text()
    assert "index.jsx:1" in error
    w.params_panel.controls["showVideo"].setChecked(False)
    w.participants_spin.setValue(2)
    w.size_combo.setCurrentIndex(w.size_combo.findText("720×720"))
    step(w)
    assert w.banner.text() == error
    write_comp(folder)
    w.reload_composition()
    settle(w)
    step(w)
    assert w.banner.isHidden()
    settle(w)
    assert w.session.engine.params == {"showVideo": False}
    assert w.last_frame.rgba.shape == (720, 720, 4)


def test_save_frame(window, tmp_path):
    from PySide6.QtGui import QImage

    w = window(write_comp(tmp_path / "comp"))
    step(w)
    assert w.save_frame(tmp_path / "frame.png")
    saved = QImage(str(tmp_path / "frame.png"))
    assert (saved.width(), saved.height()) == (1280, 720)


def test_edits_show_while_paused(window, qtbot, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    assert not w.timer.isActive() and w.play_action.text() == "Play"
    assert len(w.last_frame.output.video_layers) == 4
    w.participants_spin.setValue(1)
    qtbot.waitUntil(lambda: len(w.last_frame.output.video_layers) == 1, timeout=2000)
    w.toggle_playing()
    assert w.timer.isActive() and w.play_action.text() == "Pause"


def test_watcher_falls_back_to_polling(window, qtbot, tmp_path, monkeypatch):
    from studio import watcher

    class NoInotify(watcher.PollingObserver):
        def schedule(self, *args, **kwargs):
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watcher, "Observer", NoInotify)
    folder = write_comp(tmp_path / "comp")
    w = window(folder)
    assert isinstance(w.watcher._observer, watcher.PollingObserver)
    time.sleep(0.05)
    write_comp(folder, color="lime")  # another size: polling sees it even within one mtime tick
    qtbot.waitUntil(lambda: w.reload_count >= 1, timeout=5000)


def test_params_filter(window):
    w = window("daily:baseline")
    panel = w.params_panel
    panel.filter.setText("cornerradius")
    shown = [pid for pid, c in panel.controls.items() if c.isVisibleTo(panel)]
    assert shown and all("cornerradius" in pid.lower() for pid in shown)
    assert not panel.sections["text"].isVisibleTo(panel)
    panel.filter.clear()
    assert all(c.isVisibleTo(panel) for c in panel.controls.values())


def test_modified_params_are_marked(window, tmp_path):
    w = window(write_comp(tmp_path / "comp"))
    label = w.params_panel.labels["showVideo"]
    assert not label.font().bold()
    w.params_panel.controls["showVideo"].setChecked(False)
    assert label.font().bold()
    w.params_panel.controls["showVideo"].setChecked(True)
    assert not label.font().bold()
    w.params_panel.controls["look.size_gu"].setValue(3)
    w.reload_composition()  # a reload keeps values, and their marks
    settle(w)
    assert w.params_panel.labels["look.size_gu"].font().bold()
    w.open_composition(str(tmp_path / "comp"))  # opening starts from the defaults
    settle(w)
    assert not w.params_panel.labels["look.size_gu"].font().bold()


def test_participants_table(window):
    w = window("daily:baseline")
    table = w.inputs_panel
    model = table.slots_model()
    assert model.rowCount() == 4
    w.params_panel.controls["videoSettings.showParticipantLabels"].setChecked(True)
    model.setData(model.index(1, 0), "Ann")
    step(w)
    texts = [c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText"]
    assert "Ann" in texts
    # The dominant speaker takes the big tile in dominant mode.
    mode = w.params_panel.controls["mode"]
    mode.setCurrentIndex(mode.findData("dominant"))
    table.set_checked(2, "Dominant", True)
    table.set_checked(3, "Dominant", True)  # exclusive: row 2 is unticked
    assert [s.get("dominant", False) for s in model.slots()] == [False, False, False, True]
    assert table.checked(3, "Dominant") and not table.checked(2, "Dominant")
    step(w)
    layers = w.last_frame.output.video_layers
    biggest = max(layers, key=lambda layer: layer["frame"]["w"] * layer["frame"]["h"])
    assert biggest["id"] == 3
    # The spin box keeps existing rows' edits when it grows and shrinks.
    w.participants_spin.setValue(6)
    assert model.rowCount() == 6 and model.index(1, 0).data() == "Ann"
    w.participants_spin.setValue(2)
    settle(w)
    assert [s["displayName"] for s in w.session.engine.slots] == ["Participant 1", "Ann"]


def test_command_line():
    from studio.app import parse_args

    args = parse_args([])
    assert args.composition is None and args.size is None and args.participants is None  # remembered, else 4
    assert args.params is None and args.scenario is None and args.frame is None
    args = parse_args(["c", "--scenario", "s.js", "--frame", "90", "--grab-preview", "p.png", "--grab-window", "w.png"])
    assert (args.scenario, args.frame, args.grab_preview, args.grab_window) == (
        Path("s.js"), 90, Path("p.png"), Path("w.png"))
    args = parse_args(["example:welcome", "--size", "720x720", "--participants", "2", "--params", "p.json",
                       "--inputs", "a.mp4"])
    assert (args.composition, args.size, args.participants, args.inputs, args.params) == (
        "example:welcome", (720, 720), 2, ["a.mp4"], Path("p.json"))


def test_chat_message_reaches_the_composition(window):
    w = window("daily:baseline")
    controls = w.params_panel.controls
    controls["showTextOverlay"].setChecked(True)
    source = controls["text.source"]
    source.setCurrentIndex(source.findData("chatMessages"))
    bar = w.message_bar
    assert bar.source.currentText() == "chatMessages" and bar.sender.currentText() == "Participant 1"
    bar.text.setText("hello from chat")
    bar.send()
    assert bar.text.text() == ""
    for _ in range(3):
        step(w)
    texts = " ".join(c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText")
    assert "hello from chat" in texts
