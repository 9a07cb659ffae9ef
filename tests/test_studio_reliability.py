"""The studio survives what a composition does: loops, native hangs, crashes, slow frames.

Each test drives a real window (offscreen) with a 1 s time limit, and measures the GUI thread
with a probe timer: the gap between its ticks is how long the window could not react.
"""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication
from test_studio import settle, window, write_comp  # noqa: F401 (window is a fixture)

from studio.engine import PreviewEngine
from studio.main_window import MainWindow
from studio.probe import StallProbe
from vcs_engine.supervisor import SupervisedHost

HEADER = """\
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { useParams } from '#vcs-react/hooks';
export const compositionInterface = { params: [{ id: 'mode', type: 'enum', values: ['ok', 'loop', 'regex', 'slow'], defaultValue: 'ok' }] };
"""

BODY = HEADER + """\
export default function C() {
  const { mode } = useParams();
  if (mode === 'loop') { for (;;) {} }
  if (mode === 'regex') { /^(a+)+$/.test('a'.repeat(40) + 'b'); }
  if (mode === 'slow') { const until = Date.now() + 100; while (Date.now() < until) {} }
  return <Box style={{ fillColor: '#00ff00' }}><Text style={{ textColor: 'white' }}>{mode}</Text></Box>;
}
"""


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.002)


@pytest.fixture
def studio(window, tmp_path):
    """A window on a test composition whose `mode` param loops, hangs natively or is slow, with
    a 1 s time limit (the `window` fixture closes it)."""

    def make(autostart: bool = False) -> MainWindow:
        engine = PreviewEngine(SupervisedHost(size=(320, 180), time_limit_s=1.0, spare=True))
        return window(write_comp(tmp_path / "comp", body=BODY), engine=engine, autostart=autostart)

    return make


def green(w: MainWindow) -> bool:
    image = w.preview.image
    c = image.pixelColor(image.width() // 2, image.height() // 2)
    return c.green() > 200 and c.red() < 50


@pytest.mark.parametrize("mode, says", [("loop", "longer than 1 s"), ("regex", "could not be interrupted")])
def test_a_stuck_composition_never_freezes_the_window(studio, qtbot, mode, says):
    w = studio(autostart=True)
    qtbot.waitUntil(lambda: w.last_frame is not None and green(w), timeout=5000)
    good = w.preview.image
    dropped = w.clock.dropped
    with StallProbe() as probe:
        w.set_param("mode", mode)
        qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=6000)
        pump(0.3)
    assert says in w.banner.text() and "index.jsx:" in w.banner.text()
    assert w.preview.image is good  # the last good frame stays
    assert "stopped by an error" in w.frame_label.text()
    assert probe.longest_ms < 250, f"the GUI thread stalled {probe.longest_ms:.0f} ms"
    # The edit that fixes it brings frames back, without a manual reload (the engine process was
    # restarted for the regex).
    started = time.monotonic()
    w.set_param("mode", "ok")
    qtbot.waitUntil(lambda: w.banner.isHidden() and w.preview.image is not good, timeout=5000)
    assert time.monotonic() - started < 2.0
    assert green(w)
    # Playback resumed where the error stopped it: the frozen seconds are not "dropped frames".
    pump(0.3)
    assert w.clock.dropped - dropped < 5


def test_a_crashing_engine_is_an_error_not_a_dead_studio(studio, qtbot):
    w = studio()
    w.show_frame(1)
    settle(w)
    host = w.session.engine.host
    os.kill(host._engine._process.pid, 11)  # what a native crash does to the engine process
    w.set_param("mode", "ok")
    w.show_frame(2)
    qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=5000)
    assert "crashed (signal SIGSEGV)" in w.banner.text()
    w.set_participants(3)  # any edit: the composition is opened again in a new process
    qtbot.waitUntil(lambda: w.banner.isHidden(), timeout=5000)
    settle(w)
    assert green(w)


def test_slow_frames_are_dropped_not_played_in_slow_motion(studio, qtbot):
    w = studio()
    w.set_param("mode", "slow")  # each frame takes 100 ms: three frame periods
    settle(w)
    w.toggle_playing()
    pump(1.5)
    w.toggle_playing()
    settle(w)
    # Paced by the wall clock: about 45 frames of time passed, though only ~15 were rendered.
    assert w.frame_index >= 30, w.frame_index
    assert w.clock.dropped >= 15
    assert "dropped" in w.frame_label.text()


def test_a_failed_render_is_reported_on_every_later_frame(studio, qtbot):
    w = studio()
    body = BODY.replace("const { mode } = useParams();", "const { mode } = useParams();\n  if (mode === 'slow') throw new Error('broken');")
    (w.session.engine.host.path / "index.jsx").write_text(body, encoding="utf-8")
    w.reload_composition()
    settle(w)
    w.set_param("mode", "slow")
    settle(w)
    assert "broken" in w.banner.text()
    for n in range(3, 6):  # no edit: every frame says so again, none is shown
        shown = w.last_frame
        w.show_frame(n)
        settle(w)
        assert w.last_frame is shown and w.banner.isVisible()
