"""What users look at: a host's outputs composited over footage, in one place.

`vcs render` (composite PNGs), `vcs export` and the studio's preview all turn `FrameOutput`s into
pixels the same way, so they share this module instead of each building a compositor and a set
of footage sources (anchors.md, change 1). Unlike the Daily-exact `_graphics.png`, this is the
authoring look: a missing image draws a visible crossed box and an unknown font family falls back
to Roboto, each with one warning, so mistakes show.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .host import FrameOutput
from .media import Footage, SourceSet, input_key
from .media.sources import InputId
from .render import AssetResolver, Compositor, FontLibrary
from .render.compositor import LAYERS

if TYPE_CHECKING:
    from .render.compositor import PixelOrder

__all__ = ["Footage", "FramePainter", "HostPaths", "asset_resolver", "default_footage_name"]


class HostPaths(Protocol):
    """What painting needs to know of a host (`Host` and `SupervisedHost` both have it)."""

    size: tuple[int, int]

    @property
    def image_dirs(self) -> list[Path]: ...

    @property
    def composition_dir(self) -> Path | None: ...


def asset_resolver(host: HostPaths, *, placeholder: bool = False) -> AssetResolver:
    """The renderer's image lookup for the host's composition and its image folders (the
    session's `images/`, then `--assets`)."""
    return AssetResolver(host.composition_dir, host.image_dirs, placeholder=placeholder)


def default_footage_name(key: InputId) -> str:
    """What generated footage of input `key` says when nothing names it: "Participant N" for
    Daily's numbered slots (as `vcs render`'s default participants are called), else the id."""
    return f"Participant {key + 1}" if isinstance(key, int) else str(key)


class FramePainter:
    """Composites frames of one host at its current size; footage per video-layer id.

    Footage sources are opened lazily, per id, because participants come and go: what
    `set_footage` says for that id (the studio's participants), else `inputs[i]` (a file) for
    input `i` when given, else synthetic footage named "Participant i+1". A source is replaced
    when what its id should show changes. The compositor is rebuilt when the host's size changes.
    """

    def __init__(self, host: HostPaths, inputs: Sequence[str] = ()) -> None:
        self.host = host
        self.inputs = list(inputs)
        self.sources = SourceSet()
        self._footage: dict[InputId, Footage] = {}
        self._shown: dict[InputId, Footage] = {}  # what each open source was opened from
        self._compositor: Compositor | None = None
        self.transparent = False
        """No black backdrop: what the layers leave uncovered stays transparent (the studio
        shows a checkerboard there while a layer is switched off)."""

    def set_footage(self, footage: Mapping[InputId, Footage]) -> None:
        """What each input shows from now on; ids not named get the default (see the class)."""
        self._footage = {input_key(input_id): each for input_id, each in footage.items()}

    def footage_for(self, key: InputId) -> Footage:
        if key in self._footage:
            return self._footage[key]
        file = self.inputs[key] if isinstance(key, int) and 0 <= key < len(self.inputs) else None
        return Footage(file=file, name=default_footage_name(key))

    def compositor(self) -> Compositor:
        w, h = self.host.size
        if self._compositor is None or (self._compositor.width, self._compositor.height) != (w, h):
            self._compositor = Compositor(w, h, assets=asset_resolver(self.host, placeholder=True),
                                          fonts=FontLibrary(fallback_family="Roboto"))
        return self._compositor

    def forget_assets(self) -> None:
        """After a reload: images may have changed or the composition moved."""
        self._compositor = None

    def paint(self, frame: FrameOutput, *, layers: Collection[str] = LAYERS,
              order: PixelOrder = "rgba") -> np.ndarray:
        """The frame's pixels, `(h, w, 4)` premultiplied, in `order`."""
        for layer in frame.video_layers:
            key = input_key(layer["id"])
            wanted = self.footage_for(key)
            if key not in self.sources or self._shown.get(key) != wanted:
                self.sources.show(key, wanted)
                self._shown[key] = wanted
        return self.compositor().composite(frame, self.sources, frame.time, layers=layers, order=order,
                                           background_color=None if self.transparent else (0, 0, 0))

    def close(self) -> None:
        self.sources.close()
