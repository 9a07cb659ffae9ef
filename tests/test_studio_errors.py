"""Errors readable in place: the Errors dock (studio/errors_dock.py) and its report
(studio/error_report.py), driven through a real window as a user meets them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QDockWidget
from test_studio import COMPOSITION, settle, step, window, write_comp  # noqa: F401 (window is a fixture)

from studio import errors_dock
from studio.error_report import read_excerpt, relative_name, report_error
from studio.errors_dock import NO_ERROR, editor_command, open_in_editor

INNER = """\
import * as React from 'react';
import { Box } from '#vcs-react/components';

export default function Inner({ broken }) {
  const look = broken ? null : { color: '#ff0000' };
  return <Box style={{ fillColor: look.color }} />;
}
"""


def nested_comp(folder: Path) -> Path:
    """The test composition with a component in `components/` that fails at line 6 when
    `showVideo` is off."""
    body = COMPOSITION.replace("COLOR", "#000000").replace(
        "import { grid } from '#vcs-stdlib/layouts';",
        "import { grid } from '#vcs-stdlib/layouts';\nimport Inner from './components/Inner.js';").replace(
        "    <Box style={{ fillColor: '#000000' }}>", "    <Box style={{ fillColor: '#000000' }}>\n"
        "      <Inner broken={!params.showVideo} />")
    write_comp(folder, body=body)
    (folder / "components").mkdir()
    (folder / "components" / "Inner.js").write_text(INNER, encoding="utf-8")
    return folder


def in_front(dock) -> bool:
    """A tabbed dock is in front when its contents can be seen."""
    return dock.isVisible() and not dock.widget().visibleRegion().isEmpty()


def test_the_dock_shows_the_error_whole(window, tmp_path):
    w = window(nested_comp(tmp_path / "comp"))
    step(w)
    panel = w.errors_panel
    assert panel.report is None and panel.message.text() == NO_ERROR
    assert not panel.copy_button.isEnabled() and not panel.editor_button.isEnabled()

    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    report = panel.report
    assert "cannot read property 'color' of null" in panel.message.text()
    # The location is relative to the composition folder; the banner keeps its one line.
    assert report.where == "components/Inner.js:6"
    assert report.path == tmp_path / "comp" / "components" / "Inner.js"
    assert "components/Inner.js:6" in panel.location.text() and w.banner.isVisible()
    # The source lines around it, read from the file, the failing line highlighted.
    source = panel.source.toPlainText()
    assert "return <Box style={{ fillColor: look.color }} />;" in source
    assert "export default function Inner" in source
    assert panel.source.highlighted_line == 6
    (selection,) = panel.source.extraSelections()
    assert "look.color" in selection.cursor.block().text() and selection.cursor.block().text().startswith("6 ")
    # The stacks: the composition's frames and the components, outermost last.
    stacks = panel.stacks.toPlainText()
    assert "at Inner (components/Inner.js:6)" in stacks
    assert stacks.index("in Inner") < stacks.index("in Box") < stacks.index("in Test")

    # A fix says so in the dock too.
    w.params_panel.controls["showVideo"].setChecked(True)
    step(w)
    assert panel.report is None and panel.message.text() == NO_ERROR and w.banner.isHidden()
    assert not panel.source.isVisibleTo(panel)


def test_copy_puts_the_whole_report_on_the_clipboard(window, tmp_path):
    w = window(nested_comp(tmp_path / "comp"))
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    w.errors_panel.copy_button.click()
    text = QApplication.clipboard().text()
    assert text.startswith("components/Inner.js:6: TypeError: cannot read property 'color' of null")
    assert "> 6 |   return <Box style={{ fillColor: look.color }} />;" in text
    assert "  5 |   const look" in text
    assert "Component stack:" in text and "in Inner" in text


def test_clicking_the_banner_raises_the_dock(window, tmp_path, qtbot):
    w = window(nested_comp(tmp_path / "comp"))
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    assert w.banner.isVisible()
    assert not w.errors_dock.isVisible()  # until asked for
    qtbot.mouseClick(w.banner, Qt.MouseButton.LeftButton)
    assert in_front(w.errors_dock)
    assert w.errors_dock in w.tabifiedDockWidgets(w.findChild(QDockWidget, "console-dock"))
    # A closed dock comes back the same way, or from the View menu.
    w.errors_dock.close()
    qtbot.mouseClick(w.banner, Qt.MouseButton.LeftButton)
    assert in_front(w.errors_dock)
    w.errors_dock.close()
    w.errors_dock.toggleViewAction().trigger()
    assert in_front(w.errors_dock)


def test_a_syntax_error_has_a_column_and_a_caret(window, tmp_path):
    folder = write_comp(tmp_path / "comp")
    w = window(folder)
    step(w)
    lines = (folder / "index.jsx").read_text().splitlines()
    lines[19] = "  return (<Box style={{ fillColor: }} />;"  # line 20
    (folder / "index.jsx").write_text("\n".join(lines) + "\n")
    w.reload_composition()
    settle(w)
    report = w.errors_panel.report
    assert report.where.startswith("index.jsx:20:") and report.col
    rows = w.errors_panel.source.toPlainText().splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith("20 "))
    caret = rows[at + 1]
    assert caret.rstrip().endswith("^")
    # The caret sits under the reported column (line numbers and the bar are the prefix).
    prefix = rows[at].index("│") + 2
    assert caret.index("^") - prefix == report.col - 1
    assert "JS stack" not in w.errors_panel.stacks.toPlainText()


def test_open_in_editor_uses_visual_then_editor_then_the_system(tmp_path):
    file = tmp_path / "index.jsx"
    file.write_text("x\n")
    assert editor_command(file, 12, {"EDITOR": "vim", "VISUAL": "kate --new"}) == ["kate", "--new", "+12", str(file)]
    assert editor_command(file, 3, {"EDITOR": "nano"}) == ["nano", "+3", str(file)]
    assert editor_command(file, 0, {"EDITOR": "nano"}) == ["nano", str(file)]
    assert editor_command(file, 3, {"EDITOR": "  "}) is None

    launched: list[tuple[str, list[str]]] = []
    opened: list[QUrl] = []

    def launch(program: str, args: list[str]) -> bool:
        launched.append((program, args))
        return True

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    assert open_in_editor(file, 7, environ={"EDITOR": "micro"}, launch=launch, open_url=open_url)
    assert launched == [("micro", ["+7", str(file)])] and not opened
    assert open_in_editor(file, 7, environ={}, launch=launch, open_url=open_url)
    assert opened == [QUrl.fromLocalFile(str(file))]
    # An editor that cannot be started falls back to the system's default application.
    assert open_in_editor(file, 7, environ={"EDITOR": "nope"}, launch=lambda *_: False, open_url=open_url)
    assert len(opened) == 2


def test_the_editor_button_opens_the_failing_file_at_its_line(window, tmp_path, monkeypatch):
    w = window(nested_comp(tmp_path / "comp"))
    w.params_panel.controls["showVideo"].setChecked(False)
    step(w)
    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setenv("VISUAL", "myeditor")
    monkeypatch.setattr(errors_dock, "_start_detached", lambda program, args: calls.append((program, args)) or True)
    w.errors_panel.editor_button.click()
    assert calls == [("myeditor", ["+6", str(tmp_path / "comp" / "components" / "Inner.js")])]
    calls.clear()
    w.errors_panel.location.linkActivated.emit("open")  # the file:line link does the same
    assert len(calls) == 1


def test_errors_without_a_place_still_read_well(window, tmp_path):
    w = window(tmp_path / "nope")
    report = w.errors_panel.report
    assert "nope" in report.message and report.where == "" and report.path is None
    assert not w.errors_panel.editor_button.isEnabled() and w.errors_panel.copy_button.isEnabled()
    assert not w.errors_panel.location.isVisibleTo(w.errors_panel)
    # An unexpected exception keeps its traceback for the author.
    try:
        raise KeyError("surprise")
    except KeyError as error:
        report = report_error(error, None)
    assert report.summary == "KeyError: 'surprise'" and "Traceback" in report.stacks_text()


def test_excerpts_and_relative_names(tmp_path):
    file = tmp_path / "a.js"
    file.write_text("\n".join(f"line {i}" for i in range(1, 21)) + "\n")
    excerpt = read_excerpt(file, 10)
    assert excerpt.first == 6 and excerpt.lines[0] == "line 6" and excerpt.lines[-1] == "line 14"
    assert read_excerpt(file, 1).first == 1 and read_excerpt(file, 20).lines[-1] == "line 20"
    assert read_excerpt(file, 21) is None and read_excerpt(file, 0) is None
    assert read_excerpt(tmp_path / "missing.js", 3) is None
    assert relative_name(tmp_path / "components" / "A.js", tmp_path) == "components/A.js"
    elsewhere = tmp_path.parent / "brand" / "components" / "A.js"
    assert relative_name(elsewhere, tmp_path) == str(elsewhere)  # a session-assets override says where
