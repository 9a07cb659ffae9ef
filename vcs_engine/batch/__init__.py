"""Batch and scale-out rendering: many export jobs, and long ones split, on this machine's cores
or a Ray cluster.

    jobs = read_batch(Path("jobs.json"), Path("out"))
    statuses = run_batch(jobs, LocalPoolRunner(workers=2), Path("out"), split_seconds=20)

`spec` reads and checks batch files; `run` plans, retries, joins and records; `runner` has the
`Runner` protocol and the local process pool, `ray_runner` the Ray one; `tasks` is what a worker
runs; `split` cuts and joins long MP4 jobs; `manifest` remembers what is complete; `display`
shows progress and the summary.
"""
from .manifest import MANIFEST, Manifest, job_hash
from .run import JobStatus, run_batch
from .runner import LocalPoolRunner, Runner, default_workers
from .spec import read_batch
from .split import join_segments, plan_ranges, range_job
from .tasks import Task, TaskOutcome, TaskProgress, run_task

__all__ = [
    "MANIFEST",
    "JobStatus",
    "LocalPoolRunner",
    "Manifest",
    "Runner",
    "Task",
    "TaskOutcome",
    "TaskProgress",
    "default_workers",
    "job_hash",
    "join_segments",
    "plan_ranges",
    "range_job",
    "read_batch",
    "run_batch",
    "run_task",
]
