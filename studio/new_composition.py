"""File › New Composition from Template…: pick one of our templates and a folder, get a composition.

The dialog copies the template (studio/templates.py) when Create is pressed and emits `created`
with the new folder; the window opens it (which also puts it first in File › Open Recent). A
refused folder (not empty, a file, inside our package) or a failed copy is one line in red under
the fields and the dialog stays open, so the user picks another folder without starting over.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.errors import InputError

from .templates import PACKAGE_DIRS, Template, create_from_template, templates

PROBLEM_STYLE = "color: #b3261e;"


def suggested_folder(base: Path, name: str) -> Path:
    """`base/name`, or `base/name-2`, `-3`, … : the first that is free or empty."""
    for number in range(1, 1000):
        folder = base / (name if number == 1 else f"{name}-{number}")
        if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
            return folder
    return base / name


def folder_base(start: Path) -> Path:
    """Where new compositions go by default: beside the open one, unless that is one of ours
    (then the home folder)."""
    start = start.expanduser().resolve()
    inside_package = any(start == p or p in start.parents for p in PACKAGE_DIRS)
    return Path.home() if inside_package or not start.is_dir() else start


class NewCompositionDialog(QDialog):
    """Template list with each one's description, the destination folder, Create."""

    created = Signal(Path)

    def __init__(self, base: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Composition from Template")
        self.base = base
        self.templates: list[Template] = templates()
        self.list = QListWidget()
        self.list.addItems([template.title for template in self.templates])
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(self.description.fontMetrics().lineSpacing() * 3)
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("An empty or new folder")
        self.folder.textEdited.connect(self._folder_typed)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._ask_folder)
        self.problem = QLabel()
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton("Create", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("Folder:", folder_row)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Template:"))
        column.addWidget(self.list, 1)
        column.addWidget(self.description)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addWidget(buttons)
        self._folder_chosen = False  # a folder typed or chosen is kept when the template changes
        self.list.currentRowChanged.connect(self._template_changed)
        self.list.setCurrentRow(0)
        self.resize(560, 420)

    @property
    def template(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _template_changed(self, _row: int) -> None:
        template = self.template
        self.description.setText(template.description if template else "")
        if template is not None and not self._folder_chosen:
            self.folder.setText(str(suggested_folder(self.base, template.name)))
        self.problem.hide()

    def _folder_typed(self, _text: str) -> None:
        self._folder_chosen = True
        self.problem.hide()

    def _ask_folder(self) -> None:
        start = self.folder.text() or str(self.base)
        folder = QFileDialog.getExistingDirectory(self, "Folder for the new composition (empty or new)",
                                                  str(Path(start).parent))
        if folder:
            self.folder.setText(folder)
            self._folder_typed(folder)

    def accept(self) -> None:
        """Create the composition; on a refusal say why and stay open."""
        template, text = self.template, self.folder.text().strip()
        if template is None or not text:
            self._say("choose a template and a folder")
            return
        try:
            folder = create_from_template(template, Path(text))
        except InputError as error:
            self._say(str(error))
            return
        super().accept()
        self.created.emit(folder)

    def _say(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.show()


class NewCompositionAction(QAction):
    """The menu item (Ctrl+N); the dialog is window-modal and does not block the event loop
    (the preview keeps playing behind it). `dialog` is the open one, for tests."""

    def __init__(self, parent: QWidget, start_dir: Callable[[], str],
                 open_composition: Callable[[str], None]) -> None:
        super().__init__("&New Composition from Template…", parent)
        self.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.setToolTip("Copy our baseline or an example into a folder of yours and open it")
        self._parent = parent
        self._start_dir = start_dir
        self._open = open_composition
        self.dialog: NewCompositionDialog | None = None
        self.triggered.connect(self.ask)

    def ask(self) -> NewCompositionDialog:
        self.dialog = NewCompositionDialog(folder_base(Path(self._start_dir())), self._parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.created.connect(lambda folder: self._open(str(folder)))
        self.dialog.finished.connect(self._forget)
        self.dialog.open()
        return self.dialog

    def _forget(self) -> None:
        self.dialog = None
