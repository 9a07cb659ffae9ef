"""The studio's params: model, typed controls, undo, param sets and what the studio remembers.

Real widgets driven as a user would (pytest-qt, offscreen), checked three ways: the widget
state, the engine's params (`host.params`, after `settle`) and the rendered frame
(`last_frame.rgba`, the composited output at full size).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PIL import Image as PILImage
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)

from studio import undo
from studio.css_color import CSS_NAMES, color_problem, format_css_color, parse_css_color
from studio.editors import (
    BooleanEditor,
    ColorEditor,
    EnumEditor,
    FontEditor,
    ImageEditor,
    LongTextEditor,
    NumberEditor,
    TextEditor,
    decimals_for,
)
from studio.editors import image as image_editor
from studio.main_window import MainWindow
from studio.params_model import ParamsModel
from studio.settings import StudioSettings
from studio.slots_model import SlotsModel
from vcs_engine.interface import CompositionInterface

ROOT = Path(__file__).resolve().parents[1]

KINDS = """\
import * as React from 'react';
import { Box, Image, Text } from '#vcs-react/components';
import { useParams } from '#vcs-react/hooks';

export const compositionInterface = {
  displayMeta: { name: 'Every kind' },
  params: [
    { id: 'showBox', type: 'boolean', defaultValue: true },
    { id: 'box.size_pct', type: 'number', defaultValue: 50, step: 5, min: 10, max: 100 },
    { id: 'box.x_px', type: 'number', defaultValue: 0, step: 0.5 },
    { id: 'box.shape', type: 'enum', values: ['square', 'wide'], defaultValue: 'square' },
    { id: 'box.color', type: 'text', defaultValue: 'rgba(255, 0, 0, 1)' },
    { id: 'accentColor', type: 'text', defaultValue: '' },
    { id: 'label.text', type: 'text', defaultValue: 'Hello' },
    { id: 'label.lines', type: 'text', defaultValue: 'one\\ntwo', textSizeHint: 'long' },
    { id: 'label.fontFamily', type: 'text', defaultValue: 'Roboto' },
    { id: 'logo.assetName', type: 'text', defaultValue: '' },
  ],
};

const at = (x, y, w, h) => () => ({ x, y, w, h });

function boxFrame(parent, { pct, x, wide }) {
  const w = Math.round(parent.w * pct / 100);
  return { x, y: 0, w, h: wide ? Math.round(w / 4) : Math.min(w, parent.h) };
}

export default function Kinds() {
  const p = useParams();
  return (
    <Box style={{ fillColor: '#000000' }}>
      {p.showBox ? (
        <Box style={{ fillColor: p.box.color }}
             layout={[boxFrame, { pct: p.box.size_pct, x: p.box.x_px, wide: p.box.shape === 'wide' }]} />
      ) : null}
      {p.accentColor ? <Box style={{ fillColor: p.accentColor }} layout={[at(0, 660, 60, 60)]} /> : null}
      <Text style={{ textColor: '#ffffff', fontFamily: p.label.fontFamily, fontSize_px: 40 }}
            layout={[at(700, 20, 560, 60)]}>{p.label.text}</Text>
      <Text style={{ textColor: '#ffffff', fontSize_px: 30 }} layout={[at(700, 100, 560, 300)]}>
        {p.label.lines}
      </Text>
      {p.logo.assetName ? <Image src={p.logo.assetName} layout={[at(1100, 540, 100, 100)]} /> : null}
    </Box>
  );
}
"""


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Whatever a test does, the user's settings are never read or written: QSettings' user
    scope points into tmp_path (windows only remember with a `StudioSettings` they are given)."""
    folder = tmp_path / "user-settings"
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def kinds(tmp_path) -> Path:
    folder = tmp_path / "kinds"
    folder.mkdir()
    (folder / "index.jsx").write_text(KINDS, encoding="utf-8")
    return folder


def pixel(w: MainWindow, x: int, y: int) -> tuple[int, int, int]:
    r, g, b, _a = w.last_frame.rgba[y, x]
    return int(r), int(g), int(b)


def fill_texts(w: MainWindow) -> list[str]:
    return [c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText"]


def fonts_used(w: MainWindow) -> set[str]:
    return {c[1][3] for c in w.last_frame.output.flattened["commands"] if c[0] == "font"}


def host_params(w: MainWindow) -> dict:
    settle(w)
    return dict(w.session.engine.params)


def solid_png(path: Path, rgb: tuple[int, int, int], size: int = 64) -> Path:
    PILImage.new("RGBA", (size, size), (*rgb, 255)).save(path)
    return path


# ---------------------------------------------------------------------- the registry


def test_every_param_gets_the_editor_of_its_kind(window, kinds):
    w = window(kinds)
    editors = w.params_panel.editors
    kinds_of = {pid: type(editor) for pid, editor in editors.items()}
    assert kinds_of == {
        "showBox": BooleanEditor, "box.size_pct": NumberEditor, "box.x_px": NumberEditor,
        "box.shape": EnumEditor, "box.color": ColorEditor, "accentColor": ColorEditor,
        "label.text": TextEditor, "label.lines": LongTextEditor, "label.fontFamily": FontEditor,
        "logo.assetName": ImageEditor,
    }
    # A declared range gets a slider; an undeclared one a spin box alone.
    assert editors["box.size_pct"].slider is not None and editors["box.x_px"].slider is None
    spin = editors["box.size_pct"].spin
    assert (spin.minimum(), spin.maximum(), spin.singleStep(), spin.decimals()) == (10, 100, 5, 0)
    assert editors["box.x_px"].spin.decimals() == 1


def test_the_baseline_gets_typed_controls(window):
    w = window("daily:baseline")
    editors = w.params_panel.editors
    assert len(editors) == len(w.params_model.specs) >= 190
    assert isinstance(editors["text.color"], ColorEditor)
    assert isinstance(editors["videoSettings.labels.color"], ColorEditor)  # 'white': a CSS name
    assert isinstance(editors["image.assetName"], ImageEditor)
    assert isinstance(editors["openingSlate.bgImageAssetName"], ImageEditor)
    assert isinstance(editors["text.fontFamily"], FontEditor)
    assert isinstance(editors["highlightLines.items"], LongTextEditor)
    assert isinstance(editors["text.content"], TextEditor)
    # Decimals come from the declaration, not the value: 0.05 steps show 2 places.
    assert editors["videoSettings.highlight.stroke_gu"].spin.decimals() == 2
    assert editors["image.aspectRatio"].spin.decimals() == 3  # default 1.778
    # The image chooser lists the composition's images and the built-in ones, with thumbnails.
    combo = editors["image.assetName"].combo
    names = [combo.itemData(i) for i in range(combo.count())]
    assert names[0] == "" and "overlay.png" in names and "test_square_320px.png" in names
    assert not combo.itemIcon(names.index("overlay.png")).isNull()
    assert combo.currentData() == "overlay.png"


def test_decimals_are_the_declarations():
    spec = CompositionInterface.from_json({"params": [
        {"id": "a", "type": "number", "defaultValue": 1, "step": 0.05}]}).params[0]
    assert decimals_for(spec) == 2


# ---------------------------------------------------------------------- each control, end to end


def test_boolean_and_enum_controls_change_the_frame(window, kinds, qtbot):
    w = window(kinds)
    assert pixel(w, 10, 300) == (255, 0, 0)  # the square box
    combo = w.params_panel.controls["box.shape"]
    combo.setCurrentIndex(combo.findData("wide"))
    assert host_params(w) == {"box.shape": "wide"}
    assert pixel(w, 10, 300) == (0, 0, 0) and pixel(w, 10, 10) == (255, 0, 0)
    box = w.params_panel.controls["showBox"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not box.isChecked()
    assert host_params(w) == {"box.shape": "wide", "showBox": False}
    assert pixel(w, 10, 10) == (0, 0, 0)


def test_number_controls_change_the_frame(window, kinds):
    w = window(kinds)
    editor = w.params_panel.editors["box.size_pct"]
    assert pixel(w, 700, 10) == (0, 0, 0)  # 50 % of 1280 = 640 px wide
    editor.slider.setValue(editor.slider.value() + 2)  # two steps of 5
    assert editor.spin.value() == 60
    assert host_params(w) == {"box.size_pct": 60}
    assert isinstance(w.session.engine.params["box.size_pct"], int)
    assert pixel(w, 700, 10) == (255, 0, 0)  # 768 px wide now
    x = w.params_panel.editors["box.x_px"].spin
    x.setValue(100.5)
    assert host_params(w)["box.x_px"] == 100.5
    assert pixel(w, 50, 10) == (0, 0, 0) and pixel(w, 150, 10) == (255, 0, 0)


def test_text_commits_on_enter_not_per_keystroke(window, kinds, qtbot):
    w = window(kinds)
    assert "Hello" in fill_texts(w)
    line = w.params_panel.controls["label.text"]
    line.selectAll()
    qtbot.keyClicks(line, "Bonjour")
    assert host_params(w) == {} and w.undo_stack.count() == 0  # nothing sent while typing
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert host_params(w) == {"label.text": "Bonjour"}
    assert w.undo_stack.count() == 1
    assert "Bonjour" in fill_texts(w) and "Hello" not in fill_texts(w)
    # Enter again, or leaving the field, with nothing new: no second step.
    qtbot.keyClick(line, Qt.Key.Key_Return)
    line.editingFinished.emit()
    assert w.undo_stack.count() == 1


def test_long_text_commits_on_ctrl_enter_or_leaving(window, kinds, qtbot):
    w = window(kinds)
    assert {"one", "two"} <= set(fill_texts(w))
    edit = w.params_panel.controls["label.lines"]
    edit.setPlainText("alpha\nbeta\ngamma")
    assert host_params(w) == {}
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert host_params(w) == {"label.lines": "alpha\nbeta\ngamma"}
    assert {"alpha", "beta", "gamma"} <= set(fill_texts(w))
    w.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setPlainText("delta")
    w.params_panel.filter.setFocus()  # leaving the field applies it
    qtbot.waitUntil(lambda: not edit.hasFocus())
    assert host_params(w) == {"label.lines": "delta"}


def test_colour_field_takes_css_colours_and_flags_the_rest(window, kinds, qtbot):
    w = window(kinds)
    editor = w.params_panel.editors["box.color"]
    line = editor.line
    line.selectAll()
    qtbot.keyClicks(line, "lime")  # a CSS name: the runtime maps it to #00ff00
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert host_params(w) == {"box.color": "lime"}
    assert pixel(w, 10, 10) == (0, 255, 0)
    assert editor.problem is None
    # Not a colour VCS draws: flagged in place, not applied.
    line.selectAll()
    qtbot.keyClicks(line, "Lime")
    assert editor.problem is not None and "lower-case" in editor.problem
    assert editor.flag_action is not None and editor.flag_action.isVisible()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert host_params(w) == {"box.color": "lime"}
    line.selectAll()
    qtbot.keyClicks(line, "rgb(0, 0, 255)")
    assert editor.problem is None and not editor.flag_action.isVisible()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(w)
    assert pixel(w, 10, 10) == (0, 0, 255)
    # A colour param with an empty default (its id says colour) is drawn once set.
    accent = w.params_panel.editors["accentColor"].line
    accent.setText("#ffff00")
    accent.editingFinished.emit()
    settle(w)
    assert pixel(w, 10, 700) == (255, 255, 0)


def test_colour_dialog_is_one_undo_step_and_cancel_restores(window, kinds):
    w = window(kinds)
    editor = w.params_panel.editors["box.color"]
    dialog = editor.open_dialog()
    assert dialog.testOption(dialog.ColorDialogOption.ShowAlphaChannel)
    for green in (50, 100, 150):  # the preview follows the picker live
        dialog.setCurrentColor(QColor(0, green, 0, 255))
    assert host_params(w) == {"box.color": "rgba(0, 150, 0, 1)"}
    dialog.setCurrentColor(QColor(0, 0, 255, 128))
    dialog.accept()
    assert host_params(w) == {"box.color": "rgba(0, 0, 255, 0.502)"}
    assert w.undo_stack.count() == 1
    r, g, b = pixel(w, 10, 10)
    assert r == 0 and g == 0 and 120 <= b <= 130  # half-transparent blue over black
    # Cancel puts the original back and leaves no step behind.
    dialog = editor.open_dialog()
    dialog.setCurrentColor(QColor(255, 255, 255))
    assert host_params(w)["box.color"] == "rgba(255, 255, 255, 1)"
    dialog.reject()
    assert host_params(w) == {"box.color": "rgba(0, 0, 255, 0.502)"}
    assert w.undo_stack.count() == 1


def test_font_chooser_lists_shipped_families(window, kinds):
    w = window(kinds)
    combo = w.params_panel.controls["label.fontFamily"]
    families = [combo.itemData(i) for i in range(combo.count())]
    assert "Roboto" in families and "Bangers" in families and "NotoColorEmoji" not in families
    assert fonts_used(w) >= {"Roboto"}
    before = w.last_frame.rgba[20:80, 700:1260].copy()
    combo.setCurrentIndex(combo.findData("Bangers"))
    assert host_params(w) == {"label.fontFamily": "Bangers"}
    assert "Bangers" in fonts_used(w)
    assert not np.array_equal(before, w.last_frame.rgba[20:80, 700:1260])  # drawn in Bangers
    # Opening the list previews each family in its typeface.
    combo.showPopup()
    assert combo.itemData(combo.findData("Bangers"), Qt.ItemDataRole.FontRole) is not None
    combo.hidePopup()
    # A family the engine does not ship is shown as it is, and flagged.
    w.params_model.edit("label.fontFamily", "Comic Sans")
    editor = w.params_panel.editors["label.fontFamily"]
    assert combo.currentData() == "Comic Sans" and "Roboto" in (editor.problem or "")


def test_image_chooser_adds_an_image_to_the_composition(window, kinds, tmp_path, monkeypatch):
    w = window(kinds)
    editor = w.params_panel.editors["logo.assetName"]
    assert editor.combo.currentData() == "" and editor.add_button.isEnabled()
    names = [editor.combo.itemData(i) for i in range(editor.combo.count())]
    assert "test_square_320px.png" in names  # built-in assets
    green = solid_png(tmp_path / "green.png", (0, 200, 0))
    monkeypatch.setattr(image_editor, "choose_image_file", lambda parent, start: green)
    editor.add_button.click()
    assert (kinds / "images" / "green.png").is_file()
    assert editor.combo.currentData() == "green.png"
    assert not editor.combo.itemIcon(editor.combo.currentIndex()).isNull()
    assert host_params(w) == {"logo.assetName": "green.png"}
    step(w)
    assert pixel(w, 1150, 590) == (0, 200, 0)
    assert "green.png" in w.session.engine.host.images  # the reload gave the engine the file
    # Choosing a built-in one.
    combo = editor.combo
    combo.setCurrentIndex(combo.findData("test_square_320px.png"))
    assert host_params(w) == {"logo.assetName": "test_square_320px.png"}
    step(w)
    assert pixel(w, 1150, 590) != (0, 200, 0)


def test_image_chooser_lists_session_assets(window, kinds, tmp_path):
    from studio.engine import PreviewEngine
    from vcs_engine.supervisor import SupervisedHost

    session = tmp_path / "session"
    (session / "images").mkdir(parents=True)
    solid_png(session / "images" / "sponsor.png", (250, 120, 0))
    w = window(kinds, engine=PreviewEngine(SupervisedHost(session_assets=session)))
    assert w.catalog.get("sponsor.png").kind == "session"
    combo = w.params_panel.editors["logo.assetName"].combo
    kinds_shown = [combo.itemData(i, Qt.ItemDataRole.ToolTipRole) for i in range(1, combo.count())]
    assert kinds_shown[0].startswith("session image")  # before the built-in ones
    combo.setCurrentIndex(combo.findData("sponsor.png"))
    settle(w)
    assert pixel(w, 1150, 590) == (250, 120, 0)


def test_a_single_file_composition_cannot_add_images(window, tmp_path):
    single = tmp_path / "single.jsx"
    single.write_text(KINDS, encoding="utf-8")
    w = window(single)
    assert not w.params_panel.editors["logo.assetName"].add_button.isEnabled()


# ---------------------------------------------------------------------- reset, changed marks


def test_reset_button_and_changed_mark(window, kinds):
    w = window(kinds)
    panel = w.params_panel
    label = panel.labels["box.x_px"]
    assert not label.font().bold() and "box.x_px" not in panel.reset_buttons
    panel.editors["box.x_px"].spin.setValue(12)
    assert label.font().bold() and panel.reset_buttons["box.x_px"].isVisible()
    panel.reset_buttons["box.x_px"].click()
    assert panel.editors["box.x_px"].spin.value() == 0
    assert not label.font().bold() and not panel.reset_buttons["box.x_px"].isVisible()
    assert host_params(w) == {}  # back to default: the engine holds exactly the changed values
    assert w.undo_stack.count() == 2


def test_a_reset_button_never_moves_the_fields(window):
    """Fields line up down the whole form, in sections with and without a reset button."""
    w = window("daily:baseline")
    panel = w.params_panel

    def right_edges() -> set[int]:
        QApplication.processEvents()
        form = panel.scroll.widget()
        form.layout().activate()
        for section in panel.sections.values():
            section.grid.activate()
        return {e.widget.mapTo(form, e.widget.rect().topRight()).x() for pid, e in panel.editors.items()
                if pid.startswith(("banner.", "toast."))}

    before = right_edges()
    assert len(before) == 1
    w.set_param("banner.color", "rgba(0, 200, 100, 0.5)")
    assert panel.reset_buttons["banner.color"].isVisible()
    assert right_edges() == before


def test_reset_all_asks_first_and_is_one_undo_step(window, kinds, monkeypatch):
    w = window(kinds)
    controls = w.params_panel.controls
    controls["showBox"].setChecked(False)
    controls["box.x_px"].setValue(40)
    w.params_panel.editors["label.text"].line.setText("Changed")
    w.params_panel.editors["label.text"].line.editingFinished.emit()
    changed = {"showBox": False, "box.x_px": 40, "label.text": "Changed"}
    assert host_params(w) == changed
    asked = []

    def answer(button):
        def question(*args, **kwargs):
            asked.append(args[2])
            return button
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    w.params_panel.reset_all_button.click()
    assert asked and "3 changed params" in asked[0]
    assert host_params(w) == changed  # cancelled
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Reset))
    w.params_panel.reset_all_button.click()
    assert host_params(w) == {} and w.params_model.changed_values() == {}
    assert controls["showBox"].isChecked() and controls["box.x_px"].value() == 0
    assert w.undo_stack.undoText() == "Reset all params"
    w.undo_action.trigger()
    assert host_params(w) == changed
    assert not controls["showBox"].isChecked() and controls["label.text"].text() == "Changed"
    step(w)
    assert pixel(w, 10, 10) == (0, 0, 0)


# ---------------------------------------------------------------------- undo and redo


def test_undo_redo_param_edits(window, kinds, qtbot):
    w = window(kinds)
    controls = w.params_panel.controls
    controls["showBox"].setChecked(False)
    combo = controls["box.shape"]
    combo.setCurrentIndex(combo.findData("wide"))
    controls["box.x_px"].setValue(7.5)
    assert w.undo_stack.count() == 3
    assert w.undo_action.text() == "&Undo Set box.x_px"
    # Ctrl+Z, as a user presses it.
    w.activateWindow()
    w.preview.setFocus()
    qtbot.keyClick(w.preview, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert controls["box.x_px"].value() == 0
    assert host_params(w) == {"showBox": False, "box.shape": "wide"}
    w.undo_action.trigger()
    w.undo_action.trigger()
    assert controls["showBox"].isChecked() and combo.currentData() == "square"
    assert host_params(w) == {}
    step(w)
    assert pixel(w, 10, 300) == (255, 0, 0)
    # Ctrl+Shift+Z redoes.
    qtbot.keyClick(w.preview, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not controls["showBox"].isChecked()
    w.redo_action.trigger()
    w.redo_action.trigger()
    assert host_params(w) == {"showBox": False, "box.shape": "wide", "box.x_px": 7.5}
    assert controls["box.x_px"].value() == 7.5 and combo.currentData() == "wide"
    # Edit › History shows every step; a click on one goes back to it.
    (history,) = [a for a in w.menuBar().actions()[1].menu().actions() if a.text() == "&History"]
    assert not w.history.isVisible()
    history.trigger()
    assert w.history.isVisible()
    model = w.history.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "<opened>", "Set showBox", "Set box.shape", "Set box.x_px"]
    w.history.setCurrentIndex(model.index(1, 0))
    assert host_params(w) == {"showBox": False}
    assert not controls["showBox"].isChecked() and combo.currentData() == "square"


def test_a_drag_merges_into_one_undo_step(window, kinds, monkeypatch):
    w = window(kinds)
    now = [1000.0]
    monkeypatch.setattr(undo, "clock", lambda: now[0])
    slider = w.params_panel.editors["box.size_pct"].slider
    slider.setSliderDown(True)  # pressed: one interaction
    for position in range(9, 15):
        now[0] += 2.0  # even a slow drag stays one step while the slider is held
        slider.setValue(position)
    slider.setSliderDown(False)
    assert w.undo_stack.count() == 1
    assert host_params(w) == {"box.size_pct": 80}
    # Quick edits without a drag merge too; a pause makes a new step.
    spin = w.params_panel.editors["box.x_px"].spin
    for value in (1, 2, 3):
        now[0] += 0.1
        spin.setValue(value)
    assert w.undo_stack.count() == 2
    now[0] += undo.MERGE_WINDOW_S + 1
    spin.setValue(4)
    assert w.undo_stack.count() == 3
    w.undo_action.trigger()
    w.undo_action.trigger()
    assert host_params(w) == {"box.size_pct": 80}
    w.undo_action.trigger()
    assert host_params(w) == {}
    assert w.params_panel.editors["box.size_pct"].spin.value() == 50
    # A drag that ends where it started leaves no step.
    w.undo_stack.clear()
    slider.setSliderDown(True)
    slider.setValue(slider.value() + 3)
    slider.setValue(slider.value() - 3)
    slider.setSliderDown(False)
    assert w.undo_stack.count() == 0


def test_undo_redo_participant_edits(window, kinds):
    w = window(kinds)
    model = w.slots_model
    model.setData(model.index(1, 0), "Ann")
    w.inputs_panel.set_checked(2, "Dominant", True)
    w.inputs_panel.set_checked(3, "Dominant", True)  # one dominant: row 2 is unticked
    w.participants_spin.setValue(6)
    w.participants_spin.setValue(7)  # a held arrow: merged with the previous count
    assert w.undo_stack.count() == 4
    settle(w)
    assert len(w.session.engine.slots) == 7
    w.undo_action.trigger()
    assert w.participants_spin.value() == 4 and model.rowCount() == 4
    w.undo_action.trigger()
    assert w.inputs_panel.checked(2, "Dominant") and not w.inputs_panel.checked(3, "Dominant")
    settle(w)
    assert [s.get("dominant", False) for s in w.session.engine.slots] == [False, False, True, False]
    w.undo_action.trigger()
    w.undo_action.trigger()
    settle(w)
    assert w.session.engine.slots == [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(4)]
    assert model.index(1, 0).data() == "Participant 2"
    for _ in range(4):
        w.redo_action.trigger()
    settle(w)
    assert [s["displayName"] for s in w.session.engine.slots][:2] == ["Participant 1", "Ann"]
    assert [s.get("dominant", False) for s in w.session.engine.slots] == [False] * 3 + [True] + [False] * 3
    assert w.participants_spin.value() == 7 and model.rowCount() == 7
    # Param and participant edits share one history.
    w.params_panel.controls["showBox"].setChecked(False)
    assert w.undo_stack.count() == 5


def test_models_pass_qt_model_checks(qtmodeltester, kinds, tmp_path):
    """The models follow the rules views rely on (begin/end calls, indexes, roles)."""
    from vcs_engine.host import Host

    host = Host.load(kinds)
    model = ParamsModel()
    model.set_interface(host.interface.params, {"box.x_px": 3})
    qtmodeltester.check(model)
    assert model.changed_values() == {"box.x_px": 3}
    assert model.setData(model.index(model.row_of("showBox"), 1), False)
    assert model.changed_values() == {"box.x_px": 3, "showBox": False}
    assert not model.edit("box.x_px", float("nan"))  # the engine's own check refuses it
    slots = SlotsModel([{"id": 0, "displayName": "A"}, {"id": 1, "displayName": "B"}])
    qtmodeltester.check(slots)
    slots.set_count(5)
    slots.set_count(1)
    qtmodeltester.check(slots)


# ---------------------------------------------------------------------- param sets


def test_save_and_load_params(window, kinds, tmp_path):
    w = window(kinds)
    w.params_panel.controls["showBox"].setChecked(False)
    w.params_model.edit("label.text", "Saved")
    path = tmp_path / "look.json"
    assert w.param_sets.save(path)
    assert json.loads(path.read_text(encoding="utf-8")) == {"showBox": False, "label.text": "Saved"}
    w.reset_params()
    w.params_model.edit("box.x_px", 9)
    assert w.param_sets.load(path)  # replaces: box.x_px back to its default
    assert host_params(w) == {"showBox": False, "label.text": "Saved"}
    assert w.params_panel.controls["label.text"].text() == "Saved"
    assert w.undo_stack.undoText() == "Load params look.json"
    w.undo_action.trigger()
    assert host_params(w) == {"box.x_px": 9}
    # A bad file is one line in the console, and changes nothing.
    bad = tmp_path / "bad.json"
    bad.write_text('{"showBox": [1, ', encoding="utf-8")
    assert not w.param_sets.load(bad)
    assert "bad.json:1:" in w.console.toPlainText()
    assert host_params(w) == {"box.x_px": 9}


def test_dropping_a_param_file_loads_it(window, kinds, tmp_path):
    w = window(kinds)
    path = tmp_path / "drop.json"
    path.write_text(json.dumps({"box.shape": "wide", "box.color": "#0000ff"}), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, drop)
    assert host_params(w) == {"box.shape": "wide", "box.color": "#0000ff"}
    assert w.undo_stack.count() == 1
    assert pixel(w, 10, 10) == (0, 0, 255)
    # Other files are not taken.
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "clip.mp4"))])
    enter = QDragEnterEvent(QPoint(1, 1), Qt.DropAction.CopyAction, other, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(w, enter)
    assert not enter.isAccepted()


def test_studio_with_params_file_matches_vcs_render(qtbot, tmp_path):
    """`vcs-studio COMPOSITION --params P.json` shows the frame `vcs render --params P.json`
    writes (same engine, footage and compositor)."""
    from studio.app import build_window, parse_args

    params = {"mode": "dominant", "videoSettings.showParticipantLabels": True,
              "videoSettings.labels.color": "rgba(255, 220, 0, 1)", "showBannerOverlay": True,
              "showTextOverlay": True, "text.content": "Round trip", "text.color": "rgba(0, 255, 200, 0.8)",
              "banner.enableTransition": False, "banner.color": "rgba(120, 20, 160, 0.9)",
              "videoSettings.roundedCorners": True, "videoSettings.cornerRadius_gu": 2}
    path = tmp_path / "P.json"
    path.write_text(json.dumps(params), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "vcs_engine", "render", "daily:baseline", "--params", str(path),
                           "--out", str(out), "--emit", "composite"], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    expected = np.asarray(PILImage.open(out / "vcs-output_0.png").convert("RGBA"))

    w = build_window(parse_args(["daily:baseline", "--params", str(path)]), settings=None)
    qtbot.addWidget(w)
    w.timer.stop()
    w.clock.pause()
    try:
        settle(w)
        assert w.params_model.changed_values() == params
        assert w.session.engine.params == params
        assert w.last_frame.output.frame_index == 0
        got = w.last_frame.rgba
        assert got.shape == expected.shape
        diff = np.abs(got.astype(np.int16) - expected.astype(np.int16))
        assert diff.max() <= 2, f"{(diff > 2).sum()} pixels differ by up to {diff.max()}"
        assert "Round trip" in [c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText"]
    finally:
        w.close()


def test_an_unusable_params_file_stops_the_command_line(tmp_path, capsys):
    from studio.app import main

    bad = tmp_path / "P.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["daily:baseline", "--params", str(bad)]) == 1
    assert capsys.readouterr().err.startswith(f"error: {bad}: params must be an object")


# ---------------------------------------------------------------------- the form


def test_rebuilding_keeps_scroll_collapsed_sections_and_filter(window, kinds):
    w = window("daily:baseline")
    panel = w.params_panel
    panel.sections["text"].toggle.click()
    assert not panel.sections["text"].body.isVisibleTo(panel)
    bar = panel.scroll.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert scrolled > 0
    w.open_composition("daily:baseline")  # the form is rebuilt
    settle(w)
    QApplication.processEvents()
    assert not panel.sections["text"].body.isVisibleTo(panel)
    assert panel.sections["banner"].body.isVisibleTo(panel)
    assert bar.value() == scrolled
    panel.filter.setText("cornerradius")
    w.open_composition(str(kinds))
    settle(w)
    w.open_composition("daily:baseline")
    settle(w)
    shown = [pid for pid, c in panel.controls.items() if c.isVisibleTo(panel)]
    assert shown and all("cornerradius" in pid.lower() for pid in shown)


# ---------------------------------------------------------------------- colours as VCS reads them


def test_css_names_are_the_runtimes():
    source = (ROOT / "vcs_engine" / "runtime" / "output.js").read_text(encoding="utf-8")
    table = re.search(r"'(aliceblue:[^']*)'", source).group(1)
    assert {pair.split(":")[0] for pair in table.split()} == CSS_NAMES


def test_colour_text():
    assert parse_css_color("rgba(255, 0, 0, 0.5)").getRgb() == (255, 0, 0, 128)
    assert parse_css_color("#0f0").getRgb() == (0, 255, 0, 255)
    assert parse_css_color("white").getRgb() == (255, 255, 255, 255)
    for bad in ("White", "#12345", "hsl(0, 100%, 50%)", "transparent", "rgb (1, 2, 3)"):
        assert parse_css_color(bad) is None, bad
        assert color_problem(bad) is not None, bad
    assert color_problem("#ff000080") is not None  # drawn, but opaque: said so
    assert color_problem("") is None
    assert format_css_color(QColor(10, 20, 30)) == "rgba(10, 20, 30, 1)"
    assert format_css_color(QColor(10, 20, 30), like="#000000") == "#0a141e"
    assert format_css_color(QColor(10, 20, 30, 64), like="#000000") == "rgba(10, 20, 30, 0.251)"


# ---------------------------------------------------------------------- what the studio remembers


def test_settings_are_isolated_from_the_users(isolated_settings):
    assert str(isolated_settings) in StudioSettings.for_user().store.fileName()


def test_the_studio_remembers(qtbot, kinds, tmp_path, isolated_settings):
    settings_file = tmp_path / "studio.ini"

    def make(composition: str | None = None) -> MainWindow:
        from studio.app import build_window, parse_args

        w = build_window(parse_args([composition] if composition else []), StudioSettings.at(settings_file))
        qtbot.addWidget(w)
        w.timer.stop()
        w.clock.pause()
        settle(w)
        return w

    w = make(str(kinds))
    w.resize(760, 540)  # within the offscreen screen (800×600): restoring fits the screen
    w.findChild(QDockWidget, "console-dock").hide()
    w.params_model.edit("box.x_px", 33)
    w.params_model.edit("label.text", "Remembered")
    w.open_composition("example:welcome")  # the kinds composition's params are kept
    settle(w)
    w.close()
    assert settings_file.is_file()
    assert not any(isolated_settings.rglob("*"))  # the user's settings were never touched

    settings = StudioSettings.at(settings_file)
    welcome = str((ROOT / "compositions" / "examples" / "welcome.jsx").resolve())
    assert settings.recent()[:2] == [welcome, str(kinds)]
    w = make()  # no composition named: the last one
    assert w.session.engine.host.path == Path(welcome)
    assert (w.width(), w.height()) == (760, 540)
    assert not w.findChild(QDockWidget, "console-dock").isVisible()
    w.open_composition(str(kinds))
    settle(w)
    assert w.session.engine.params == {"box.x_px": 33, "label.text": "Remembered"}
    assert w.params_panel.labels["box.x_px"].font().bold()
    assert w.recent_menu.isEnabled()
    w.recent_menu.fill()
    assert [a.text() for a in w.recent_menu.actions()][:2] == [str(kinds), welcome]
    w.close()
