"""Command line entry of the studio: `python -m studio [COMPOSITION] [--params P.json] [--session-assets DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from vcs_engine.errors import VcsError

from .engine import DEFAULT_PARTICIPANTS, OUTPUT_SIZES, PreviewEngine
from .param_sets import read_param_set
from .settings import APPLICATION, ORGANISATION, StudioSettings
from .slots_model import MAX_SLOTS

if TYPE_CHECKING:
    from .main_window import MainWindow

DEFAULT_COMPOSITION = "daily:baseline"


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m studio", description="VCS Studio: live preview of a composition")
    parser.add_argument("composition", nargs="?", default=None,
                        help="a folder, a .jsx/.js file or an id (default: the last one opened, "
                             f"else {DEFAULT_COMPOSITION})")
    parser.add_argument("--params", type=Path, metavar="P.json",
                        help="start with these params: a flat {id: value} JSON object, as "
                             "`vcs render --params` takes (File › Save Params writes one)")
    parser.add_argument("--participants", type=int, metavar="N",
                        help=f"start with N default participants (default: the ones this composition "
                             f"had last time, else {DEFAULT_PARTICIPANTS})")
    parser.add_argument("--inputs", nargs="*", default=[], metavar="VIDEO",
                        help="footage files for participants 1, 2, … (others get synthetic footage); "
                             "put COMPOSITION before --inputs, which takes every following name")
    parser.add_argument("--size", type=_size, default=OUTPUT_SIZES[0], help="WxH (default 1280x720)")
    parser.add_argument("--session-assets", type=Path, metavar="DIR",
                        help="apply a session-assets folder as Daily's servers do (override code, images); "
                             "Composition › Session Assets Folder… changes it")
    return parser.parse_args(argv)


def build_window(args: argparse.Namespace, settings: StudioSettings | None) -> MainWindow:
    """The window the command line asks for (a QApplication must exist). Raises `VcsError`
    for an unusable `--params` file, before any window or engine exists."""
    from .main_window import MainWindow  # after QApplication: widgets need it

    params: dict[str, Any] | None = read_param_set(args.params) if args.params is not None else None
    composition = args.composition or (settings.last_composition() if settings else None) or DEFAULT_COMPOSITION
    engine = PreviewEngine.create(size=args.size, inputs=args.inputs, session_assets=args.session_assets)
    participants = None if args.participants is None else max(0, min(args.participants, MAX_SLOTS))
    return MainWindow(composition, engine=engine, participants=participants, settings=settings, params=params)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    try:
        window = build_window(args, StudioSettings.for_user())
    except VcsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    window.show()
    return app.exec()
