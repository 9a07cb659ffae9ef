"""Daily's cut files (`*.vcscut.json`, an edit decision list) read and checked.

    {"sources": [{"id": "cam", "path": "footage.mp4"}],
     "clips": [{"id": "c1", "source": "cam", "start": "0.0", "duration": "5.2"}, ...],
     "cut": {"duration": "44.9",
             "events": [{"t": "0", "clips": ["c1"], "params": {"mode": "single"}}, ...],
             "audio": [{"clips": ["c1"]}, {"clips": ["c2"]}]}}

Times are seconds, written as numbers or as strings (Daily's own files use strings). Source paths
are relative to the cut file's folder. An event at `t` starts its `clips` playing from their
`start`, each as a video input numbered from 1001 in the order of `clips` (as Daily's `vcscut`
numbers them); they become the active slots. Its `params` merge into the composition's. The audio
track is the listed clips' audio one after another. The composition is `daily:baseline` and the
frame rate the first source's, unless the file gives `compositionId` or `fps` (optional fields of
ours, named like the events file's); `outputSize` likewise (default 1280×720).

Every field is checked when the file is read, sources included (the file must exist), so a
mistake is one line naming the file and the field before anything is decoded or encoded.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..limits import MAX_FRAMES, check_fps, check_param_value, describe, read_json_file
from ..scenario import DEFAULT_OUTPUT_SIZE, Scenario, scenario_errors

CUT_SUFFIX = ".vcscut.json"
FIRST_VIDEO_ID = 1001
DEFAULT_COMPOSITION = "daily:baseline"
MAX_SECONDS = MAX_FRAMES / 30
"""Times in a cut are bounded like scenario lengths: two hours (one hour at 60 fps)."""


@dataclass(frozen=True)
class Clip:
    """A span of a source: `start` and `duration` in seconds of the source's time."""

    id: str
    source: Path
    start: float
    duration: float
    video_id: int
    description: str = ""


@dataclass(frozen=True)
class CutEvent:
    t: float
    clips: tuple[str, ...] | None
    params: Mapping[str, Any]


@dataclass(frozen=True)
class CutFile:
    path: Path
    clips: Mapping[str, Clip]
    duration: float
    events: tuple[CutEvent, ...]
    audio: tuple[str, ...]
    """Clip ids whose audio, one after another, is the sound track."""
    composition: str = DEFAULT_COMPOSITION
    fps: float | None = None
    output_size: tuple[int, int] = DEFAULT_OUTPUT_SIZE
    sources: Mapping[str, Path] = field(default_factory=dict)


def is_cut_file(data: Any) -> bool:
    """True for the parsed JSON of a cut file."""
    return isinstance(data, Mapping) and isinstance(data.get("cut"), Mapping) and "clips" in data


def read_cut_file(path: Path | str) -> CutFile:
    """The checked cut file; ScenarioError naming the file and field when it is malformed."""
    p = Path(path)
    with scenario_errors():
        data = read_json_file(p, "cut file")
        return _parse(data, p)


def _parse(data: Any, path: Path) -> CutFile:
    where = str(path)
    if not is_cut_file(data):
        raise InputError(f"{where}: not a cut file: it needs \"sources\", \"clips\" and a \"cut\" object")
    sources = _sources(data.get("sources"), path)
    clips: dict[str, Clip] = {}
    for i, label, cid, c in _named_entries(data["clips"], f"{where}: clips", "clip", "{id, source, start, duration}"):
        source = c.get("source")
        if source not in sources:
            raise InputError(f"{label}.source: no source {source!r} (sources: {', '.join(sources)})")
        duration = _seconds(c.get("duration"), f"{label}.duration")
        if duration <= 0:
            raise InputError(f"{label}.duration must be more than 0 seconds")
        clips[cid] = Clip(cid, sources[source], _seconds(c.get("start"), f"{label}.start"), duration,
                          FIRST_VIDEO_ID + i, str(c.get("description") or ""))
    cut = data["cut"]
    duration = _seconds(cut.get("duration"), f"{where}: cut.duration")
    if duration <= 0:
        raise InputError(f"{where}: cut.duration must be more than 0 seconds")
    return CutFile(
        path=path, clips=clips, duration=duration,
        events=_events(cut.get("events"), clips, f"{where}: cut.events"),
        audio=_audio(cut.get("audio"), clips, f"{where}: cut.audio"),
        composition=_composition(data.get("compositionId"), where),
        fps=None if data.get("fps") is None else check_fps(data["fps"], f"{where}: fps"),
        output_size=Scenario.from_mapping({"outputSize": data.get("outputSize")}, path).output_size,
        sources=sources)


def _named_entries(value: Any, where: str, what: str, shape: str) -> Iterator[tuple[int, str, str, Mapping[str, Any]]]:
    """(index, label, id, entry) of a non-empty list of objects with unique `id`s (`sources`,
    `clips`); InputError naming the entry otherwise. `where` is `FILE: field`."""
    if not isinstance(value, list) or not value:
        raise InputError(f"{where} must be a non-empty list of {shape}, not {describe(value)}")
    seen: set[str] = set()
    for i, entry in enumerate(value):
        label = f"{where}[{i}]"
        if not isinstance(entry, Mapping):
            raise InputError(f"{label} must be an object {shape}, not {describe(entry)}")
        name = _name(entry.get("id"), f"{label}.id")
        if name in seen:
            raise InputError(f"{label}.id: a second {what} {name!r}")
        seen.add(name)
        yield i, label, name, entry


def _sources(value: Any, path: Path) -> dict[str, Path]:
    sources: dict[str, Path] = {}
    for _i, label, sid, s in _named_entries(value, f"{path}: sources", "source", "{id, path}"):
        file = s.get("path")
        if not isinstance(file, str) or not file:
            raise InputError(f"{label}.path must be the media file's path, not {describe(file)}")
        resolved = (path.parent / file).expanduser()
        if not resolved.is_file():
            raise InputError(f"{label}.path: no such file {resolved} (paths are relative to the cut file's folder)")
        sources[sid] = resolved
    return sources


def _events(value: Any, clips: Mapping[str, Clip], where: str) -> tuple[CutEvent, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(f"{where} must be a list of {{t, clips, params}}, not {describe(value)}")
    events = []
    for i, e in enumerate(value):
        label = f"{where}[{i}]"
        if not isinstance(e, Mapping):
            raise InputError(f"{label} must be an object {{t, clips, params}}, not {describe(e)}")
        names = None if e.get("clips") is None else _clip_list(e["clips"], clips, f"{label}.clips")
        params = {} if e.get("params") is None else e["params"]
        if not isinstance(params, Mapping):
            raise InputError(f"{label}.params must be an object, not {describe(params)}")
        for pid, v in params.items():
            check_param_value(None, pid, v, where=label)
        events.append(CutEvent(_seconds(e.get("t"), f"{label}.t"), names, dict(params)))
    return tuple(sorted(events, key=lambda ev: ev.t))  # stable: events at one time keep their order


def _audio(value: Any, clips: Mapping[str, Clip], where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(f"{where} must be a list of {{clips: [...]}}, not {describe(value)}")
    ids: list[str] = []
    for i, a in enumerate(value):
        if not isinstance(a, Mapping):
            raise InputError(f"{where}[{i}] must be an object {{clips: [...]}}, not {describe(a)}")
        ids += _clip_list(a.get("clips"), clips, f"{where}[{i}].clips")
    return tuple(ids)


def _clip_list(value: Any, clips: Mapping[str, Clip], label: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise InputError(f"{label} must be a list of clip ids, not {describe(value)}")
    for name in value:
        if name not in clips:
            raise InputError(f"{label}: no clip {name!r} (clips: {', '.join(clips)})")
    return tuple(value)


def _name(value: Any, label: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(f"{label} must be a non-empty string, not {describe(value)}")
    return value


def _seconds(value: Any, label: str) -> float:
    """Seconds as a number or a numeric string ("5.23"), finite, 0 to MAX_SECONDS."""
    number = value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise InputError(f"{label} must be a number of seconds, not {describe(value)}") from None
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        raise InputError(f"{label} must be a number of seconds, not {describe(value)}")
    if not 0 <= number <= MAX_SECONDS:
        raise InputError(f"{label} must be between 0 and {MAX_SECONDS:,.0f} seconds; got {value}")
    return float(number)


def _composition(value: Any, where: str) -> str:
    if value is None:
        return DEFAULT_COMPOSITION
    return _name(value, f"{where}: compositionId")


def cut_scenario(cut: CutFile, fps: float) -> Scenario:
    """The states a cut's events give the composition, at their frames: each event's clips as
    the active slots (video ids from 1001), its params merged. Its length is `cut.duration`;
    an event past it stays at its own time (it applies only to a longer `--seconds`)."""
    frames = max(1, math.floor(cut.duration * fps + 0.5))  # half a frame rounds up: the whole cut is shown
    events: dict[int, dict[str, Any]] = {}
    for event in cut.events:
        frame = math.ceil(event.t * fps - 1e-6)
        state = events.setdefault(frame, {})
        if event.clips is not None:
            state["activeVideoInputSlots"] = [{"id": cut.clips[c].video_id} for c in event.clips]
        if event.params:
            state["params"] = {**state.get("params", {}), **event.params}
    return Scenario(path=cut.path, composition_id=cut.composition, output_size=cut.output_size,
                    duration_in_frames=frames, output_frames=list(range(frames)), events=events, fps=fps)

