"""`vcs` — the headless command line (what a recording server runs).

    vcs render COMPOSITION [--scenario S] --out DIR [--emit KINDS] [--assets DIR]... [--size WxH]
    vcs export COMPOSITION [--scenario S] --out FILE.mp4|DIR [--format mp4|png|hls] [--fps N] [--size WxH]
               [--inputs FILES...] [--input SLOT=FILE[@OFFSET_S]]... [--frames A:B] [--progress json]
    vcs batch JOBS.json --out DIR [--workers N] [--ray [ADDRESS]] [--split-seconds S] [--progress json]
    vcs payload COMPOSITION [--params P.json] [--session-assets DIR] [--for TARGET] [--format F] ...
    vcs bundle COMPOSITION [--session-assets DIR] --out NAME.vcsbundle
    vcs info COMPOSITION
    vcs inspect COMPOSITION [--scenario S] [--params P.json] [--frame N] [--size WxH] [--at X,Y] [--json]

A composition may be given as a folder, a .jsx/.js file, an id or a bundle (`vcs bundle`).

Every failure prints exactly one line, `error: ...`, on stderr and exits with status 1: errors in
composition code name `file:line`, bad input names the file and field or the option as typed, and
an unexpected exception (a bug) names its type; `-v` adds the stacks. Usage errors (an unknown
option, a size that is not WxH) are argparse's and exit with status 2. Ctrl-C (or SIGTERM) exits
with 130 after removing partial output.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

from .errors import CompositionError, describe_failure

EMIT_KINDS = ("videolayers", "fgdisplaylist", "graphics", "composite")
# The same as vcs_engine.payload's TARGETS / FORMATS (not imported: `vcs --help` stays fast).
PAYLOAD_TARGETS = ("start-recording", "update-recording", "start-live-streaming", "update-live-streaming")
PAYLOAD_FORMATS = ("json", "daily-js", "daily-python", "curl")
log = logging.getLogger("vcs")


def _size(text: str) -> tuple[int, int]:
    """WIDTHxHEIGHT as two integers. Only the form is checked here: the range (and evenness for
    H.264) is checked with the other inputs (`limits.check_output_size`), one `error:` line."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must be WIDTHxHEIGHT, e.g. 1280x720; got {text!r}") from None
    return w, h


def _emit(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    bad = [k for k in kinds if k not in EMIT_KINDS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown kind(s) {', '.join(bad)}; choose from {', '.join(EMIT_KINDS)}")
    return kinds


def _frame_range(text: str) -> tuple[int, int | None]:
    """`A:B` (frames A … B-1), `A:` (from A to the end) or `:B`."""
    first, sep, last = text.partition(":")
    try:
        if not sep:
            raise ValueError
        start = int(first) if first.strip() else 0
        end = int(last) if last.strip() else None
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"a frame range is START:END (end excluded), e.g. 300:600; got {text!r}") from None
    return start, end


def session_assets_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--session-assets", type=Path, metavar="DIR",
                        help="a session's assets, applied as Daily's servers apply them: code files in DIR, "
                             "DIR/components and DIR/components/overrides replace the composition's; "
                             "DIR/images adds images")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vcs", description="Run VCS compositions headless.")
    p.add_argument("-v", "--verbose", action="store_true", help="log composition console output and details")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("composition", help="folder, .jsx/.js file, id such as daily:baseline, .vcsbundle, "
                                            "or a cut file (.vcscut.json: its clips, events and sound)")
        sp.add_argument("--scenario", help="scenario .js (Daily's form) or .json, Daily's batch events file, or a "
                                           "WebVTT transcript (told by content); default: 4 participants, frame 0")
        sp.add_argument("--transcript", type=Path, metavar="FILE.vtt",
                        help="WebVTT cues added as transcript messages (alone: with Daily's default state)")
        sp.add_argument("--assets", action="append", default=[], metavar="DIR",
                        help="folder searched first for default assets (repeatable)")
        sp.add_argument("--size", type=_size, help="output size WxH (default: the scenario's, else 1280x720)")
        sp.add_argument("--params", type=Path, metavar="FILE",
                        help="JSON object {id: value} of params applied at frame 0 after the scenario's initial state")
        session_assets_option(sp)
        sp.add_argument("--fps", type=float, help="frame rate (default: the scenario's, else 30)")
        sp.add_argument("--inputs", nargs="*", default=[], metavar="FILE",
                        help="video or image files for inputs 0, 1, … (default: synthetic footage)")
        sp.add_argument("--input", action="append", default=[], metavar="SLOT=FILE[@OFFSET_S]",
                        help="footage of one input slot: a video file (from OFFSET_S seconds into it), a "
                             "still image, or generated footage: 'synthetic' (a camera), 'screen' (a shared "
                             "screen) or 'none' (black); repeatable, wins over --inputs for its slot")

    r = sub.add_parser("render", help="render a scenario's output frames to files")
    common(r)
    r.add_argument("--out", required=True, type=Path, help="output folder")
    r.add_argument("--emit", type=_emit, default=("videolayers", "fgdisplaylist", "graphics", "composite"),
                   help=f"comma-separated kinds to write: {', '.join(EMIT_KINDS)} (default: all)")

    e = sub.add_parser("export", help="encode a scenario to MP4 (H.264 + AAC), a PNG sequence or HLS")
    common(e)
    e.add_argument("--out", required=True, type=Path,
                   help="output .mp4 file, or a folder for PNGs or HLS (index.m3u8 and its segments)")
    e.add_argument("--format", choices=("mp4", "png", "hls"), help="default: from --out (.mp4 → mp4, else png)")
    e.add_argument("--frames", type=_frame_range, metavar="START:END",
                   help="only output frames START … END-1 (rendered from the exact state at START)")
    e.add_argument("--seconds", type=float,
                   help="length from the first frame (with --frames START:); default: the scenario's durationInFrames")
    e.add_argument("--segment-seconds", type=float, default=6.0, metavar="S",
                   help="HLS segment length in seconds (default 6)")
    e.add_argument("--no-audio", action="store_true", help="leave the inputs' sound out")
    e.add_argument("--progress", choices=("auto", "json", "none"), default="auto",
                   help="auto: a progress bar on a terminal, nothing otherwise; json: JSON lines on "
                        "stdout ({frame, total, fps, eta_s}; up to 4 a second)")
    e.add_argument("--preset", default="ultrafast",
                   help="x264 preset: ultrafast … veryslow (slower = smaller files; default ultrafast, the fastest)")
    e.add_argument("--crf", type=int, default=18, help="x264 quality, 0 (lossless) … 51 (default 18)")

    b = sub.add_parser("batch", help="run many export jobs from a JSON file, on all cores or a Ray cluster")
    b.add_argument("jobs", type=Path, metavar="JOBS.json",
                   help="the jobs: {\"defaults\": {...}, \"jobs\": [{...}, ...]} with vcs export's fields "
                        "(composition, out, params, scenario, inputs, size, fps, seconds, format, ...)")
    b.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="folder of the outputs (each job's out is a name in it), logs/ and the manifest")
    b.add_argument("--workers", type=int, help="jobs at once (default: one per core; with --ray: the cluster's CPUs)")
    b.add_argument("--ray", nargs="?", const="", metavar="ADDRESS",
                   help="run the jobs as Ray tasks: a local Ray instance, or the cluster at ADDRESS "
                        "(auto, ray://HOST:10001); needs pip install \"vcs-studio[scale]\"")
    b.add_argument("--split-seconds", type=float, metavar="S",
                   help="cut MP4 jobs longer than S seconds into ranges of at most S seconds rendered in "
                        "parallel and joined without re-encoding (default: no split)")
    b.add_argument("--progress", choices=("auto", "json", "none"), default="auto",
                   help="auto: bars on a terminal, a line per finished job otherwise; json: JSON lines on stdout")

    pl = sub.add_parser("payload", help="print the options that start or update a Daily recording or live stream")
    pl.add_argument("composition", help="folder, .jsx/.js file, or id such as daily:baseline")
    pl.add_argument("--params", type=Path, metavar="P.json", help="the params: a JSON object {id: value}")
    session_assets_option(pl)
    pl.add_argument("--asset-base-url", metavar="URL",
                    help="public https:// URL the session-assets folder is published at (asset URL = URL + key)")
    pl.add_argument("--for", dest="target", choices=PAYLOAD_TARGETS,
                    help="what the payload does (default: start-recording, or update-recording with --since)")
    pl.add_argument("--since", type=Path, metavar="PREV.json",
                    help="the previous param set: the update holds only what changed since")
    pl.add_argument("--size", type=_size, metavar="WxH", help="output size of a start payload (even; default: Daily's)")
    pl.add_argument("--composition-id", metavar="ID",
                    help="the composition Daily's servers run (default: daily:baseline for our baseline)")
    pl.add_argument("--format", choices=PAYLOAD_FORMATS, default="json",
                    help="json (default), a daily-js or daily-python call, or a curl command for Daily's REST API")

    ins = sub.add_parser("inspect", help="print the node tree behind a frame, or the nodes at a point and "
                                         "the params that move or resize the topmost")
    common(ins)
    ins.add_argument("--frame", type=int, metavar="N",
                     help="the frame to inspect, the scenario run up to it (default: its last output frame)")
    ins.add_argument("--at", metavar="X,Y",
                     help="a point in output pixels: the nodes under it, topmost first, and the params that "
                          "move or resize the topmost one")
    ins.add_argument("--json", action="store_true", help="print JSON instead of text")
    b = sub.add_parser("bundle", help="pack a composition (and a session's assets) into one .vcsbundle file")
    b.add_argument("composition", help="folder, .jsx/.js file, or id such as daily:baseline")
    session_assets_option(b)
    b.add_argument("--out", required=True, type=Path, metavar="NAME.vcsbundle", help="the bundle file to write")

    i = sub.add_parser("info", help="print a composition's parameters")
    i.add_argument("composition")
    return p


def _run(args: argparse.Namespace) -> int:
    if args.command == "render":
        from .commands.render import render_command
        return render_command(args)
    if args.command == "export":
        from .commands.export import export_command
        return export_command(args)
    if args.command == "bundle":
        from .commands.bundle import bundle_command
        return bundle_command(args)
    if args.command == "batch":
        from .commands.batch import batch_command
        return batch_command(args)
    if args.command == "payload":
        from .commands.payload import payload_command
        return payload_command(args)
    if args.command == "inspect":
        from .commands.inspect import inspect_command
        return inspect_command(args)
    from .commands.info import info_command
    return info_command(args)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    # A recording server stops jobs with SIGTERM: clean up partial output as for Ctrl-C.
    in_main_thread = threading.current_thread() is threading.main_thread()  # signal() needs it
    previous = signal.signal(signal.SIGTERM, _raise_interrupt) if in_main_thread else None
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    except Exception as e:  # every failure, bugs included, is one line (`-v`: the stacks)
        print(f"error: {describe_failure(e)}", file=sys.stderr)
        if args.verbose:
            if isinstance(e, CompositionError):
                print(e.details(), file=sys.stderr)
            else:
                traceback.print_exc(file=sys.stderr)
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
