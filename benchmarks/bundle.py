"""Benchmark of `vcs bundle`: the real command on the baseline, interpreter start-up included.

Target (issue 14): bundling the baseline in ≤ 1 s. The command loads the composition once in the
supervised engine process (for its interface) and transforms its modules, so this runs
`python -m vcs_engine bundle daily:baseline --out …` as a subprocess: median of N runs after one
warm-up. On a shared machine the absolute figure is noisy; the ratio to `vcs payload
daily:baseline` measured in the same run (the same start-up and load, no zip) shows what the
bundling itself adds. Also measured in process: checking and unpacking a new bundle, and
opening one already unpacked (what every later render pays).

    python benchmarks/bundle.py            # also: --runs N
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_S = 1.0


def command_seconds(args: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall time of `python -m vcs_engine ARGS` (after one warm-up run)."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vcs_engine", *args], capture_output=True, text=True,
                              env=env, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"vcs {' '.join(args)} failed: {done.stderr.strip()}")
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(REPO), VCS_BUNDLE_CACHE=str(Path(tmp) / "cache"))
        os.environ["VCS_BUNDLE_CACHE"] = env["VCS_BUNDLE_CACHE"]
        out = Path(tmp) / "baseline.vcsbundle"
        bundle_s = command_seconds(["bundle", "daily:baseline", "--out", str(out)], env, args.runs)
        payload_s = command_seconds(["payload", "daily:baseline"], env, args.runs)

        from vcs_engine.bundle import bundle_cache_dir, open_bundle

        started = time.perf_counter()
        open_bundle(out)
        unpack_ms = (time.perf_counter() - started) * 1000
        assert any(bundle_cache_dir().iterdir())
        started = time.perf_counter()
        for _ in range(10):
            open_bundle(out)
        cached_ms = (time.perf_counter() - started) * 100
        print(json.dumps({
            "bundle_baseline_s": round(bundle_s, 3),
            "target_s": TARGET_S,
            "meets_target": bundle_s <= TARGET_S,
            "payload_baseline_s": round(payload_s, 3),
            "bundle_over_payload": round(bundle_s / payload_s, 2),
            "bundle_kb": round(out.stat().st_size / 1024),
            "first_open_ms": round(unpack_ms, 1),
            "cached_open_ms": round(cached_ms, 2),
        }, indent=1))


if __name__ == "__main__":
    main()
