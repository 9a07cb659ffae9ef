"""What every subcommand starts from: a loaded composition and the scenario to drive it."""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path

from ..limits import check_fps, check_output_size, read_params_file
from ..scenario import Scenario, default_scenario, with_params
from ..supervisor import SupervisedHost

log = logging.getLogger("vcs")


@dataclass
class Session:
    host: SupervisedHost
    scenario: Scenario

    def close(self) -> None:
        self.host.close()


def open_session(args: argparse.Namespace, *, even_size: bool = False) -> Session:
    """Load the scenario first (it may set the size), then the composition at that size.

    Both run in the supervised engine process: a `.js` scenario is code too. Every input (`--fps`,
    `--params`, `--session-assets`, the scenario, the size; `even_size` for H.264) is checked
    before the composition is opened, so a bad one costs nothing and is named as the user gave it."""
    fps = getattr(args, "fps", None)
    if fps is not None:
        check_fps(fps, f"--fps {fps:g}")
    params = read_params_file(args.params) if getattr(args, "params", None) is not None else None
    host = SupervisedHost(fps=fps or 30.0, asset_dirs=[Path(d) for d in args.assets],
                          session_assets=getattr(args, "session_assets", None))
    try:
        scenario = host.load_scenario(args.scenario) if args.scenario else default_scenario()
        if params is not None:
            scenario = with_params(scenario, params)
        host.fps = fps or scenario.fps
        host.set_output_size(*_output_size(args.size, scenario, even_size))
        host.open(args.composition)
    except BaseException:
        host.close()
        raise
    return Session(host, scenario)


def _output_size(option: tuple[int, int] | None, scenario: Scenario, even: bool) -> tuple[int, int]:
    """`--size`, else the scenario's, checked under the name the user gave it."""
    w, h = option or scenario.output_size
    label = f"--size {w}x{h}" if option else f"{scenario.label}: outputSize {w}x{h}"
    return check_output_size(w, h, label, even=even)


_warned: set[str] = set()


def warn(message: str) -> None:
    """Report a warning once: scenario events repeat the full state, and with it its mistakes."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)
