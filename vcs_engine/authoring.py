"""What users look at: a host's outputs composited over footage, in one place.

`vcs render` (composite PNGs), `vcs export` and the studio's preview all turn `FrameOutput`s into
pixels the same way, so they share this module instead of each building a compositor and a set
of footage sources (anchors.md, change 1). Unlike the Daily-exact `_graphics.png`, this is the
authoring look: a missing image draws a visible crossed box and an unknown font family falls back
to Roboto, each with one warning, so mistakes show.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from .host import FrameOutput
from .media import SourceSet, input_key
from .render import AssetResolver, Compositor, FontLibrary
from .render.compositor import LAYERS

if TYPE_CHECKING:
    from .render.compositor import PixelOrder

__all__ = ["FramePainter", "HostPaths", "asset_resolver"]


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


class FramePainter:
    """Composites frames of one host at its current size; footage per video-layer id.

    Footage sources are opened lazily, per id, because participants come and go: `inputs[i]`
    (a file) for input `i` when given, else synthetic footage named after the participant. The
    compositor is rebuilt when the host's size changes.
    """

    def __init__(self, host: HostPaths, inputs: Sequence[str] = ()) -> None:
        self.host = host
        self.inputs = list(inputs)
        self.sources = SourceSet()
        self._compositor: Compositor | None = None

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
            if key not in self.sources:
                spec = self.inputs[key] if isinstance(key, int) and 0 <= key < len(self.inputs) else None
                self.sources.add(key, spec, f"Participant {key + 1}" if isinstance(key, int) else str(key))
        return self.compositor().composite(frame, self.sources, frame.time, layers=layers, order=order)

    def close(self) -> None:
        self.sources.close()
