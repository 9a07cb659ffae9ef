"""The host's image table: which image names a composition can use, and their sizes.

VCS looks images up by name (`<Image src="overlay.png">`) in a table the host provides
(layout-and-output.md §3.5, §6): name → `{type, id, width, height}`. The `id` is what the display
list's `drawImage` carries and what the renderer's `AssetResolver` turns back into a file.

Sources, later ones winning for the same name:
1. our built-in default assets (`vcs_engine/assets/`),
2. folders given with `--assets` (searched first by the renderer too),
3. the composition's own `images/` folder (type `compositionAsset`), as on Daily's servers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from PIL import Image as PILImage

BUILTIN_ASSET_DIR = Path(__file__).resolve().parent / "assets"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")
# Composition-side names that Daily's batch host maps to differently named default assets.
DEFAULT_ALIASES = {"test_square.png": "test_square_320px.png"}


def image_size(path: Path) -> tuple[int, int]:
    """Pixel size from a `.json` sidecar if present, else from the file header."""
    sidecar = path.with_name(path.name + ".json")
    if sidecar.is_file():
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            return int(meta["width"]), int(meta["height"])
        except (ValueError, KeyError, TypeError):
            pass
    try:
        with PILImage.open(path) as im:
            return im.size
    except OSError:
        return 0, 0


def _images_in(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file():
                yield p


def build_image_table(composition_images: Path | None, asset_dirs: Iterable[Path] = ()) -> dict[str, dict]:
    """The name → entry table passed to the runtime."""
    table: dict[str, dict] = {}
    for folder in [BUILTIN_ASSET_DIR, *reversed([Path(d) for d in asset_dirs])]:
        for p in _images_in(folder):
            w, h = image_size(p)
            table[p.name] = {"type": "defaultAsset", "id": p.name, "width": w, "height": h}
    for alias, target in DEFAULT_ALIASES.items():
        if target in table and alias not in table:  # an `--assets` file of that name wins
            table[alias] = table[target]
    if composition_images is not None:
        for p in _images_in(composition_images):
            w, h = image_size(p)
            table[p.name] = {"type": "compositionAsset", "id": p.name, "width": w, "height": h}
    return table
