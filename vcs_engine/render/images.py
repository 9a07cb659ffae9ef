"""Image assets of ``drawImage``: where their files are, decoding once, caching by id.

Display lists name images by ``{"type", "id"}`` only (layout-and-output.md §5.3); the
:class:`AssetResolver` maps them to files of this installation: default assets from the user's
``--assets`` folders first and then our built-in ``vcs_engine/assets/``, composition assets from
the composition's ``images/`` folder, live assets from a live folder whose files may change while
rendering.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import skia

from .canvex import AssetRef

log = logging.getLogger(__name__)

BUILTIN_ASSET_DIR = Path(__file__).resolve().parent.parent / "assets"
LIVE_RECHECK_SECONDS = 0.25


@dataclass
class _LiveEntry:
    image: skia.Image | None
    mtime_ns: int
    checked_at: float
    asset_id: str


def decode_image(path: Path) -> skia.Image | None:
    """Decode an encoded image file (PNG, JPEG, …) with Skia into a raster image, or ``None``.

    Decoding eagerly (``makeRasterImage``) means each frame reuses the pixels instead of
    decoding again; no colour profile is applied (the canvas has no colour space).
    """
    data = skia.Data.MakeFromFileName(str(path))
    image = skia.Image.MakeFromEncoded(data) if data is not None else None
    return image.makeRasterImage() if image is not None else None


def _file_name(ref: AssetRef) -> str:
    """The file name an id stands for: live ids carry ``#<liveAssetUpdateKey>``, cut it off."""
    if ref.type == "liveAsset":
        return ref.id.rpartition("#")[0] or ref.id
    return ref.id


def _inside(base: Path, name: str) -> Path | None:
    """``base/name`` if it stays inside ``base`` (ids must not reach files elsewhere)."""
    root = base.resolve()
    candidate = (root / name).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None


class AssetResolver:
    """Finds and caches the images that display lists refer to.

    ``placeholder=True`` asks the renderer to draw a visible crossed box where an image is
    missing (useful while authoring in the studio); by default a missing image draws nothing,
    as in Daily's renderer (VCS itself already draws its green placeholder for unknown images).
    """

    def __init__(self, composition_dir: Path | str | None = None,
                 asset_dirs: Sequence[Path | str] = (), live_dir: Path | str | None = None,
                 *, placeholder: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.composition_dir = Path(composition_dir) if composition_dir is not None else None
        self.asset_dirs = [Path(d) for d in asset_dirs]
        self.live_dir = Path(live_dir) if live_dir is not None else None
        self.placeholder = placeholder
        self._clock = clock
        self._images: dict[AssetRef, skia.Image | None] = {}
        self._live: dict[str, _LiveEntry] = {}  # by file name, so update keys share one entry
        self._warned: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def path(self, ref: AssetRef) -> Path | None:
        """The file an asset reference names here, or ``None`` if there is none."""
        name = _file_name(ref)
        for folder in self._folders(ref.type):
            candidate = _inside(folder, name)
            if candidate is not None and candidate.is_file():
                return candidate
        return None

    def image(self, ref: AssetRef) -> skia.Image | None:
        """The decoded image for ``ref`` (cached by type and id), or ``None`` if unavailable."""
        with self._lock:
            if ref.type == "liveAsset":
                image = self._live_image(ref)
            else:
                if ref not in self._images:
                    path = self.path(ref)
                    self._images[ref] = decode_image(path) if path is not None else None
                image = self._images[ref]
            warn_key = (ref.type, _file_name(ref))
            if image is None and warn_key not in self._warned:
                self._warned.add(warn_key)
                log.warning("image %s %r not found or not decodable; %s", ref.type, ref.id,
                            "drawn as a placeholder" if self.placeholder else "not drawn")
            return image

    def _folders(self, asset_type: str) -> list[Path]:
        if asset_type == "defaultAsset":
            return [*self.asset_dirs, BUILTIN_ASSET_DIR]
        if asset_type == "liveAsset":
            return [self.live_dir] if self.live_dir is not None else []
        return [self.composition_dir / "images"] if self.composition_dir is not None else []

    def _live_image(self, ref: AssetRef) -> skia.Image | None:
        """Live files are re-checked every 0.25 s at most and re-read when their mtime is newer.

        A new ``#<liveAssetUpdateKey>`` (the host announcing a change) re-checks at once.
        """
        now = self._clock()
        key = _file_name(ref)
        entry = self._live.get(key)
        if entry is not None and entry.asset_id == ref.id \
                and now - entry.checked_at < LIVE_RECHECK_SECONDS:
            return entry.image
        path = self.path(ref)
        try:
            mtime_ns = path.stat().st_mtime_ns if path is not None else None
        except OSError:  # vanished between the lookup and the stat
            mtime_ns = None
        if path is None or mtime_ns is None:
            self._live[key] = _LiveEntry(None, 0, now, ref.id)
            return None
        if entry is None or entry.image is None or mtime_ns > entry.mtime_ns:
            entry = _LiveEntry(decode_image(path), mtime_ns, now, ref.id)
        entry.checked_at, entry.asset_id = now, ref.id
        self._live[key] = entry
        return entry.image
