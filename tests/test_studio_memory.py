"""What the studio remembers per composition: the participants table (names, sources and files,
flags) and the layers shown, beside the params (test_studio_params.py checks those, the window
layout and the recent compositions). Windows are closed and built again on one temporary
settings file; the user's own settings are never touched (`isolated_settings`)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PIL import Image as PILImage
from PySide6.QtCore import Qt
from test_studio import settle, step, write_comp
from test_studio_params import isolated_settings  # noqa: F401 (an autouse fixture)

from studio.call import FILE, NONE
from studio.main_window import MainWindow
from studio.settings import CompositionMemory, StudioSettings
from studio.slots_model import MAX_SLOTS, checked_slots

RED = (220, 30, 40)


@pytest.fixture
def settings_file(tmp_path) -> Path:
    return tmp_path / "studio.ini"


@pytest.fixture
def studio(qtbot, settings_file):
    """Builds windows on one settings file, as `vcs-studio ARGS` would; closes them at the end."""
    from studio.app import build_window, parse_args

    made: list[MainWindow] = []

    def make(*args: str) -> MainWindow:
        w = build_window(parse_args(list(args)), StudioSettings.at(settings_file))
        qtbot.addWidget(w)
        w.timer.stop()
        w.clock.pause()
        w.show()
        made.append(w)
        settle(w)
        return w

    yield make
    for w in made:
        w.close()


def rows(w: MainWindow) -> list[tuple]:
    """The table as the user sees it: name, source cell, then whether each flag is ticked."""
    model = w.inputs_panel.slots_model()
    return [tuple(model.index(r, c).data() if c < 2
                  else model.index(r, c).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
                  for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_participants_and_layers_come_back_with_their_composition(studio, tmp_path):
    comp = write_comp(tmp_path / "comp")
    image = tmp_path / "red.png"
    PILImage.new("RGB", (320, 180), RED).save(image)

    w = studio(str(comp))
    model = w.slots_model
    w.participants_spin.setValue(6)
    model.rename(0, "Ann")
    model.set_source(0, FILE, image)
    model.set_source(1, NONE)
    model.set_flag(2, "dominant", True)
    model.set_flag(3, "paused", True)
    model.set_flag(4, "screenshare", True)
    model.set_flag(5, "audioOnly", True)
    w.layer_boxes["foreground"].setChecked(False)
    total = sum(w.inputs_splitter.sizes())
    w.inputs_splitter.setSizes([total - 150, 150])  # more room for the messages
    split = w.inputs_splitter.sizes()
    step(w)
    expected_rows, expected_slots = rows(w), w.slots
    w.open_composition("example:welcome")  # another composition: its own memory (none yet)
    settle(w)
    assert w.slots == expected_slots  # nothing remembered for it: the table stays as it was
    model.set_count(2)
    w.layer_boxes["foreground"].setChecked(True)
    w.layer_boxes["background"].setChecked(False)
    w.close()

    w = studio(str(comp))
    assert w.slots == expected_slots and rows(w) == expected_rows
    assert w.participants_spin.value() == 6
    assert w.inputs_splitter.sizes() == split  # the window's layout, with the split inside a dock
    assert w.undo_stack.count() == 0  # restored, not edited
    assert {name for name, box in w.layer_boxes.items() if box.isChecked()} == {"background", "video"}
    step(w)
    assert w.session.engine.layers == {"background", "video"}
    # The engine shows them: the first slot's footage is the red image, the second is black.
    layers = {layer["id"]: layer["frame"] for layer in w.last_frame.output.video_layers}
    assert w.session.engine.slots == expected_slots
    for vid, colour in ((0, RED), (1, (0, 0, 0))):
        f = layers[vid]
        pixel = w.last_frame.rgba[int(f["y"] + f["h"] / 2), int(f["x"] + f["w"] / 2), :3]
        assert np.abs(pixel.astype(int) - colour).max() <= 30, (vid, pixel)
    assert w.message_bar.sender.itemText(0) == "Ann"  # senders follow the restored names

    w.open_composition("example:welcome")
    settle(w)
    assert len(w.slots) == 2
    assert {name for name, box in w.layer_boxes.items() if box.isChecked()} == {"video", "foreground"}


def test_a_missing_footage_file_is_flagged_not_fatal(studio, tmp_path):
    comp = write_comp(tmp_path / "comp")
    clip = tmp_path / "gone.png"
    PILImage.new("RGB", (64, 64), RED).save(clip)
    w = studio(str(comp))
    w.slots_model.set_source(1, FILE, clip)
    w.close()
    clip.unlink()

    w = studio(str(comp))
    step(w)
    model = w.slots_model
    assert model.slots()[1]["footage"] == str(clip)  # kept: the user may restore the file
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"  # flagged red
    assert "not found" in model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    console = w.console.toPlainText()
    assert "participant 2 (Participant 2): footage" in console and "gone.png not found" in console
    assert w.banner.isHidden() and w.last_frame is not None  # synthetic footage stands in


def test_the_command_line_wins_over_the_remembered_participants(studio, tmp_path):
    comp = write_comp(tmp_path / "comp")
    w = studio(str(comp))
    w.slots_model.rename(0, "Remembered")
    w.close()
    w = studio(str(comp), "--participants", "2")
    assert [s["displayName"] for s in w.slots] == ["Participant 1", "Participant 2"]
    w.close()  # and what it showed is what is remembered now
    w = studio(str(comp))
    assert len(w.slots) == 2


def test_remembered_rows_are_checked(settings_file):
    """A settings file edited by hand cannot put nonsense into the call."""
    rows = [{"id": 7, "displayName": "Ann", "dominant": True, "source": FILE, "footage": "/x.mp4",
             "evil": {"deep": 1}},
            "not a row",
            {"id": True, "displayName": 5, "dominant": True, "source": "teleport", "active": False,
             "paused": "yes"},
            ] + [{}] * 30
    slots = checked_slots(rows)
    assert len(slots) == MAX_SLOTS
    assert slots[0] == {"id": 7, "displayName": "Ann", "dominant": True, "source": FILE, "footage": "/x.mp4"}
    assert slots[1] == {"id": 1, "displayName": "Participant 2"}
    assert slots[2] == {"id": 2, "displayName": "Participant 3", "active": False}  # one dominant only

    settings = StudioSettings.at(settings_file)
    settings.remember("/c", CompositionMemory({"a": 1}, [{"id": 0}], frozenset({"video", "nonsense"})))
    memory = settings.memory_for("/c")
    assert memory == CompositionMemory({"a": 1}, [{"id": 0}], frozenset({"video"}))
    assert settings.memory_for("/other") == CompositionMemory()


def test_remembered_layers_reach_the_preview_tools(studio, tmp_path):
    """Layers restored with a composition are what the checkerboard and the multiview follow
    too, not only the check boxes and the engine."""
    comp = write_comp(tmp_path / "comp")
    w = studio(str(comp))
    w.layer_boxes["video"].setChecked(False)
    assert w.inspection.options.transparent  # a switched-off video layer leaves holes
    w.close()
    w = studio(str(comp))
    assert {name for name, box in w.layer_boxes.items() if box.isChecked()} == {"background", "foreground"}
    assert w.inspection.options.transparent
