"""The studio as a user runs it — the reliability issue's figures.

    python benchmarks/preview.py [--minutes 3] [--json] [--skip-soak]

Cases (a real MainWindow; offscreen unless QT_QPA_PLATFORM says otherwise):
* open_baseline_ms — File › Open of our baseline (196 params) in a running studio showing
  another composition: until the params form is built and the first frame is on screen
  (median of 7; target ≤ 150 ms); start_baseline_ms — the same from a new window on a warm
  engine process (what `vcs-studio` costs after Python and Qt have started; no target);
* param_to_frame_ms — paused preview of our baseline at 1280×720: a param edit (through the
  params model and the undo stack) until the frame showing it is on screen (median of 30;
  target ≤ 50 ms); param_to_frame_playing_ms — the same while the preview plays at 30 fps, until
  a frame that shows the edit is on screen (median of 30; target ≤ 50 ms), with play_frame_ms,
  the median time the engine took per frame in the same run, and their ratio (how many frames'
  worth of work an edit waits for: a load on the machine slows both alike);
* payload_update_ms — Export › Recording payload open on our baseline with 30 changed params: a
  param edit (through the params model and the undo stack) until the dock shows the new payload,
  painted (median of 30; target ≤ 33 ms, one frame at 30 fps); payload_build_ms — the dock's own
  rebuild alone (build_payload + format; no target);
* restart_ms — a composition stuck in native code (a catastrophic regular expression) was killed;
  the edit that fixes it until the next frame is on screen (median of 5; target ≤ 1000 ms);
* stall_loop_ms / stall_play_ms — the longest the GUI thread could not react (a 5 ms probe timer)
  while a composition loops until its time limit, and during normal playback (target ≤ 50 ms);
* soak — the window left playing for `--minutes`: frames shown, dropped, RSS of the studio and of
  the engine process every 10 s, and the RSS slope in MB/min over the last 80 % of samples.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from payload import thirty_changed_params  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from figures import print_figures  # noqa: E402
from rss import rss_mb, slope_mb_per_min  # noqa: E402

from studio.probe import StallProbe  # noqa: E402

TARGETS: dict[str, float | None] = {
    "open_baseline_ms": 150.0, "start_baseline_ms": None, "param_to_frame_ms": 50.0,
    "param_to_frame_playing_ms": 50.0, "play_frame_ms": None, "edit_per_frame_ratio": None, "payload_update_ms": 33.0,
    "payload_build_ms": None, "restart_ms": 1000.0, "stall_loop_ms": 50.0, "stall_play_ms": 50.0}
STUCK = """\
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { useParams } from '#vcs-react/hooks';
export const compositionInterface = { params: [{ id: 'mode', type: 'enum', values: ['ok', 'loop', 'regex'], defaultValue: 'ok' }] };
export default function C() {
  const { mode } = useParams();
  if (mode === 'loop') { for (;;) {} }
  if (mode === 'regex') { /^(a+)+$/.test('a'.repeat(40) + 'b'); }
  return <Box style={{ fillColor: '#00ff00' }} />;
}
"""


def pump_until(app: QApplication, done, timeout: float = 30.0) -> float:
    """Process events until `done()`; returns the seconds it took."""
    start = time.perf_counter()
    while not done():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the studio did not get there in time")
        app.processEvents()
        time.sleep(0.0005)
    return time.perf_counter() - start


def window(app: QApplication, composition: str, time_limit_s: float | None = None, autostart: bool = False):
    from studio.engine import PreviewEngine
    from studio.main_window import MainWindow
    from vcs_engine.supervisor import SupervisedHost

    engine = PreviewEngine(SupervisedHost(time_limit_s=time_limit_s, spare=True))
    w = MainWindow(composition, engine=engine, autostart=autostart)
    w.show()
    pump_until(app, lambda: w.last_frame is not None)
    return w


BASELINE_PARAMS = 196


def form_ready(w, count: int) -> bool:
    return len(w.params_panel.editors) == count


def bench_open(app: QApplication) -> float:
    """Open the baseline in a studio showing the welcome example, and back, 7 times."""
    w = window(app, "example:welcome")
    samples = []
    for _ in range(7):
        shown = w.last_frame
        start = time.perf_counter()
        w.open_composition("daily:baseline")
        pump_until(app, lambda: w.last_frame is not shown and form_ready(w, BASELINE_PARAMS))
        app.processEvents()  # the paint of the frame
        samples.append(time.perf_counter() - start)
        shown = w.last_frame
        w.open_composition("example:welcome")
        pump_until(app, lambda: w.last_frame is not shown and len(w.params_panel.editors) < BASELINE_PARAMS)
    w.close()
    return statistics.median(samples) * 1000


def bench_start(app: QApplication) -> float:
    """A new window on an engine process that is already running (median of 5)."""
    from studio.engine import PreviewEngine
    from studio.main_window import MainWindow
    from vcs_engine.supervisor import SupervisedHost

    samples = []
    for _ in range(5):
        engine = PreviewEngine(SupervisedHost(spare=True))
        for process in (engine.host._engine_process(), engine.host._spare):
            if process is not None:
                process.wait_ready()
        start = time.perf_counter()
        w = MainWindow("daily:baseline", engine=engine, autostart=False)
        w.show()
        pump_until(app, lambda: w.last_frame is not None and form_ready(w, BASELINE_PARAMS))
        app.processEvents()
        samples.append(time.perf_counter() - start)
        w.close()
    return statistics.median(samples) * 1000


def bench_param_to_frame(app: QApplication) -> float:
    w = window(app, "daily:baseline")
    samples = []
    for i in range(30):
        shown = w.last_frame
        start = time.perf_counter()
        w.set_param("videoSettings.showParticipantLabels", i % 2 == 0)
        pump_until(app, lambda: w.last_frame is not shown)
        samples.append(time.perf_counter() - start)
    w.close()
    return statistics.median(samples) * 1000


def bench_param_to_frame_playing(app: QApplication) -> tuple[float, float]:
    """Toggle the participant labels of the playing baseline; returns the median ms until a
    frame showing the new state is on screen, and the median ms the engine took per frame."""
    w = window(app, "daily:baseline", autostart=True)
    samples, frame_seconds = [], []
    for i in range(30):
        settle_until = time.perf_counter() + 0.1  # a few frames of plain playback between edits
        pump_until(app, lambda: time.perf_counter() > settle_until)
        frame_seconds.append(w.last_frame.seconds)
        start = time.perf_counter()
        shown = i % 2 == 0
        w.set_param("videoSettings.showParticipantLabels", shown)
        pump_until(app, lambda: ('"Participant 1"' in w.last_frame.output.flattened_json) == shown)
        app.processEvents()  # the paint of the frame
        samples.append(time.perf_counter() - start)
    w.close()
    return statistics.median(samples) * 1000, statistics.median(frame_seconds) * 1000


def bench_payload_update(app: QApplication) -> tuple[float, float]:
    """An edit until the payload dock shows it, painted; and the dock's rebuild alone."""
    w = window(app, "daily:baseline")
    dock = w.payload_dock
    dock.show()
    pump_until(app, dock.isVisible)
    w.params_model.replace_all(thirty_changed_params(w.params_model.specs), "30 changed params")
    pid = "videoSettings.showParticipantLabels"
    samples, builds = [], []
    for i in range(30):
        value = i % 2 == 0
        start = time.perf_counter()
        w.set_param(pid, value)
        if json.loads(dock.text)["layout"]["composition_params"].get(pid, False) is not value:
            raise RuntimeError("the dock did not show the edit")
        dock.widget().repaint()
        samples.append(time.perf_counter() - start)
        start = time.perf_counter()
        dock.refresh()
        builds.append(time.perf_counter() - start)
        pump_until(app, lambda: not w.session.busy)
    w.close()
    return statistics.median(samples) * 1000, statistics.median(builds) * 1000


def bench_stuck(app: QApplication, folder: Path, probe: StallProbe) -> tuple[float, float]:
    (folder / "index.jsx").write_text(STUCK, encoding="utf-8")
    w = window(app, str(folder), time_limit_s=1.0)
    restarts = []
    for _ in range(5):
        w.set_param("mode", "regex")
        pump_until(app, w.banner.isVisible)
        shown = w.last_frame
        start = time.perf_counter()
        w.set_param("mode", "ok")
        pump_until(app, lambda: w.last_frame is not shown)
        restarts.append(time.perf_counter() - start)
    probe.take()
    w.set_param("mode", "loop")
    pump_until(app, w.banner.isVisible)
    stall = probe.take()
    w.close()
    return statistics.median(restarts) * 1000, stall


def soak(app: QApplication, minutes: float, probe: StallProbe) -> dict:
    w = window(app, "daily:baseline", autostart=True)
    child = w.session.engine.host._engine._process.pid
    samples_parent, samples_child = [], []
    start = time.monotonic()
    next_sample = start
    probe.take()
    stall = 0.0
    while time.monotonic() - start < minutes * 60:
        app.processEvents()
        time.sleep(0.002)
        if time.monotonic() >= next_sample:
            t = time.monotonic() - start
            samples_parent.append((t, rss_mb(os.getpid())))
            samples_child.append((t, rss_mb(child)))
            stall = max(stall, probe.take()) if t > 5 else probe.take()  # not the start-up
            next_sample += 10
    result = {
        "minutes": minutes, "frames_shown": w.frame_index, "dropped": w.clock.dropped,
        "studio_rss_mb": [round(m, 1) for _, m in samples_parent],
        "engine_rss_mb": [round(m, 1) for _, m in samples_child],
        "studio_rss_slope_mb_per_min": slope_mb_per_min(samples_parent),
        "engine_rss_slope_mb_per_min": slope_mb_per_min(samples_child),
        "stall_play_ms": stall,
        "error": w.banner.text() if w.banner.isVisible() else "",
    }
    w.close()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=3.0, help="soak length (default 3)")
    ap.add_argument("--skip-soak", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    probe = StallProbe().start()
    results: dict = {"open_baseline_ms": bench_open(app), "start_baseline_ms": bench_start(app),
                     "param_to_frame_ms": bench_param_to_frame(app)}
    results["param_to_frame_playing_ms"], results["play_frame_ms"] = bench_param_to_frame_playing(app)
    results["edit_per_frame_ratio"] = results["param_to_frame_playing_ms"] / results["play_frame_ms"]
    results["payload_update_ms"], results["payload_build_ms"] = bench_payload_update(app)
    with tempfile.TemporaryDirectory() as d:
        results["restart_ms"], results["stall_loop_ms"] = bench_stuck(app, Path(d), probe)
    if not args.skip_soak:
        results["soak"] = soak(app, args.minutes, probe)
        results["stall_play_ms"] = results["soak"]["stall_play_ms"]
    if args.json:
        print(json.dumps(results))
        return
    print_figures("studio", results, TARGETS, value_header="ms", keys=list(TARGETS),
                  fmt=lambda key, value: f"{value:.{2 if key.endswith('ratio') else 1}f}")
    if "soak" in results:
        from rich.console import Console

        Console().print(results["soak"])


if __name__ == "__main__":
    main()
