"""File › New Composition from Template…: our baseline and examples copied into a folder the user
picks, opened, and remembered among the recent compositions; folders that are not empty or lie
inside our own files are refused in one line, with nothing copied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)
from test_studio_params import isolated_settings  # noqa: F401 (an autouse fixture)

from studio.new_composition import NewCompositionDialog, folder_base, suggested_folder
from studio.settings import StudioSettings
from studio.templates import create_from_template, templates
from vcs_engine.errors import InputError
from vcs_engine.host import COMPOSITIONS_DIR, Host

ROOT = Path(__file__).resolve().parents[1]


def by_name(name: str):
    return next(t for t in templates() if t.name == name)


def test_templates_are_our_baseline_and_examples():
    found = {t.name: t for t in templates()}
    assert list(found)[0] == "baseline"
    examples = {p.stem if p.is_file() else p.name for p in (COMPOSITIONS_DIR / "examples").iterdir()}
    assert set(found) == {"baseline"} | examples
    assert "panel-talk" in found and "welcome" in found
    assert found["welcome"].description.startswith("A single-file example")
    assert found["baseline"].description.startswith("VCS Studio's baseline composition")


@pytest.mark.parametrize("name", ["welcome", "panel-talk", "baseline"])
def test_a_copied_template_is_a_working_composition_of_its_own(tmp_path, name):
    folder = create_from_template(by_name(name), tmp_path / "new" / "mine")
    assert folder == (tmp_path / "new" / "mine").resolve()
    assert (folder / "index.jsx").is_file()
    assert not (folder / "scripts").exists()  # our tooling stays with us
    original = Host()
    original.open({"baseline": "daily:baseline"}.get(name, f"example:{name}"))
    copy = Host()
    copy.open(str(folder))
    assert copy.path == folder
    assert [p.id for p in copy.interface.params] == [p.id for p in original.interface.params]
    assert copy.render(0).flattened_json == original.render(0).flattened_json


def test_refusals_copy_nothing(tmp_path):
    welcome = by_name("welcome")
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    for folder, says in ((full, "is not empty"), (full / "notes.txt", "is a file"),
                         (COMPOSITIONS_DIR / "mine", "inside VCS Studio's own files"),
                         (ROOT / "studio" / "x", "inside VCS Studio's own files")):
        with pytest.raises(InputError) as raised:
            create_from_template(welcome, folder)
        assert says in str(raised.value) and str(raised.value).startswith(str(folder))
        assert "\n" not in str(raised.value)
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    assert not (COMPOSITIONS_DIR / "mine").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (create_from_template(welcome, empty) / "index.jsx").is_file()  # empty is fine


def test_a_failed_copy_leaves_the_folder_as_found(tmp_path, monkeypatch):
    import studio.templates as module

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module.shutil, "copyfile", broken)
    with pytest.raises(InputError, match="could not copy the template: No space left on device"):
        create_from_template(by_name("welcome"), tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_folder_suggestions(tmp_path):
    (tmp_path / "welcome").mkdir()
    (tmp_path / "welcome" / "index.jsx").write_text("", encoding="utf-8")
    (tmp_path / "welcome-2").mkdir()  # empty: usable
    assert suggested_folder(tmp_path, "welcome") == tmp_path / "welcome-2"
    assert suggested_folder(tmp_path, "baseline") == tmp_path / "baseline"
    assert folder_base(COMPOSITIONS_DIR / "baseline") == Path.home()  # never beside our own
    assert folder_base(tmp_path) == tmp_path.resolve()


def test_new_composition_from_the_file_menu(window, tmp_path):
    settings = StudioSettings.at(tmp_path / "studio.ini")
    w = window("daily:baseline", settings=settings)
    action = w.new_composition
    assert action in w.menuBar().actions()[0].menu().actions()
    assert action.shortcut().toString() == "Ctrl+N"
    dialog = action.ask()
    assert isinstance(dialog, NewCompositionDialog) and dialog.isVisible()
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())][0].startswith("Baseline")
    assert Path(dialog.folder.text()).parent == Path.home()  # the open one is ours: not beside it

    dialog.list.setCurrentRow(next(i for i, t in enumerate(dialog.templates) if t.name == "panel-talk"))
    assert "agenda" in dialog.description.text()
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("x", encoding="utf-8")
    dialog.folder.setText(str(taken))
    dialog._folder_typed(str(taken))
    dialog.create_button.click()
    assert dialog.isVisible() and dialog.problem.isVisible()  # refused in place, nothing opened
    assert dialog.problem.text() == f"{taken}: is not empty; choose an empty or new folder (nothing was copied)"
    assert [p.name for p in taken.iterdir()] == ["keep.txt"]

    target = tmp_path / "talks" / "friday"
    dialog.folder.setText(str(target))
    dialog.create_button.click()
    QApplication.processEvents()
    assert action.dialog is None  # closed (and deleted)
    settle(w)
    step(w)
    assert w.session.engine.host.path == target.resolve()
    assert w.windowTitle() == "VCS Studio — Panel talk"
    assert w.banner.isHidden() and w.last_frame is not None
    assert settings.recent()[0] == str(w.session.engine.host.path)
    assert w.undo_stack.count() == 0
