"""The multiview's frame rate: the same composition rendered live at several output sizes.

    python -m benchmarks.multiview [--seconds 8] [--composition daily:baseline] [--json]

(from the project root, as a module: run as a script, this folder comes first on sys.path and
`benchmarks/inspect.py` hides the standard library's `inspect`, which PySide6 imports.)

Each size is a `StudioSession` with its own engine process (as studio/multiview.py runs them),
opened on the composition with four synthetic participants and playing free-running: every
frame delivered asks for the next one, so a size shows as many frames as it can render. Cases,
one after another in the same run:

* single_fps — one 1280×720 session alone (the baseline of this machine at this moment);
* multiview_fps — the three default sizes (1280×720, 720×720, 720×1280) together: the slowest
  size's frames per second (target ≥ 15), each size's figure in `per_size`;
* with_main_fps — the same three plus the main preview's own 1280×720 session, as in the studio
  with the Multiview dock open: the slowest of the four.

`*_ratio` = a case's fps / single_fps: the machine is shared, so the ratio is the figure to
compare between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.engine import PreviewEngine, RenderedFrame, participant_slots  # noqa: E402
from studio.multiview import DEFAULT_SIZES  # noqa: E402
from studio.session import StudioSession  # noqa: E402

TARGET_FPS = 15.0
WARM_FRAMES = 5


def play(app: QApplication, composition: str, sizes: list[tuple[int, int]], seconds: float) -> list[float]:
    """Frames per second of each size, all playing together for `seconds`."""
    sessions = []
    counts = [0] * len(sizes)
    started: list[float | None] = [None] * len(sizes)
    for i, size in enumerate(sizes):
        engine = PreviewEngine.create(size, spare=False)
        engine.slots = participant_slots(4)
        session = StudioSession(engine)

        def delivered(frame: RenderedFrame, i: int = i, session: StudioSession = session) -> None:
            counts[i] += 1
            if counts[i] == WARM_FRAMES:
                started[i] = time.perf_counter()
            session.request_frame(frame.output.frame_index + 1)

        session.frameRendered.connect(delivered)
        session.open(composition)
        session.request_frame(0)
        sessions.append(session)
    while not all(s is not None for s in started):  # every size past its first frames
        app.processEvents()
        time.sleep(0.001)
    t0, base = time.perf_counter(), list(counts)
    while time.perf_counter() - t0 < seconds:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    fps = [(counts[i] - base[i]) / elapsed for i in range(len(sizes))]
    for session in sessions:
        session.close()
    return fps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--composition", default="daily:baseline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    sizes = list(DEFAULT_SIZES)
    single = play(app, args.composition, [sizes[0]], args.seconds)[0]
    three = play(app, args.composition, sizes, args.seconds)
    four = play(app, args.composition, [(1280, 720), *sizes], args.seconds)
    figures = {
        "single_fps": round(single, 1),
        "multiview_fps": round(min(three), 1),
        "multiview_ratio": round(min(three) / single, 2),
        "with_main_fps": round(min(four), 1),
        "with_main_ratio": round(min(four) / single, 2),
        "per_size": {f"{w}x{h}": round(f, 1) for (w, h), f in zip(sizes, three, strict=True)},
        "target_fps": TARGET_FPS,
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for key, value in figures.items():
        print(f"{key:>18}: {value}")
    print("multiview target", "met" if figures["multiview_fps"] >= TARGET_FPS else "MISSED")


if __name__ == "__main__":
    main()
