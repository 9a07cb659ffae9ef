"""`vcs batch JOBS.json --out DIR`: many export jobs on all cores (or a Ray cluster), long ones
split, failures retried once, finished outputs skipped on a re-run, a summary at the end."""

from __future__ import annotations

import argparse
import json

from rich.console import Console

from ..batch import LocalPoolRunner, read_batch, run_batch
from ..batch.display import batch_display, summary_table
from ..batch.runner import Runner
from ..limits import check_seconds, check_whole_number


def batch_command(args: argparse.Namespace) -> int:
    if args.workers is not None:
        check_whole_number(args.workers, "--workers", 1, 256)
    if args.split_seconds is not None:
        check_seconds(args.split_seconds, f"--split-seconds {args.split_seconds:g}")
    jobs = read_batch(args.jobs, args.out)  # every job checked before anything runs
    runner = _runner(args)
    try:
        with batch_display(args.progress, len(jobs)) as show:
            statuses = run_batch(jobs, runner, args.out, split_seconds=args.split_seconds, report=show)
    finally:
        runner.close()
    failed = sum(s.state == "failed" for s in statuses)
    if args.progress == "json":
        print(json.dumps({"done": True, "jobs": len(statuses), "failed": failed,
                          "skipped": sum(s.state == "skipped" for s in statuses)}))
    else:
        Console(soft_wrap=False).print(summary_table(statuses))
    return 1 if failed else 0


def _runner(args: argparse.Namespace) -> Runner:
    if args.ray is None:
        return LocalPoolRunner(args.workers)
    from ..batch.ray_runner import RayRunner  # Ray is optional: imported only when asked for

    return RayRunner(args.ray or None, args.workers)
