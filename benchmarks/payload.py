"""Benchmark of `vcs payload`: the real command, interpreter start-up included.

Target (issue 11): the baseline with 30 changed params in ≤ 1 s, start-up included. The
command loads the composition in the supervised engine process (a second interpreter), so
this measures what a user or a script waits for: `python -m vcs_engine payload daily:baseline
--params P.json` as a subprocess, median of 5 runs after one warm-up (the OS file cache).

    python benchmarks/payload.py            # also: --runs N, --format curl, --session-assets DIR
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
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from vcs_engine.interface import ParamSpec

TARGET_S = 1.0


def thirty_changed_params(specs: Iterable[ParamSpec] | None = None) -> dict[str, object]:
    """30 params of the baseline (or of `specs`, its interface as already loaded) set to a
    value other than their default, of every type."""
    from vcs_engine.host import Host

    changed: dict[str, object] = {}
    for spec in specs if specs is not None else Host.load("daily:baseline").interface.params:
        if spec.experimental or spec.id.lower().endswith("assetname"):
            continue
        if spec.type == "boolean":
            changed[spec.id] = not spec.default
        elif spec.type == "number":
            changed[spec.id] = (spec.default or 0) + 1
        elif spec.type == "enum" and len(spec.values) > 1:
            changed[spec.id] = next(v for v in spec.values if v != spec.default)
        elif spec.type == "text":
            changed[spec.id] = f"changed {spec.id}"
        if len(changed) == 30:
            return changed
    raise RuntimeError("the baseline has fewer than 30 params to change")


def run_once(args: list[str]) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "vcs_engine", "payload", *args], capture_output=True,
                          text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"vcs payload failed:\n{done.stderr}")
    sent = json.loads(done.stdout)["layout"]["composition_params"] if "--format" not in args else None
    if sent is not None and len(sent) != 30:
        raise SystemExit(f"expected 30 params in the payload, got {len(sent)}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--format", default=None)
    parser.add_argument("--session-assets", default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp) / "params.json"
        params.write_text(json.dumps(thirty_changed_params()))
        args = ["daily:baseline", "--params", str(params), "--size", "1920x1080"]
        if options.format:
            args += ["--format", options.format]
        if options.session_assets:
            args += ["--session-assets", options.session_assets, "--asset-base-url", "https://cdn.example.com/s/"]
        run_once(args)  # warm-up: the OS file cache, as for any second run
        times = [run_once(args) for _ in range(options.runs)]
    median = statistics.median(times)
    print(f"vcs payload daily:baseline, 30 changed params: median {median * 1000:.0f} ms of {options.runs} runs "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); target ≤ {TARGET_S * 1000:.0f} ms: "
          f"{'ok' if median <= TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
