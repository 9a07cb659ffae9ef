"""Which folders the engine may read a composition's files from, checked on real paths.

Why: a composition is untrusted input. A symbolic link in its folder (``evil.js`` →
``/etc/passwd``, ``images/x.png`` → ``~/.ssh/id_rsa``) or a specifier like ``../../secret.js``
must not make the engine read, parse or quote a file the user did not hand it. Every module,
image and image sidecar is therefore read only when its *real* path (all symbolic links
resolved) lies inside one of the allowed roots:

* the composition's own folder (for a single-file composition: the folder holding the file),
* the session-asset folders (``--assets``, ``Host.asset_dirs``, a live-asset folder),
* our own package data (``vcs_engine/``) and the project's ``compositions/``.

Modules are stricter: they may only come from the composition's folder (see
``transform/resolve.py``). Fonts are never looked up by a composition-supplied path: families
map to the pinned files of ``vcs_engine/fonts`` through a fixed table.

Links that stay inside the roots are fine (a ``shared/`` folder linked into the composition).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR: Path = Path(os.path.realpath(Path(__file__).parent))
"""Our own package (runtime, default assets, fonts): always readable."""

PROJECT_COMPOSITIONS_DIR: Path = Path(os.path.realpath(PACKAGE_DIR.parent / "compositions"))
"""The project's compositions (baseline, examples): always readable."""


def real_path(path: Path | str) -> Path:
    """The path with every symbolic link resolved (the file that would actually be opened)."""
    return Path(os.path.realpath(path))


class Confinement:
    """A set of allowed roots, resolved once (the folders themselves may be links)."""

    def __init__(self, roots: Iterable[Path | str | None], *, builtin: bool = True) -> None:
        resolved = [real_path(root) for root in roots if root is not None]
        if builtin:
            resolved += [PACKAGE_DIR, PROJECT_COMPOSITIONS_DIR]
        self.roots: tuple[Path, ...] = tuple(dict.fromkeys(resolved))

    def allows(self, path: Path | str) -> bool:
        """Whether the file ``path`` really is inside one of the roots."""
        target = real_path(path)
        return any(target.is_relative_to(root) for root in self.roots)
