"""Soak of the supervised engine: minutes of edits, param and input churn, messages and hostile
reloads, rendering frames all the while; memory of both processes watched for growth.

    python benchmarks/soak.py [--minutes 10] [--json] [--composition daily:baseline]
                              [--time-limit 1] [--hostile-every 30] [--native] [--draw-every 30]
                              [--seed 1]

What runs, in one loop through `vcs_engine.supervisor.SupervisedHost` (the CLI's and the
studio's way to the engine), on a copy of the composition in a temporary folder:
* a frame rendered on every turn (frame index and time advancing), and every `--draw-every`th
  one drawn to pixels in this process (`render_display_list`, as the studio and `vcs render` do);
* about every 0.5 s a param change: a random param of the interface (enums from their values,
  booleans, numbers near their default in steps; text params are left alone);
* about every 1 s a new set of inputs: 0 to 16 participants with names;
* about every 0.7 s a chat message and a transcript line;
* about every 5 s a reload after touching the entry file (as an editor's save does);
* every `--hostile-every` s a hostile reload: the entry replaced by one that loops endlessly in
  render (with `--native`, every other time one stuck in a catastrophic regular expression,
  which only a kill of the engine process ends), a few renders that must fail, then the good
  entry back, a reload, and a render that must succeed (else a failed recovery is counted).

Figures: frames rendered, frames per second, errors by kind (expected: from the hostile
reloads; unexpected: anything else, which is a bug), recoveries, engine restarts (changes of the
engine child's pid), and the RSS of this process and of the engine child every 10 s, with the
slope in MB/min by least squares over the last 80 % of the samples (the first 20 % are warm-up:
caches filling, the allocator settling). The child's pid is read from /proc (psutil when
installed), nothing is added to the engine for it. The child slope is computed over the samples
of the last engine child only, since a restart resets its memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rss import rss_mb, slope_mb_per_min  # noqa: E402

from vcs_engine.errors import CompositionError, SandboxLimitError, VcsError  # noqa: E402
from vcs_engine.host import resolve_composition  # noqa: E402
from vcs_engine.supervisor import SupervisedHost  # noqa: E402

SIZE = (640, 360)
FPS = 30.0
SAMPLE_EVERY_S = 10.0
NAMES = ["Ann", "Bo", "Chidi", "Dana", "Émile", "Farah", "Goran", "Hui", "Ines", "Jamal", "Kaito", "Lena",
         "Mateo", "Noor", "Olu", "Priya", "Quinn", "Rosa"]

HOSTILE_LOOP = """import * as React from 'react';
import { Box } from '#vcs-react/components';
export default function Hostile() {
  for (;;) {}
  return <Box />;
}
"""
HOSTILE_NATIVE = """import * as React from 'react';
import { Box } from '#vcs-react/components';
export default function Hostile() {
  const stuck = /^(a+)+$/.test('a'.repeat(40) + 'b');
  return <Box />;
}
"""


# ---------------------------------------------------------------------- processes and memory


def _children(pid: int) -> list[int]:
    """Pids of the direct children of `pid` (psutil when installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        try:
            return [c.pid for c in psutil.Process(pid).children()]
        except psutil.Error:
            return []
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def engine_child() -> int | None:
    """The engine process this process runs (`python -m vcs_engine.engine_process ...`)."""
    for pid in _children(os.getpid()):
        if "vcs_engine.engine_process" in _cmdline(pid):
            return pid
    return None


# ---------------------------------------------------------------------- the churn


@dataclass
class Figures:
    frames: int = 0
    drawn: int = 0
    reloads: int = 0
    param_changes: int = 0
    input_changes: int = 0
    messages: int = 0
    hostile_reloads: int = 0
    recoveries: int = 0
    recovery_failures: int = 0
    errors_expected: Counter = field(default_factory=Counter)
    errors_unexpected: Counter = field(default_factory=Counter)
    first_unexpected: list[str] = field(default_factory=list)
    engine_pids: list[int] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)

    def note_pid(self) -> None:
        pid = engine_child()
        if pid is not None and (not self.engine_pids or self.engine_pids[-1] != pid):
            self.engine_pids.append(pid)


def error_kind(error: BaseException) -> str:
    """A short kind for counting: the limit for sandbox errors, else the class and message head."""
    text = str(error)
    if isinstance(error, SandboxLimitError):
        if "did not stop" in text:
            return "time limit (engine killed)"
        if "ran longer" in text:
            return "time limit"
        if "memory" in text:
            return "memory limit"
        if "crashed" in text:
            return "engine crash"
        if "stack" in text:
            return "stack limit"
        return "sandbox limit"
    message = re.sub(r"^.*?:\d+(?::\d+)?: ", "", text)[:60]
    return f"{type(error).__name__}: {message}"


def random_param(rng: random.Random, spec) -> Any | None:
    """A value for one param spec, or None for kinds the soak leaves alone (text)."""
    if spec.type == "boolean":
        return rng.random() < 0.5
    if spec.type == "enum" and spec.values:
        return rng.choice(spec.values)
    if spec.type == "number":
        base = spec.default if isinstance(spec.default, (int, float)) and not isinstance(spec.default, bool) else 0
        step = spec.step or (1.0 if abs(base) >= 1 or base == 0 else abs(base) / 4)
        value = base + step * rng.randint(-5, 5)
        if base >= 0:
            value = max(0.0, value)
        return round(value, 6)
    return None


def random_inputs(rng: random.Random) -> list[Any]:
    count = rng.randint(0, 16)
    ids = rng.sample(range(100), count)
    return [{"id": i, "displayName": f"{rng.choice(NAMES)} {i}"} for i in ids]


class Soak:
    def __init__(self, composition: str, minutes: float, time_limit_s: float, hostile_every: float,
                 native: bool, seed: int, quiet: bool, draw_every: int = 30) -> None:
        self.rng = random.Random(seed)
        self.minutes = minutes
        self.hostile_every = hostile_every
        self.native = native
        self.quiet = quiet
        self.draw_every = draw_every
        self.figures = Figures()
        self._tmp = tempfile.TemporaryDirectory(prefix="vcs-soak-")
        source = resolve_composition(composition)
        self.folder = Path(self._tmp.name) / "composition"
        if source.is_dir():
            shutil.copytree(source, self.folder)
            self.entry = next(self.folder / n for n in ("index.jsx", "index.js") if (self.folder / n).is_file())
        else:
            self.folder.mkdir()
            self.entry = self.folder / source.name
            shutil.copy2(source, self.entry)
        self.good_source = self.entry.read_bytes()
        self.host = SupervisedHost(size=SIZE, fps=FPS, time_limit_s=time_limit_s)
        self.host.open(self.folder if source.is_dir() else self.entry)
        self.params = [p for p in self.host.interface.params if p.type in ("boolean", "enum", "number")]
        from vcs_engine.render import AssetResolver

        self.assets = AssetResolver(self.host.composition_dir, [])
        self.frame = 0
        self.message_key = 0
        self.hostile_count = 0

    def close(self) -> None:
        self.host.close()
        self._tmp.cleanup()

    # ------------------------------------------------------------------ one step of each kind

    def _guard(self, what: str, fn, *args) -> Any:
        """Run one engine call; an error here is unexpected (the composition is the good one)."""
        try:
            return fn(*args)
        except VcsError as error:
            kind = f"{what}: {error_kind(error)}"
            self.figures.errors_unexpected[kind] += 1
            if len(self.figures.first_unexpected) < 5:
                self.figures.first_unexpected.append(f"{what}: {error}")
            return None

    def render(self) -> None:
        out = self._guard("render", self.host.render, self.frame)
        if out is not None:
            self.figures.frames += 1
            if self.draw_every and self.frame % self.draw_every == 0:
                from vcs_engine.render import render_display_list

                render_display_list(out.flattened, out.width, out.height, self.assets)
                self.figures.drawn += 1
        self.frame += 1

    def change_param(self) -> None:
        if not self.params:
            return
        spec = self.rng.choice(self.params)
        value = random_param(self.rng, spec)
        if value is not None:
            self._guard("set_params", self.host.set_params, {spec.id: value})
            self.figures.param_changes += 1

    def change_inputs(self) -> None:
        self._guard("set_inputs", self.host.set_inputs, random_inputs(self.rng))
        self.figures.input_changes += 1

    def send_messages(self) -> None:
        self.message_key += 1
        k = self.message_key
        name = self.rng.choice(NAMES)
        self._guard("add_messages", self.host.add_messages, {
            "chatMessages": [{"key": f"c{k}", "text": f"message {k} from {name}", "senderDisplayName": name}],
            "transcript": [{"key": f"t{k}", "text": f"line {k} of the transcript", "participantId": str(k % 16)}],
        })
        self.figures.messages += 1

    def touch_and_reload(self) -> None:
        os.utime(self.entry)
        self._guard("reload", self.host.reload)
        self.figures.reloads += 1

    def hostile_reload(self) -> None:
        """The entry replaced by a runaway one, then the good one back; the engine must recover."""
        self.hostile_count += 1
        native = self.native and self.hostile_count % 2 == 0
        self.entry.write_text(HOSTILE_NATIVE if native else HOSTILE_LOOP, encoding="utf-8")
        self.figures.hostile_reloads += 1
        for attempt in range(3):  # the reload, then renders that repeat the failure
            try:
                if attempt == 0:
                    self.host.reload()
                else:
                    self.host.render(self.frame)
            except CompositionError as error:
                self.figures.errors_expected[error_kind(error)] += 1
            else:
                self.figures.errors_unexpected["hostile composition did not fail"] += 1
        self.figures.note_pid()
        self.entry.write_bytes(self.good_source)
        try:
            self.host.reload()
            self.host.render(self.frame)
        except VcsError as error:
            self.figures.recovery_failures += 1
            if len(self.figures.first_unexpected) < 5:
                self.figures.first_unexpected.append(f"recovery: {error}")
        else:
            self.figures.recoveries += 1
        self.figures.note_pid()

    # ------------------------------------------------------------------ the loop

    def sample(self, started: float) -> None:
        self.figures.note_pid()
        child = self.figures.engine_pids[-1] if self.figures.engine_pids else None
        row = {"t": round(time.monotonic() - started, 1), "frames": self.figures.frames,
               "parent_mb": rss_mb(os.getpid()), "child_mb": rss_mb(child) if child else None,
               "child_pid": child}
        self.figures.samples.append(row)
        if not self.quiet:
            print(f"  t={row['t']:6.1f} s  frames={row['frames']:7d}  parent={row['parent_mb']:.1f} MB  "
                  f"child={row['child_mb'] or 0:.1f} MB (pid {child})", file=sys.stderr, flush=True)

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        end = started + self.minutes * 60.0
        self.host.set_inputs(random_inputs(self.rng))
        self.figures.note_pid()
        due = {"param": 0.5, "inputs": 1.0, "messages": 0.7, "reload": 5.0, "hostile": self.hostile_every,
               "sample": SAMPLE_EVERY_S}
        actions = {"param": self.change_param, "inputs": self.change_inputs, "messages": self.send_messages,
                   "reload": self.touch_and_reload, "hostile": self.hostile_reload}
        next_at = {k: started + v for k, v in due.items()}
        next_at["sample"] = started  # a first sample at once
        while True:
            now = time.monotonic()
            if now >= next_at["sample"]:
                self.sample(started)
                next_at["sample"] += SAMPLE_EVERY_S
            if now >= end:
                if self.figures.samples[-1]["t"] < now - started - 1.0:
                    self.sample(started)  # the end state too
                break
            for name, action in actions.items():
                if now >= next_at[name]:
                    action()
                    next_at[name] = time.monotonic() + due[name]
            self.render()
        elapsed = time.monotonic() - started
        return self.report(elapsed)

    def report(self, elapsed: float) -> dict[str, Any]:
        f = self.figures
        parent = [(s["t"], s["parent_mb"]) for s in f.samples if s["parent_mb"] is not None]
        last_pid = f.engine_pids[-1] if f.engine_pids else None
        child = [(s["t"], s["child_mb"]) for s in f.samples if s["child_pid"] == last_pid and s["child_mb"]]
        return {
            "minutes": round(elapsed / 60.0, 2),
            "frames": f.frames,
            "frames_drawn": f.drawn,
            "fps": round(f.frames / elapsed, 1) if elapsed else 0.0,
            "reloads": f.reloads,
            "param_changes": f.param_changes,
            "input_changes": f.input_changes,
            "messages": f.messages,
            "hostile_reloads": f.hostile_reloads,
            "recoveries": f.recoveries,
            "recovery_failures": f.recovery_failures,
            "errors_expected": dict(f.errors_expected),
            "errors_unexpected": dict(f.errors_unexpected),
            "first_unexpected": f.first_unexpected,
            "engine_restarts": max(0, len(f.engine_pids) - 1),
            "parent_rss_mb": {"first": parent[0][1] if parent else None, "last": parent[-1][1] if parent else None,
                              "max": max((m for _, m in parent), default=None)},
            "child_rss_mb": {"first": child[0][1] if child else None, "last": child[-1][1] if child else None,
                             "max": max((m for _, m in child), default=None)},
            "parent_rss_slope_mb_per_min": _round(slope_mb_per_min(parent)),
            "child_rss_slope_mb_per_min": _round(slope_mb_per_min(child)),
            "samples": f.samples,
        }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--composition", default="daily:baseline")
    ap.add_argument("--time-limit", type=float, default=1.0,
                    help="the engine's time limit per JS call in s (default 1: hostile reloads end fast)")
    ap.add_argument("--hostile-every", type=float, default=30.0, help="seconds between hostile reloads")
    ap.add_argument("--native", action="store_true",
                    help="every other hostile reload is stuck in native code (the engine process is killed)")
    ap.add_argument("--draw-every", type=int, default=30,
                    help="draw every Nth frame to pixels in this process (0: never)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    soak = Soak(args.composition, args.minutes, args.time_limit, args.hostile_every, args.native, args.seed,
                quiet=args.json, draw_every=args.draw_every)
    try:
        results = soak.run()
    finally:
        soak.close()
    results["composition"] = args.composition
    if args.json:
        print(json.dumps(results))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"soak — {args.composition}, {results['minutes']:g} min")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key in ("frames", "frames_drawn", "fps", "reloads", "param_changes", "input_changes", "messages",
                "hostile_reloads", "recoveries", "recovery_failures", "engine_restarts",
                "parent_rss_slope_mb_per_min", "child_rss_slope_mb_per_min"):
        table.add_row(key, str(results[key]))
    for key in ("parent_rss_mb", "child_rss_mb"):
        r = results[key]
        table.add_row(key + " first/last/max", " / ".join("-" if v is None else f"{v:.1f}" for v in r.values()))
    for kind, n in sorted(results["errors_expected"].items()):
        table.add_row(f"expected error: {kind}", str(n))
    for kind, n in sorted(results["errors_unexpected"].items()):
        table.add_row(f"[red]UNEXPECTED error: {kind}", str(n))
    Console().print(table)
    for line in results["first_unexpected"]:
        print("  " + line)


if __name__ == "__main__":
    main()
