"""Export throughput and memory: engine + compositor + encoder together, and whole export jobs.

    python benchmarks/export.py [--seconds 10] [--composition daily:baseline] [--json]
    python benchmarks/export.py --seconds 300 --memory     # memory over a 5-minute export
    python benchmarks/export.py --footage                  # the sample clips as inputs (raw pipeline)

Three measurements of the same 4-participant composition at 1280×720, 30 fps, in one run:

* `raw`: the engine in this process, the compositor and the H.264 encoder over synthetic footage
  (the pipeline without supervision or sound: the baseline the others are compared with);
* `job synthetic`: `run_job` as `vcs export` runs it (supervised engine process) over synthetic
  footage — target ≥ 4× real time;
* `job files+audio`: `run_job` with 4 decoded H.264 + AAC files (generated here with PyAV from
  the synthetic camera look, with a tone each) mixed into an AAC track — target ≥ 2.5×.

Each is reported as frames per second, × real time, as a ratio to `raw` (the machine is
shared: ratios are what compare across runs), and as CPU seconds per second of video (this
process and its children: what the work costs whatever the load; on 2 idle cores an export
cannot run faster than 2 / that). `--memory` samples the resident set size of the
raw export every 10 s of video (target: flat).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rss import rss_mb  # noqa: E402

from vcs_engine.export import export_mp4  # noqa: E402
from vcs_engine.host import Host  # noqa: E402
from vcs_engine.jobs import ExportJob, InputSpec, run_job  # noqa: E402
from vcs_engine.media import SourceSet, SyntheticSource  # noqa: E402
from vcs_engine.media.testclip import write_test_clip  # noqa: E402
from vcs_engine.render import AssetResolver, Compositor  # noqa: E402

FPS = 30
SIZE = (1280, 720)
CLIP_SIZE = (640, 360)
"""Input files at the size a 2×2 grid shows them (a camera sends what the layout needs)."""
PARAMS = {"videoSettings.showParticipantLabels": True}


def raw_export(args: argparse.Namespace, folder: Path, samples: list[tuple[float, float]]) -> float:
    """Seconds to export in-process (no supervision, no sound): the baseline."""
    host = Host.load(args.composition, size=SIZE, fps=FPS)
    host.set_inputs([{"id": i, "displayName": f"Guest {i + 1}"} for i in range(4)])
    host.set_params(PARAMS)
    footage = sorted((ROOT / "assets" / "footage").glob("*.mp4")) if args.footage else []
    compositor = Compositor(*SIZE, assets=AssetResolver(host.composition_dir))
    frames = round(args.seconds * FPS)

    def produce(sources: SourceSet):
        for n in range(frames):
            out = host.render(n)
            if args.memory and n % (10 * FPS) == 0:
                samples.append((n / FPS, rss_mb()))
            yield compositor.composite(out, sources, n / FPS, order="bgra")

    with SourceSet() as sources:
        for i in range(4):
            sources.add(i, footage[i % len(footage)] if footage else None, f"Guest {i + 1}")
        t0 = time.perf_counter()
        export_mp4(produce(sources), folder / "raw.mp4", FPS, SIZE, order="bgra")
        return time.perf_counter() - t0


def make_clips(folder: Path, seconds: float) -> list[Path]:
    """4 camera-like H.264 + AAC files (the synthetic look, a tone each), written with PyAV."""
    clips = []
    for i in range(4):
        source = SyntheticSource(i, f"Camera {i + 1}", CLIP_SIZE)

        def picture(n: int, source: SyntheticSource = source) -> object:
            return source.frame_at(n / FPS)

        clips.append(folder / f"camera{i}.mp4")
        write_test_clip(clips[-1], seconds=seconds + 1, fps=FPS, size=CLIP_SIZE, tone_hz=220.0 * (i + 2),
                        amplitude=0.15, picture=picture, crf=23)
        source.close()
    return clips


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (engine, sound, job processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_job(job: ExportJob) -> float:
    t0 = time.perf_counter()
    run_job(job)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--composition", default="daily:baseline")
    ap.add_argument("--memory", action="store_true", help="sample RSS every 10 s of video (raw export)")
    ap.add_argument("--footage", action="store_true", help="decode the sample clips in the raw export")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    frames = round(args.seconds * FPS)
    samples: list[tuple[float, float]] = []

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        clips = make_clips(folder, args.seconds)
        job = ExportJob(args.composition, folder / "job.mp4", params=PARAMS, size=SIZE, fps=FPS, seconds=args.seconds)
        runs: dict[str, Callable[[], float]] = {
            "raw": lambda: raw_export(args, folder, samples),
            "job synthetic": lambda: timed_job(job),
            "job files+audio": lambda: timed_job(ExportJob(
                args.composition, folder / "files.mp4", params=PARAMS, size=SIZE, fps=FPS, seconds=args.seconds,
                inputs=tuple(InputSpec(i, str(clip)) for i, clip in enumerate(clips)))),
        }
        elapsed, cpu = {}, {}
        for name, run in runs.items():
            before = cpu_seconds()
            elapsed[name] = run()
            cpu[name] = cpu_seconds() - before

    result: dict[str, object] = {"frames": frames}
    for name, seconds in elapsed.items():
        result[name] = {"fps": round(frames / seconds, 1), "x_realtime": round(args.seconds / seconds, 2),
                        "vs_raw": round(elapsed["raw"] / seconds, 2),
                        "cpu_s_per_video_s": round(cpu[name] / args.seconds, 3)}
    if samples:
        result["rss_mb"] = [round(m, 1) for _, m in samples]
        settled = samples[min(1, len(samples) - 1)][1]
        result["rss_growth_after_10s_mb"] = round(samples[-1][1] - settled, 1)
    if args.json:
        print(json.dumps(result))
        return
    targets = {"raw": "", "job synthetic": " (target >= 4x)", "job files+audio": " (target >= 2.5x)"}
    print(f"export {frames} frames at 1280x720, 4 inputs:")
    for name in elapsed:
        r = result[name]
        print(f"  {name:16s} {r['fps']:6.1f} fps = {r['x_realtime']:5.2f}x real time{targets[name]}, "
              f"{r['vs_raw']:.2f}x the raw pipeline's speed, {r['cpu_s_per_video_s']:.2f} CPU s per video s")
    if samples:
        print("RSS every 10 s of video (MB):", " ".join(f"{m:.0f}" for m in result["rss_mb"]))
        print(f"growth after the first 10 s: {result['rss_growth_after_10s_mb']:+.1f} MB")


if __name__ == "__main__":
    main()
