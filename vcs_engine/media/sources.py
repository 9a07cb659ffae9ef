"""Opening sources from user-given specs, and the per-input set the compositor reads from."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from .file import FileSource
import numpy as np

from .source import BgraSource, MediaError, VideoSource, frozen
from .still import StillSource
from .synthetic import BlankSource, SyntheticScreenSource, SyntheticSource

log = logging.getLogger(__name__)

SourceSpec = str | PathLike[str] | None
"""A video or image file path; None means "no footage" (synthetic)."""

InputId = int | str

@dataclass(frozen=True)
class Footage:
    """What one input shows in authoring output: a file, generated footage, or no picture.

    The studio describes each participant this way (its table's source column, its name, its
    screenshare flag); the CLI's `--inputs` are files. Frozen and comparable, so a painter can
    tell whether an input's source must be replaced."""

    file: SourceSpec = None  # a video or still image file (opened by its suffix)
    name: str = ""  # generated footage: the participant's name, on its badge
    screen: bool = False  # generated footage: a shared screen (a slide), not a camera
    blank: bool = False  # no picture at all (black), as a track that delivers no frames
    offset_s: float = 0.0  # a file: the time in it shown at time 0 (skips its first seconds)


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


def input_key(input_id: Any) -> InputId:
    """One key per input whatever its spelling: video layer ids arrive as 0 or "0".

    Ids come from the composition's `<Video src>`, so they may be any JSON value: anything but
    an int or a string (a list, an object, null, a fraction) is keyed by its JSON text, which is
    hashable and stable."""
    if isinstance(input_id, bool):
        return json.dumps(input_id)
    if isinstance(input_id, int):
        return input_id
    if isinstance(input_id, str):
        return int(input_id) if input_id.isascii() and input_id.isdigit() else input_id
    if isinstance(input_id, float) and input_id.is_integer():
        return int(input_id)
    try:
        return json.dumps(input_id, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return repr(input_id)


class OffsetSource(BgraSource):
    """A source seen `offset_s` seconds later: time t shows the wrapped source's t + offset_s.

    Why a wrapper: an export's `--input SLOT=FILE@OFFSET` starts a recording part-way through,
    and the sources themselves stay simple (time 0 is the file's first frame)."""

    def __init__(self, source: VideoSource, offset_s: float) -> None:
        self.source = source
        self.offset_s = float(offset_s)

    @property
    def size(self) -> tuple[int, int]:
        return self.source.size

    def prefer_size(self, size: tuple[int, int]) -> None:
        if isinstance(self.source, BgraSource):
            self.source.prefer_size(size)

    def bgra_at(self, t: float) -> np.ndarray:
        t = max(0.0, t + self.offset_s)  # a file that starts later shows its first frame until then
        if isinstance(self.source, BgraSource):
            return self.source.bgra_at(t)
        rgb = self.source.frame_at(t)
        bgra = np.empty((*rgb.shape[:2], 4), np.uint8)
        bgra[..., :3], bgra[..., 3] = rgb[..., ::-1], 255
        return frozen(bgra)

    def close(self) -> None:
        self.source.close()


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
        """A source per input: its footage if usable, else synthetic footage with its name."""
        result = cls()
        for input_id, spec in specs.items():
            result.add(input_id, spec, (names or {}).get(input_id, ""), synthetic_size)
        return result

    def add(self, input_id: InputId, spec: SourceSpec = None, name: str = "",
            synthetic_size: tuple[int, int] = (640, 360)) -> VideoSource:
        """Install the footage `spec` for an input, or synthetic footage if there is none."""
        return self.show(input_id, Footage(file=spec, name=name), synthetic_size)

    def show(self, input_id: InputId, footage: Footage, synthetic_size: tuple[int, int] = (640, 360)) -> VideoSource:
        """Install the source `footage` describes for an input, closing the one it replaces.

        A footage file that fails to open is a warning, not an error: the preview and the export
        must keep running while the user fixes a path, so generated footage stands in. Generated
        footage of an integer id takes its look from the id, so a participant keeps their colour
        whatever the opening order.
        """
        source: VideoSource | None = BlankSource(synthetic_size) if footage.blank else None
        if source is None and footage.file is not None:
            try:
                source = open_source(footage.file)
                if footage.offset_s:
                    source = OffsetSource(source, footage.offset_s)
            except MediaError as error:
                log.warning("input %s: %s; using synthetic footage instead", input_id, error)
        if source is None:
            key = input_key(input_id)
            index = key if isinstance(key, int) else len(self._sources)
            look = SyntheticScreenSource if footage.screen else SyntheticSource
            source = look(index, footage.name, synthetic_size)
        self[input_id] = source
        return source

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
