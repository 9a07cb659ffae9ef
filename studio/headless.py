"""`vcs-studio COMPOSITION [--scenario S] --frame N --grab-preview OUT.png --grab-window OUT.png`.

For tests, docs and users' CI: the real window (offscreen works) goes to frame N of the scenario
exactly as a user's seek does, then writes the preview at output resolution — the composited
pixels themselves, written as `vcs render --emit composite` writes its PNGs, so the two files
are identical — and/or a grab of the whole window, and the studio exits 0. When the composition
or the scenario fails, the one error line is printed and the exit status is 1.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from vcs_engine.export.files import atomic_output
from vcs_engine.render import write_png

if TYPE_CHECKING:
    from .main_window import MainWindow

TIMEOUT_S = 120.0


class GrabError(Exception):
    """What stopped the grab: one line for the user."""


@dataclass
class GrabRequest:
    frame: int
    scenario: Path | None = None
    preview: Path | None = None
    window: Path | None = None


def _pump(app: QApplication, done, what: str, window: MainWindow) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if window.banner.isVisible() and window.session.error:
            raise GrabError(window.session.error)
        if time.monotonic() > deadline:
            raise GrabError(f"timed out after {TIMEOUT_S:g} s waiting for {what}")
        app.processEvents()
        time.sleep(0.002)


def grab(app: QApplication, window: MainWindow, request: GrabRequest) -> None:
    """Bring `window` to the requested frame and write the images; GrabError says why not."""
    failures: list[str] = []
    window.session.scenarioFailed.connect(failures.append)
    _pump(app, lambda: window.last_frame is not None, "the first frame", window)
    if request.scenario is not None:
        loaded: list[object] = []
        window.session.scenarioLoaded.connect(loaded.append)
        window.open_scenario(request.scenario)
        _pump(app, lambda: bool(loaded or failures), "the scenario", window)
        if failures:
            raise GrabError(failures[0])
        _pump(app, lambda: window.timeline.scenario() == loaded[0], "the scenario", window)
    shown: list[int] = []
    window.session.frameRendered.connect(lambda frame: shown.append(frame.output.frame_index))
    window.seek(request.frame)
    _pump(app, lambda: request.frame in shown and window.last_frame is not None
          and window.last_frame.output.frame_index == request.frame, f"frame {request.frame}", window)
    app.processEvents()  # the frame painted in the window
    if request.preview is not None:
        with atomic_output(request.preview) as temporary:
            write_png(window.last_frame.rgba, temporary)
    if request.window is not None:
        with atomic_output(request.window) as temporary:
            if not window.grab().save(str(temporary), "PNG"):
                raise GrabError(f"could not write {request.window}")


def run(app: QApplication, window: MainWindow, request: GrabRequest) -> int:
    """The grab as a command: 0, or 1 with the error line on stderr."""
    try:
        grab(app, window, request)
    except GrabError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        window.close()
    return 0
