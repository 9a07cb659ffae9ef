"""The options `vcs render` and `vcs export` share, turned into an `ExportJob` (or, when the
composition argument is a cut file, into the cut's job and sound track)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..export.audio_process import SoundPlan
from ..jobs import ExportJob, merge_inputs, parse_input
from ..limits import read_params_file
from ..offline.cutjob import cut_export, is_cut_path


def job_from_args(args: argparse.Namespace, **fields: Any) -> tuple[ExportJob, SoundPlan | None]:
    """The job the common options describe, plus the command's own `fields`, and the sound
    track that replaces the inputs' mix (a cut file's; None otherwise)."""
    params = read_params_file(args.params) if args.params is not None else None
    inputs = merge_inputs(args.inputs, [parse_input(text) for text in args.input])
    common = dict(params=params, transcript=args.transcript, session_assets=args.session_assets,
                  asset_dirs=tuple(Path(d) for d in args.assets), size=args.size, **fields)
    if is_cut_path(args.composition):
        if args.scenario is not None:
            raise InputError(f"--scenario {args.scenario}: a cut file is its own scenario (its events)")
        cut = cut_export(Path(args.composition), fps=args.fps, inputs=inputs, **common)
        return cut.job, cut.sound
    job = ExportJob(composition=args.composition, scenario=args.scenario, inputs=inputs, fps=args.fps, **common)
    return job, None
