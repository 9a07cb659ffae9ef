"""Frame cost of our baseline composition next to Daily's, both run in our engine.

    python benchmarks/baseline.py [--json] [--toasts N]

Grid mode at 1280×720 with 16 named participants, participant labels, banner and text overlay
on. Reported per composition (median `Host.render()` wall time per frame: JS, layout, outputs):
* idle_ms  — nothing animates, only video time advances (fades finished);
* toast_ms — frames while a toast fades in (its first 0.6 s; each toast is sent once the previous
             one has gone, so every one fades in).
Daily's baseline comes from ../shared/daily-reference and is skipped when that folder is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcs_engine.host import Host

DAILY_BASELINE = ROOT.parent / "shared" / "daily-reference" / "compositions" / "daily-baseline"
FPS = 30
SLOTS = [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(16)]
PARAMS = {
    "mode": "grid",
    "videoSettings.showParticipantLabels": True,
    "showBannerOverlay": True,
    "showTextOverlay": True,
    "toast.duration_secs": 1,
}
SETTLE_FRAMES = 30          # banner fade (0.35 s) and first layout done
IDLE_FRAMES = 120
TOAST_FADE_FRAMES = 18      # 0.6 s fade-in at 30 fps
TOAST_CYCLE_FRAMES = 50     # 1 s shown + 0.5 s fade-out, plus a margin


class Clock:
    """Renders consecutive frames of one host, timing the ones asked for."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.frame = 0

    def render(self, samples: list[float] | None = None) -> None:
        start = time.perf_counter()
        self.host.render(self.frame)
        if samples is not None:
            samples.append(time.perf_counter() - start)
        self.frame += 1


def measure(composition: str | Path, toasts: int) -> dict[str, float]:
    host = Host.load(composition)
    host.set_inputs(SLOTS)
    host.set_params(PARAMS, warn=False)
    clock = Clock(host)
    for _ in range(SETTLE_FRAMES):
        clock.render()

    idle: list[float] = []
    for _ in range(IDLE_FRAMES):
        clock.render(idle)

    fading: list[float] = []
    for key in range(1, toasts + 1):
        host.set_params({"toast.key": key}, warn=False)
        for _ in range(TOAST_FADE_FRAMES):
            clock.render(fading)
        for _ in range(TOAST_CYCLE_FRAMES - TOAST_FADE_FRAMES):
            clock.render()

    return {"idle_ms": statistics.median(idle) * 1000, "toast_ms": statistics.median(fading) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--toasts", type=int, default=10, help="toasts to time (18 frames each)")
    args = parser.parse_args(argv)

    results = {"ours": measure("daily:baseline", args.toasts)}
    if DAILY_BASELINE.is_dir():
        results["daily"] = measure(DAILY_BASELINE, args.toasts)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print("baseline, grid 16 participants + labels + banner + text overlay, 1280x720")
    print(f"{'composition':<12}{'idle ms':>10}{'toast fade-in ms':>20}")
    for name, r in results.items():
        print(f"{name:<12}{r['idle_ms']:>10.2f}{r['toast_ms']:>20.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
