"""What the studio remembers between runs (QSettings, organisation "VCS Studio").

Window geometry and dock layout, the last and recent compositions, and per composition its
changed params, its participants and the layers shown (`CompositionMemory`). Values that are not Qt's own byte arrays are stored as JSON text: an INI file
turns booleans and numbers into strings, and a param set must come back exactly.

The store is passed in, never found: the window remembers nothing unless it is given a
`StudioSettings` (app.py gives it the user's), so tests, benchmarks and scripts never read or
write the user's settings. Tests use `StudioSettings.at(tmp_path / "studio.ini")`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from vcs_engine.render.compositor import LAYERS

ORGANISATION = "VCS Studio"
APPLICATION = "VCS Studio"
MAX_RECENT = 10


@dataclass(frozen=True)
class CompositionMemory:
    """What is remembered per composition: its changed params, the participants table's rows
    (names, sources and files, flags) and the layers shown. `slots`/`layers` are None when
    never saved (the window keeps what it has). Rows are returned as stored: the window checks
    them (`slots_model.checked_slots`), since a settings file can be edited by hand."""

    params: dict[str, Any] = field(default_factory=dict)
    slots: list[dict[str, Any]] | None = None
    layers: frozenset[str] | None = None


class StudioSettings:
    """A typed view of one QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    @classmethod
    def for_user(cls) -> StudioSettings:
        """The user's settings (an INI file in the platform's configuration folder)."""
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION))

    @classmethod
    def at(cls, path: Path) -> StudioSettings:
        """Settings in a file of one's choosing (tests, a portable install)."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    def sync(self) -> None:
        self.store.sync()

    # ------------------------------------------------------------------ JSON values

    def _json(self, key: str, default: Any) -> Any:
        text = self.store.value(key)
        if not isinstance(text, str):
            return default
        try:
            return json.loads(text)
        except ValueError:
            return default

    def _set_json(self, key: str, value: Any) -> None:
        self.store.setValue(key, json.dumps(value, ensure_ascii=False))

    # ------------------------------------------------------------------ window

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        """Geometry and dock/toolbar state as saved by `QMainWindow` (None when never saved)."""
        geometry, state = self.store.value("window/geometry"), self.store.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)

    def splitter_state(self, name: str) -> QByteArray | None:
        """A splitter's sizes inside a dock (`QMainWindow.saveState` keeps only the docks')."""
        state = self.store.value(f"window/splitter-{name}")
        return state if isinstance(state, QByteArray) else None

    def save_splitter_state(self, name: str, state: QByteArray) -> None:
        self.store.setValue(f"window/splitter-{name}", state)

    # ------------------------------------------------------------------ compositions

    def recent(self) -> list[str]:
        """Recent compositions, newest first (absolute paths)."""
        items = self._json("compositions/recent", [])
        return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []

    def add_recent(self, composition: str) -> None:
        items = [composition] + [item for item in self.recent() if item != composition]
        self._set_json("compositions/recent", items[:MAX_RECENT])

    def clear_recent(self) -> None:
        self._set_json("compositions/recent", [])

    def last_composition(self) -> str | None:
        """The most recent composition that still exists."""
        return next((item for item in self.recent() if Path(item).exists()), None)

    @staticmethod
    def _memory_key(composition: str) -> str:
        # Paths hold "/", which QSettings reads as groups: key by a digest, keep the path inside.
        return "composition/" + hashlib.sha1(composition.encode("utf-8")).hexdigest()[:16]

    def memory_for(self, composition: str) -> CompositionMemory:
        """What the studio showed of `composition` last time (empty when never opened)."""
        entry = self._json(self._memory_key(composition), {})
        if not isinstance(entry, dict) or entry.get("composition") != composition:
            return CompositionMemory()
        params, slots, layers = entry.get("params"), entry.get("slots"), entry.get("layers")
        return CompositionMemory(
            params=dict(params) if isinstance(params, dict) else {},
            slots=[dict(s) for s in slots if isinstance(s, dict)] if isinstance(slots, list) else None,
            layers=(frozenset(name for name in layers if name in LAYERS)
                    if isinstance(layers, list) else None))

    def remember(self, composition: str, memory: CompositionMemory) -> None:
        entry: dict[str, Any] = {"composition": composition, "params": dict(memory.params)}
        if memory.slots is not None:
            entry["slots"] = [dict(s) for s in memory.slots]
        if memory.layers is not None:
            entry["layers"] = sorted(memory.layers)
        self._set_json(self._memory_key(composition), entry)

    # ------------------------------------------------------------------ preview tools

    def preview_options(self) -> dict[str, bool]:
        """The preview overlays' toggles (studio/overlays.py), by key."""
        items = self._json("preview/options", {})
        return {k: v for k, v in items.items() if isinstance(v, bool)} if isinstance(items, dict) else {}

    def save_preview_options(self, options: Mapping[str, bool]) -> None:
        self._set_json("preview/options", dict(options))

    def multiview_sizes(self) -> list[tuple[int, int]] | None:
        """The multiview's output sizes (None when never chosen)."""
        items = self._json("preview/multiview", None)
        if not isinstance(items, list):
            return None
        sizes = [(int(w), int(h)) for item in items if isinstance(item, list) and len(item) == 2
                 for w, h in [item] if isinstance(w, int) and isinstance(h, int) and w > 0 and h > 0]
        return sizes or None

    def save_multiview_sizes(self, sizes: list[tuple[int, int]]) -> None:
        self._set_json("preview/multiview", [list(size) for size in sizes])
