"""Export throughput and memory: engine + compositor + H.264 encoder together.

    python benchmarks/export.py [--seconds 10] [--composition daily:baseline] [--json]
    python benchmarks/export.py --seconds 300 --memory     # memory over a 5-minute export
    python benchmarks/export.py --footage                  # the sample clips as inputs

Renders a 4-participant composition at 1280×720, 30 fps, into a temporary MP4 (the same path
`vcs export` takes): by default over synthetic footage, as `vcs export` without `--inputs`; with
`--footage` over the sample clips of assets/footage (4 more H.264 decoders on the same 2 cores). Prints the
frames per second and the ratio to real time (target ≥ 2), and with `--memory` the resident set
size sampled every 10 s of video (target: flat — no growth beyond start-up caches).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rss import rss_mb  # noqa: E402

from vcs_engine.export import export_mp4  # noqa: E402
from vcs_engine.host import Host  # noqa: E402
from vcs_engine.media import SourceSet  # noqa: E402
from vcs_engine.render import AssetResolver, Compositor  # noqa: E402

FPS = 30
SIZE = (1280, 720)




def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--composition", default="daily:baseline")
    ap.add_argument("--memory", action="store_true", help="sample RSS every 10 s of video")
    ap.add_argument("--footage", action="store_true", help="decode the sample clips as inputs")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    host = Host.load(args.composition, size=SIZE, fps=FPS)
    host.set_inputs([{"id": i, "displayName": f"Guest {i + 1}"} for i in range(4)])
    host.set_params({"videoSettings.showParticipantLabels": True})
    footage = sorted((ROOT / "assets" / "footage").glob("*.mp4")) if args.footage else []
    compositor = Compositor(*SIZE, assets=AssetResolver(host.composition_dir))
    frames = round(args.seconds * FPS)
    samples: list[tuple[float, float]] = []

    def produce(sources: SourceSet):
        for n in range(frames):
            out = host.render(n)
            if args.memory and n % (10 * FPS) == 0:
                samples.append((n / FPS, rss_mb()))
            yield compositor.composite(out, sources, n / FPS, order="bgra")

    with SourceSet() as sources, tempfile.TemporaryDirectory() as d:
        for i in range(4):
            sources.add(i, footage[i % len(footage)] if footage else None, f"Guest {i + 1}")
        t0 = time.perf_counter()
        export_mp4(produce(sources), Path(d) / "bench.mp4", FPS, SIZE, order="bgra")
        elapsed = time.perf_counter() - t0

    result = {"frames": frames, "fps": frames / elapsed, "x_realtime": (frames / FPS) / elapsed}
    if samples:
        result["rss_mb"] = [round(m, 1) for _, m in samples]
        settled = samples[min(1, len(samples) - 1)][1]
        result["rss_growth_after_10s_mb"] = round(samples[-1][1] - settled, 1)
    if args.json:
        print(json.dumps(result))
        return
    inputs = "sample clips" if footage else "synthetic footage"
    print(f"export {frames} frames at 1280x720 over {inputs}: {result['fps']:.1f} fps = "
          f"{result['x_realtime']:.2f}x real time (target >= 2x)")
    if samples:
        print("RSS every 10 s of video (MB):", " ".join(f"{m:.0f}" for m in result["rss_mb"]))
        print(f"growth after the first 10 s: {result['rss_growth_after_10s_mb']:+.1f} MB")


if __name__ == "__main__":
    main()
