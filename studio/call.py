"""The simulated call: the participants table turned into what the composition and the painter see.

A row of the table (`SlotsModel`) is one participant: a Daily video input slot (`id`,
`displayName`, `dominant`, `paused`, `type: "screenshare"`) plus what only the studio knows —
where its picture comes from (`source`, `footage`), whether it is in the call (`active`), and
whether it has a camera at all (`audioOnly`). The composition must only see what Daily's
servers would send, so the studio's fields are taken off here, in one place:

* `activeVideoInputSlots`: the Daily fields of each row with a video; `false` for a row that is
  inactive or audio-only (Daily's empty slot, which still counts in the slot total);
* `availablePeers` (RoomContext): a peer per active row, with its camera (or its screen, for a
  screenshare row) and its audio — an audio-only row is a peer with audio and no video, which
  is how compositions (`useAudioOnlyPeers`) find such participants;
* footage per video id for the painter (`vcs_engine.authoring.Footage`).

No Qt: the session's render thread calls this, and tests read it directly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vcs_engine.authoring import Footage
from vcs_engine.media import STILL_SUFFIXES

SYNTHETIC, FILE, NONE = "synthetic", "file", "none"
SOURCES = (SYNTHETIC, FILE, NONE)
"""A row's `source`: generated footage (the default), a video or image `footage` file, no picture."""
STUDIO_FIELDS = ("source", "footage", "active", "audioOnly")
"""Row fields the studio keeps to itself (absent when at their default)."""
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts", ".gif"})
"""Files offered as video footage (PyAV opens more; these are what a file chooser lists)."""

Row = Mapping[str, Any]


def is_image(path: str | Path) -> bool:
    return Path(path).suffix.lower() in STILL_SUFFIXES


def is_footage_file(path: str | Path) -> bool:
    """A file a participant can show: a still image or a video."""
    suffix = Path(path).suffix.lower()
    return suffix in STILL_SUFFIXES or suffix in VIDEO_SUFFIXES


def is_active(row: Row) -> bool:
    return row.get("active", True) is not False


def has_video(row: Row) -> bool:
    return is_active(row) and not row.get("audioOnly")


def source_of(row: Row) -> str:
    source = row.get("source", SYNTHETIC)
    if source == FILE and not row.get("footage"):
        return SYNTHETIC
    return source if source in SOURCES else SYNTHETIC


def video_id(row: Row, index: int) -> Any:
    return row.get("id", index)


def daily_slot(row: Row) -> dict[str, Any]:
    """The row as Daily's slot object: the studio's fields taken off."""
    return {key: value for key, value in row.items() if key not in STUDIO_FIELDS}


def peer(row: Row, index: int) -> dict[str, Any]:
    """The row as a room peer (RoomContext.availablePeers)."""
    vid = video_id(row, index)
    result: dict[str, Any] = {"id": f"peer-{vid}", "displayName": str(row.get("displayName", ""))}
    audio: dict[str, Any] = {"id": f"audio-{vid}", "paused": False}
    if has_video(row):
        track = "screenshareVideo" if row.get("type") == "screenshare" else "video"
        result[track] = {"id": vid, "paused": bool(row.get("paused"))}
    elif row.get("dominant"):
        audio["dominant"] = True  # an audio-only speaker is highlighted by its audio
    result["audio"] = audio
    return result


def footage(row: Row) -> Footage:
    """What the row's video shows (for rows with a video)."""
    source = source_of(row)
    name = str(row.get("displayName", ""))
    if source == NONE:
        return Footage(blank=True)
    if source == FILE:
        return Footage(file=str(row["footage"]), name=name)
    return Footage(name=name, screen=row.get("type") == "screenshare")


@dataclass(frozen=True)
class CallState:
    slots: list[dict[str, Any] | bool]
    peers: list[dict[str, Any]]
    footage: dict[Any, Footage]


def call_state(rows: Sequence[Row]) -> CallState:
    """What the engine and the painter get for the table's rows."""
    slots: list[dict[str, Any] | bool] = []
    peers: list[dict[str, Any]] = []
    shown: dict[Any, Footage] = {}
    for index, row in enumerate(rows):
        slots.append(daily_slot(row) if has_video(row) else False)
        if is_active(row):
            peers.append(peer(row, index))
        if has_video(row):
            shown[video_id(row, index)] = footage(row)
    return CallState(slots, peers, shown)
