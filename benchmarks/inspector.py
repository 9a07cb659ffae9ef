"""The inspector's responsiveness on our baseline (image overlay on, 1280×720, paused).

    python -m benchmarks.inspector [--json]

Cases (a real MainWindow, offscreen unless QT_QPA_PLATFORM says otherwise):
* pick_ms — a click on the preview until the node under it is selected in the tree, its details
  shown and the preview repainted with its outline (median of 30, alternating two nodes; target:
  instant, ≤ 16 ms, one display refresh). No engine call is involved: the tree is on hand.
* alt_pick_ms — the same with Alt (the node beneath).
* probe_ms — selection until its "params that move it" are shown (the probe of 196 params on
  the render thread; median of 5; target ≤ 1000 ms).
* drag_frame_ms — during a drag, a pointer move until the frame showing the new value is on
  screen (median of 20; the same path as a param edit, whose target is 50 ms).
* frame_open_ms / frame_closed_ms / inspect_frame_ratio — a paused frame request until it is on
  screen with the inspector open (a tree with every frame, the tree view updated) and closed,
  medians of 60 frames each, alternating in rounds of 20 (no target; the cost of the tree).

Run it as `python -m benchmarks.inspector` from the project root while `benchmarks/inspect.py`
exists: run as a script, this folder comes first on sys.path and that file hides the standard
library's `inspect`, which PySide6 imports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.main_window import MainWindow  # noqa: E402
from vcs_engine.inspect import walk  # noqa: E402

TARGETS = {"pick_ms": 16.0, "alt_pick_ms": 16.0, "probe_ms": 1000.0, "drag_frame_ms": 50.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    w = MainWindow("daily:baseline", autostart=False)
    w.resize(1400, 860)
    w.show()
    w.session.settle()
    w.set_param("showImageOverlay", True)
    w.session.settle()  # mounted at frame 0: faded in by frame 40
    ins = w.inspection
    ins.inspector.show()
    ins.inspector.raise_()
    w.seek(40)
    w.session.settle()
    image = next(n for n in walk(ins.tree) if n.get("type") == "image")
    video = next(n for n in walk(ins.tree) if n.get("type") == "video")

    def centre(node) -> QPoint:
        b = node["bounds"]
        return w.preview.to_widget(QPointF(b["x"] + b["w"] / 2, b["y"] + b["h"] / 2)).toPoint()

    def pick(at: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> float:
        start = time.perf_counter()
        QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, modifiers, at)
        ins.inspector.tree.viewport().repaint()
        w.preview.repaint()
        return (time.perf_counter() - start) * 1000

    picks = [pick(centre(image if i % 2 else video)) for i in range(30)]
    alt = []
    for _ in range(30):
        pick(centre(image))
        alt.append(pick(centre(image), Qt.KeyboardModifier.AltModifier))
    probes = []
    for i in range(5):
        ins.select(None)
        start = time.perf_counter()
        QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=centre(image if i % 2 == 0 else video))
        while ins.probe is None:
            app.processEvents()
            time.sleep(0.001)
        probes.append((time.perf_counter() - start) * 1000)
        w.session.settle()
    QTest.mouseClick(w.preview, Qt.MouseButton.LeftButton, pos=centre(image))
    while ins.probe is None or ins.probe.path != ins.selected:
        app.processEvents()
        time.sleep(0.001)
    at = centre(image)
    drags = []
    QTest.mousePress(w.preview, Qt.MouseButton.LeftButton, pos=at)
    for i in range(1, 21):
        shown = w.last_frame
        start = time.perf_counter()
        QTest.mouseMove(w.preview, at + QPoint(-12 * i, 8 * i))
        while w.last_frame is shown:
            app.processEvents()
            time.sleep(0.0005)
        drags.append((time.perf_counter() - start) * 1000)
    QTest.mouseRelease(w.preview, Qt.MouseButton.LeftButton, pos=at + QPoint(-240, 160))
    w.session.settle()
    w.undo_action.trigger()
    w.session.settle()

    def frames_ms(first: int) -> list[float]:
        times = []
        for n in range(first, first + 20):
            start = time.perf_counter()
            w.show_frame(n)
            w.session.settle()
            times.append((time.perf_counter() - start) * 1000)
        return times

    ins.select(None)
    opened: list[float] = []
    closed: list[float] = []
    for round_ in range(3):  # alternating, so the machine's load weighs on both alike
        ins.inspector.show()
        ins.inspector.raise_()
        w.session.settle()
        opened += frames_ms(100 + 40 * round_)
        ins.inspector.close()
        w.session.settle()
        closed += frames_ms(120 + 40 * round_)
    open_ms, closed_ms = statistics.median(opened), statistics.median(closed)
    figures = {
        "pick_ms": round(statistics.median(picks), 2),
        "alt_pick_ms": round(statistics.median(alt), 2),
        "probe_ms": round(statistics.median(probes), 1),
        "drag_frame_ms": round(statistics.median(drags), 1),
        "frame_open_ms": round(open_ms, 2),
        "frame_closed_ms": round(closed_ms, 2),
        "inspect_frame_ratio": round(open_ms / closed_ms, 2),
        "targets": TARGETS,
    }
    w.close()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
