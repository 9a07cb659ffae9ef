"""Export › session assets: the folder to publish at the base URL, and `payload.json` beside it.

What is written is exactly what the payload names (`vcs_engine.payload.upload_files`): the
override code and the images its `session_assets` list, at their keys (`images/logo.png`), in a
folder named like the session-assets folder, so publishing that folder as it is at the base URL
gives every URL of the payload. `payload.json` (the options object, JSON) goes beside the folder,
not inside it: it is for whoever starts the recording, not for the CDN.

Every file is written under a temporary name and renamed when complete (the CLI's
`atomic_output`): a failed export leaves each existing file as it was, and `payload.json` is
written last, so a failure while copying assets never leaves a new payload pointing at files
that were not written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vcs_engine.confine import real_path
from vcs_engine.export.files import atomic_output
from vcs_engine.payload import format_payload, upload_files
from vcs_engine.session_assets import SessionAssets

PAYLOAD_FILE = "payload.json"


class ExportError(Exception):
    """One line: why nothing more was written (files written before stay complete)."""


@dataclass
class ExportResult:
    payload: Path
    upload_folder: Path | None
    """The folder to publish at the base URL (None: the payload names no session assets)."""
    files: list[Path] = field(default_factory=list)


def upload_folder_for(destination: Path, assets: SessionAssets) -> Path:
    """Where the files to publish go: `destination/<name of the session-assets folder>`."""
    return destination / assets.folder.name


def export_session_assets(destination: Path, options: Mapping[str, Any], target: str,
                          assets: SessionAssets | None) -> ExportResult:
    """Write the files `options` (a payload for `target`) names from `assets` into the upload
    folder under `destination`, then `destination/payload.json` (what `vcs payload` prints).

    Raises ExportError naming the file that could not be written. Nothing is ever written
    inside the session-assets folder itself: exporting onto the source would replace files
    with themselves, and payload.json would become one of its files."""
    destination = Path(destination).expanduser().absolute()
    files = upload_files(assets, options) if assets is not None else {}
    folder: Path | None = None
    if assets is not None:
        if files:
            folder = upload_folder_for(destination, assets)
        onto_source = folder is not None and real_path(folder) == assets.root
        if onto_source or real_path(destination).is_relative_to(assets.root):
            raise ExportError(f"{destination}: choose a folder outside the session assets folder ({assets.folder})")
    result = ExportResult(destination / PAYLOAD_FILE, folder)
    for key, source in files.items():
        assert folder is not None
        _write(folder / key, lambda temporary, source=source: shutil.copyfile(source, temporary))
        result.files.append(folder / key)
    text = format_payload(options, target, "json") + "\n"
    _write(result.payload, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    result.files.append(result.payload)
    return result


def _write(path: Path, fill: Callable[[Path], object]) -> None:
    """`fill` a temporary file renamed onto `path` when complete; ExportError naming `path`."""
    try:
        with atomic_output(path) as temporary:
            fill(temporary)
    except OSError as error:
        raise ExportError(f"{path}: {error.strerror or error}") from None
