"""Daily's batch-runner events file → a Scenario.

The file (daily-vcs's `vcs-batch-runner.js` reads it):

    {"compositionId": "daily:baseline", "durationInFrames": 100, "fps": 30,
     "outputSize": {"w": 1280, "h": 720},
     "eventsByFrame": {"0": {"activeVideoInputSlots": [true, true], "params": {"mode": "split"}},
                       "30": {"standardSourceMessage": {"sourceId": "chatMessages", "data": {...}}}}}

Each event applies at its frame: `activeVideoInputSlots` replaces the slots, `params` merge key
by key, `standardSourceMessage` appends one message (`data`) to the source `sourceId`. A message
without a `key` gets one (the runtime drops keyless messages, and compositions recognise new
messages by key): the number of the message in the file, counted from 1, as text.

The frame rate is `fps`, as Daily's runner reads it. Daily's own example writes
`framesPerSecond`, which that runner ignores (it then runs at 30): we do the same, so a file
renders here as it does there, and say so in a warning when that key asks for another rate.

Like the runner, which writes one scene per frame, every frame up to `durationInFrames` is an
output frame (default: up to the last event). Fields shared with our scenario files
(`compositionId`, `durationInFrames`, `fps`, `outputSize`) are checked by the same code and named
the same way in errors.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..limits import check_frame_index, check_json_value, describe
from ..scenario import DEFAULT_FPS, Scenario, ScenarioError, check_state

log = logging.getLogger(__name__)

EVENT_FIELDS = ("activeVideoInputSlots", "params", "standardSourceMessage")
_FRAME_KEY = re.compile(r"0|[1-9]\d*")


def is_events_file(data: Any) -> bool:
    """True for the parsed JSON of a batch-runner events file (how it is told from our scenarios)."""
    return isinstance(data, Mapping) and "eventsByFrame" in data


def events_scenario(data: Mapping[str, Any], path: Path | None = None) -> Scenario:
    """The scenario an events file describes; ScenarioError naming the file and field when a
    field is malformed."""
    where = str(path) if path is not None else "events file"
    try:
        by_frame = data["eventsByFrame"]
        if not isinstance(by_frame, Mapping):
            raise InputError(f"{where}: eventsByFrame must be an object {{\"frame\": event}}, not {describe(by_frame)}")
        events: dict[int, dict[str, Any]] = {}
        counter = iter(range(1, len(by_frame) + 1))
        for key in sorted(by_frame, key=_frame_order):
            label = f"{where}: eventsByFrame[{key!r}]"
            if not isinstance(key, str) or not _FRAME_KEY.fullmatch(key):
                raise InputError(f"{label}: the key must be a frame number such as \"30\"")
            frame = check_frame_index(int(key), label)
            events[frame] = _event_state(by_frame[key], label, counter)
    except ScenarioError:
        raise
    except InputError as e:
        raise ScenarioError(str(e)) from None
    fps = _frame_rate(data, where)
    last = max(events, default=0)
    fields = {k: data.get(k) for k in ("compositionId", "durationInFrames", "outputSize")}
    if fields["durationInFrames"] is None:
        fields["durationInFrames"] = last + 1
    scenario = Scenario.from_mapping({**fields, "fps": fps}, path)
    frames = list(range(scenario.duration_in_frames))
    return replace(scenario, events=events, output_frames=frames)


def _frame_order(key: Any) -> tuple[int, Any]:
    """Frames in numeric order (keys are text); malformed keys first, to be reported."""
    return (1, int(key)) if isinstance(key, str) and _FRAME_KEY.fullmatch(key) else (0, 0)


def _event_state(event: Any, label: str, counter: Any) -> dict[str, Any]:
    """One event as a scenario state (checked by `check_state`)."""
    if not isinstance(event, Mapping):
        raise InputError(f"{label} must be an event object, not {describe(event)}")
    unknown = [k for k in event if k not in EVENT_FIELDS]
    if unknown:
        log.warning("%s: events have no field %s (ignored; they have %s)", label,
                    ", ".join(repr(k) for k in unknown), ", ".join(EVENT_FIELDS))
    state = {k: event[k] for k in ("activeVideoInputSlots", "params") if k in event}
    message = event.get("standardSourceMessage")
    if message is not None:
        source, data = _message(message, f"{label}.standardSourceMessage")
        number = next(counter)
        state["standardSources"] = {source: [{"key": str(number), **data}]}
    return check_state(state, label)


def _message(message: Any, label: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(message, Mapping):
        raise InputError(f"{label} must be an object {{sourceId, data}}, not {describe(message)}")
    source = message.get("sourceId")
    if not isinstance(source, str) or not source:
        raise InputError(f"{label}.sourceId must be the name of a standard source such as "
                         f"\"chatMessages\", not {describe(source)}")
    data = message.get("data")
    if not isinstance(data, Mapping):
        raise InputError(f"{label}.data must be a message object {{senderDisplayName, text}}, not {describe(data)}")
    check_json_value(dict(data), f"{label}.data")
    return source, dict(data)


def _frame_rate(data: Mapping[str, Any], where: str) -> Any:
    """`fps` (checked by the scenario code); `framesPerSecond` is ignored as Daily's runner
    ignores it, with a warning when it asks for a rate other than the one used."""
    fps = data.get("fps")
    other = data.get("framesPerSecond")
    used = DEFAULT_FPS if fps is None else fps
    if other is not None and other != used:
        log.warning("%s: framesPerSecond %s is ignored, as Daily's batch runner ignores it; rendering at %s fps "
                    "(the runner reads the key fps)", where, other, used)
    return fps
