"""The host's image table: which image names a composition can use, and their sizes.

VCS looks images up by name (`<Image src="overlay.png">`) in a table the host provides
(layout-and-output.md §3.5, §6): name → `{type, id, width, height}`. The `id` is what the display
list's `drawImage` carries and what the renderer's `AssetResolver` turns back into a file.

Sources, later ones winning for the same name:
1. our built-in default assets (`vcs_engine/assets/`),
2. folders given with `--assets` (searched first by the renderer too),
3. the composition's own `images/` folder (type `compositionAsset`), as on Daily's servers.

Files are untrusted: one that really lies outside the composition folder, the asset folders and
our package (a symbolic link), or whose header declares more than
`imagefile.MAX_IMAGE_PIXELS`, is left out of the table with one warning, so the composition sees
an unknown image (VCS draws its placeholder). A file whose header cannot be read stays in with
size 0×0: the renderer reports it and draws its placeholder for broken images.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from pathlib import Path

from .confine import Confinement
from .imagefile import ImageTooLarge, ImageUnreadable, header_size

log = logging.getLogger(__name__)

BUILTIN_ASSET_DIR = Path(__file__).resolve().parent / "assets"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
# Composition-side names that Daily's batch host maps to differently named default assets.
DEFAULT_ALIASES = {"test_square.png": "test_square_320px.png"}


MAX_SIDECAR_BYTES = 64 * 1024
"""A sidecar holds two numbers; anything bigger is not one (and is not read)."""
MAX_SIDE = 1_000_000
"""Largest width or height a sidecar may declare (the pixel limit applies to real headers)."""


def image_size(path: Path, confinement: Confinement | None = None) -> tuple[int, int]:
    """Pixel size from a `.json` sidecar if present (and inside `confinement`), else from the
    file header; ``(0, 0)`` when the header cannot be read.

    Raises `ImageTooLarge` when the header declares more pixels than the limit (a sidecar
    does not excuse that: the renderer would still decode the file)."""
    try:
        size = header_size(path)
    except ImageUnreadable:
        size = (0, 0)
    sidecar = _sidecar_size(path, confinement)
    return sidecar if sidecar is not None else size


def _sidecar_size(path: Path, confinement: Confinement | None) -> tuple[int, int] | None:
    sidecar = path.with_name(path.name + ".json")
    try:
        if not sidecar.is_file() or (confinement is not None and not confinement.allows(sidecar)):
            return None
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            return None
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        width, height = meta["width"], meta["height"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not all(_is_side(v) for v in (width, height)):
        return None
    return int(width), int(height)


def _is_side(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value) and 0 <= value <= MAX_SIDE)


def _images_in(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file():
                yield p


def _usable(folder: Path, confinement: Confinement) -> Iterable[tuple[Path, int, int]]:
    """``(file, width, height)`` of the folder's images that may be used; one warning for each
    that may not."""
    for p in _images_in(folder):
        if not confinement.allows(p):
            log.warning("image %s is a symbolic link to a file outside the composition and asset "
                        "folders; it is not used", p)
            continue
        try:
            w, h = image_size(p, confinement)
        except ImageTooLarge as refused:
            log.warning("%s; it is not used", refused)
            continue
        yield p, w, h


def build_image_table(composition_images: Path | None, asset_dirs: Iterable[Path] = ()) -> dict[str, dict]:
    """The name → entry table passed to the runtime."""
    asset_dirs = [Path(d) for d in asset_dirs]
    confinement = Confinement([composition_images.parent if composition_images is not None else None,
                               *asset_dirs])
    table: dict[str, dict] = {}
    for folder in [BUILTIN_ASSET_DIR, *reversed(asset_dirs)]:
        for p, w, h in _usable(folder, confinement):
            table[p.name] = {"type": "defaultAsset", "id": p.name, "width": w, "height": h}
    for alias, target in DEFAULT_ALIASES.items():
        if target in table and alias not in table:  # an `--assets` file of that name wins
            table[alias] = table[target]
    if composition_images is not None:
        for p, w, h in _usable(composition_images, confinement):
            table[p.name] = {"type": "compositionAsset", "id": p.name, "width": w, "height": h}
    return table
