"""What every subcommand starts from: a loaded composition and the scenario to drive it."""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path

from ..scenario import Scenario, default_scenario
from ..supervisor import SupervisedHost

log = logging.getLogger("vcs")


@dataclass
class Session:
    host: SupervisedHost
    scenario: Scenario

    def close(self) -> None:
        self.host.close()


def open_session(args: argparse.Namespace) -> Session:
    """Load the scenario first (it may set the size), then the composition at that size.

    Both run in the supervised engine process: a `.js` scenario is code too."""
    host = SupervisedHost(fps=getattr(args, "fps", None) or 30.0, asset_dirs=[Path(d) for d in args.assets])
    try:
        scenario = host.load_scenario(args.scenario) if args.scenario else default_scenario()
        host.fps = getattr(args, "fps", None) or scenario.fps
        host.set_output_size(*(args.size or scenario.output_size))
        host.open(args.composition)
    except BaseException:
        host.close()
        raise
    return Session(host, scenario)


_warned: set[str] = set()


def warn(message: str) -> None:
    """Report a warning once: scenario events repeat the full state, and with it its mistakes."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


def asset_resolver(session: Session, *, placeholder: bool = False):
    """The renderer's asset lookup for this session's composition and `--assets` folders."""
    from ..render import AssetResolver

    return AssetResolver(session.host.composition_dir, session.host.asset_dirs, placeholder=placeholder)


def authoring_compositor(session: Session):
    """The compositor for what users look at (`vcs-output_N.png`, exports).

    Unlike the Daily-exact `_graphics.png`, a missing image file draws a visible crossed box and
    an unknown font family falls back to Roboto, each with one warning, so mistakes show.
    """
    from ..render import Compositor, FontLibrary

    w, h = session.host.size
    return Compositor(w, h, assets=asset_resolver(session, placeholder=True),
                      fonts=FontLibrary(fallback_family="Roboto"))


def add_missing_sources(sources, layers: list[dict], inputs: list[str]) -> None:
    """Give every video layer id a source: `--inputs` file by position, else synthetic footage.

    Sources are opened lazily because the set of ids changes as participants join and leave.
    """
    from ..media import input_key

    for layer in layers:
        key = input_key(layer["id"])
        if key not in sources:
            spec = inputs[key] if isinstance(key, int) and 0 <= key < len(inputs) else None
            sources.add(key, spec, f"Participant {key + 1}" if isinstance(key, int) else str(key))
