"""File › Export… and the export queue: the preview's state as a job, run in its own process.

Real widgets (pytest-qt, offscreen), the real engine and real exports; outputs are decoded and
their pixels compared with what the participants table says each tile shows.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import av
import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PIL import Image
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from test_studio import settle, window  # noqa: F401 (window is a fixture)

from studio.call import FILE, NONE
from studio.export_dialog import ExportDialog
from studio.export_job import ExportSettings, studio_job
from studio.export_queue import CANCELLED, DONE, QUEUED, RUNNING
from vcs_engine.cli import main as vcs_main
from vcs_engine.jobs import ExportJob, InputSpec
from vcs_engine.media.testclip import frame_level, write_test_clip

SIZE = (320, 180)


def wait_for(w, row: int, timeout: float = 120.0) -> str:
    """Let the window's event loop run until the queue's job `row` is finished."""
    deadline = time.monotonic() + timeout
    while w.exports.queue.jobs[row].status in (QUEUED, RUNNING) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    return w.exports.queue.jobs[row].status


def test_the_studio_state_becomes_a_job(tmp_path: Path) -> None:
    rows = [{"id": 0, "displayName": "Ann", "source": FILE, "footage": "/clips/ann.mp4"},
            {"id": 1, "displayName": "Bo", "type": "screenshare"},
            {"id": 2, "displayName": "Cy", "source": NONE},
            {"id": 3, "displayName": "Di", "active": False}]
    settings = ExportSettings("hls", (640, 360), 25.0, 2.0, 6.0, tmp_path / "stream")
    job = studio_job("/comps/c", rows, {"mode": "split"}, settings, session_assets=tmp_path)
    assert (job.start, job.end, job.fps, job.size, job.kind) == (50, 150, 25.0, (640, 360), "hls")
    assert job.params is None and job.session_assets == tmp_path  # the params are the scenario's
    assert job.scenario.initial_state["params"] == {"mode": "split"}
    assert job.inputs == (InputSpec(0, "/clips/ann.mp4", name="Ann"), InputSpec(1, look="screen", name="Bo"),
                          InputSpec(2, look="none"))
    voice = {"id": 4, "displayName": "Ed", "audioOnly": True, "source": FILE, "footage": "/clips/ed.mp4"}
    heard = studio_job("/comps/c", [*rows, voice], {}, settings).inputs[-1]
    assert heard == InputSpec(4, "/clips/ed.mp4", name="Ed", audio_only=True)  # heard, never drawn
    state = job.scenario.initial_state
    assert [slot and slot["id"] for slot in state["activeVideoInputSlots"]] == [0, 1, 2, False]
    assert [peer["displayName"] for peer in state["room"]] == ["Ann", "Bo", "Cy"]
    # A studio job has a JSON form too (batch rendering takes jobs as JSON).
    again = ExportJob.from_dict(json.loads(json.dumps(job.to_dict())))
    assert again.inputs == job.inputs and again.scenario.initial_state == state
    assert (again.scenario.duration_in_frames, again.scenario.fps, again.scenario.output_size) == (150, 25.0, (640, 360))


def test_the_dialog_refuses_what_cannot_be_exported(qtbot, tmp_path: Path) -> None:
    dialog = ExportDialog((640, 360), tmp_path, "talk")
    qtbot.addWidget(dialog)
    export = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.target.text() == str(tmp_path / "talk.mp4") and export.isEnabled()
    dialog.width_box.setValue(641)
    assert not export.isEnabled() and "even" in export.toolTip()
    dialog.format.setCurrentIndex(dialog.format.findData("png"))  # PNGs take any size
    assert export.isEnabled() and dialog.target.text() == str(tmp_path / "talk-png")
    dialog.in_out.setChecked(True)
    dialog.in_point.setValue(5.0)
    dialog.out_point.setValue(4.0)
    assert not export.isEnabled() and "out point" in export.toolTip()
    dialog.out_point.setValue(7.5)
    assert dialog.settings() == ExportSettings("png", (641, 360), 30.0, 5.0, 7.5, tmp_path / "talk-png")


def test_export_renders_the_preview_call_in_another_process(window, tmp_path: Path) -> None:
    clip = tmp_path / "ann.mp4"
    write_test_clip(clip, seconds=2.0, size=(64, 48))
    w = window("daily:baseline")
    w.slots_model.set_count(1)
    w.slots_model.assign_footage(0, clip)
    settle(w)
    assert w.slots[0]["footage"] == str(clip)
    out = tmp_path / "call.mp4"
    row = w.exports.export(ExportSettings("mp4", SIZE, 30.0, 0.0, 1.0, out))
    assert w.exports.dock.isVisible()
    process = w.exports.queue.jobs[row].process
    assert process is not None and process._process.pid != os.getpid()
    w.show_frame(5)  # the preview keeps rendering while the export runs
    settle(w)
    assert w.last_frame.output.frame_index == 5 and w.exports.queue.jobs[row].status == RUNNING
    assert wait_for(w, row) == DONE, w.exports.queue.jobs[row].message
    assert w.exports.dock.selected_row() == row and w.exports.dock.folder_button.isEnabled()
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == SIZE and container.streams.audio  # the clip's tone
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    assert len(frames) == 30
    grey = frames[12][SIZE[1] // 2, SIZE[0] // 2]
    assert np.abs(grey.astype(int) - frame_level(12)).max() <= 4  # Ann's clip, full frame


def test_cancel_in_the_queue_keeps_the_previous_file(window, tmp_path: Path) -> None:
    w = window("daily:baseline")
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"an earlier export")
    row = w.exports.export(ExportSettings("mp4", SIZE, 30.0, 0.0, 600.0, out))
    second = w.exports.export(ExportSettings("mp4", SIZE, 30.0, 0.0, 1.0, tmp_path / "next.mp4"))
    assert w.exports.queue.jobs[second].status == QUEUED  # one at a time
    deadline = time.monotonic() + 60
    while w.exports.queue.jobs[row].progress is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    w.exports.dock.table.selectRow(row)
    assert w.exports.dock.cancel_button.isEnabled()
    w.exports.dock.cancel_button.click()
    assert wait_for(w, row) == CANCELLED
    assert out.read_bytes() == b"an earlier export"
    assert wait_for(w, second) == DONE  # the queue moved on
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.mp4", "next.mp4"]
    w.exports.queue.clear_finished()
    assert w.exports.queue.rowCount() == 0


def test_export_renders_the_timeline_document_as_vcs_render_does(window, tmp_path: Path) -> None:
    """A scenario opened in the studio is what File › Export… renders: its PNGs equal `vcs render`'s
    composites of the same scenario (a chat toast, an emoji and mode changes on the way)."""
    scenario = Path(__file__).parent / "scenarios" / "toast-and-mode.json"
    w = window("daily:baseline")
    w.open_scenario(scenario)
    settle(w)
    assert w.timeline.scenario().events  # the document is the scenario's
    out = tmp_path / "studio-png"
    row = w.exports.export(ExportSettings("png", (640, 360), 30.0, 0.0, 75 / 30, out))
    assert wait_for(w, row) == DONE, w.exports.queue.jobs[row].message
    rendered = tmp_path / "render"
    assert vcs_main(["render", "daily:baseline", "--scenario", str(scenario), "--emit", "composite",
                     "--out", str(rendered)]) == 0
    for frame in (12, 40, 74):
        ours = np.asarray(Image.open(out / f"frame_{frame:05d}.png"))
        theirs = np.asarray(Image.open(rendered / f"vcs-output_{frame}.png"))
        assert ours.shape == theirs.shape
        assert np.abs(ours.astype(int) - theirs.astype(int)).max() == 0, f"frame {frame} differs"
