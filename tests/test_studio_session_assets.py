"""Composition › Session assets folder: a session's files applied as Daily's servers apply them.

Real widgets (pytest-qt, offscreen). The folder is set through the session (the host's
`set_session_assets` and a reload on the render thread): an override replaces the composition's
file of the same path, the status bar names the folder in use, hot reload watches it beside the
composition, and a folder that vanished changes nothing. `vcs-studio --session-assets DIR` starts
with one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PIL import Image as PILImage
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)

from studio.main_window import MainWindow
from studio.watcher import SESSION_ASSETS

OVERLAY = """\
import * as React from 'react';
import { Text } from '#vcs-react/components';
export default function CustomOverlay() {
  const frame = () => ({ x: 20, y: 20, w: 600, h: 60 });
  return <Text style={{ textColor: '#ff0000', fontSize_px: 30 }} layout={[frame]}>WORDS</Text>;
}
"""


def png(path: Path, rgb: tuple[int, int, int] = (255, 0, 0)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGBA", (16, 16), (*rgb, 255)).save(path)
    return path


@pytest.fixture
def brand(tmp_path: Path) -> Path:
    """A session-assets folder: the logo a param names, an image nobody names, an overlay."""
    folder = tmp_path / "brand"
    png(folder / "images" / "studio-logo.png")
    png(folder / "images" / "unused.png", (0, 0, 255))
    (folder / "components").mkdir()
    (folder / "components" / "CustomOverlay.js").write_text(OVERLAY.replace("WORDS", "overlay one"), encoding="utf-8")
    return folder


def use_session_assets(w: MainWindow, folder: Path | None) -> None:
    w.session_assets_menu.set_folder(folder)
    settle(w)


def fill_texts(w: MainWindow) -> list[str]:
    return [c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText"]


def test_session_assets_override_a_component_and_hot_reload(window, qtbot, brand):
    w = window("daily:baseline")
    step(w)
    assert "overlay one" not in fill_texts(w)
    composition = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Composition")
    assert [a.text() for a in composition.actions()][:2] == ["Session &Assets Folder…", "&No Session Assets"]
    use_session_assets(w, brand)
    step(w)
    assert "overlay one" in fill_texts(w)
    assert w.session_assets_menu.label.text() == "session assets: brand" and w.session_assets_menu.label.isVisible()
    assert w.watcher.roots[SESSION_ASSETS].folder == brand
    reloads = w.reload_count
    time.sleep(0.05)
    (brand / "components" / "CustomOverlay.js").write_text(OVERLAY.replace("WORDS", "overlay two"), encoding="utf-8")
    qtbot.waitUntil(lambda: w.reload_count > reloads, timeout=5000)
    step(w)
    assert "overlay two" in fill_texts(w)
    # No session assets: the composition's own (empty) overlay again, and the folder is no longer watched.
    composition.actions()[1].trigger()
    step(w)
    assert "overlay two" not in fill_texts(w)
    assert SESSION_ASSETS not in w.watcher.roots and not w.session_assets_menu.label.isVisible()


def test_a_vanished_session_folder_changes_nothing(window, qtbot, tmp_path, brand):
    w = window("daily:baseline")
    use_session_assets(w, brand)
    use_session_assets(w, tmp_path / "nowhere")
    assert w.session_assets_menu.folder == brand
    assert "session assets folder not found" in w.banner.text()
    step(w)
    assert "overlay one" in fill_texts(w) and not w.banner.isVisible()


def test_command_line_session_assets(qtbot, tmp_path, brand):
    from studio.app import build_window, parse_args
    from vcs_engine.errors import VcsError

    w = build_window(parse_args(["daily:baseline", "--session-assets", str(brand)]), None)
    qtbot.addWidget(w)
    w.timer.stop()
    w.clock.pause()
    settle(w)
    assert w.session_assets_menu.folder == brand and w.watcher.roots[SESSION_ASSETS].folder == brand
    step(w)
    assert "overlay one" in fill_texts(w)
    w.close()
    with pytest.raises(VcsError, match="session assets folder not found"):
        build_window(parse_args(["daily:baseline", "--session-assets", str(tmp_path / "nowhere")]), None)
