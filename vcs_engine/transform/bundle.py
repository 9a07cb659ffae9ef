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
from .errors import TransformError
from .module import TransformedModule, transform_module
from .resolve import find_entry, module_id, resolve_request


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


def load_composition_modules(entry: Path, cache: TransformCache | None = None) -> Bundle:
    """Transform a composition (folder or single file) and everything it imports.

    Raises `TransformError` for syntax errors, unresolvable or forbidden imports and unreadable
    files, located at the offending file:line:col.
    """
    root, entry_path = find_entry(entry)
    graph = _Graph(root, DEFAULT_CACHE if cache is None else cache)
    graph.visit(entry_path)
    return Bundle(root, module_id(entry_path, root), graph.ordered)


class _Graph:
    def __init__(self, root: Path, cache: TransformCache) -> None:
        self._root = root
        self._cache = cache
        self._seen: set[Path] = set()
        self.ordered: list[ModuleChunk] = []

    def visit(self, path: Path) -> None:
        """Depth-first, post-order: a module is appended after all its dependencies."""
        self._seen.add(path)
        source = self._read(path)
        source_hash, module = self._cache.get(source, path)
        targets = [resolve_request(request, path, self._root) for request in module.requests]
        ids = [target if isinstance(target, str) else module_id(target, self._root) for target in targets]
        for target in targets:
            if isinstance(target, Path) and target not in self._seen:
                self.visit(target)
        own_id = module_id(path, self._root)
        self.ordered.append(
            ModuleChunk(own_id, path, module.chunk(own_id, ids), source_hash, module.line_count, tuple(ids))
        )

    def _read(self, path: Path) -> bytes:
        """The module's bytes; re-checks confinement right before reading (resolve.py checked it
        when resolving, but a link may have been swapped in since)."""
        if not real_path(path).is_relative_to(self._root):
            raise TransformError(path, 0, 0, "the module leads outside the composition folder (a symbolic link?)")
        try:
            size = path.stat().st_size
            if size > MAX_MODULE_BYTES:
                raise TransformError(
                    path, 0, 0, f"the module is {size / 2**20:.0f} MB; modules may be at most {MAX_MODULE_BYTES >> 20} MB"
                )
            return path.read_bytes()
        except OSError as error:
            raise TransformError(path, 0, 0, f"cannot read module: {error.strerror or error}") from error
