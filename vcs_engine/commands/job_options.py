"""The options `vcs render` and `vcs export` share, turned into an `ExportJob`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..jobs import ExportJob, merge_inputs, parse_input
from ..limits import read_params_file


def job_from_args(args: argparse.Namespace, **fields: Any) -> ExportJob:
    """The job the common options describe, plus the command's own `fields`."""
    params = read_params_file(args.params) if args.params is not None else None
    return ExportJob(
        composition=args.composition, scenario=args.scenario, params=params,
        session_assets=args.session_assets, asset_dirs=tuple(Path(d) for d in args.assets),
        inputs=merge_inputs(args.inputs, [parse_input(text) for text in args.input]),
        size=args.size, fps=args.fps, **fields)
