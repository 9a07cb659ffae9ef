"""The images a composition can name: its own `images/`, session assets and built-in assets.

Image-name params (`image.assetName`, `…bgImageAssetName`) are chosen from this list instead of
typed. The list is the host's image table (what the composition really sees), with the file
behind each name (for thumbnails) found by the renderer's own lookup. "Add image…" copies a file
into the composition's `images/` folder; the engine sees it after the reload that follows.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap

from vcs_engine.render import AssetRef, AssetResolver

THUMBNAIL = QSize(32, 32)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
"""What the engine decodes (vcs_engine/imagefile.py): the file dialog offers these."""
KIND_ORDER = {"composition": 0, "session": 1, "built-in": 2}


@dataclass(frozen=True)
class ImageEntry:
    """One name a composition can use, where its file is, and what kind of asset it is."""

    name: str
    kind: str  # "composition", "session" or "built-in"
    path: Path | None
    width: int
    height: int


class AssetCatalog(QObject):
    """The current composition's image names; `changed` when they change."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: dict[str, ImageEntry] = {}
        self.composition_dir: Path | None = None
        self._icons: dict[tuple[Path, float], QIcon] = {}

    def update(self, images: Mapping[str, Mapping], composition_dir: Path | None,
               image_dirs: Sequence[Path]) -> None:
        """Take the host's image table (`host.images`) and its folders (`host.image_dirs`: the
        session's `images/`, then `--assets` folders)."""
        resolver = AssetResolver(composition_dir, image_dirs)
        session_dirs = [Path(d).resolve() for d in image_dirs]
        entries = {}
        for name, entry in images.items():
            path = resolver.path(AssetRef(str(entry.get("type", "")), str(entry.get("id", name))))
            if entry.get("type") == "compositionAsset":
                kind = "composition"
            elif path is not None and any(path.resolve().is_relative_to(d) for d in session_dirs):
                kind = "session"
            else:
                kind = "built-in"
            entries[name] = ImageEntry(name, kind, path, int(entry.get("width", 0)), int(entry.get("height", 0)))
        if entries != self._entries or composition_dir != self.composition_dir:
            self._entries = entries
            self.composition_dir = composition_dir
            self.changed.emit()

    def entries(self) -> list[ImageEntry]:
        """Composition images first, then session assets, then built-ins; by name within each."""
        return sorted(self._entries.values(), key=lambda e: (KIND_ORDER.get(e.kind, 3), e.name.lower()))

    def get(self, name: str) -> ImageEntry | None:
        return self._entries.get(name)

    def icon(self, name: str) -> QIcon:
        """A thumbnail (decoded scaled down, cached per file and modification time)."""
        entry = self._entries.get(name)
        if entry is None or entry.path is None:
            return QIcon()
        try:
            key = (entry.path, entry.path.stat().st_mtime)
        except OSError:
            return QIcon()
        if key not in self._icons:
            reader = QImageReader(str(entry.path))
            size = reader.size()
            if size.isValid():
                reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
            image = reader.read()
            self._icons[key] = QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon()
        return self._icons[key]

    @property
    def can_add(self) -> bool:
        """Only folder compositions have an `images/` folder (a single file has none)."""
        return self.composition_dir is not None

    def add_image(self, source: Path) -> str:
        """Copy `source` into the composition's `images/` and return the name to use. A file
        of that name with other content is kept: the copy gets a numbered name."""
        if self.composition_dir is None:
            raise ValueError("only a folder composition has an images/ folder")
        if QImageReader(str(source)).size().isEmpty():
            raise ValueError(f"{source.name} is not an image the studio can read")
        folder = self.composition_dir / "images"
        folder.mkdir(exist_ok=True)
        target = folder / source.name
        counter = 2
        while target.exists() and target.read_bytes() != source.read_bytes():
            target = folder / f"{source.stem}-{counter}{source.suffix}"
            counter += 1
        if not target.exists():
            shutil.copyfile(source, target)
        reader = QImageReader(str(target))
        size = reader.size()
        self._entries[target.name] = ImageEntry(target.name, "composition", target, size.width(), size.height())
        self.changed.emit()
        return target.name
