"""What every host keeps, in process (`Host`) or supervised (`SupervisedHost`): one surface.

The two hosts differ in where composition code runs, not in what a caller sees: the same
composition, size, params and folders, and the same honest failure state — the error that
stopped the composition is raised again by every render until a state change (params, inputs,
room, size) or a reload gives it a chance to recover. Keeping that here, once, is what lets the
CLI, the studio and batch jobs treat either host alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from typing_extensions import Self

from .bundle import bundled_session_folder, is_bundle
from .errors import CompositionError
from .interface import CompositionInterface
from .session_assets import check_session_folder, search_folders

__all__ = ["DEFAULT_FPS", "DEFAULT_SIZE", "HostState"]

DEFAULT_SIZE = (1280, 720)
DEFAULT_FPS = 30.0

H = TypeVar("H", bound="HostState")


class HostState:
    """The state both hosts keep, and the rules of failure and recovery."""

    def __init__(self, *, size: tuple[int, int] = DEFAULT_SIZE, fps: float = DEFAULT_FPS,
                 asset_dirs: Sequence[Path | str] = (), session_assets: Path | str | None = None) -> None:
        self.fps = fps
        self.size = (int(size[0]), int(size[1]))
        self.asset_dirs = [Path(d) for d in asset_dirs]
        self.session_assets: Path | None = None
        self.set_session_assets(session_assets)
        self.path: Path | None = None
        self.root: Path | None = None
        self.interface = CompositionInterface()
        self.images: dict[str, dict] = {}
        self.params: dict[str, Any] = {}
        self.failure: CompositionError | None = None
        self._changed_since_failure = False

    @classmethod
    def load(cls, composition: str | Path, **kwargs: Any) -> Self:
        host = cls(**kwargs)
        host.open(composition)  # type: ignore[attr-defined]
        return host

    # ------------------------------------------------------------------ folders

    def set_session_assets(self, folder: Path | str | None) -> None:
        """Use a session-assets folder (None: none), applied as Daily's servers apply session
        assets (see `session_assets.py`): its code files replace the composition's, its
        `images/` add images. Takes effect at the next `open()` or `reload()`.

        InputError when the folder does not exist."""
        self.session_assets = check_session_folder(folder) if folder is not None else None

    @property
    def image_dirs(self) -> list[Path]:
        """Folders searched for images by name, first wins: the session's `images/`, then
        `asset_dirs` (the composition's own `images/` wins over all of them)."""
        return search_folders(self.session_assets or bundled_session_folder(self.root), self.asset_dirs)

    @property
    def composition_dir(self) -> Path | None:
        """The folder of a folder composition (its `images/` are the composition's assets), or
        the folder a bundle is unpacked in (laid out alike); None for a single-file composition,
        which has no assets of its own."""
        if self.path is None or not (self.path.is_dir() or is_bundle(self.path)):
            return None
        return self.root

    @property
    def images_dir(self) -> Path | None:
        return self.composition_dir / "images" if self.composition_dir is not None else None

    # ------------------------------------------------------------------ frames and failures

    def frame_time(self, frame_index: int | None, t: float | None) -> tuple[int, float]:
        """A frame index and its time in seconds, from either (frame 0 when neither)."""
        if t is None:
            frame_index = 0 if frame_index is None else frame_index
            return frame_index, frame_index / self.fps
        return (round(t * self.fps) if frame_index is None else frame_index), t

    def _state_changed(self) -> None:
        """Any change of params, inputs, room or size: a failed composition may now recover."""
        self._changed_since_failure = True

    def _must_recover(self) -> bool:
        """Before a render: raise the recorded failure while nothing changed since; True when a
        change since asks for a recovery attempt."""
        if self.failure is None:
            return False
        if not self._changed_since_failure:
            raise self.failure
        return True

    def _failed(self, error: CompositionError) -> CompositionError:
        """Record the error that stopped the composition (see `failure`); returns it to raise."""
        self.failure = error
        self._changed_since_failure = False
        return error
