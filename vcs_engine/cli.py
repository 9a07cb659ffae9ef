"""`vcs` — the headless command line (what a recording server runs).

    vcs render COMPOSITION [--scenario S] --out DIR [--emit KINDS] [--assets DIR]... [--size WxH]
    vcs export COMPOSITION [--scenario S] --out FILE.mp4 [--fps N] [--size WxH] [--inputs FILES...]
    vcs info COMPOSITION

Errors print one line naming `file:line` and exit with status 1 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from .errors import CompositionError, VcsError

EMIT_KINDS = ("videolayers", "fgdisplaylist", "graphics", "composite")
log = logging.getLogger("vcs")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1280x720; got {text!r}") from None
    if not (1 <= w <= 32768 and 1 <= h <= 32768):
        raise argparse.ArgumentTypeError(f"size out of range: {text}")
    return w, h


def _emit(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    bad = [k for k in kinds if k not in EMIT_KINDS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown kind(s) {', '.join(bad)}; choose from {', '.join(EMIT_KINDS)}")
    return kinds


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vcs", description="Run VCS compositions headless.")
    p.add_argument("-v", "--verbose", action="store_true", help="log composition console output and details")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("composition", help="folder, .jsx/.js file, or id such as daily:baseline")
        sp.add_argument("--scenario", help="scenario .js (Daily's form) or .json; default: 4 participants, frame 0")
        sp.add_argument("--assets", action="append", default=[], metavar="DIR",
                        help="folder searched first for default assets (repeatable)")
        sp.add_argument("--size", type=_size, help="output size WxH (default: the scenario's, else 1280x720)")

    r = sub.add_parser("render", help="render a scenario's output frames to files")
    common(r)
    r.add_argument("--out", required=True, type=Path, help="output folder")
    r.add_argument("--emit", type=_emit, default=("videolayers", "fgdisplaylist", "graphics", "composite"),
                   help=f"comma-separated kinds to write: {', '.join(EMIT_KINDS)} (default: all)")
    r.add_argument("--inputs", nargs="*", default=[], metavar="FILE",
                   help="video files for inputs 0, 1, … in composite PNGs (default: synthetic footage)")

    e = sub.add_parser("export", help="encode a scenario to MP4 (H.264) or a PNG sequence")
    common(e)
    e.add_argument("--out", required=True, type=Path, help="output .mp4 file, or a folder for PNGs")
    e.add_argument("--fps", type=float, help="frame rate (default: the scenario's, else 30)")
    e.add_argument("--format", choices=("mp4", "png"), help="default: from --out (folder → png)")
    e.add_argument("--inputs", nargs="*", default=[], metavar="FILE",
                   help="video files for inputs 0, 1, … (default: synthetic footage)")
    e.add_argument("--seconds", type=float, help="length; default: the scenario's durationInFrames")
    e.add_argument("--preset", default="ultrafast",
                   help="x264 preset: ultrafast … veryslow (slower = smaller files; default ultrafast, the fastest)")
    e.add_argument("--crf", type=int, default=18, help="x264 quality, 0 (lossless) … 51 (default 18)")

    i = sub.add_parser("info", help="print a composition's parameters")
    i.add_argument("composition")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    try:
        if args.command == "render":
            from .commands.render import render_command
            return render_command(args)
        if args.command == "export":
            from .commands.export import export_command
            return export_command(args)
        from .commands.info import info_command
        return info_command(args)
    except CompositionError as e:
        print(f"error: {e}", file=sys.stderr)
        if args.verbose:
            print(e.details(), file=sys.stderr)
        return 1
    except VcsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
