"""File › Export…: format, size, frame rate, range and target of an export of the preview.

The dialog only asks; `studio_job` (studio/export_job.py) turns its answer and the window's
state into a job, and the export queue runs it. The size starts at the preview's; H.264 (MP4,
HLS) needs even sides, so those formats step sizes by two. The target follows the format: a
file for MP4, a folder for a PNG sequence or HLS (Browse… asks for the right kind).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from vcs_engine.jobs import JobFormat
from vcs_engine.limits import MAX_OUTPUT_SIDE

from .export_job import FORMAT_NAMES, ExportSettings

DEFAULT_LENGTH_S = 10.0


class ExportDialog(QDialog):
    """Asks for `ExportSettings`; `settings()` is valid once accepted."""

    def __init__(self, size: tuple[int, int], folder: Path, name: str, parent: QWidget | None = None, *,
                 fps: float = 30.0, length_s: float = DEFAULT_LENGTH_S,
                 in_out_s: tuple[float, float] | None = None) -> None:
        """`fps` and `length_s` start at the timeline document's; `in_out_s` (the timeline's
        in/out marks, in seconds) pre-selects that range."""
        super().__init__(parent)
        self.setWindowTitle("Export")
        self._folder, self._name = folder, name
        self.format = QComboBox()
        for key, text in FORMAT_NAMES.items():
            self.format.addItem(text, key)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, size[0]), (self.height_box, size[1])):
            box.setRange(2, MAX_OUTPUT_SIDE)
            box.setValue(value)
        self.fps = QDoubleSpinBox()
        self.fps.setRange(1, 120)
        self.fps.setDecimals(3)
        self.fps.setValue(fps)
        self.whole = QRadioButton("From the start, for")
        self.in_out = QRadioButton("From")
        self.whole.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.in_out)
        self.length = self._seconds(length_s)
        self.length.setMinimum(0.1)
        self.in_point, self.out_point = self._seconds(0.0), self._seconds(length_s)
        if in_out_s is not None:
            self.in_point.setValue(in_out_s[0])
            self.out_point.setValue(in_out_s[1])
            self.in_out.setChecked(True)
        self.target = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)

        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Size", _row(self.width_box, QLabel("×"), self.height_box))
        form.addRow("Frame rate", self.fps)
        form.addRow("Range", _row(self.whole, self.length, QLabel("s")))
        form.addRow("", _row(self.in_out, self.in_point, QLabel("s to"), self.out_point, QLabel("s")))
        form.addRow("Save to", _row(self.target, browse))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

        self._shown_default: Path | None = None  # the target the dialog filled in itself
        self.format.currentIndexChanged.connect(self._format_changed)
        for widget in (self.target, self.in_point, self.out_point, self.width_box, self.height_box):
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.valueChanged
            signal.connect(self._validate)
        self.whole.toggled.connect(self._validate)
        self._format_changed()

    @staticmethod
    def _seconds(value: float) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(0, 3600)
        box.setDecimals(2)
        box.setValue(value)
        return box

    @property
    def kind(self) -> JobFormat:
        return self.format.currentData()

    def _default_target(self) -> Path:
        return self._folder / (f"{self._name}.mp4" if self.kind == "mp4" else f"{self._name}-{self.kind}")

    def _format_changed(self) -> None:
        """The target's kind follows the format (an `.mp4` file, or a folder); H.264 sizes are even."""
        current = Path(self.target.text()) if self.target.text() else None
        if current is None or current == self._shown_default:  # not one the user chose
            self.target.setText(str(self._default_target()))
        self._shown_default = self._default_target()
        step = 1 if self.kind == "png" else 2
        for box in (self.width_box, self.height_box):
            box.setSingleStep(step)
        self._validate()

    def _browse(self) -> None:
        start = self.target.text() or str(self._default_target())
        if self.kind == "mp4":
            chosen, _ = QFileDialog.getSaveFileName(self, "Export MP4", start, "MP4 video (*.mp4)")
            if chosen and not chosen.lower().endswith(".mp4"):
                chosen += ".mp4"
        else:
            chosen = QFileDialog.getExistingDirectory(self, f"Export {FORMAT_NAMES[self.kind]} into", start)
        if chosen:
            self.target.setText(chosen)

    def problem(self) -> str:
        """Why the settings cannot be exported ("" when they can); shown on the Export button."""
        if not self.target.text().strip():
            return "choose where to save"
        if self.kind != "png" and (self.width_box.value() % 2 or self.height_box.value() % 2):
            return "H.264 needs an even width and height"
        if self.in_out.isChecked() and self.out_point.value() <= self.in_point.value():
            return "the out point must come after the in point"
        target = Path(self.target.text())
        if self.kind == "mp4" and target.is_dir():
            return "an MP4 is a file: choose a file name"
        if self.kind != "mp4" and target.exists() and not target.is_dir():
            return f"a {FORMAT_NAMES[self.kind]} is a folder: choose a folder"
        return ""

    def _validate(self, *_args: object) -> None:
        problem = self.problem()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)
        ok.setToolTip(problem)

    def settings(self) -> ExportSettings:
        start, end = ((self.in_point.value(), self.out_point.value()) if self.in_out.isChecked()
                      else (0.0, self.length.value()))
        return ExportSettings(self.kind, (self.width_box.value(), self.height_box.value()), self.fps.value(),
                              start, end, Path(self.target.text().strip()).expanduser())


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row
