"""Command line entry of the studio: `python -m studio [COMPOSITION] [--params P.json] [--session-assets DIR]
[--scenario S] [--frame N] [--grab-preview OUT.png] [--grab-window OUT.png]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from vcs_engine.errors import VcsError

from .engine import DEFAULT_PARTICIPANTS, OUTPUT_SIZES, PreviewEngine
from .headless import GrabRequest, run
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
    parser.add_argument("--size", type=_size, default=None,
                        help="WxH (default: the scenario's, else 1280x720)")
    parser.add_argument("--session-assets", type=Path, metavar="DIR",
                        help="apply a session-assets folder as Daily's servers do (override code, images); "
                             "Composition › Session Assets Folder… changes it")
    parser.add_argument("--scenario", type=Path, metavar="S",
                        help="open a scenario (.json, or Daily's .js form) as the timeline's document, "
                             "as `vcs render --scenario` takes it")
    parser.add_argument("--frame", type=int, default=None, metavar="N",
                        help="go to frame N (exactly: frames 0..N run as `vcs render` runs them)")
    parser.add_argument("--grab-preview", type=Path, metavar="OUT.png",
                        help="write frame N's preview at output resolution (the composite, as "
                             "`vcs render --emit composite` writes it) and exit")
    parser.add_argument("--grab-window", type=Path, metavar="OUT.png",
                        help="write a picture of the whole window at frame N and exit")
    return parser.parse_args(argv)


def grab_request(args: argparse.Namespace) -> GrabRequest | None:
    """What the command line asks to grab (None: run the studio interactively)."""
    if args.grab_preview is None and args.grab_window is None:
        return None
    return GrabRequest(max(0, args.frame or 0), args.scenario, args.grab_preview, args.grab_window)


def build_window(args: argparse.Namespace, settings: StudioSettings | None) -> MainWindow:
    """The window the command line asks for (a QApplication must exist). Raises `VcsError`
    for an unusable `--params` file, before any window or engine exists."""
    from .main_window import MainWindow  # after QApplication: widgets need it

    params: dict[str, Any] | None = read_param_set(args.params) if args.params is not None else None
    composition = args.composition or (settings.last_composition() if settings else None) or DEFAULT_COMPOSITION
    engine = PreviewEngine.create(size=args.size or OUTPUT_SIZES[0], inputs=args.inputs,
                                  session_assets=args.session_assets)
    participants = None if args.participants is None else max(0, min(args.participants, MAX_SLOTS))
    return MainWindow(composition, engine=engine, participants=participants, settings=settings, params=params,
                      size_chosen=args.size is not None,
                      autostart=grab_request(args) is None and args.frame is None)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    request = grab_request(args)
    try:
        # A grab neither reads nor changes what the user's studio remembers (remembered params
        # would change the picture; a CI run must not touch them).
        window = build_window(args, None if request is not None else StudioSettings.for_user())
    except VcsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    window.show()
    if request is not None:
        return run(app, window, request)
    if args.scenario is not None:
        window.open_scenario(args.scenario)
    if args.frame is not None:
        window.seek(max(0, args.frame))
    return app.exec()
