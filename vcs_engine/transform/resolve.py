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
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..confine import real_path
from .errors import TransformError
from .esm import ImportRequest

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


def resolve_request(request: ImportRequest, importer: Path, root: Path) -> str | Path:
    """A built-in module id, or the real path of a composition file (checked to be JS).

    `root` is the real path of the composition folder; `importer` a real path inside it."""
    specifier = request.specifier
    builtin = builtin_id(specifier)
    if builtin is not None:
        return builtin
    if not specifier.startswith(("./", "../")):
        names = ", ".join(sorted(BUILTIN_MODULES))
        raise _error(
            request,
            importer,
            f"cannot import {specifier!r}: compositions can import files of their folder "
            f"('./…' or '../…') and the built-in modules {names}",
        )
    target = Path(os.path.normpath(importer.parent / specifier))
    if not target.is_relative_to(root):
        raise _error(request, importer, f"cannot import {specifier!r}: it is outside the composition folder {root}")
    found = _find_source(target)
    if found is None:
        raise _error(
            request,
            importer,
            f"cannot find module {specifier!r} (looked for {target.name} with extensions "
            f"{', '.join(SOURCE_EXTENSIONS)} and {target.name}/index.*)",
        )
    real = real_path(found)
    if not real.is_relative_to(root):
        # Never name or read the link's target: it may be any file of the machine.
        raise _error(
            request,
            importer,
            f"cannot import {specifier!r}: it is a symbolic link that leads outside the composition folder {root}",
        )
    check_source_kind(real, lambda message: _error(request, importer, message))
    return real


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


def _find_source(target: Path) -> Path | None:
    if target.is_file():
        return target
    for extension in SOURCE_EXTENSIONS:
        candidate = target.with_name(target.name + extension)
        if candidate.is_file():
            return candidate
    for name in ENTRY_NAMES:
        candidate = target / name
        if candidate.is_file():
            return candidate
    return None


def _file_error(path: Path) -> ErrorFactory:
    """Errors about a whole file (no line/column)."""
    return lambda message: TransformError(path, 0, 0, message)


def _error(request: ImportRequest, importer: Path, message: str) -> TransformError:
    return TransformError(importer, request.line, request.col, message)
