"""Image assets of ``drawImage``: where their files are, decoding once, caching by id.

Display lists name images by ``{"type", "id"}`` only (layout-and-output.md §5.3); the
:class:`AssetResolver` maps them to files of this installation: default assets from the user's
``--assets`` folders first and then our built-in ``vcs_engine/assets/``, composition assets from
the composition's ``images/`` folder, live assets from a live folder whose files may change while
rendering.

Ids come from display lists, i.e. from the runtime: they are untrusted. An id never leaves its
folder, a file whose real path lies outside the composition, asset, live and package folders (a
symbolic link) is not read, a header declaring more than `imagefile.MAX_IMAGE_PIXELS` is not
decoded, and a broken or truncated file is not drawn; each with one warning, and a placeholder
in authoring mode as for a missing file.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import skia

from ..confine import Confinement
from ..imagefile import ImageRefused, ImageUnreadable, check_pixel_count
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
    reason: str = ""  # why `image` is None


def decode_image(path: Path) -> skia.Image | None:
    """Decode an encoded image file (PNG, JPEG, …) with Skia into a raster image, or ``None``.

    Decoding eagerly means each frame reuses the pixels instead of decoding again; no colour
    profile is applied (the canvas has no colour space). Use `load_image` to learn why a file
    gives ``None``.
    """
    try:
        return load_image(path)
    except ImageRefused:
        return None


def load_image(path: Path) -> skia.Image:
    """Decode ``path`` after checking its header; `ImageRefused` (one line naming the file)
    for a file that is too large, not an image, broken or truncated.

    Decoded through Skia's codec so that incomplete data is reported instead of drawn as a
    partly blank image; the pixels are those of ``Image.MakeFromEncoded`` (BGRA, premultiplied,
    the file's colour space kept).
    """
    data = skia.Data.MakeFromFileName(str(path))
    try:
        codec = skia.Codec.MakeFromData(data) if data is not None else None
    except RuntimeError:  # skia-python raises instead of returning null
        codec = None
    if codec is None:
        raise ImageUnreadable(f"{path}: not a readable image")
    size = codec.dimensions()
    check_pixel_count(path, size.width(), size.height())
    if codec.getOrigin() != skia.kTopLeft_EncodedOrigin:
        # EXIF-rotated photos: Skia's image generator applies the orientation.
        image = skia.Image.MakeFromEncoded(data)
        raster = image.makeRasterImage() if image is not None else None
        if raster is None:
            raise ImageUnreadable(f"{path}: the image data is broken")
        return raster
    info = codec.getInfo().makeColorType(skia.kBGRA_8888_ColorType)
    if info.alphaType() == skia.kUnpremul_AlphaType:
        info = info.makeAlphaType(skia.kPremul_AlphaType)
    pixels = bytearray(info.computeMinByteSize())
    result = codec.getPixels(info, pixels, info.minRowBytes())
    if result == skia.Codec.Result.kIncompleteInput:
        raise ImageUnreadable(f"{path}: the image file is truncated")
    if result != skia.Codec.Result.kSuccess:
        raise ImageUnreadable(f"{path}: the image data is broken ({skia.Codec.ResultToString(result)})")
    image = skia.Image.MakeRasterCopy(skia.Pixmap(info, pixels, info.minRowBytes()))
    if image is None:
        raise ImageUnreadable(f"{path}: the image could not be decoded")
    return image


def _file_name(ref: AssetRef) -> str:
    """The file name an id stands for: live ids carry ``#<liveAssetUpdateKey>``, cut it off."""
    if ref.type == "liveAsset":
        return ref.id.rpartition("#")[0] or ref.id
    return ref.id


def _inside(base: Path, name: str) -> Path | None:
    """``base/name`` if the name stays inside ``base`` (ids must not reach files elsewhere).

    Lexical: where a link inside ``base`` leads is checked against the allowed roots."""
    if not isinstance(name, str) or not name or "\0" in name:
        return None
    candidate = Path(os.path.normpath(base / name))
    return candidate if candidate.is_relative_to(base) and candidate != base else None


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
        self._images: dict[AssetRef, tuple[skia.Image | None, str]] = {}
        self._live: dict[str, _LiveEntry] = {}  # by file name, so update keys share one entry
        self._warned: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def path(self, ref: AssetRef) -> Path | None:
        """The file an asset reference names here, or ``None`` if there is none (or it is a
        link to a file outside the allowed folders)."""
        return self._lookup(ref)[0]

    def image(self, ref: AssetRef) -> skia.Image | None:
        """The decoded image for ``ref`` (cached by type and id), or ``None`` if unavailable."""
        with self._lock:
            if ref.type == "liveAsset":
                image, reason = self._live_image(ref)
            else:
                if ref not in self._images:
                    path, reason = self._lookup(ref)
                    self._images[ref] = _decode(path) if path is not None else (None, reason)
                image, reason = self._images[ref]
            warn_key = (ref.type, _file_name(ref))
            if image is None and warn_key not in self._warned:
                self._warned.add(warn_key)
                log.warning("image %s %r: %s; %s", ref.type, ref.id, reason,
                            "drawn as a placeholder" if self.placeholder else "not drawn")
            return image

    def _lookup(self, ref: AssetRef) -> tuple[Path | None, str]:
        """``(file, "")``, or ``(None, why not)``."""
        name = _file_name(ref)
        for folder in self._folders(ref.type):
            candidate = _inside(folder, name)
            if candidate is not None and candidate.is_file():
                if not self._confinement().allows(candidate):
                    return None, (f"{candidate} is a symbolic link to a file outside the "
                                  "composition and asset folders")
                return candidate, ""
        return None, "not found"

    def _confinement(self) -> Confinement:
        return Confinement([self.composition_dir, *self.asset_dirs, self.live_dir])

    def _folders(self, asset_type: str) -> list[Path]:
        if asset_type == "defaultAsset":
            return [*self.asset_dirs, BUILTIN_ASSET_DIR]
        if asset_type == "liveAsset":
            return [self.live_dir] if self.live_dir is not None else []
        return [self.composition_dir / "images"] if self.composition_dir is not None else []

    def _live_image(self, ref: AssetRef) -> tuple[skia.Image | None, str]:
        """Live files are re-checked every 0.25 s at most and re-read when their mtime is newer.

        A new ``#<liveAssetUpdateKey>`` (the host announcing a change) re-checks at once.
        """
        now = self._clock()
        key = _file_name(ref)
        entry = self._live.get(key)
        if entry is not None and entry.asset_id == ref.id \
                and now - entry.checked_at < LIVE_RECHECK_SECONDS:
            return entry.image, entry.reason
        path, reason = self._lookup(ref)
        try:
            mtime_ns = path.stat().st_mtime_ns if path is not None else None
        except OSError:  # vanished between the lookup and the stat
            mtime_ns, reason = None, "not found"
        if path is None or mtime_ns is None:
            self._live[key] = _LiveEntry(None, 0, now, ref.id, reason)
            return None, reason
        if entry is None or entry.image is None or mtime_ns > entry.mtime_ns:
            image, reason = _decode(path)
            entry = _LiveEntry(image, mtime_ns, now, ref.id, reason)
        entry.checked_at, entry.asset_id = now, ref.id
        self._live[key] = entry
        return entry.image, entry.reason


def _decode(path: Path) -> tuple[skia.Image | None, str]:
    """``(image, "")`` or ``(None, why it cannot be drawn)``."""
    try:
        return load_image(path), ""
    except ImageRefused as refused:
        return None, str(refused)
