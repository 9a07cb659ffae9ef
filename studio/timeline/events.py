"""The timeline's document logic without Qt: tracks, merging states, editing an events dict,
and the one-line summary a marker's tooltip shows.

A scenario's events are `{frame: state}`; a state carries up to four fields and each field is
one *track* on the timeline (participants = `activeVideoInputSlots`, messages =
`standardSources`). A marker is one (frame, track): the part of that frame's state on that track.
Edits here are pure: they return a new events dict and never touch their input. States are
values: the result shares the states an edit did not touch with its input (a new state is built
for each frame it touches), so an edit of a 9,000-event document copies one or two states, not
9,000, and the undo commands keep the dicts before and after for the price of their top level.
Nothing changes a state in place; what leaves the model is a deep copy.

Two states at one frame merge as the runner would apply them one after the other
(`vcs_engine.scenario.merge_states`: params key by key, slots and room replaced, messages
appended).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from enum import Enum
from typing import Any

from vcs_engine.scenario import merge_states

__all__ = ["Track", "Events", "copy_value", "tracks_in", "add_event", "move_part", "remove_part",
           "describe_part", "describe_change",
           "MAX_SUMMARY_ITEMS"]

Events = dict[int, dict[str, Any]]
MAX_SUMMARY_ITEMS = 6
"""Changes named in one tooltip line before "… and N more" (a state may set dozens of params)."""
MAX_VALUE_CHARS = 40


class Track(Enum):
    """A timeline track: the state field it shows, and its label."""

    PARAMS = ("params", "params")
    PARTICIPANTS = ("activeVideoInputSlots", "participants")
    ROOM = ("room", "room")
    MESSAGES = ("standardSources", "messages")

    @property
    def field(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


_TRACK_FIELDS = tuple((track, track.field) for track in Track)  # enum attributes are slow in loops


def tracks_in(state: Mapping[str, Any]) -> list[Track]:
    """The tracks a state has a part on, in track order (a null field is a part: it clears)."""
    return [track for track, field in _TRACK_FIELDS if field in state]


def copy_value(value: Any) -> Any:
    """A deep copy of a JSON value (what scenario states are, `check_state`): 3–5× faster than
    `copy.deepcopy`, which matters when a 9,000-event document is copied in or out. Anything
    else is left to `copy.deepcopy`."""
    kind = type(value)
    if kind is dict:
        return {key: copy_value(item) for key, item in value.items()}
    if kind is list:
        return [copy_value(item) for item in value]
    if kind in (str, int, float, bool) or value is None:
        return value
    return copy.deepcopy(value)


# ---------------------------------------------------------------------- merging and editing


def add_event(events: Events, frame: int, state: Mapping[str, Any]) -> Events:
    """`events` with `state` added at `frame`, merged into the event already there (the merged
    state is new and shares nothing with `state`)."""
    result = dict(events)
    result[frame] = merge_states(result.get(frame, {}), state)
    return result


def move_part(events: Events, frame: int, track: Track, to_frame: int) -> Events:
    """`events` with `track`'s part of the event at `frame` moved to `to_frame` (merged into the
    event there; an event left without parts is gone). KeyError when there is no such part."""
    part = {track.field: events[frame][track.field]}
    if to_frame == frame:
        return dict(events)
    return add_event(remove_part(events, frame, track), to_frame, part)


def remove_part(events: Events, frame: int, track: Track) -> Events:
    """`events` without `track`'s part at `frame`. KeyError when there is no such part.

    An event left with no track (only fields the runner ignores) is removed with it."""
    if track.field not in events[frame]:
        raise KeyError((frame, track))
    result = dict(events)
    rest = {key: value for key, value in events[frame].items() if key != track.field}
    if tracks_in(rest):
        result[frame] = rest
    else:
        del result[frame]
    return result


# ---------------------------------------------------------------------- summaries


def _value(value: Any) -> str:
    """A param value as a designer typed it: text bare, the rest as JSON, long ones cut."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS - 1] + "…"


def _listed(items: list[str]) -> str:
    shown = items[:MAX_SUMMARY_ITEMS]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f", … and {more} more" if more > 0 else "")


def _slot_name(slot: Any) -> str:
    if isinstance(slot, Mapping):
        return str(slot.get("displayName") or slot.get("id", "?"))
    return "—" if slot in (None, False) else _value(slot)


def _message_text(message: Any) -> str:
    if isinstance(message, Mapping):
        for key in ("text", "emoji", "message"):
            if isinstance(message.get(key), str):
                return f"‘{_value(message[key])}’"
        return f"key {_value(message.get('key'))}"
    return _value(message)


def _peer_count(room: Any) -> int:
    peers = room.get("availablePeers", room) if isinstance(room, Mapping) and "availablePeers" in room else room
    return len(peers) if isinstance(peers, (list, Mapping)) else 0


def describe_part(track: Track, value: Any) -> str:
    """What one track's part of a state changes, in one line ("params: mode = grid")."""
    return f"{track.label}: {describe_change(track, value)}"


def describe_change(track: Track, value: Any) -> str:
    """`describe_part` without the track's name ("mode = grid"): the label a marker shows on its
    track when there is room."""
    if track is Track.PARAMS:
        items = [f"{pid} = {_value(v)}" for pid, v in (value or {}).items()]
        body = _listed(items) if items else "no change"
    elif track is Track.PARTICIPANTS:
        slots = list(value or [])
        body = (f"{len(slots)} slot{'s' if len(slots) != 1 else ''} ({_listed([_slot_name(s) for s in slots])})"
                if slots else "none")
    elif track is Track.ROOM:
        count = _peer_count(value)
        body = f"{count} peer{'s' if count != 1 else ''}" if count else "no peers"
    else:
        parts = []
        for name, messages in (value or {}).items():
            messages = list(messages or [])
            parts.append(f"{name} +{len(messages)} {_listed([_message_text(m) for m in messages])}".rstrip())
        body = "; ".join(parts) if parts else "no messages"
    return body
