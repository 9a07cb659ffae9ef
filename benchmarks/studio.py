"""The studio's timeline as a user drives it — issue 10's figures.

    python benchmarks/studio.py [--json] [--seconds 5]

Cases (a real MainWindow, offscreen unless QT_QPA_PLATFORM says otherwise; our baseline):
* save_to_frame_ms — a paused preview at frame 0 of a copy of the baseline: `index.jsx` saved
  (written and closed, as an editor does) until the reloaded frame is on screen, the watcher's
  debounce included (median of 7; target ≤ 60 ms). Baseline in the same run: reload_ms, Reload
  (F5) until the frame is on screen, no watcher; the ratio is what the watcher adds.
* seek_900_ms — a 30 s scenario (4 participants with labels, a chat toast every 3 s, an emoji
  every 2 s, a mode change every 5 s): after an edit of the document (an event at frame 900,
  added or removed), a seek to frame 900 until it is on screen: a replay from frame 0 in the
  engine (median of 5; target ≤ 500 ms). Baseline: run_all_901_ms, the same 901 frames rendered
  and serialised one by one in-process, as `vcs render` runs them (what a naive replay costs).
* scrub_fps — the playhead dragged across the scenario like a mouse (an event every 16 ms,
  5 frames a step) from 900 back to 300 and forward to 900: distinct frames on screen per
  second while dragging (target ≥ 20).
* play_fps — 1280×720, 16 participants, labels on, playing for `--seconds`: frames on screen
  per second and frames dropped (target 30 fps).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import print_figures  # noqa: E402
from preview import window  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

TARGETS = {"save_to_frame_ms": 60.0, "seek_900_ms": 500.0, "scrub_fps": 20.0, "play_fps": 30.0}


def busy_scenario(frames: int = 901) -> dict:
    """30 s of our baseline with something happening all the time."""
    slots = [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(4)]
    events: dict[int, dict] = {}
    modes = ["dominant", "pip", "split", "single", "grid"]
    for k, f in enumerate(range(150, frames, 150)):
        events.setdefault(f, {}).setdefault("params", {})["mode"] = modes[k % len(modes)]
    for k, f in enumerate(range(45, frames, 90)):
        events.setdefault(f, {}).setdefault("standardSources", {})["chatMessages"] = [
            {"key": f"c{k}", "senderDisplayName": "Participant 2", "text": f"Chat message number {k}",
             "date": "2026-01-01T00:00:00Z"}]
    for k, f in enumerate(range(20, frames, 60)):
        events.setdefault(f, {}).setdefault("standardSources", {})["emojiReactions"] = [
            {"key": f"e{k}", "senderDisplayName": "Participant 3", "text": "🎉"}]
    return {"compositionId": "daily:baseline", "durationInFrames": frames, "outputFrames": [frames - 1],
            "initialState": {"activeVideoInputSlots": slots,
                             "params": {"videoSettings.showParticipantLabels": True, "toast.source": "chatMessages"}},
            "events": [{"frame": f, "state": s} for f, s in sorted(events.items())]}


def pump_until(app: QApplication, done, timeout: float = 30.0) -> float:
    """Run the event loop until `done()` (checked every 2 ms). The loop sleeps between events
    as the real application's does: a busy loop here would take a core from the engine."""
    start = time.perf_counter()
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if done() or time.perf_counter() - start > timeout:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    if not done():
        loop.exec()
    timer.stop()
    if not done():
        raise TimeoutError("the studio did not get there in time")
    return time.perf_counter() - start


def shown_frame(w) -> int | None:
    return w.last_frame.output.frame_index if w.last_frame is not None else None


def bench_save(app: QApplication, folder: Path) -> tuple[float, float]:
    comp = folder / "baseline"
    shutil.copytree(ROOT / "compositions" / "baseline", comp)
    w = window(app, str(comp))
    pump_until(app, lambda: w.watcher.watched is not None)
    time.sleep(0.3)  # the observer's thread is watching
    index = comp / "index.jsx"
    text = index.read_text(encoding="utf-8")
    saves, reloads = [], []
    for i in range(7):
        shown = w.last_frame
        start = time.perf_counter()
        index.write_text(text + f"\n// edit {i}\n", encoding="utf-8")
        pump_until(app, lambda: w.last_frame is not shown)
        app.processEvents()
        saves.append(time.perf_counter() - start)
        time.sleep(0.3)  # the burst's trailing reload is over
        pump_until(app, lambda: not w.session.busy and w.session.wait_idle(0))
        app.processEvents()
        shown = w.last_frame
        start = time.perf_counter()
        w.reload_composition()
        pump_until(app, lambda: w.last_frame is not shown)
        app.processEvents()
        reloads.append(time.perf_counter() - start)
    w.close()
    return statistics.median(saves) * 1000, statistics.median(reloads) * 1000


def bench_seek(app: QApplication, scenario: Path) -> tuple[float, float, float]:
    """(seek_900_ms, run_all_901_ms, scrub_fps)."""
    from vcs_engine.host import Host
    from vcs_engine.scenario import load_scenario, run_scenario

    host = Host()
    host.open("daily:baseline")
    loaded = load_scenario(scenario)
    for _ in run_scenario(host, loaded):  # warm the text caches as the studio's engine is warm
        pass
    host.reload()
    host.reset_params()
    start = time.perf_counter()
    for _ in run_scenario(host, loaded):
        pass
    run_all = time.perf_counter() - start

    w = window(app, "daily:baseline")
    w.open_scenario(scenario)
    pump_until(app, lambda: w.timeline.duration == 901)
    w.seek(900)  # the first replay (warms the engine's caches as a user's session is)
    pump_until(app, lambda: shown_frame(w) == 900, timeout=60)
    seeks = []
    for i in range(5):
        if i % 2 == 0:
            w.timeline.add_event(900, {"params": {"showTextOverlay": True}})
        else:
            w.undo_stack.undo()
        w.seek(0)
        pump_until(app, lambda: shown_frame(w) == 0 and w.session.wait_idle(0))
        app.processEvents()
        start = time.perf_counter()
        w.seek(900)
        pump_until(app, lambda: shown_frame(w) == 900, timeout=60)
        app.processEvents()
        seeks.append(time.perf_counter() - start)

    frames_seen: set[int] = set()
    w.session.frameRendered.connect(lambda f: frames_seen.add(f.output.frame_index))
    path = list(range(900, 299, -5)) + list(range(300, 901, 5))
    start = time.perf_counter()
    for target in path:
        w.seek(target)
        until = time.perf_counter() + 0.016
        pump_until(app, lambda: time.perf_counter() >= until)
    drag = time.perf_counter() - start
    w.close()
    return statistics.median(seeks) * 1000, run_all * 1000, len(frames_seen) / drag


def bench_play(app: QApplication, seconds: float) -> tuple[float, int]:
    from studio.engine import PreviewEngine
    from studio.main_window import MainWindow
    from vcs_engine.supervisor import SupervisedHost

    w = MainWindow("daily:baseline", engine=PreviewEngine(SupervisedHost(spare=True)), participants=16,
                   autostart=False)
    w.show()
    pump_until(app, lambda: w.last_frame is not None)
    w.set_param("videoSettings.showParticipantLabels", True)
    pump_until(app, lambda: w.session.wait_idle(0))
    shown: list[float] = []
    w.session.frameRendered.connect(lambda _f: shown.append(time.perf_counter()))
    w.toggle_playing()
    start = time.perf_counter()
    pump_until(app, lambda: time.perf_counter() - start >= seconds, timeout=seconds + 5)
    w.toggle_playing()
    fps = len(shown) / seconds
    dropped = w.clock.dropped
    w.close()
    return fps, dropped


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=5.0, help="playback length (default 5)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([])
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        results["save_to_frame_ms"], results["reload_ms"] = bench_save(app, folder)
        scenario = folder / "busy.json"
        scenario.write_text(json.dumps(busy_scenario()), encoding="utf-8")
        results["seek_900_ms"], results["run_all_901_ms"], results["scrub_fps"] = bench_seek(app, scenario)
    results["play_fps"], results["play_dropped"] = bench_play(app, args.seconds)
    results["save_vs_reload"] = results["save_to_frame_ms"] / results["reload_ms"]
    results["seek_vs_run_all"] = results["seek_900_ms"] / results["run_all_901_ms"]
    if args.json:
        print(json.dumps(results))
        return
    print_figures("studio timeline", results, TARGETS)

if __name__ == "__main__":
    main()
