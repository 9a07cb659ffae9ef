"""Composition templates: our baseline and examples, copied into a folder of the user's to start from.

A template is a composition we ship (`compositions/baseline`, `compositions/examples/*`). Copying
one gives the user a folder composition of their own: a single-file example becomes the folder's
`index.jsx`; a folder is copied whole except our build tooling (`scripts/`, which draws the
baseline's images) and Python caches. No Qt: the File › New Composition dialog
(studio/new_composition.py) and tests call this.

The destination must be empty or not exist yet (it is created), and may not lie inside our own
package (the engine, the studio or the shipped compositions): a template copied there would be
taken for one of ours, and overwriting a shipped file would change what `daily:baseline` shows.
A failed copy removes what it wrote, so the folder is left as it was found.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import vcs_engine
from vcs_engine.errors import InputError
from vcs_engine.host import COMPOSITIONS_DIR, OUR_BASELINE_DIR

EXAMPLES_DIR = COMPOSITIONS_DIR / "examples"
ENTRY_NAMES = ("index.jsx", "index.js")
NOT_COPIED = shutil.ignore_patterns("scripts", "__pycache__", "*.pyc")
PACKAGE_DIRS = (Path(vcs_engine.__file__).resolve().parent, Path(__file__).resolve().parent, COMPOSITIONS_DIR.resolve())
"""Folders a new composition may not be put in (see the module docstring)."""


@dataclass(frozen=True)
class Template:
    name: str
    """Short name, also the suggested folder name (`baseline`, `welcome`, `panel-talk`)."""
    title: str
    source: Path
    """A composition folder, or a single `.jsx`/`.js` file."""
    description: str
    """The entry file's opening comment: what the composition shows and exercises."""


def entry_file(source: Path) -> Path | None:
    """The file a composition starts at (a single file is its own entry), or None."""
    if source.is_file():
        return source
    return next((source / name for name in ENTRY_NAMES if (source / name).is_file()), None)


def opening_comment(path: Path) -> str:
    """The `//` lines a file starts with, joined into one paragraph (empty when none)."""
    lines: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as file:
        for line in file:
            if not line.startswith("//"):
                break
            lines.append(line[2:].strip())
    return " ".join(line for line in lines if line).strip()


def _template(name: str, title: str, source: Path) -> Template | None:
    entry = entry_file(source)
    return None if entry is None else Template(name, title, source, opening_comment(entry))


def templates() -> list[Template]:
    """The baseline first (the usual start: every param Daily's hosts know), then the examples
    by name."""
    found = [_template("baseline", "Baseline (Daily's baseline composition)", OUR_BASELINE_DIR)]
    if EXAMPLES_DIR.is_dir():
        for source in sorted(EXAMPLES_DIR.iterdir()):
            if source.name.startswith((".", "_")) or (source.is_file() and source.suffix not in (".jsx", ".js")):
                continue
            name = source.stem if source.is_file() else source.name
            found.append(_template(name, f"Example: {name}", source))
    return [template for template in found if template is not None]


def check_destination(folder: Path) -> Path:
    """The resolved folder a template may be copied to; InputError (one line naming it) when
    it holds anything, is a file, or lies inside our package."""
    resolved = folder.expanduser().resolve()
    for package in PACKAGE_DIRS:
        if resolved == package or package in resolved.parents:
            raise InputError(f"{folder}: inside VCS Studio's own files ({package}); choose a folder of your own")
    if resolved.exists() and not resolved.is_dir():
        raise InputError(f"{folder}: is a file; choose an empty or new folder")
    if resolved.is_dir() and any(resolved.iterdir()):
        raise InputError(f"{folder}: is not empty; choose an empty or new folder (nothing was copied)")
    return resolved


def create_from_template(template: Template, folder: Path) -> Path:
    """Copy `template` into `folder` (created when missing) and return the folder, a
    composition. InputError when the folder is refused (`check_destination`) or the copy fails
    (then nothing is left behind)."""
    target = check_destination(folder)
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
        if template.source.is_file():
            shutil.copyfile(template.source, target / f"index{template.source.suffix}")
        else:
            shutil.copytree(template.source, target, ignore=NOT_COPIED, dirs_exist_ok=True)
    except OSError as error:
        _undo_copy(target, created)
        raise InputError(f"{folder}: could not copy the template: {error.strerror or error}") from error
    return target


def _undo_copy(target: Path, created: bool) -> None:
    """Leave the folder as it was found: gone if we made it, else empty again."""
    if created:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir() if target.is_dir() else ():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
