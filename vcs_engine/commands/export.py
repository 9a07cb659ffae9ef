"""`vcs export`: the options turned into an `ExportJob`, run with a progress display."""

from __future__ import annotations

import argparse
import json

from ..export.progress import progress_display
from ..jobs import run_job
from .job_options import job_from_args


def export_command(args: argparse.Namespace) -> int:
    start, end = args.frames or (0, None)
    job, sound = job_from_args(args, out=args.out, format=args.format, seconds=args.seconds, start=start,
                               end=end, crf=args.crf, preset=args.preset,
                               segment_seconds=args.segment_seconds, audio=not args.no_audio)
    job.check()  # before the progress display: a refused job prints only its error line
    with progress_display(args.progress, f"export {job.name}") as show:
        result = run_job(job, progress=show, sound=sound)
    where = result.playlist or result.out
    if args.progress == "json":  # the last line says where the output is, for the program reading
        print(json.dumps({"done": True, "frames": result.frames, "out": str(where), "audio": result.audio,
                          "seconds": round(result.seconds, 2)}))
    else:
        print(f"wrote {result.frames} frames ({'with' if result.audio else 'no'} sound) to {where}")
    return 0
