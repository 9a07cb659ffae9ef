"""Benchmark of the timeline widget's painting: what playback costs the GUI thread.

During playback the dock moves the playhead 30 times a second on the thread that also shows the
frames, so a repaint must stay far below the 33 ms frame budget, whatever the document. The view
caches everything but the playhead (studio/timeline/view.py); this measures, on a long document
(5 minutes at 30 fps, a params and a messages event on every frame: 18,000 markers, the worst a
`.js` callback can give) and on a small one (30 events):

* a playhead step (cached layer blitted, playhead drawn),
* a zoom step (the whole layer painted again),

median of N repaints each, and the ratio of the two (how much the cache saves).

    python benchmarks/timeline_view.py      # also: --runs N
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FRAME_BUDGET_MS = 1000 / 30


def median_ms(step, runs: int) -> float:
    times = []
    for i in range(runs):
        started = time.perf_counter()
        step(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from studio.timeline import TimelineModel, TimelineView
    from vcs_engine.scenario import Scenario

    frames = 9000
    documents = {
        "18,000 markers": {n: {"params": {"x": n}, "standardSources": {"chatMessages": [{"key": str(n), "text": "hi"}]}}
                           for n in range(frames)},
        "30 markers": {n: {"params": {"x": n}} for n in range(0, frames, frames // 30)},
    }
    for name, events in documents.items():
        model = TimelineModel()
        model.set_scenario(Scenario(duration_in_frames=frames, events=events))
        view = TimelineView(model)
        view.resize(1280, 200)
        view.show()
        view.set_duration(frames)
        app.processEvents()

        def playhead(i: int) -> None:
            view.set_playhead(i + 1)
            view.repaint()

        def zoom(i: int) -> None:
            view.zoom(1.1 if i % 2 else 1 / 1.1, 640)
            view.repaint()

        step_ms, zoom_ms = median_ms(playhead, runs), median_ms(zoom, runs)
        print(f"{name:>15}: playhead step {step_ms:6.2f} ms, zoom step {zoom_ms:6.2f} ms, "
              f"ratio {zoom_ms / step_ms:5.1f}×, playhead step = {step_ms / FRAME_BUDGET_MS:.1%} of a frame")
        view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
