"""`vcs payload`: the options to send to Daily's recording or live-streaming API, checked first.

Every problem is printed as one `error:` line on stderr and nothing reaches stdout, so a script
piping the output into `curl` sends nothing rather than a layout Daily's server would drop
silently. The composition is loaded in the supervised engine process like every other command
(its code, and the session's override code, may be hostile), with the session assets applied:
override code that does not even load is caught here too.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..limits import read_json_file
from ..payload import PayloadOptions, Problem, build_payload, composition_facts, format_payload
from ..session_assets import SessionAssets, scan_session_assets
from ..supervisor import SupervisedHost

log = logging.getLogger("vcs")


def payload_command(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    params = _read_params(args.params, "params file", problems) if args.params is not None else {}
    since = _read_params(args.since, "--since file", problems) if args.since is not None else None
    assets = _scan(args.session_assets, problems) if args.session_assets is not None else None
    target = args.target or ("update-recording" if args.since is not None else "start-recording")

    # Refused code would stop the load; build_payload names it with the other problems.
    overrides = assets.folder if assets is not None and not assets.refused_code else None
    host = SupervisedHost(session_assets=overrides)
    try:
        host.open(args.composition)
        facts = composition_facts(host)
    finally:
        host.close()

    options = PayloadOptions(
        target=target, composition_id=args.composition_id, asset_base_url=args.asset_base_url,
        size=args.size, since=since,
        params_label=str(args.params) if args.params is not None else "params",
        since_label=str(args.since) if args.since is not None else "--since")
    result = build_payload(facts, params if params is not None else {}, options, assets)
    for warning in result.warnings:
        log.warning("%s", warning)
    problems += result.problems
    if problems or result.options is None:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    print(format_payload(result.options, target, args.format))
    return 0


def _read_params(path: Path, what: str, problems: list[Problem]) -> Any:
    """The file's JSON value (build_payload checks its shape), or None and a problem."""
    try:
        return read_json_file(path, what)
    except InputError as error:
        problems.append(Problem(str(error), file=str(path)))
        return None


def _scan(folder: Path, problems: list[Problem]) -> SessionAssets | None:
    try:
        return scan_session_assets(folder)
    except InputError as error:
        problems.append(Problem(str(error), file=str(folder)))
        return None
