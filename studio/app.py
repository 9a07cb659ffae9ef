"""Command line entry of the studio: `python -m studio [COMPOSITION]`."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication

from .engine import DEFAULT_PARTICIPANTS, OUTPUT_SIZES, PreviewEngine


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m studio", description="VCS Studio: live preview of a composition")
    parser.add_argument("composition", nargs="?", default="daily:baseline",
                        help="a folder, a .jsx/.js file or an id (default: daily:baseline)")
    parser.add_argument("--participants", type=int, default=DEFAULT_PARTICIPANTS)
    parser.add_argument("--inputs", nargs="*", default=[], metavar="VIDEO",
                        help="footage files for participants 1, 2, … (others get synthetic footage); "
                             "put COMPOSITION before --inputs, which takes every following name")
    parser.add_argument("--size", type=_size, default=OUTPUT_SIZES[0], help="WxH (default 1280x720)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("VCS Studio")
    from .main_window import MainWindow  # after QApplication: widgets need it

    engine = PreviewEngine.create(size=args.size, inputs=args.inputs)
    window = MainWindow(args.composition, engine=engine,
                        participants=max(0, min(args.participants, 16)))
    window.show()
    return app.exec()
