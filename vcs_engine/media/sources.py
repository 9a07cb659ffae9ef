"""Opening sources from user-given specs, and the per-input set the compositor reads from."""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path

from .file import FileSource
from .source import MediaError, VideoSource
from .still import StillSource
from .synthetic import SyntheticSource

log = logging.getLogger(__name__)

SourceSpec = str | PathLike[str] | None
"""A video or image file path; None means "no footage" (synthetic)."""

InputId = int | str

STILL_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"})
"""Files opened as a still image; anything else is handed to PyAV as video."""


def open_source(spec: str | PathLike[str]) -> VideoSource:
    """Open footage by file type. Raises MediaError (with the reason) if it cannot be used."""
    path = Path(spec)
    if not path.is_file():
        raise MediaError(f"footage file not found: {str(path)!r}")
    if path.suffix.lower() in STILL_SUFFIXES:
        return StillSource(path)
    return FileSource(path)


def input_key(input_id: InputId) -> InputId:
    """One key per input whatever its spelling: video layer ids arrive as 0 or "0"."""
    if isinstance(input_id, str) and input_id.isdigit():
        return int(input_id)
    return input_id


class SourceSet(Mapping[InputId, VideoSource]):
    """Input id → source. Looked up by the compositor with each video layer's `id`."""

    def __init__(self, sources: Mapping[InputId, VideoSource] | None = None) -> None:
        self._sources: dict[InputId, VideoSource] = {}
        for input_id, source in (sources or {}).items():
            self[input_id] = source

    @classmethod
    def open(cls, specs: Mapping[InputId, SourceSpec],
             names: Mapping[InputId, str] | None = None,
             synthetic_size: tuple[int, int] = (640, 360)) -> SourceSet:
        """A source per input: its footage if usable, else synthetic footage with its name.

        A footage file that fails to open is a warning, not an error: the preview and the export
        must keep running while the user fixes a path.
        """
        names = names or {}
        result = cls()
        for position, (input_id, spec) in enumerate(specs.items()):
            source: VideoSource | None = None
            if spec is not None:
                try:
                    source = open_source(spec)
                except MediaError as error:
                    log.warning("input %s: %s; using synthetic footage instead", input_id, error)
            key = input_key(input_id)
            result[key] = source or SyntheticSource(
                key if isinstance(key, int) else position, names.get(input_id, ""), synthetic_size
            )
        return result

    def __setitem__(self, input_id: InputId, source: VideoSource) -> None:
        """Install a source, closing the one it replaces."""
        key = input_key(input_id)
        previous = self._sources.get(key)
        if previous is not None and previous is not source:
            previous.close()
        self._sources[key] = source

    def __getitem__(self, input_id: InputId) -> VideoSource:
        return self._sources[input_key(input_id)]

    def __iter__(self) -> Iterator[InputId]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def close(self) -> None:
        """Close every source (stops decoder threads)."""
        for source in self._sources.values():
            source.close()
        self._sources.clear()

    def __enter__(self) -> SourceSet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
