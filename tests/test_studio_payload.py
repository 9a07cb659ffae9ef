"""Send it to Daily from the studio: Export › Recording payload.

Real widgets (pytest-qt, offscreen) driven as a user would. The dock must say exactly what
`vcs payload` says for the same params (it is checked against the CLI in a subprocess), follow
every edit at once (no engine round trip: the assertions come right after the edit, without
`settle`), take the user to the param or field a problem names, and export files without ever
damaging an existing one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_studio import settle, window  # noqa: F401 (window is a fixture)
from test_studio_session_assets import brand, png, use_session_assets  # noqa: F401 (brand is a fixture)

from studio.main_window import MainWindow
from studio.payload_dock import PayloadDock

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "https://cdn.example.com/brand/"
LOOK = {"mode": "dominant", "videoSettings.showParticipantLabels": True, "showImageOverlay": True,
        "image.assetName": "studio-logo.png", "image.height_gu": 6}


def open_dock(w: MainWindow, qtbot) -> PayloadDock:
    """Export › Recording payload, as the menu does it."""
    export = next(a.menu() for a in w.menuBar().actions() if a.text() == "E&xport")
    action = next(a for a in export.actions() if a.text() == "Recording payload")
    action.trigger()
    qtbot.waitUntil(w.payload_dock.isVisible)
    return w.payload_dock


def vcs_payload(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "vcs_engine", "payload", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def problems(dock: PayloadDock) -> list[tuple[str | None, str]]:
    return [(p.param, p.message) for p in dock.problems_shown]


def click_item(qtbot, dock: PayloadDock, row: int) -> None:
    view = dock.problem_list
    item = view.item(row)
    view.scrollToItem(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualItemRect(item).center())


# ---------------------------------------------------------------------- the payload


def test_dock_says_what_vcs_payload_says(window, qtbot, tmp_path, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    dock = open_dock(w, qtbot)
    assert dock.composition_id.text() == "daily:baseline"  # prefilled for our baseline
    for pid, value in LOOK.items():
        assert w.set_param(pid, value)
    assert ("--asset-base-url" in dock.problems_shown[0].message) and not dock.text  # 2 assets, no URL yet
    qtbot.keyClicks(dock.base_url, BASE_URL)
    assert [p for p in dock.problems_shown if p not in dock.result.warnings] == []
    params = tmp_path / "look.json"
    params.write_text(json.dumps(w.params_model.changed_values()), encoding="utf-8")
    common = ["daily:baseline", "--params", str(params), "--session-assets", str(brand)]
    start = vcs_payload(*common, "--asset-base-url", BASE_URL, "--size", "1280x720")
    assert dock.text == start.rstrip("\n")
    layout = json.loads(dock.text)["layout"]
    assert layout["composition_params"]["image.assetName"] == "studio-logo.png"
    assert set(layout["session_assets"]) == {"images/studio-logo.png", "components/CustomOverlay.js"}

    dock.target_combo.setCurrentText("update-live-streaming")
    dock.format_combo.setCurrentText("daily-python")
    update = vcs_payload(*common, "--for", "update-live-streaming", "--format", "daily-python")
    assert dock.text == update.rstrip("\n")
    assert "client.update_live_stream(" in dock.text and "session_assets" not in dock.text


def test_dock_follows_each_edit_at_once(window, qtbot):
    w = window("daily:baseline")
    dock = open_dock(w, qtbot)
    w.set_param("mode", "split")
    # No settle: the dock was rebuilt in the edit's own call, with no engine round trip.
    assert json.loads(dock.text)["layout"]["composition_params"] == {"mode": "split"}
    w.undo_stack.undo()
    assert json.loads(dock.text)["layout"]["composition_params"] == {}
    w.set_output_size(1920, 1080)
    settle(w)
    options = json.loads(dock.text)
    assert (options["width"], options["height"]) == (1920, 1080)
    dock.size_box.setChecked(False)
    assert "width" not in json.loads(dock.text)


def test_a_bad_value_is_listed_live_and_clicking_it_goes_to_the_param(window, qtbot):
    w = window("daily:baseline")
    dock = open_dock(w, qtbot)
    panel = w.params_panel
    # A user picks a built-in image: the studio draws it, but Daily's servers do not have it.
    combo = panel.controls["image.assetName"]
    combo.setCurrentIndex(combo.findData("test_square_320px.png"))
    assert [pid for pid, _ in problems(dock)] == ["image.assetName"]
    assert "test_square_320px.png" in problems(dock)[0][1] and dock.text == ""
    assert not dock.copy_button.isEnabled() and not dock.export_button.isEnabled()
    # Hidden by the filter and out of view: clicking the problem brings it back, with the focus.
    panel.filter.setText("mode")
    assert panel.labels["image.assetName"].isHidden()
    dock.problem_list.setFocus()
    click_item(qtbot, dock, 0)
    assert panel.filter.text() == "" and not panel.labels["image.assetName"].isHidden()
    assert w.focusWidget() is combo
    assert panel.labels["image.assetName"].property("vcsHighlighted")
    bar = panel.scroll.verticalScrollBar()
    top = combo.mapTo(panel.scroll.widget(), combo.rect().topLeft()).y()
    assert bar.value() <= top <= bar.value() + panel.scroll.viewport().height()
    # An enum value the composition does not declare, then a fix: the payload is back.
    w.set_param("mode", "bogus")
    assert [pid for pid, _ in problems(dock)] == ["mode", "image.assetName"]
    assert "did you mean" in problems(dock)[0][1] or "must be one of" in problems(dock)[0][1]
    w.set_param("mode", "split")
    combo.setCurrentIndex(combo.findData("overlay.png"))  # the default, bundled on Daily's servers too
    assert problems(dock) == [] and json.loads(dock.text)["layout"]["composition_params"] == {"mode": "split"}


def test_option_problems_point_at_their_field(window, qtbot, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    dock = open_dock(w, qtbot)
    w.set_param("image.assetName", "studio-logo.png")
    dock.base_url.setText("http://localhost/brand/")
    assert any(p.file == "--asset-base-url" for p in dock.problems_shown)
    row = next(i for i, p in enumerate(dock.problems_shown) if p.file == "--asset-base-url")
    click_item(qtbot, dock, row)
    assert w.focusWidget() is dock.base_url


def test_format_switch_and_copy(window, qtbot):
    w = window("daily:baseline")
    dock = open_dock(w, qtbot)
    w.set_param("mode", "split")
    starts = {"json": "{", "daily-js": "// daily-js", "daily-python": "# daily-python", "curl": "curl -X POST"}
    for fmt, start in starts.items():
        dock.format_combo.setCurrentText(fmt)
        assert dock.text.startswith(start), fmt
        assert dock.payload_view.toPlainText() == dock.text
    assert "/recordings/start" in dock.text and "$DAILY_API_KEY" in dock.text
    QApplication.clipboard().clear()
    qtbot.mouseClick(dock.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == dock.text


# ---------------------------------------------------------------------- export


def test_export_writes_the_upload_folder_and_payload_json(window, qtbot, tmp_path, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    dock = open_dock(w, qtbot)
    for pid, value in LOOK.items():
        w.set_param(pid, value)
    dock.base_url.setText(BASE_URL)
    out = tmp_path / "out"
    done = dock.export_to(out)
    assert done is not None
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["brand/components/CustomOverlay.js", "brand/images/studio-logo.png", "payload.json"]
    assert (out / "brand" / "images" / "studio-logo.png").read_bytes() == \
        (brand / "images" / "studio-logo.png").read_bytes()
    assert (out / "payload.json").read_text(encoding="utf-8") == dock.text + "\n"  # json: vcs payload's output
    assert not list(out.rglob(".*partial*"))
    # Into the session folder itself: refused before anything is written.
    assert dock.export_to(brand) is None and not (brand / "payload.json").exists()


def test_a_failed_export_leaves_existing_files_untouched(window, qtbot, tmp_path, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    dock = open_dock(w, qtbot)
    w.set_param("image.assetName", "studio-logo.png")
    dock.base_url.setText(BASE_URL)
    out = tmp_path / "out"
    out.mkdir()
    (out / "payload.json").write_text("my previous payload\n", encoding="utf-8")
    (brand / "images" / "studio-logo.png").unlink()  # gone since the folder was scanned
    assert dock.export_to(out) is None
    assert (out / "payload.json").read_text(encoding="utf-8") == "my previous payload\n"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["CustomOverlay.js", "payload.json"]
    assert "export failed" in w.console.toPlainText() and "studio-logo.png" in w.console.toPlainText()


def test_an_image_added_to_the_session_folder_is_payable_at_once(window, qtbot, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    dock = open_dock(w, qtbot)
    w.set_param("image.assetName", "new-logo.png")
    assert [p.param for p in dock.problems_shown][:1] == ["image.assetName"]
    reloads = w.reload_count
    time.sleep(0.3)  # let the watcher's thread settle on a loaded machine
    png(brand / "images" / "new-logo.png")  # the watcher reloads; the load publishes the new scan
    qtbot.waitUntil(lambda: w.reload_count > reloads, timeout=10000)
    settle(w)
    assert all(p.param != "image.assetName" for p in dock.problems_shown)
