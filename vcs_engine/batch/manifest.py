"""The batch manifest (`DIR/batch-manifest.json`): which outputs are complete, so an interrupted
or partly failed batch resumes where it stopped.

A task (a whole job, or one range of a split job) is recorded when it finishes: the hash of
everything it was made from (the job's settings, the engine's version, and the content of every
file it reads: composition, scenario, session assets, asset folders, inputs) and the hash of
what it wrote. On a re-run a task is skipped only when both still match — a changed param, a
re-encoded input or an output edited or damaged since all make it run again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..bundle import engine_version
from ..export.files import atomic_output
from ..host import resolve_composition
from ..jobs import ExportJob

MANIFEST = "batch-manifest.json"
FORMAT_VERSION = 1
_CHUNK = 1 << 20


def _files(path: Path) -> Iterator[Path]:
    """A file, or a folder's files in a stable order (links followed, as the engine reads them)."""
    if path.is_file():
        yield path
    elif path.is_dir():
        for root, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                yield Path(root) / name


@lru_cache(maxsize=4096)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    """A file's sha256, remembered while its size and time stay (inputs shared by many jobs are
    read once per run)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def content_hash(path: Path) -> str:
    """sha256 over a file's bytes, or a folder's relative names and bytes; "" when absent."""
    digest = hashlib.sha256()
    found = False
    for file in _files(path):
        found = True
        st = file.stat()
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode())
        digest.update(_file_hash(str(file), st.st_size, st.st_mtime_ns).encode())
    return digest.hexdigest() if found else ""


def job_hash(job: ExportJob, out_dir: Path) -> str:
    """What a job's output depends on: settings (with the output named relative to the batch
    folder, so the folder can move) and the content of every file it reads."""
    settings = replace(job, out=job.out.relative_to(out_dir)).to_dict()
    read: list[Path] = [resolve_composition(job.composition), *job.asset_dirs]
    read += [Path(p) for p in (job.scenario, job.transcript, job.session_assets) if isinstance(p, (str, Path))]
    read += [Path(spec.file) for spec in job.inputs if spec.file is not None]
    blob = json.dumps({"settings": settings, "engine": engine_version(),
                       "files": [content_hash(p) for p in read]}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class Manifest:
    """The finished tasks of a batch folder, by key; saved after each change (atomically)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.out_dir = out_dir
        self.tasks: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == FORMAT_VERSION and isinstance(data.get("tasks"), dict):
                self.tasks = data["tasks"]
        except (OSError, ValueError, AttributeError):
            pass  # none yet, or unreadable: everything is rendered again, nothing is lost

    def done(self, key: str, inputs: str, out: Path) -> Mapping[str, Any] | None:
        """The record of `key` when it was made from `inputs` and `out` is still what was written."""
        entry = self.tasks.get(key)
        if not entry or entry.get("inputs") != inputs:
            return None
        if content_hash(out) != entry.get("output"):
            return None
        return entry

    def record(self, key: str, inputs: str, out: Path, **facts: Any) -> None:
        self.tasks[key] = {"inputs": inputs, "output": content_hash(out), **facts}
        self.save()

    def forget(self, key: str) -> None:
        if self.tasks.pop(key, None) is not None:
            self.save()

    def save(self) -> None:
        with atomic_output(self.path) as temporary:
            temporary.write_text(json.dumps({"version": FORMAT_VERSION, "tasks": self.tasks}, indent=1),
                                 encoding="utf-8")
