"""Param sets: the flat `{id: value}` JSON of changed values, as files.

The same file `vcs render --params P.json` (and `vcs export`) takes, so a look designed in the
studio renders the same from the command line. Reading goes through the engine's own check
(`limits.read_params_file`: size limit, flat object, every value sendable), so a file the studio
loads is one the CLI accepts, and errors read the same. Writing is atomic (QSaveFile): a failed
save leaves an existing file as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QObject, QSaveFile
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from vcs_engine.errors import VcsError
from vcs_engine.limits import read_params_file

from .params_model import ParamsModel

SUFFIX = ".json"
FILE_FILTER = "Param sets (*.json)"


def read_param_set(path: Path) -> dict[str, Any]:
    """The params of a file; raises `InputError` (one line naming the file) when unusable."""
    return read_params_file(path)


def write_param_set(path: Path, values: Mapping[str, Any]) -> None:
    """Write `values` (declared order kept, readable diffs: one param per line)."""
    data = (json.dumps(dict(values), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    out = QSaveFile(str(path))
    if not out.open(QSaveFile.OpenModeFlag.WriteOnly) or out.write(data) != len(data) or not out.commit():
        out.cancelWriting()
        raise OSError(f"{path}: {out.errorString()}")


def dropped_param_files(mime: QMimeData) -> list[Path]:
    """The local `.json` files among dropped URLs."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX)]


class ParamSetActions(QObject):
    """File › Save Params… and Load Params…, and param files dropped on a window, for one
    params model. Loading is one undo step (the model's `replace_all`); `log(level, text)`
    reports what happened (the window's console and status bar)."""

    def __init__(self, model: ParamsModel, parent: QWidget, start_dir: Callable[[], str],
                 log: Callable[[str, str], None]) -> None:
        super().__init__(parent)
        self.model = model
        self._parent = parent
        self._start_dir = start_dir
        self._log = log
        self.save_action = QAction("Save &Params…", parent)
        self.save_action.setToolTip("The changed params as a JSON file (what vcs render --params takes)")
        self.save_action.triggered.connect(self._ask_save)
        self.load_action = QAction("&Load Params…", parent)
        self.load_action.setToolTip("Params from a JSON file (or drop the file on the window); Ctrl+Z undoes it")
        self.load_action.triggered.connect(self._ask_load)

    def _ask_save(self) -> None:
        file, _ = QFileDialog.getSaveFileName(self._parent, "Save params",
                                              str(Path(self._start_dir()) / "params.json"), FILE_FILTER)
        if file:
            self.save(Path(file))

    def _ask_load(self) -> None:
        file, _ = QFileDialog.getOpenFileName(self._parent, "Load params", self._start_dir(), FILE_FILTER)
        if file:
            self.load(Path(file))

    def save(self, path: Path) -> bool:
        values = self.model.changed_values()
        try:
            write_param_set(path, values)
        except OSError as error:
            self._log("error", f"could not save params: {error}")
            return False
        self._log("info", f"saved {len(values)} changed params to {path}")
        return True

    def load(self, path: Path) -> bool:
        """The file's values become the params (the others back to their defaults)."""
        try:
            values = read_param_set(path)
        except VcsError as error:
            self._log("error", f"could not load params: {error}")
            return False
        problem = self.model.replace_all(values, f"Load params {path.name}")
        if problem is not None:
            self._log("error", f"could not load params: {problem}")
            return False
        self._log("info", f"loaded {len(values)} params from {path}")
        return True

    @staticmethod
    def accepts(mime: QMimeData) -> bool:
        return bool(dropped_param_files(mime))

    def drop(self, mime: QMimeData) -> bool:
        """Load the first dropped param file; False when the drop holds none."""
        files = dropped_param_files(mime)
        return bool(files) and self.load(files[0])
