"""Engine frame cost (JS + layout + lists) — the figures of the engine issue.

    python benchmarks/engine.py [--json] [--composition PATH] [--frames N] [--supervised]

Cases, all in grid mode at 1280×720 with 16 participants:
* static_ms   — only time advances (median per frame);
* relayout_ms — a layout param changes every frame;
* labels_ms   — 16 participant labels appear (`videoSettings.showParticipantLabels` off → on),
                text cache cleared first, so every label is measured cold;
* reload_cold_ms / reload_edit_ms — transform + first render of a synthetic 20-file composition
                in a new host, and again after a one-file edit in the same host.
By default Daily's baseline from ../shared/daily-reference runs (what the targets were measured
with); without that folder our own baseline does. `floor_ms` is an empty composition's frame in
the same run: the ratios `x_floor` show cost above the bare runtime on this machine.
`--supervised` runs every case through `SupervisedHost` (the engine in its watched child process,
as the CLI and the studio run it): the difference is the cost of one request per frame.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcs_engine.host import Host  # noqa: E402
from vcs_engine.supervisor import SupervisedHost  # noqa: E402
from vcs_engine.text import clear_text_caches  # noqa: E402

HostClass = Host  # set by --supervised

DAILY_BASELINE = ROOT.parent / "shared" / "daily-reference" / "compositions" / "daily-baseline"
TARGETS = {"static_ms": 0.5, "relayout_ms": 2.0, "labels_ms": 15.0, "reload_cold_ms": 300.0, "reload_edit_ms": 60.0}
SLOTS = [{"id": i, "displayName": f"Participant {i + 1}"} for i in range(16)]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000.0


def frame_times(host: Host, frames: int, start: int, before=None) -> list[float]:
    out = []
    for i in range(start, start + frames):
        if before:
            before(i)
        t0 = time.perf_counter()
        host.render(i)
        out.append(time.perf_counter() - t0)
    return out


def bench_static(host: Host, frames: int) -> float:
    host.render(1)
    return median_ms(frame_times(host, frames, 2))


def bench_relayout(host: Host, frames: int) -> float:
    def toggle(i: int) -> None:
        host.set_params({"videoSettings.grid.useDominantForSharing": False,
                         "videoSettings.margin.left_gu": float(i % 2)})
    return median_ms(frame_times(host, frames, 1000, toggle))


def bench_labels(host: Host, rounds: int) -> float:
    samples = []
    for r in range(rounds):
        host.set_params({"videoSettings.showParticipantLabels": False})
        host.render(2000 + 2 * r)
        host.clear_text_cache()
        host.set_params({"videoSettings.showParticipantLabels": True})
        t0 = time.perf_counter()
        host.render(2001 + 2 * r)
        samples.append(time.perf_counter() - t0)
    return median_ms(samples)


def synthetic_composition(folder: Path, files: int = 20) -> Path:
    """A composition of `files` modules: 19 components each with a few boxes and a text."""
    for i in range(files - 1):
        (folder / f"Part{i}.jsx").write_text(
            "import * as React from 'react';\n"
            "import { Box, Text } from '#vcs-react/components';\n"
            "import { pad } from '#vcs-stdlib/layouts';\n"
            f"export default function Part{i}({{ index }}) {{\n"
            "  const items = [];\n"
            "  for (let k = 0; k < 3; k++) {\n"
            f"    items.push(<Box key={{k}} style={{{{ fillColor: 'rgba({i * 10}, 80, 200, 0.5)' }}}}"
            " layout={[pad, { pad_gu: k }]} />);\n"
            "  }\n"
            "  return (\n"
            "    <Box id={'part' + index}>\n"
            "      {items}\n"
            f"      <Text style={{{{ fontSize_gu: 1 }}}}>Part {i} label</Text>\n"
            "    </Box>\n"
            "  );\n"
            "}\n", encoding="utf-8")
    imports = "".join(f"import Part{i} from './Part{i}';\n" for i in range(files - 1))
    parts = "".join(f"      <Part{i} index={{{i}}} />\n" for i in range(files - 1))
    (folder / "index.jsx").write_text(
        "import * as React from 'react';\nimport { Box } from '#vcs-react/components';\n" + imports +
        "export const compositionInterface = { params: [] };\n"
        "export default function Synthetic() {\n  return (\n    <Box>\n" + parts + "    </Box>\n  );\n}\n",
        encoding="utf-8")
    return folder


def bench_reload(edits: int) -> tuple[float, float]:
    from vcs_engine.transform import DEFAULT_CACHE

    with tempfile.TemporaryDirectory() as d:
        comp = synthetic_composition(Path(d))
        DEFAULT_CACHE.clear()
        clear_text_caches()
        t0 = time.perf_counter()
        host = HostClass.load(comp)
        host.render(0)
        cold = time.perf_counter() - t0
        samples = []
        for k in range(edits):
            part = comp / "Part3.jsx"
            part.write_text(part.read_text().replace("label", f"label{k}") , encoding="utf-8")
            t0 = time.perf_counter()
            host.reload()
            host.render(1)
            samples.append(time.perf_counter() - t0)
        return cold * 1000.0, median_ms(samples)


def floor_frame(frames: int) -> float:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "empty.jsx"
        p.write_text("import * as React from 'react';\nimport { Box } from '#vcs-react/components';\n"
                     "export default function E() { return <Box />; }\n", encoding="utf-8")
        host = HostClass.load(p)
        host.render(0)
        return median_ms(frame_times(host, frames, 1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--composition", help="default: Daily's baseline if present, else daily:baseline (ours)")
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--supervised", action="store_true", help="through the supervised engine process")
    args = ap.parse_args()
    comp = args.composition or (str(DAILY_BASELINE) if DAILY_BASELINE.is_dir() else "daily:baseline")
    global HostClass
    HostClass = SupervisedHost if args.supervised else Host

    host = HostClass.load(comp)
    host.set_inputs(SLOTS)
    host.set_params({"mode": "grid"})
    host.render(0)
    results = {
        "composition": comp,
        "host": "supervised" if args.supervised else "in-process",
        "floor_ms": floor_frame(args.frames),
        "static_ms": bench_static(host, args.frames),
        "relayout_ms": bench_relayout(host, args.frames // 2),
        "labels_ms": bench_labels(host, 15),
    }
    results["reload_cold_ms"], results["reload_edit_ms"] = bench_reload(10)
    if args.json:
        print(json.dumps(results))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"engine frame cost — {comp}")
    for col in ("case", "median ms", "target ms", "vs target", "x floor"):
        table.add_column(col, justify="right")
    for key, target in TARGETS.items():
        v = results[key]
        table.add_row(key, f"{v:.3f}", f"{target:g}", f"{v / target:.2f}", f"{v / results['floor_ms']:.1f}")
    table.add_row("floor_ms (empty composition)", f"{results['floor_ms']:.3f}", "", "", "1.0")
    Console().print(table)


if __name__ == "__main__":
    main()
