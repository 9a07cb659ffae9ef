"""The module graph of a composition and the content-hash transform cache.

`load_composition_modules` is what the runtime calls on every (re)load: it reads every module
reachable from the entry, transforms the ones whose content it has not seen (cache keyed by a hash
of the bytes, so an edit re-transforms only the edited file, and a file reverted to an earlier
content is a hit), resolves their imports and returns the chunks in dependency order.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..confine import real_path
from ..session_assets import SessionAssets
from .errors import TransformError
from .module import TransformedModule, transform_module
from .resolve import SourceFile, SourceTree, find_entry, resolve_request


@dataclass(frozen=True, slots=True)
class ModuleChunk:
    """One module ready for the runtime: `code` is a ``__vcs_define(...)`` script chunk.

    `dependencies` are the resolved ids it requires (built-ins included), in import order.
    """

    id: str
    path: Path
    code: str
    source_hash: str
    line_count: int
    dependencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Bundle:
    """All modules of a composition, dependencies before dependents, the entry last."""

    root: Path
    entry_id: str
    modules: list[ModuleChunk]

    def module(self, chunk_id: str) -> ModuleChunk:
        """The chunk with this id (KeyError if the composition has none)."""
        for chunk in self.modules:
            if chunk.id == chunk_id:
                return chunk
        raise KeyError(chunk_id)


class TransformCache:
    """Transformed modules keyed by the hash of their source, least recently used evicted.

    `transforms` counts actual transforms (cache misses); tests and the studio's status line read it.
    """

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: OrderedDict[str, TransformedModule] = OrderedDict()
        self._max_entries = max_entries
        self.transforms = 0
        self.hits = 0

    def get(self, source: bytes, file: Path) -> tuple[str, TransformedModule]:
        """``(source hash, transformed module)``, transforming only on a miss."""
        key = hashlib.blake2b(source, digest_size=16).hexdigest()
        module = self._entries.get(key)
        if module is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return key, module
        module = transform_module(source, file)
        self.transforms += 1
        self._entries[key] = module
        if len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)
        return key, module

    def clear(self) -> None:
        self._entries.clear()


MAX_MODULE_BYTES = 32 * 1024 * 1024
"""Largest module we read. Hand-written modules are kilobytes and generated data modules a few
megabytes; a bigger file would only make the transform and QuickJS run out of memory slowly."""

DEFAULT_CACHE = TransformCache()
"""Process-wide cache used when the caller passes none (one studio/CLI process, many reloads)."""


def load_composition_modules(entry: Path, cache: TransformCache | None = None,
                             overrides: SessionAssets | None = None) -> Bundle:
    """Transform a composition (folder or single file) and everything it imports.

    `overrides`: a session-assets folder whose code files replace the composition's files of
    the same path, as Daily's server applies them (see `resolve.SourceTree`). Code it holds
    anywhere else is refused: the server would ignore it, so a local run must not use it.

    Raises `TransformError` for syntax errors, unresolvable or forbidden imports and unreadable
    files, located at the offending file:line:col.
    """
    if overrides is not None:
        _check_overrides(overrides)
    root, entry_path = find_entry(entry)
    tree = SourceTree(root, overrides)
    graph = _Graph(tree, DEFAULT_CACHE if cache is None else cache)
    entry_module = tree.entry(entry_path)
    graph.visit(entry_module)
    return Bundle(root, entry_module.id, graph.ordered)


def _check_overrides(overrides: SessionAssets) -> None:
    """Code Daily's server would not take (outside the code folders, or a link leading out of
    the folder) is an error naming the first such file."""
    refused = overrides.refused_code
    if refused:
        why = ("code files of session assets are taken only from the folder's root, components/ and "
               "components/overrides/ (as on Daily's servers); move or remove it"
               if refused[0] in overrides.misplaced_code else
               "a symbolic link that leads outside the session assets folder; it is not read")
        more = f" ({len(refused) - 1} more such files)" if len(refused) > 1 else ""
        raise TransformError(overrides.folder / refused[0], 0, 0, why + more)


class _Graph:
    def __init__(self, tree: SourceTree, cache: TransformCache) -> None:
        self._tree = tree
        self._cache = cache
        self._seen: set[str] = set()
        self.ordered: list[ModuleChunk] = []

    def visit(self, module: SourceFile) -> None:
        """Depth-first, post-order: a module is appended after all its dependencies."""
        self._seen.add(module.id)
        source = self._read(module)
        source_hash, transformed = self._cache.get(source, module.path)
        targets = [resolve_request(request, module, self._tree) for request in transformed.requests]
        ids = [target if isinstance(target, str) else target.id for target in targets]
        for target in targets:
            if isinstance(target, SourceFile) and target.id not in self._seen:
                self.visit(target)
        self.ordered.append(
            ModuleChunk(module.id, module.path, transformed.chunk(module.id, ids), source_hash,
                        transformed.line_count, tuple(ids))
        )

    def _read(self, module: SourceFile) -> bytes:
        """The module's bytes; re-checks confinement right before reading (resolve.py checked it
        when resolving, but a link may have been swapped in since)."""
        path = module.path
        if not real_path(path).is_relative_to(module.base):
            raise TransformError(path, 0, 0, "the module leads outside its folder (a symbolic link?)")
        try:
            size = path.stat().st_size
            if size > MAX_MODULE_BYTES:
                raise TransformError(
                    path, 0, 0, f"the module is {size / 2**20:.0f} MB; modules may be at most {MAX_MODULE_BYTES >> 20} MB"
                )
            return path.read_bytes()
        except OSError as error:
            raise TransformError(path, 0, 0, f"cannot read module: {error.strerror or error}") from error
