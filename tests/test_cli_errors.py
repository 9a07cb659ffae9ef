"""Bad input never crashes or fools the CLI, and never costs a file (`python -m vcs_engine` as a
subprocess, as users and recording servers run it).

Every refusal: exit status 1, exactly one `error:` line on stderr naming the file and field (or the
option as typed), no traceback. Every failed, refused or interrupted export leaves an existing
output file byte-identical and no temporary file behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import texts, write_composition

from vcs_engine.cli import main as vcs

REPO = Path(__file__).resolve().parent.parent
KNOWN = b"an earlier export that must survive\n"
SMALL = ["--size", "64x36", "--seconds", "0.1"]

COMP = """
    export const compositionInterface = { params: [{ id: 'title', type: 'text', defaultValue: 'Hi' },
                                                   { id: 'n', type: 'number', defaultValue: 1 }] };
    export default function C() {
      const p = hooks.useParams();
      const { activeIds } = hooks.useActiveVideo();
      return <Box>{activeIds.map(id => <Video key={id} src={id} />)}<Text>{p.title}</Text></Box>;
    }
"""

LATE_FAILURE = """
    export default function C() {
      if (hooks.useVideoTime() > 0.05) throw new Error('late failure');
      return <Box />;
    }
"""


def run_vcs(*args: str | Path, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "vcs_engine", *map(str, args)], capture_output=True,
                          text=True, errors="backslashreplace", cwd=cwd, env=env, timeout=timeout, check=False)


def error_line(stderr: str) -> str:
    """The one line that is not a warning (or the environment's fontconfig chatter)."""
    lines = [ln for ln in stderr.splitlines()
             if ln.strip() and not ln.startswith("WARNING:") and not ln.startswith("Fontconfig")]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def assert_refused(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    line = error_line(proc.stderr)
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def refused_in_process(args: list, capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    """`vcs(args)` in this process (the matrix of refusals; the subprocess cases run each kind)."""
    assert vcs([str(a) for a in args]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    line = error_line(err)
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def files_in(folder: Path) -> list[str]:
    """Every name in the folder, hidden temporaries included."""
    return sorted(os.listdir(folder))


@pytest.fixture
def comp(tmp_path: Path) -> Path:
    return write_composition(tmp_path / "comp", COMP)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An existing export at the output path, with known bytes."""
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "clip.mp4"
    path.write_bytes(KNOWN)
    return path


def assert_untouched(path: Path) -> None:
    assert path.read_bytes() == KNOWN
    assert files_in(path.parent) == [path.name]


# ---------------------------------------------------------------------- --params


@pytest.mark.parametrize("content,needles", [
    ('{"n": NaN}', ["param 'n': not a finite number (NaN)"]),
    ('{"n": 1e400}', ["param 'n': not a finite number (Infinity)"]),
    ('{"n": 123456789012345678901234567890}', ["param 'n': number too large"]),
    ('{"title": "\\ud800"}', ["param 'title': not valid Unicode (a lone surrogate U+D800"]),
    (json.dumps({"title": "x" * 1_000_000}), ["param 'title': text too long (1,000,000 characters; the limit is 20,000)"]),
    ("[1, 2]", ['params must be an object of {"id": value}, not a list']),
    ('{"title": "unterminated', ["not valid JSON"]),
])
def test_bad_params_file(comp, tmp_path, capsys, content, needles):
    params = tmp_path / "params.json"
    params.write_text(content)
    refused_in_process(["render", comp, "--out", tmp_path / "o", "--params", params], capsys, str(params), *needles)
    assert not (tmp_path / "o").exists()


def test_bad_params_file_subprocess(comp, tmp_path, out):
    params = tmp_path / "params.json"
    params.write_text('{"title": "ok", "n": NaN}')
    proc = run_vcs("export", comp, "--out", out, *SMALL, "--params", params, cwd=tmp_path)
    assert_refused(proc, f"{params}: param 'n': not a finite number (NaN)")
    assert_untouched(out)


def test_params_file_applies_after_the_initial_state(comp, tmp_path):
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps({"initialState": {"params": {"title": "from scenario"}}}))
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"title": "from file"}))
    for command in (["render", comp, "--out", tmp_path / "o", "--emit", "fgdisplaylist"],
                    ["export", comp, "--out", tmp_path / "seq", "--format", "png", *SMALL]):
        proc = run_vcs(*command, "--scenario", scenario, "--params", params, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "o" / "vcs-output_0_fgdisplaylist.json").read_text())
    assert texts(doc) == ["from file"]
    assert len(list((tmp_path / "seq").glob("*.png"))) == 3


# ---------------------------------------------------------------------- scenario files


@pytest.mark.parametrize("data,needles", [  # every field's checks: tests/test_validation.py
    ({"initialState": []}, ["initialState must be an object, not a list"]),
    ({"durationInFrames": 1e9}, ["durationInFrames must be between 1 and 216,000"]),
    ({"fps": 0}, ["fps: the frame rate must be between 1 and 120 fps"]),
    # This one used to kill the process with SIGSEGV inside the QuickJS binding.
    ({"initialState": {"activeVideoInputSlots": [{"id": 0, "displayName": "\ud800"}]}},
     ["initialState.activeVideoInputSlots[0].displayName: not valid Unicode"]),
    ({"events": [{"frame": 1, "state": {"params": {"title": "y" * 30000}}}]},
     ["events[0].state: param 'title': text too long"]),
])
def test_bad_scenario_field(comp, tmp_path, data, needles):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(data))
    proc = run_vcs("render", comp, "--scenario", scenario, "--out", tmp_path / "o", cwd=tmp_path)
    assert_refused(proc, f"{scenario}: ", *needles)
    assert not (tmp_path / "o").exists()


def test_js_scenario_callback_state_is_checked(comp, tmp_path):
    scenario = tmp_path / "s.js"
    scenario.write_text("export default { outputFrames: [0, 3], initialState: { activeVideoInputSlots: [true] },\n"
                        "  frameWillRenderCb: (i) => i === 2 ? { activeVideoInputSlots: [{ displayName: '\\ud800' }] }"
                        " : null };\n")
    proc = run_vcs("render", comp, "--scenario", scenario, "--out", tmp_path / "o", "--emit", "videolayers",
                   cwd=tmp_path)
    assert_refused(proc, f"{scenario}: frameWillRenderCb(2) result.activeVideoInputSlots[0].displayName: "
                         "not valid Unicode")
    assert files_in(tmp_path / "o") == ["vcs-output_0_videolayers.json"]  # frame 0's, complete


# ---------------------------------------------------------------------- options


@pytest.mark.parametrize("options,needles", [
    (["--size", "0x0"], ["--size 0x0: width must be between 1 and 7,680"]),
    (["--size=-64x36"], ["--size -64x36: width must be between 1 and 7,680"]),
    (["--size", "100000x100000"], ["--size 100000x100000: width must be between 1 and 7,680"]),
    (["--size", "7680x7680"], ["--size 7680x7680: ", "more than 8K UHD"]),
    (["--size", "65x36"], ["--size 65x36: H.264 needs an even width"]),
    (["--size", "64x37"], ["--size 64x37: H.264 needs an even height"]),
    (["--crf", "52"], ["--crf must be between 0 and 51"]),
    (["--crf=-1"], ["--crf must be between 0 and 51"]),
    (["--preset", "fastest"], ["--preset 'fastest': not an x264 preset"]),
    (["--seconds", "0"], ["--seconds 0: the length must be a positive number of seconds"]),
    (["--seconds=-2"], ["--seconds -2: the length must be a positive number of seconds"]),
    (["--seconds", "nan"], ["--seconds nan: the length must be a positive number of seconds"]),
    (["--seconds", "1e9"], ["--seconds 1e+09: ", "the limit is 216,000"]),
    (["--fps", "0"], ["--fps 0: the frame rate must be between 1 and 120 fps"]),
    (["--fps", "nan"], ["--fps nan: not a finite number (NaN)"]),
    (["--fps", "-30"], ["--fps -30: the frame rate must be between 1 and 120 fps"]),
])
def test_bad_export_option_is_refused_before_anything_is_written(comp, out, capsys, options, needles):
    refused_in_process(["export", comp, "--out", out, *SMALL, *options], capsys, *needles)
    assert_untouched(out)


@pytest.mark.parametrize("options,needle", [
    (["--size", "65x36"], "--size 65x36: H.264 needs an even width"),
    (["--crf", "99"], "--crf must be between 0 and 51"),
    (["--seconds", "nan"], "--seconds nan: the length must be a positive number of seconds"),
])
def test_bad_export_option_subprocess(comp, out, options, needle):
    proc = run_vcs("export", comp, "--out", out, *SMALL, *options, cwd=out.parent.parent)
    assert_refused(proc, needle)
    assert_untouched(out)


def test_odd_scenario_size_is_refused_for_mp4_only(comp, out, tmp_path):
    scenario = tmp_path / "odd.json"
    scenario.write_text(json.dumps({"outputSize": {"w": 65, "h": 36}}))
    proc = run_vcs("export", comp, "--scenario", scenario, "--out", out, "--seconds", "0.1", cwd=tmp_path)
    assert_refused(proc, f"{scenario}: outputSize 65x36: H.264 needs an even width")
    assert_untouched(out)
    proc = run_vcs("export", comp, "--scenario", scenario, "--out", tmp_path / "seq", "--format", "png",
                   "--seconds", "0.1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_out_of_the_wrong_kind_is_refused(comp, out, tmp_path):
    proc = run_vcs("export", comp, "--out", out.parent, "--format", "mp4", *SMALL, cwd=tmp_path)
    assert_refused(proc, "is a folder; an MP4 export needs a file name")
    proc = run_vcs("export", comp, "--out", out, "--format", "png", *SMALL, cwd=tmp_path)
    assert_refused(proc, f"--out {out}: is a file; a PNG sequence is written into a folder")
    assert_untouched(out)


def test_usage_errors_keep_status_2(comp, tmp_path):
    proc = run_vcs("export", comp, "--out", tmp_path / "x.mp4", "--size", "wide", cwd=tmp_path)
    assert proc.returncode == 2 and "WIDTHxHEIGHT" in proc.stderr and "Traceback" not in proc.stderr


# ---------------------------------------------------------------------- failures during a run


def test_failed_export_keeps_the_existing_file(tmp_path, out):
    comp = write_composition(tmp_path / "late", LATE_FAILURE)
    proc = run_vcs("export", comp, "--out", out, "--size", "64x36", "--seconds", "0.5", cwd=tmp_path)
    assert_refused(proc, "index.jsx:", "Error: late failure")
    assert_untouched(out)


def test_failed_png_export_leaves_only_complete_frames(tmp_path):
    comp = write_composition(tmp_path / "late", LATE_FAILURE)
    seq = tmp_path / "seq"
    seq.mkdir()
    (seq / "frame_00000.png").write_bytes(KNOWN)
    proc = run_vcs("export", comp, "--out", seq, "--size", "64x36", "--seconds", "0.5", cwd=tmp_path)
    assert_refused(proc, "late failure")
    names = files_in(seq)
    assert all(name.startswith("frame_") and name.endswith(".png") for name in names), names
    for name in names:  # each file the earlier one or a complete new frame, never a partial one
        data = (seq / name).read_bytes()
        assert data == KNOWN or (data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")), name


def test_multi_line_composition_error_is_one_line(tmp_path):
    comp = write_composition(tmp_path / "c", "export default function C() { throw new Error('first\\nsecond'); }")
    proc = run_vcs("render", comp, "--out", tmp_path / "o", cwd=tmp_path)
    assert_refused(proc, "index.jsx:", "first")


def test_successful_export_replaces_the_file_with_ordinary_permissions(comp, out):
    proc = run_vcs("export", comp, "--out", out, *SMALL, cwd=out.parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() != KNOWN and out.read_bytes()[4:8] == b"ftyp"
    assert files_in(out.parent) == [out.name]
    assert out.stat().st_mode & 0o777 == 0o644 or out.stat().st_mode & 0o044  # readable by others, as before


def test_render_files_are_replaced_whole_with_ordinary_permissions(comp, tmp_path):
    folder = tmp_path / "o"
    folder.mkdir()
    old = folder / "vcs-output_0_videolayers.json"
    old.write_bytes(KNOWN)
    os.chmod(old, 0o640)
    proc = run_vcs("render", comp, "--out", folder, "--emit", "videolayers,graphics", "--size", "64x36", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(old.read_text()) and old.stat().st_mode & 0o777 == 0o640  # new content, same mode
    assert files_in(folder) == ["vcs-output_0_graphics.png", "vcs-output_0_videolayers.json"]
    assert (folder / "vcs-output_0_graphics.png").stat().st_mode & 0o044  # not mkstemp's 0600


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_export_keeps_the_existing_file(comp, out, how):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "vcs_engine", "export", str(comp), "--out", str(out),
                             "--size", "64x36", "--seconds", "600"], cwd=out.parent.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(files_in(out.parent)) < 2:  # the temporary file appeared: encoding is under way
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(how)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "cancelled" in stderr
    assert_untouched(out)


# ---------------------------------------------------------------------- bugs


def test_an_unexpected_exception_is_one_line_and_v_shows_the_traceback(monkeypatch, capsys):
    import vcs_engine.cli as cli

    def broken(args):
        raise RuntimeError("something\nunexpected")

    monkeypatch.setattr(cli, "_run", broken)
    assert vcs(["info", "daily:baseline"]) == 1
    err = capsys.readouterr().err
    assert error_line(err) == ("error: unexpected RuntimeError: something / unexpected "
                               "(a bug in vcs; -v shows the traceback)")
    assert vcs(["-v", "info", "daily:baseline"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected RuntimeError") and "Traceback" in err and "broken" in err


def test_an_os_error_names_the_path(monkeypatch, capsys, tmp_path):
    import vcs_engine.cli as cli

    def denied(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "x.mp4"))

    monkeypatch.setattr(cli, "_run", denied)
    assert vcs(["info", "daily:baseline"]) == 1
    assert error_line(capsys.readouterr().err) == f"error: {tmp_path / 'x.mp4'}: Permission denied"


def test_a_write_that_fails_midway_keeps_the_previous_render_file(comp, tmp_path, monkeypatch, capsys):
    import vcs_engine.render as render

    folder = tmp_path / "o"
    folder.mkdir()
    old = folder / "vcs-output_0_graphics.png"
    old.write_bytes(KNOWN)

    def half_written(rgba, path):
        Path(path).write_bytes(b"\x89PNG truncated")
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(render, "write_png", half_written)
    refused_in_process(["render", comp, "--out", folder, "--emit", "graphics", "--size", "64x36"], capsys,
                       "No space left on device")
    assert old.read_bytes() == KNOWN and files_in(folder) == [old.name]
