"""Dependency versions that break the studio on a fresh install.

PySide6 6.12.0 on Python 3.11 drops a reference to `None` in `QLabel.setText()`, `update()` and
`setStyleSheet()`; a studio showing frames (each frame sets the status text and style) aborted
with "Fatal Python error: none_dealloc" after about a minute. pyproject.toml excludes it; this
test drives the real window for a few thousand frames in a child process and checks that the
process survives and that `None`'s reference count did not drain.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRAMES = 3000

SCRIPT = textwrap.dedent(f"""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from studio.engine import PreviewEngine
    from studio.main_window import MainWindow

    w = MainWindow("daily:baseline", engine=PreviewEngine.create(size=(160, 90)), autostart=False)
    w.show()
    w.session.settle()
    start = sys.getrefcount(None)
    for n in range({FRAMES}):
        w.show_frame(n)
        w.session.settle()
    assert w.frame_index == {FRAMES} - 1, w.frame_index
    print(sys.getrefcount(None) - start)
    w.close()
""")


def test_none_refcount_survives_thousands_of_studio_frames() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300,
                          env=env, cwd=ROOT)
    assert done.returncode == 0, f"the studio process died: {done.stderr[-2000:]}"
    drift = int(done.stdout.strip().splitlines()[-1])
    if sys.version_info >= (3, 12):
        pytest.skip("None is immortal from Python 3.12 on: the process surviving is the check")
    # A healthy run moves by a few references; the 6.12.0 leak drains several per frame.
    assert drift > -FRAMES // 4, f"None lost {-drift} references over {FRAMES} frames"
