"""Export › Recording payload: the options that start or update a Daily recording or live stream
for the params on screen, kept current at every edit, with every problem listed.

Daily's servers check nothing and drop a layout they dislike silently, so the dock shows a
payload only when `vcs_engine.payload.build_payload` finds no problem — the same function and the
same text as `vcs payload` — and lists each problem; a problem about a param takes the user to
that param's editor, one about the base URL or composition id to that field.

Cheap enough to run at every edit on the GUI thread (`build_payload` is pure, ~0.1 ms for our
baseline): the dock follows the params model's `valuesChanged` directly and never asks the
engine. What it needs of the engine — the composition's facts and the scanned session assets —
comes once per load with `StudioSession.factsChanged` (studio/payload_facts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from vcs_engine.payload import (
    BASELINE_ID,
    FORMATS,
    TARGETS,
    PayloadOptions,
    PayloadResult,
    Problem,
    build_payload,
    format_payload,
    is_update,
)

from .params_model import ParamsModel
from .payload_export import ExportError, ExportResult, export_session_assets
from .payload_facts import LoadFacts
from .session import StudioSession

TITLE = "Recording payload"
PARAMS_LABEL = "params"
"""How problems name the param set (the CLI names the --params file)."""
PROBLEM_ROLE = Qt.ItemDataRole.UserRole
OK_STYLE = "color: #1b7f3b;"
PROBLEM_STYLE = "color: #b3261e;"

Log = Callable[[str, str], None]


class PayloadDock(QDockWidget):
    """The live payload, its problems and warnings, and the controls `vcs payload` has as options.

    `focus_param(id)` shows a param's editor (the params panel's `focus_param`); `log(level,
    text)` reports exports (the window's console and status bar)."""

    def __init__(self, model: ParamsModel, session: StudioSession, focus_param: Callable[[str], bool],
                 log: Log, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setObjectName("payload-dock")  # saveState() keys docks by name
        self.model = model
        self._focus_param = focus_param
        self._log = log
        self.load = LoadFacts()
        self.output_size: tuple[int, int] | None = None
        self.result: PayloadResult | None = None
        self.problems_shown: list[Problem] = []  # problems first, then warnings, as listed
        self.text = ""  # the payload as shown ('' while there are problems)
        self._auto_id = ""  # the composition id the dock filled in itself
        self._stale = True  # an input changed while the dock was hidden

        self.target_combo = QComboBox()
        self.target_combo.addItems(TARGETS)
        self.target_combo.setToolTip("What the payload is for (vcs payload --for)")
        self.format_combo = QComboBox()
        self.format_combo.addItems(FORMATS)
        self.format_combo.setToolTip("Plain JSON options, or the call that sends them (vcs payload --format)")
        self.composition_id = QLineEdit()
        self.composition_id.setPlaceholderText("the id Daily runs, e.g. daily:baseline")
        self.composition_id.setToolTip("The composition Daily's servers run (vcs payload --composition-id); "
                                       f"our baseline stands for {BASELINE_ID}")
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText("https://cdn.example.com/brand/")
        self.base_url.setToolTip("Where the session assets folder will be published; each asset's URL is "
                                 "this + its key (vcs payload --asset-base-url)")
        self.size_box = QCheckBox()
        self.size_box.setChecked(True)
        self.size_box.setToolTip("Start payloads: record at the preview's output size (vcs payload --size); "
                                 "unticked, Daily's default size")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setToolTip("Click a problem to go to what it is about")
        self.payload_view = QPlainTextEdit()
        self.payload_view.setReadOnly(True)
        self.payload_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.payload_view.setPlaceholderText("No payload while there are problems: Daily's servers would drop "
                                             "it silently.")
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Put the payload, in the chosen format, on the clipboard")
        self.export_button = QPushButton("Export session assets…")
        self.export_button.setToolTip("Write the folder to publish at the base URL (the images and override "
                                      "code the payload names) and payload.json beside it")
        self._build_layout()

        self.target_combo.currentTextChanged.connect(self.refresh)
        self.format_combo.currentTextChanged.connect(self.refresh)
        self.composition_id.textChanged.connect(self.refresh)
        self.base_url.textChanged.connect(self.refresh)
        self.size_box.toggled.connect(self.refresh)
        self.problem_list.itemClicked.connect(self._item_chosen)
        self.problem_list.itemActivated.connect(self._item_chosen)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self.ask_export)
        model.valuesChanged.connect(self.refresh)
        model.modelReset.connect(self.refresh)
        session.factsChanged.connect(self.set_facts)
        session.outputSizeChanged.connect(self.set_output_size)
        self.visibilityChanged.connect(lambda visible: visible and self._stale and self.refresh())
        self.refresh()

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("For", self.target_combo)
        form.addRow("Format", self.format_combo)
        form.addRow("Composition id", self.composition_id)
        form.addRow("Base URL", self.base_url)
        form.addRow("Size", self.size_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(self.problem_list, 1)
        column.addWidget(self.payload_view, 3)
        column.addLayout(buttons)
        self.setWidget(body)

    # ------------------------------------------------------------------ inputs

    def set_facts(self, load: LoadFacts) -> None:
        """A load's facts. The composition id follows the composition (daily:baseline for our
        baseline, empty for others) unless the user typed one."""
        self.load = load
        auto = BASELINE_ID if load.facts is not None and load.facts.is_our_baseline else ""
        typed = self.composition_id.text() != self._auto_id
        self._auto_id = auto
        if not typed:
            with QSignalBlocker(self.composition_id):
                self.composition_id.setText(auto)
        if load.size is not None:
            self._take_size(*load.size)
        self.refresh()

    def set_output_size(self, width: int, height: int) -> None:
        self._take_size(width, height)
        self.refresh()

    def _take_size(self, width: int, height: int) -> None:
        self.output_size = (width, height)
        self.size_box.setText(f"{width}×{height} (the preview's output size)")

    def options(self) -> PayloadOptions:
        """The dock's fields as `vcs payload`'s options."""
        return PayloadOptions(
            target=self.target_combo.currentText(),
            composition_id=self.composition_id.text().strip() or None,
            asset_base_url=self.base_url.text().strip() or None,
            size=self.output_size if self.size_box.isChecked() else None,
            params_label=PARAMS_LABEL)

    # ------------------------------------------------------------------ the payload

    def refresh(self, *_args: object) -> None:
        """Build the payload for the model's params and show it (skipped while hidden: it is
        built when the dock shows)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        facts = self.load.facts
        if facts is None:
            self.result = None
            self._show([Problem("no composition loaded")], [], "")
            return
        target = self.target_combo.currentText()
        result = build_payload(facts, self.model.changed_values(), self.options(), self.load.assets)
        problems = ([self.load.assets_problem] if self.load.assets_problem is not None else []) + result.problems
        self.result = result
        text = format_payload(result.options, target, self.format_combo.currentText()) \
            if result.options is not None and not problems else ""
        self._show(problems, result.warnings, text)

    def _show(self, problems: list[Problem], warnings: list[Problem], text: str) -> None:
        listed = problems + warnings
        if listed != self.problems_shown:
            self.problems_shown = listed
            self.problem_list.clear()
            for problem in listed:
                self.problem_list.addItem(self._item(problem, warning=problem not in problems))
        self.problem_list.setVisible(bool(listed))
        if text != self.text:
            self.text = text
            self.payload_view.setPlainText(text)
        ok = bool(text)
        self.copy_button.setEnabled(ok)
        self.export_button.setEnabled(ok)
        if ok:
            count = len(problems) + len(warnings)
            self.summary.setText(f"Ready: {self.target_combo.currentText()}"
                                 + (f" ({len(warnings)} warning{'s' if len(warnings) != 1 else ''})" if count else ""))
        else:
            self.summary.setText(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}: fix "
                                 f"{'it' if len(problems) == 1 else 'them'} to get a payload (click one to go there)")
        style = OK_STYLE if ok else PROBLEM_STYLE
        if self.summary.styleSheet() != style:
            self.summary.setStyleSheet(style)

    def _item(self, problem: Problem, warning: bool) -> QListWidgetItem:
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning if warning else QStyle.StandardPixmap.SP_MessageBoxCritical
        text = problem.message.removeprefix(f"{PARAMS_LABEL}: ")  # every param here is the studio's
        item = QListWidgetItem(_style_icon(icon), text)
        item.setData(PROBLEM_ROLE, problem)
        item.setToolTip(problem.message)
        return item

    # ------------------------------------------------------------------ going to a problem

    def _item_chosen(self, item: QListWidgetItem) -> None:
        self.point_at(item.data(PROBLEM_ROLE))

    def point_at(self, problem: Problem) -> bool:
        """Take the user to what a problem is about: its param's editor, or the dock's field
        for an option. False when it names neither."""
        if problem.param is not None and self._focus_param(problem.param):
            return True
        field = {"--asset-base-url": self.base_url, "--composition-id": self.composition_id,
                 "--size": self.size_box}.get(problem.file or "")
        if field is None:
            return False
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # ------------------------------------------------------------------ copy and export

    def copy(self) -> bool:
        """The payload as shown (chosen format) on the clipboard; False when there is none."""
        self.refresh()
        if not self.text:
            return False
        QGuiApplication.clipboard().setText(self.text)
        self._log("info", f"copied the {self.target_combo.currentText()} payload ({self.format_combo.currentText()})")
        return True

    def ask_export(self) -> None:
        start = str(self.load.assets.folder.parent) if self.load.assets is not None else str(Path.cwd())
        folder = QFileDialog.getExistingDirectory(self, "Export session assets and payload.json into", start)
        if folder:
            self.export_to(Path(folder))

    def export_to(self, destination: Path) -> ExportResult | None:
        """Write the session assets the payload names and payload.json into `destination`
        (studio/payload_export.py); None and an error line when there are problems or a file
        could not be written (existing files are then as they were)."""
        self.refresh()
        result = self.result
        if result is None or result.options is None or not self.text:
            self._log("error", "export: the payload has problems; fix them first (Export › Recording payload)")
            return None
        target = self.target_combo.currentText()
        try:
            done = export_session_assets(destination, result.options, target, self.load.assets)
        except ExportError as error:
            self._log("error", f"export failed, nothing more written: {error}")
            return None
        where = (f"; publish {done.upload_folder} at {self.base_url.text().strip()}"
                 if done.upload_folder is not None else "")
        self._log("info", f"exported {len(done.files)} file{'s' if len(done.files) != 1 else ''} for {target} "
                          f"into {destination}{where}" + (" (updates carry no assets)" if is_update(target) else ""))
        return done


def _style_icon(pixmap: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(pixmap)
