"""Image names: a chooser of the images the composition can name, and "Add image…"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QToolButton, QWidget

from vcs_engine.interface import ParamSpec

from ..asset_catalog import IMAGE_SUFFIXES
from .base import EditorContext, ParamEditor, warning_icon


def is_image_param(spec: ParamSpec) -> bool:
    """Text naming an image asset (Daily's convention: `…assetName`, `…ImageAssetName`)."""
    return spec.type == "text" and spec.id.endswith(("assetName", "AssetName"))


def choose_image_file(parent: QWidget | None, start: Path | None) -> Path | None:
    """Ask for an image file (module-level so tests can answer instead of a user)."""
    patterns = " ".join(f"*{suffix}" for suffix in IMAGE_SUFFIXES)
    file, _ = QFileDialog.getOpenFileName(parent, "Add image", str(start or Path.home()),
                                          f"Images ({patterns})")
    return Path(file) if file else None


class ImageEditor(ParamEditor):
    """A chooser of the images the composition can name, with thumbnails, and "Add image…"."""

    NONE_LABEL = "(none)"

    def __init__(self, spec: ParamSpec, ctx: EditorContext) -> None:
        super().__init__(spec, ctx)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        self.combo.currentIndexChanged.connect(lambda i: self.commit(self.combo.itemData(i)))
        self.add_button = QToolButton(text="Add image…")
        self.add_button.clicked.connect(self.add_image)
        self.input = self.combo
        self.widget = QWidget()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        self._shown: Any = None
        self._fill()
        ctx.catalog.changed.connect(self._catalog_changed)

    def close(self) -> None:
        self.ctx.catalog.changed.disconnect(self._catalog_changed)

    def _fill(self) -> None:
        catalog = self.ctx.catalog
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.NONE_LABEL, "")
        for entry in catalog.entries():
            self.combo.addItem(catalog.icon(entry.name), entry.name, entry.name)
            self.combo.setItemData(self.combo.count() - 1, f"{entry.kind} image · {entry.width}×{entry.height}",
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.blockSignals(False)
        can_add = catalog.can_add
        self.add_button.setEnabled(can_add)
        self.add_button.setToolTip("Copy an image into the composition's images/ folder" if can_add
                                   else "Only a folder composition has an images/ folder")

    def _catalog_changed(self) -> None:
        self._fill()
        self.show_value(self._shown)

    def show_value(self, value: Any) -> None:
        self._shown = value
        name = "" if value is None else str(value)
        self.combo.blockSignals(True)
        index = self.combo.findData(name)
        if index < 0:
            self.combo.addItem(warning_icon(), f"{name} (missing)", name)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        known = name == "" or self.ctx.catalog.get(name) is not None
        self.problem = None if known else \
            f"no image named {name!r} in the composition's images, session or built-in assets"
        self.combo.setToolTip(self.problem or "")

    def add_image(self) -> str | None:
        catalog = self.ctx.catalog
        source = choose_image_file(self.ctx.parent, catalog.composition_dir)
        if source is None:
            return None
        try:
            name = catalog.add_image(source)
        except (OSError, ValueError) as error:
            self.problem = str(error)
            self.combo.setToolTip(self.problem)
            return None
        self.ctx.reload_images()
        self.commit(name)
        return name
