"""Batch rendering: the local pool against one job after another, a long job split under Ray
against one process, and a scaling table with an estimate for N machines.

    python benchmarks/batch.py                    # everything (about 5 minutes on 2 idle cores)
    python benchmarks/batch.py --only pool        # pool | split | scale
    python benchmarks/batch.py --seconds 5 --long 30 --json

Jobs are `daily:baseline` with 4 participants (synthetic footage) at 1280×720, 30 fps, MP4 —
what `vcs export` does. Every figure is a ratio against a baseline measured in the same run
(the machine is shared: absolute times move with the load, which is printed with them).

Targets on this 2-core machine: 4 jobs of 10 s with the pool ≥ 1.7× faster than one after
another; a 60 s job split into 4 ranges under Ray ≥ 1.5× faster than one process.

The estimate for N machines uses a model fitted to what is measured here:
* many jobs: a machine renders `R` frames/s with its pool (measured, 4 jobs); N machines with a
  shared file system render about N·R (jobs are independent; the only shared step is the
  manifest write, milliseconds per job);
* one long job of F frames in P = 2·N ranges: time ≈ start-up + (F/P)/r + replay(F·(P-1)/P) +
  join(F), where `r` is one range's render rate with the others running (measured split rate),
  replay the engine-only cost of the frames before the last range (measured per frame) and join
  the stream copy plus the one-pass sound (measured per frame). Start-up is one job's fixed cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vcs_engine.batch import JobStatus, LocalPoolRunner, Runner, run_batch  # noqa: E402
from vcs_engine.jobs import ExportJob, run_job  # noqa: E402

FPS = 30
SIZE = (1280, 720)
PARAMS = {"videoSettings.showParticipantLabels": True}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def job(out: Path, seconds: float, **extra) -> ExportJob:
    return ExportJob("daily:baseline", out, size=SIZE, fps=FPS, seconds=seconds, params=PARAMS, **extra)


def timed_batch(jobs: list[ExportJob], runner: Runner, out: Path, split: float | None = None,
                joins: list[float] | None = None) -> float:
    """Wall seconds of a batch; with `joins`, the seconds each split job spent joining."""
    joining: dict[str, float] = {}

    def report(status: JobStatus) -> None:
        if status.state == "joining":
            joining[status.key] = time.perf_counter()
        elif status.state == "done" and status.key in joining and joins is not None:
            joins.append(time.perf_counter() - joining.pop(status.key))

    began = time.perf_counter()
    statuses = run_batch(jobs, runner, out, split_seconds=split, report=report)
    elapsed = time.perf_counter() - began
    failed = [s for s in statuses if s.state != "done"]
    if failed:
        raise SystemExit(f"{failed[0].key}: {failed[0].state}: {failed[0].error}")
    return elapsed


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the engine processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def sequential(jobs: list[ExportJob], cores: list[float] | None = None) -> float:
    """Wall seconds of `jobs` one after another here; with `cores`, how many cores they kept
    busy on average (CPU seconds / wall seconds)."""
    cpu, began = cpu_seconds(), time.perf_counter()
    for j in jobs:
        run_job(j)
    elapsed = time.perf_counter() - began
    if cores is not None:
        cores.append((cpu_seconds() - cpu) / elapsed)
    return elapsed


def bench_pool(seconds: float, workers: int, rounds: int, folder: Path) -> dict:
    """Rounds of (one after another, then the pool), each in fresh folders; the median ratio
    (the machine's other load moves from round to round)."""
    print(f"[pool] 4 jobs of {seconds:g} s at 720p30, one after another vs a pool of {workers}, "
          f"{rounds} rounds ({load()})", flush=True)
    frames = 4 * round(seconds * FPS)
    rows = []
    for r in range(rounds):
        busy: list[float] = []
        one_by_one = sequential([job(folder / f"seq{r}_{i}.mp4", seconds) for i in range(4)], busy)
        runner = LocalPoolRunner(workers)  # its processes start at the first submit: timed, as `vcs batch` pays it
        cpu = cpu_seconds()
        try:
            out = folder / f"pool{r}"
            began = time.perf_counter()
            timed_batch([job(out / f"p{i}.mp4", seconds) for i in range(4)], runner, out)
        finally:
            runner.close()  # joins the workers: their CPU time (and their engines') is counted from here
        pooled = time.perf_counter() - began
        pool_cores = (cpu_seconds() - cpu) / pooled
        rows.append((one_by_one / pooled, one_by_one, pooled, busy[0], pool_cores))
        print(f"  round {r + 1}: one after another {one_by_one:.1f} s ({frames / one_by_one:.0f} fps, "
              f"{busy[0]:.2f} cores busy), pool {pooled:.1f} s ({frames / pooled:.0f} fps, {pool_cores:.2f} cores "
              f"busy): {one_by_one / pooled:.2f}x ({load()})", flush=True)
    speedup, one_by_one, pooled, cores, pool_cores = sorted(rows)[len(rows) // 2]
    cpu_ratio = (pool_cores * pooled) / (cores * one_by_one)
    print(f"  median {speedup:.2f}x (target >= 1.7x). CPU time, pool / one after another: {cpu_ratio:.2f} (the "
          f"pool's own cost); the speed-up is what the CPU the machine gave us allows: {cores:.2f} cores for one "
          f"job, {pool_cores:.2f} for the pool", flush=True)
    return {"speedup": round(speedup, 2), "sequential_s": round(one_by_one, 2), "pool_s": round(pooled, 2),
            "pool_fps": round(frames / pooled, 1), "cores_one_job": round(cores, 2),
            "cores_pool": round(pool_cores, 2), "cpu_ratio": round(cpu_ratio, 2),
            "rounds": [round(x[0], 2) for x in rows], "load": load()}


def ray_runner(workers: int) -> Runner:
    try:
        from vcs_engine.batch.ray_runner import RayRunner
        return RayRunner(workers=workers)
    except Exception as error:  # noqa: BLE001 - no Ray: measure the same split on the pool
        print(f"  (no Ray: {error}; the split runs on the local pool)")
        return LocalPoolRunner(workers)


def bench_split(seconds: float, parts: int, workers: int, rounds: int, folder: Path) -> dict:
    """Rounds of (one process, then the ranges under Ray), median ratio. Ray is started before
    the timing, as a cluster is running before a batch is sent to it."""
    print(f"[split] one {seconds:g} s job: one process vs {parts} ranges under Ray ({workers} CPUs), "
          f"{rounds} rounds ({load()})", flush=True)
    frames = round(seconds * FPS)
    runner = ray_runner(workers)
    rows = []
    joins: list[float] = []
    try:
        for r in range(rounds):
            single = sequential([job(folder / f"single{r}.mp4", seconds)])
            split = timed_batch([job(folder / f"split{r}" / "long.mp4", seconds)], runner, folder / f"split{r}",
                                split=seconds / parts, joins=joins)
            rows.append((single / split, single, split))
            print(f"  round {r + 1}: one process {single:.1f} s ({frames / single:.0f} fps), {parts} ranges "
                  f"{split:.1f} s: {single / split:.2f}x ({load()})", flush=True)
    finally:
        runner.close()
    speedup, single, split = sorted(rows)[len(rows) // 2]
    # The parts of the split cost, for the model: engine-only replay per frame, and the join.
    startup = sequential([job(folder / "one.mp4", 1 / FPS)])
    replayed = sequential([job(folder / "last.mp4", 1 / FPS, start=frames - 1, end=frames)])
    replay_per_frame = max(0.0, replayed - startup) / (frames - 1)
    join = sorted(joins)[len(joins) // 2]
    print(f"  median {speedup:.2f}x (target >= 1.5x); start-up {startup:.1f} s, replay "
          f"{replay_per_frame * 1000:.2f} ms/frame, join {join:.2f} s ({load()})", flush=True)
    return {"speedup": round(speedup, 2), "single_s": round(single, 2), "split_s": round(split, 2),
            "single_fps": round(frames / single, 1), "startup_s": round(startup, 2),
            "join_ms_per_frame": round(join / frames * 1000, 3),
            "replay_ms_per_frame": round(replay_per_frame * 1000, 2),
            "rounds": [round(x[0], 2) for x in rows], "load": load()}


def bench_scale(lengths: list[float], counts: list[int], workers: int, folder: Path) -> dict:
    print(f"[scale] wall seconds with a pool of {workers}, jobs × length ({load()})", flush=True)
    table: dict[str, dict[str, float]] = {}
    runner = LocalPoolRunner(workers)
    try:
        for seconds in lengths:
            row = table[f"{seconds:g}s"] = {}
            for count in counts:
                out = folder / f"scale_{seconds:g}_{count}"
                row[str(count)] = round(timed_batch([job(out / f"j{i}.mp4", seconds) for i in range(count)],
                                                    runner, out), 2)
    finally:
        runner.close()
    print("  length \\ jobs " + "".join(f"{c:>8}" for c in counts))
    for length, row in table.items():
        print(f"  {length:>14} " + "".join(f"{row[str(c)]:>8.1f}" for c in counts))
    # Least squares: wall = a + b · frames (all jobs of a run), over the runs.
    points = [(c * float(length[:-1]) * FPS, row[str(c)]) for length, row in table.items() for c in counts]
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    b = sum((x - mx) * (y - my) for x, y in points) / max(1e-9, sum((x - mx) ** 2 for x, _ in points))
    a = my - b * mx
    print(f"  fit: wall ≈ {a:.2f} s + frames / {1 / b:.1f} fps  ({load()})")
    return {"table_s": table, "fixed_s": round(a, 2), "machine_fps": round(1 / b, 1), "load": load()}


def estimate(scale: dict, split: dict | None, machines: list[int]) -> None:
    rate = scale["machine_fps"]
    print(f"[estimate] N machines like this one (a pool of 2 each), from the fitted {rate} frames/s per machine")
    print("  N   100 jobs of 60 s    one 60-minute job (2N ranges)")
    for m in machines:
        many = scale["fixed_s"] + 100 * 60 * FPS / (rate * m)
        line = f"  {m:<3} {many / 60:>8.1f} min"
        if split:
            frames = 3600 * FPS
            parts = 2 * m
            per_range = (frames / parts) / (rate / 2)  # each of a machine's 2 ranges gets half its rate
            replay = frames * (parts - 1) / parts * split["replay_ms_per_frame"] / 1000
            join = frames * split["join_ms_per_frame"] / 1000  # stream copy + the one-pass sound
            total = split["startup_s"] + per_range + replay + join
            line += f"    {total / 60:>8.1f} min (replay {replay / 60:.1f} min of it)"
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=("pool", "split", "scale"))
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each pool job (default 10)")
    ap.add_argument("--long", type=float, default=60.0, help="length of the split job (default 60)")
    ap.add_argument("--parts", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3, help="pool and split rounds (median reported)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        if args.only in (None, "pool"):
            results["pool"] = bench_pool(args.seconds, args.workers, args.rounds, folder / "pool")
        if args.only in (None, "split"):
            results["split"] = bench_split(args.long, args.parts, args.workers, args.rounds, folder / "split")
        if args.only in (None, "scale"):
            results["scale"] = bench_scale([2.0, 5.0], [1, 2, 4], args.workers, folder / "scale")
            estimate(results["scale"], results.get("split"), [1, 2, 4, 8, 16])
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
