"""Module specifiers → module ids, with the rules of Daily's composition bundler.

* Built-in modules (the runtime registers them) keep their specifier as id. Deep forms that
  Daily's bundler maps through its prefix aliases (``#vcs-react/hooks/index.js``,
  ``#vcs/react/hooks``) are folded onto the built-in they name.
* Relative specifiers resolve inside the composition folder: the exact file, else the specifier
  plus ``.js``, ``.jsx``, ``.ts``, ``.tsx``, else ``<dir>/index.*`` in the same order.
* Anything else is an error, as is a path leaving the composition folder, lexically
  (``../outside.js``) or through a symbolic link: modules are read only from the composition's
  folder (its real path; for a single-file composition the folder holding the file), see
  ``vcs_engine/confine.py``. The resolved paths are real paths, so a module reached through two
  links is one module, as in Node.
* With session assets (``SourceTree`` over a `SessionAssets`), the tree is the one Daily's server
  builds: a code file of the session-assets folder at the root, in ``components/`` or in
  ``components/overrides/`` replaces the composition's file of the same path, or adds one. Such
  a module's id is that path, so relative imports from it resolve in the composition's tree;
  its file must really lie inside the session-assets folder.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..confine import real_path
from .errors import TransformError
from .esm import ImportRequest

if TYPE_CHECKING:
    from ..session_assets import SessionAssets

BUILTIN_MODULES: frozenset[str] = frozenset(
    {
        "react",
        "#vcs-react/components",
        "#vcs-react/hooks",
        "#vcs-react/contexts",
        "#vcs-stdlib/layouts",
        "#vcs-stdlib/components",
        "uuid",
        "random-seed",
    }
)

SOURCE_EXTENSIONS: tuple[str, ...] = (".js", ".jsx", ".ts", ".tsx")
JS_EXTENSIONS: frozenset[str] = frozenset({".js", ".jsx"})
ENTRY_NAMES: tuple[str, ...] = tuple("index" + extension for extension in SOURCE_EXTENSIONS)

ErrorFactory = Callable[[str], TransformError]
"""Builds the error to raise from a message (the caller knows the location)."""

# Daily's bundler aliases `#vcs` → js/src, `#vcs-react` → js/src/react, `#vcs-stdlib` → js/src/stdlib.
_PACKAGE_ALIASES: dict[str, str] = {"#vcs/react/": "#vcs-react/", "#vcs/stdlib/": "#vcs-stdlib/"}


def builtin_id(specifier: str) -> str | None:
    """The built-in module a specifier names, or None."""
    if specifier in BUILTIN_MODULES:
        return specifier
    for alias, target in _PACKAGE_ALIASES.items():
        if specifier.startswith(alias):
            specifier = target + specifier[len(alias) :]
    package, _, rest = specifier.partition("/")
    if package in ("#vcs-react", "#vcs-stdlib") and rest:
        folder = rest.split("/", 1)[0]
        for extension in SOURCE_EXTENSIONS:
            folder = folder.removesuffix(extension)
        candidate = f"{package}/{folder}"
        if candidate in BUILTIN_MODULES:
            return candidate
    return None


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A module of the composition's tree: its id (its path in the tree), the real file that is
    read for it, and the folder that file must stay inside (the composition's or the session
    assets')."""

    id: str
    path: Path
    base: Path


class SourceTree:
    """The composition folder (a real path), with a session's code overrides on top when given."""

    def __init__(self, root: Path, overrides: SessionAssets | None = None) -> None:
        self.root = root
        self.overrides = overrides

    def override(self, module_path: str) -> SourceFile | None:
        """The session's file replacing the tree's `module_path`, if any."""
        if self.overrides is None or module_path not in self.overrides.code:
            return None
        return SourceFile(module_path, real_path(self.overrides.code[module_path]), self.overrides.root)

    def find(self, module_path: str, error: ErrorFactory) -> SourceFile | None:
        """The module at `module_path` (relative, normalised), or None when the tree has no file
        there. Raises (through `error`) when the file is a link leading out of its folder."""
        replaced = self.override(module_path)
        if replaced is not None:
            if not replaced.path.is_relative_to(replaced.base):
                raise error("it is a symbolic link that leads outside the session assets folder "
                            f"{self.overrides.folder if self.overrides else ''}")
            return replaced
        candidate = self.root / module_path
        if not candidate.is_file():
            return None
        real = real_path(candidate)
        if not real.is_relative_to(self.root):
            # Never name or read the link's target: it may be any file of the machine.
            raise error(f"it is a symbolic link that leads outside the composition folder {self.root}")
        own_id = module_id(real, self.root)
        return self.override(own_id) or SourceFile(own_id, real, self.root)

    def entry(self, entry: Path) -> SourceFile:
        """The entry module (`find_entry`'s real path), replaced by the session's file of the same
        path if there is one."""
        own_id = module_id(entry, self.root)
        return self.find(own_id, _file_error(entry)) or SourceFile(own_id, entry, self.root)


def resolve_request(request: ImportRequest, importer: SourceFile, tree: SourceTree) -> str | SourceFile:
    """A built-in module id, or the composition module a relative specifier names (checked to be
    JS and to stay inside its folder)."""
    specifier = request.specifier
    builtin = builtin_id(specifier)
    if builtin is not None:
        return builtin
    if not specifier.startswith(("./", "../")):
        names = ", ".join(sorted(BUILTIN_MODULES))
        raise _error(
            request,
            importer.path,
            f"cannot import {specifier!r}: compositions can import files of their folder "
            f"('./…' or '../…') and the built-in modules {names}",
        )
    target = posixpath.normpath(posixpath.join(posixpath.dirname(importer.id), specifier))
    if target == ".." or target.startswith("../"):
        raise _error(request, importer.path,
                     f"cannot import {specifier!r}: it is outside the composition folder {tree.root}")

    def error(message: str) -> TransformError:
        return _error(request, importer.path, f"cannot import {specifier!r}: {message}")

    for candidate in _candidates(target):
        found = tree.find(candidate, error)
        if found is not None:
            check_source_kind(found.path, lambda message: _error(request, importer.path, message))
            return found
    name = posixpath.basename(target) if target != "." else "."
    raise _error(
        request,
        importer.path,
        f"cannot find module {specifier!r} (looked for {name} with extensions "
        f"{', '.join(SOURCE_EXTENSIONS)} and {name}/index.*)",
    )


def _candidates(target: str) -> list[str]:
    """The tree paths a specifier's target may name: the file itself, with an extension added,
    or the index file of the folder it names, in that order."""
    files = [] if target == "." else [target, *(target + extension for extension in SOURCE_EXTENSIONS)]
    return files + [posixpath.normpath(posixpath.join(target, name)) for name in ENTRY_NAMES]


def find_entry(composition: Path) -> tuple[Path, Path]:
    """``(root folder, entry file)`` of a composition folder or single-file composition, as real
    paths. A single file's root is the folder holding it: it may import from there and below.

    The path the user names may itself be a link (they chose it); an entry file inside a
    folder composition must really be inside that folder.
    """
    composition = Path(os.path.abspath(composition))
    if composition.is_dir():
        root = real_path(composition)
        for name in ENTRY_NAMES:
            entry = composition / name
            if entry.is_file():
                real = real_path(entry)
                if not real.is_relative_to(root):
                    raise TransformError(
                        entry, 0, 0, "the entry file is a symbolic link that leads outside the composition folder"
                    )
                check_source_kind(real, _file_error(entry))
                return root, real
        raise TransformError(composition, 0, 0, "composition folder has no index.jsx or index.js")
    if not composition.is_file():
        raise TransformError(composition, 0, 0, "composition not found")
    real = real_path(composition)
    check_source_kind(real, _file_error(composition))
    return real.parent, real


def module_id(path: Path, root: Path) -> str:
    """Path relative to the composition root, with '/' separators."""
    return path.relative_to(root).as_posix()


def check_source_kind(path: Path, error: ErrorFactory) -> None:
    """Reject files we cannot transform (TypeScript, non-script files)."""
    suffix = path.suffix.lower()
    if suffix in (".ts", ".tsx"):
        raise error(
            f"TypeScript modules are not supported ({path.name}); rename it to .js/.jsx and remove the type annotations"
        )
    if suffix not in JS_EXTENSIONS:
        raise error(f"cannot import {path.name}: only .js and .jsx modules can be imported")


def _file_error(path: Path) -> ErrorFactory:
    """Errors about a whole file (no line/column)."""
    return lambda message: TransformError(path, 0, 0, message)


def _error(request: ImportRequest, importer: Path, message: str) -> TransformError:
    return TransformError(importer, request.line, request.col, message)
