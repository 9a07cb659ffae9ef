"""Shared helpers of the hostile-input suite: every case runs the real CLI in a subprocess.

Each case writes its hostile composition, scenario or params file into tmp_path and runs
`python -m vcs_engine ...` with a hard timeout, so a hang fails the test instead of stalling CI.
The engine's per-call time limit is lowered to TIME_LIMIT_S through `VCS_TIME_LIMIT_S`, so a
runaway case ends in about a second; `assert_failed` / `assert_rendered` then check the contract
of the CLI (README, "The CLI"): exit status, exactly one `error: ` line on stderr naming the file
(and `:line` for composition code) and the limit or field, no Python traceback, and the time.

    comp = write_comp(tmp_path / "comp", SOURCE)       # index.jsx = IMPORTS + SOURCE
    code, out, err, seconds = run_vcs(render_args(comp, tmp_path))
    line = assert_failed(code, err, seconds, where(comp, "THROW"), "boom")   # index.jsx:N of `// THROW`

`VCS_HOSTILE_ECHO=1 pytest -s tests/hostile` prints every run's exit status, time and stderr.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Sequence

REPO = Path(__file__).resolve().parents[2]

TIME_LIMIT_S = 1.0
"""The engine's time limit per JS call in these runs (VCS_TIME_LIMIT_S)."""

SLACK_S = 2.0
"""What a run may take beyond the time limit: interpreter and engine start-up, the supervisor's
0.5 s grace before it kills a child stuck in native code, writing 64x36 PNGs."""

HARD_TIMEOUT_S = 30.0
"""When a run is killed as hung (the test fails then; far above any honest run)."""

SIZE = "64x36"

IMPORTS = "import * as React from 'react';\nimport { Box, Text, Image } from '#vcs-react/components';\n"
"""The header of every composition written here (two lines: line numbers in sources are literal)."""

IGNORED_STDERR = ("WARNING:", "Fontconfig warning")
"""Lines that may accompany an error: the engine's warnings, and the one Skia's fontconfig prints
on some systems."""


def run_vcs(args: Sequence[str], timeout: float = HARD_TIMEOUT_S, *,
            env: dict[str, str] | None = None) -> tuple[int, str, str, float]:
    """`python -m vcs_engine ARGS` in a new session → (exit code, stdout, stderr, seconds).

    A run that outlives `timeout` is killed with its whole process group (the supervised engine
    child too: it may be stuck in native code that never reads its pipe) and the test fails."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "VCS_TIME_LIMIT_S": f"{TIME_LIMIT_S:g}", **(env or {})}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "vcs_engine", *map(str, args)], cwd=REPO, env=full_env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        out, err = proc.communicate()
        seconds = time.monotonic() - started
        raise AssertionError(f"vcs {' '.join(map(str, args))} hung: killed after {seconds:.1f} s\n"
                             f"stderr: {_text(err)[-2000:]}") from None
    finally:
        _kill_group(proc)  # whatever the run left behind (an engine child it failed to reap)
    seconds = time.monotonic() - started
    if os.environ.get("VCS_HOSTILE_ECHO"):  # `VCS_HOSTILE_ECHO=1 pytest -s tests/hostile`: see every outcome
        print(f"\n[exit {proc.returncode}, {seconds:.2f} s] {' '.join(map(str, args[:2]))}")
        for ln in _text(err).splitlines():
            print("    " + ln[:300])
    return proc.returncode, _text(out), _text(err), seconds


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


def error_lines(stderr: str) -> list[str]:
    """stderr's lines, less the ignored ones (IGNORED_STDERR) and blank ones."""
    return [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith(IGNORED_STDERR)]


def assert_one_error_line(stderr: str, *must_contain: str) -> str:
    """stderr holds exactly one line starting with `error: ` (besides ignored lines), no
    traceback, and that line contains every string of `must_contain`; returns the line."""
    assert "Traceback" not in stderr, f"a Python traceback on stderr:\n{stderr}"
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith("error: "), f"expected one 'error: ' line, got:\n{stderr}"
    line = lines[0]
    for needle in must_contain:
        assert needle in line, f"{needle!r} not in the error line:\n{line}"
    return line


def assert_failed(code: int, stderr: str, seconds: float, *must_contain: str,
                  within: float = TIME_LIMIT_S + SLACK_S) -> str:
    """A clean failure: exit status 1, one error line containing `must_contain`, in time."""
    line = assert_one_error_line(stderr, *must_contain)
    assert code == 1, f"exit status {code} (expected 1); stderr:\n{stderr}"
    assert seconds < within, f"took {seconds:.1f} s (limit {within:g} s); stderr:\n{stderr}"
    return line


def assert_rendered(code: int, stderr: str, seconds: float, *, within: float = TIME_LIMIT_S + SLACK_S) -> None:
    """A success: exit status 0, no error line and no traceback (warnings allowed), in time."""
    assert "Traceback" not in stderr, f"a Python traceback on stderr:\n{stderr}"
    assert code == 0, f"exit status {code} (expected 0); stderr:\n{stderr}"
    assert not error_lines(stderr), f"unexpected stderr:\n{stderr}"
    assert seconds < within, f"took {seconds:.1f} s (limit {within:g} s)"


def assert_rendered_or_one_error(code: int, stderr: str, seconds: float, *must_contain: str) -> str | None:
    """Either outcome is fine for inputs that are odd but not wrong: a render (exit 0), or one
    clear error line (exit 1) containing `must_contain`. Returns the line, if any."""
    if code == 0:
        assert_rendered(code, stderr, seconds)
        return None
    return assert_failed(code, stderr, seconds, *must_contain)


# ---------------------------------------------------------------------- writing inputs


def write_comp(folder: Path, body: str, *, header: bool = True, files: dict[str, str] | None = None) -> Path:
    """A folder composition: `index.jsx` = IMPORTS + dedented `body` (+ other files)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.jsx").write_text((IMPORTS if header else "") + textwrap.dedent(body), encoding="utf-8")
    for rel, text in (files or {}).items():
        p = folder / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def line_of(path_or_text: Path | str, marker: str) -> int:
    """The 1-based line of the only line containing `marker` (a comment such as `// HANG`)."""
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    hits = [i + 1 for i, ln in enumerate(text.splitlines()) if marker in ln]
    assert len(hits) == 1, f"marker {marker!r} found on lines {hits}"
    return hits[0]


def where(folder: Path, marker: str, file: str = "index.jsx") -> str:
    """`/path/to/folder/file:N`, N the line of `marker` in that file: what an error line names."""
    return f"{folder / file}:{line_of(folder / file, marker)}"


def assert_names_line(line: str, folder: Path, first: str, last: str, file: str = "index.jsx") -> int:
    """The error line names `file` at a line from the one marked `first` to the one marked `last`
    (inclusive); returns that line number.

    Why a range: QuickJS (this version) stamps an interrupted frame with the line of the last
    instruction that saved its position, not the loop's own back jump: a loop is reported at its
    own line or at an earlier line of the same function (the statement before it, or for a
    generator the line that resumed it). A range from the function's first line to the loop
    still tells a wrong file, a runtime file or a line elsewhere from a right answer."""
    path = folder / file
    low, high = line_of(path, first), line_of(path, last)
    m = re.search(re.escape(str(path)) + r":(\d+)(?::\d+)?: ", line)
    assert m, f"{path}:LINE not in the error line:\n{line}"
    n = int(m.group(1))
    assert low <= n <= high, f"{path}:{n} is not within lines {low}-{high} (markers {first!r}-{last!r}):\n{line}"
    return n


def render_args(comp: Path | str, tmp_path: Path, *extra: str) -> list[str]:
    return ["render", str(comp), "--out", str(tmp_path / "out"), "--size", SIZE, *extra]


GOOD = """
    export default function C() {
      return <Box><Text style={{ textColor: 'white' }}>ok</Text></Box>;
    }
"""
"""A composition that renders: for the cases whose hostile part is a scenario, params or options."""
