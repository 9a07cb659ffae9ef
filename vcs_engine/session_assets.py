"""A session-assets folder, read the way Daily's recording servers take session assets.

Why a module of its own: the same folder is used three ways (recording-export.md §3) and the
three must agree on what is in it. The transform takes its code files as overrides of the
composition's files, the image table takes its images, and `vcs payload` lists both as the
`session_assets` Daily's server fetches. One scan decides, for every file, which it is:

* **code** (`.js .jsx .ts .tsx`) directly in the folder, in `components/` or in
  `components/overrides/`: replaces the composition's file of the same path (or adds one);
* **misplaced code**: code anywhere else. Daily's server does not take it; using it locally
  would show something the recording never will, so the transform refuses it;
* **images**: files directly in `images/`, available by name to the composition. A name the
  composition bundles itself keeps the bundled file, as on Daily's servers (the image table
  warns); only PNG is documented for session images (`vcs payload` refuses others);
* **ignored**: anything else (notes, sub-folders of `images/`), which no server uses.

Files are untrusted like a composition's: a symbolic link whose target lies outside the folder
is never read (`outside`), and the walk stops at `MAX_SESSION_FILES` entries (a user who points
at their home folder gets one error line, not a minute of walking).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .confine import real_path
from .errors import InputError

CODE_SUFFIXES: tuple[str, ...] = (".js", ".jsx", ".ts", ".tsx")
CODE_FOLDERS: tuple[str, ...] = ("", "components", "components/overrides")
"""Where Daily's server takes code files from, relative to the folder ('' is its root)."""
IMAGES_FOLDER = "images"
IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".webp", ".gif")
MAX_SESSION_FILES = 10_000
"""Entries walked at most. A session's assets are a handful of files; far more means the wrong
folder was named."""
MAX_MENTION_BYTES = 1024 * 1024
"""Bytes of each code file searched for image names (override code is small)."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class SessionAssets:
    """What a session-assets folder holds, by the role Daily's server gives each file.

    Keys are paths relative to the folder with `/` separators: what `session_assets` in a
    recording payload is keyed by (`images/logo.png`, `components/CustomOverlay.js`)."""

    folder: Path
    """The folder as named (absolute)."""
    root: Path
    """Its real path: override files must really lie inside it."""
    code: Mapping[str, Path] = field(default_factory=dict)
    """Code files Daily's server takes, key → file."""
    images: Mapping[str, Path] = field(default_factory=dict)
    """Images by file name (`logo.png` → `DIR/images/logo.png`)."""
    misplaced_code: tuple[str, ...] = ()
    """Keys of code files outside the code folders (refused)."""
    not_png: frozenset[str] = frozenset()
    """Image names whose file is not a PNG (by content, whatever the suffix)."""
    mentioned_by_code: frozenset[str] = frozenset()
    """Image names some code file of the folder mentions (with or without `.png`)."""
    outside: tuple[str, ...] = ()
    """Keys of symbolic links that lead outside the folder (never read)."""
    ignored: tuple[str, ...] = ()
    """Keys of files no server uses."""

    @property
    def refused_code(self) -> tuple[str, ...]:
        """Keys of code files the session cannot use: misplaced, or links leading outside."""
        return self.misplaced_code + tuple(k for k in self.outside if k.lower().endswith(CODE_SUFFIXES))

    @property
    def images_dir(self) -> Path:
        return self.folder / IMAGES_FOLDER

    def image_key(self, name: str) -> str:
        return f"{IMAGES_FOLDER}/{name}"


def image_file_name(value: str) -> str:
    """The image file a name refers to: VCS appends `.png` to a name without an extension."""
    return value if PurePosixPath(value).suffix else value + ".png"


def search_folders(session_folder: Path | None, asset_dirs: Iterable[Path]) -> list[Path]:
    """The folders searched for images by name, first wins: the session's `images/`, then the
    `--assets` folders (a session's choice is the more specific one)."""
    return ([session_folder / IMAGES_FOLDER] if session_folder is not None else []) + list(asset_dirs)


def check_session_folder(folder: Path | str) -> Path:
    """The folder as an absolute path, or InputError when it is not an existing folder."""
    path = Path(folder).expanduser().absolute()
    if not path.is_dir():
        raise InputError(f"session assets folder not found: {folder}")
    return path


def scan_session_assets(folder: Path | str) -> SessionAssets:
    """Classify every file of the folder (see the module doc). InputError when the folder does
    not exist or holds more than MAX_SESSION_FILES entries."""
    path = check_session_folder(folder)
    root = real_path(path)
    code: dict[str, Path] = {}
    images: dict[str, Path] = {}
    misplaced: list[str] = []
    outside: list[str] = []
    ignored: list[str] = []
    for key, file in _walk(path):
        if not real_path(file).is_relative_to(root):
            outside.append(key)
            continue
        parent, name = key.rpartition("/")[::2]
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in CODE_SUFFIXES and parent in CODE_FOLDERS:
            code[key] = file
        elif suffix in CODE_SUFFIXES:
            misplaced.append(key)
        elif parent == IMAGES_FOLDER and suffix in IMAGE_SUFFIXES:
            images[name] = file
        elif not (parent == IMAGES_FOLDER and name.endswith(".json")):  # size sidecars: not assets
            ignored.append(key)
    return SessionAssets(
        folder=path, root=root, code=code, images=images, misplaced_code=tuple(misplaced),
        not_png=frozenset(name for name, file in images.items() if not _is_png(file)),
        mentioned_by_code=_mentioned(images, code.values()),
        outside=tuple(outside), ignored=tuple(ignored))


def _walk(folder: Path) -> list[tuple[str, Path]]:
    """(key, file) of every regular file (or link to one) below `folder`, hidden files and
    folders skipped, folder links not followed, sorted by key."""
    found: list[tuple[str, Path]] = []
    seen = 0
    for current, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        seen += len(dirs) + len(files)
        if seen > MAX_SESSION_FILES:
            raise InputError(f"{folder}: more than {MAX_SESSION_FILES:,} files; a session-assets folder holds "
                             "the few images and code files a session uploads (is it the right folder?)")
        base = PurePosixPath(Path(current).relative_to(folder).as_posix())
        for name in files:
            if name.startswith("."):
                continue
            file = Path(current) / name
            if file.is_file():
                found.append(((base / name).as_posix().removeprefix("./"), file))
    return sorted(found)


def _is_png(file: Path) -> bool:
    try:
        with file.open("rb") as stream:
            return stream.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE
    except OSError:
        return False


def _mentioned(images: Mapping[str, Path], code_files: Iterable[Path]) -> frozenset[str]:
    """Image names that appear in the code files' text (with or without their extension)."""
    texts: list[str] = []
    for file in code_files:
        try:
            with file.open("rb") as stream:
                texts.append(stream.read(MAX_MENTION_BYTES).decode("utf-8", "replace"))
        except OSError:
            continue
    text = "\n".join(texts)
    return frozenset(name for name in images if name in text or PurePosixPath(name).stem in text)
