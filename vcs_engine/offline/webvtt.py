"""WebVTT transcripts → `transcript` standard-source messages, as Daily's batch runner takes them.

Daily's batch runner accepts a WebVTT file in place of an events file: every cue becomes a
`transcript` message at the cue's start (`<v NAME>` gives `senderDisplayName`) and an empty
message when it ends, so a text overlay fed by the transcript clears between sentences.

What we read (the W3C WebVTT syntax, the parts a transcript uses):

* the `WEBVTT` signature on the first line (a BOM before it is allowed), then header lines up
  to the first blank line;
* blocks separated by blank lines: `NOTE`, `STYLE` and `REGION` blocks are skipped; a cue is an
  optional identifier line, a timing line `START --> END [settings]` (settings are ignored) and
  its text lines;
* timestamps `hh:mm:ss.mmm` or `mm:ss.mmm` (hours may have more digits, minutes and seconds are
  00–59, exactly three millisecond digits);
* cue text: the first voice span's name is the speaker; every other tag (`<b>`, `<i>`, `<c.x>`,
  `<lang>`, inline timestamps, `</v>`) is dropped and character references are decoded. Text
  lines are joined with a space: the composition wraps the text itself.

Anything else is an error of one line, `FILE:LINE: what is wrong`, raised as a `ScenarioError`
(a transcript stands in for a scenario): a missing signature, a malformed timestamp, a cue that
ends before it starts, a block that is neither a cue nor a note.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..limits import check_frame_index, read_text_file
from ..scenario import DEFAULT_FPS, Scenario, ScenarioError, merge_states, scenario_errors

TRANSCRIPT_SOURCE = "transcript"
DEFAULT_TRANSCRIPT_STATE: Mapping[str, Any] = {
    "activeVideoInputSlots": [True],
    "params": {
        "showTextOverlay": True,
        "text.source": "transcript",
        "text.align_vertical": "bottom",
        "toast.source": "chatMessages",
        "toast.duration_secs": 3,
        "toast.showIcon": False,
    },
}
"""The state Daily's batch runner applies first when it has cues and no events: one video
input and the text overlay showing the transcript at the bottom."""

_TIMESTAMP = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
_TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>")
_TAG = re.compile(r"<[^>]*>")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    """One cue: its times in seconds, its text without markup, the speaker (`<v NAME>`, else
    ''), and the line of its timing line (for messages)."""

    start: float
    end: float
    text: str
    speaker: str = ""
    line: int = 0
    identifier: str = ""


def read_webvtt(path: Path | str) -> list[Cue]:
    """The cues of a WebVTT file in file order; ScenarioError `FILE:LINE: ...` when malformed."""
    p = Path(path)
    with scenario_errors():
        text = read_text_file(p, "transcript file")
    return parse_webvtt(text, str(p))


def is_webvtt(head: str) -> bool:
    """True when text starts with the WebVTT signature (how files are recognised by content)."""
    head = head.removeprefix("\ufeff")
    return head.startswith("WEBVTT") and (len(head) == 6 or head[6] in " \t\r\n")


def parse_webvtt(text: str, where: str = "transcript") -> list[Cue]:
    """The cues of WebVTT text (see the module doc); `where` names the file in errors."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not is_webvtt(lines[0]):
        raise ScenarioError(f"{where}:1: not a WebVTT file: the first line must start with WEBVTT")
    cues: list[Cue] = []
    for first, block in _blocks(lines):
        if block[0].split(" ", 1)[0].split("\t", 1)[0] in _SKIPPED_BLOCKS:
            continue
        cues.append(_cue(first, block, where))
    return cues


def _blocks(lines: list[str]) -> Iterable[tuple[int, list[str]]]:
    """(line number of its first line, lines) of every block after the header."""
    i = 0
    while i < len(lines) and lines[i].strip():  # the header
        i += 1
    block: list[str] = []
    start = 0
    for n, line in enumerate(lines[i:], i + 1):
        if line.strip():
            if not block:
                start = n
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def _cue(first: int, block: list[str], where: str) -> Cue:
    identifier = ""
    timing_at = 0
    if "-->" not in block[0]:
        if len(block) < 2 or "-->" not in block[1]:
            raise ScenarioError(f"{where}:{first}: expected a cue timing line 'START --> END' "
                                f"(or a NOTE), found {block[0][:60]!r}")
        identifier, timing_at = block[0].strip(), 1
    line = first + timing_at
    match = _TIMING.match(block[timing_at].strip())
    if match is None:
        raise ScenarioError(f"{where}:{line}: a cue timing line is 'START --> END', e.g. "
                            f"'00:00:04.000 --> 00:00:07.500'")
    start = _seconds(match.group(1), where, line)
    end = _seconds(match.group(2), where, line)
    if end <= start:
        raise ScenarioError(f"{where}:{line}: the cue ends ({match.group(2)}) before it starts ({match.group(1)})")
    speaker, text = _payload(block[timing_at + 1:])
    return Cue(start, end, text, speaker, line, identifier)


def _seconds(stamp: str, where: str, line: int) -> float:
    match = _TIMESTAMP.fullmatch(stamp)
    if match is None:
        raise ScenarioError(f"{where}:{line}: {stamp[:40]!r} is not a timestamp; "
                            "write hh:mm:ss.mmm or mm:ss.mmm, e.g. 00:01:02.500")
    hours, minutes, seconds, millis = (int(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _payload(lines: Sequence[str]) -> tuple[str, str]:
    """(speaker, plain text) of a cue's text lines."""
    joined = " ".join(line.strip() for line in lines)
    voice = _VOICE.search(joined)
    speaker = html.unescape(voice.group(1).strip()) if voice else ""
    return speaker, html.unescape(_TAG.sub("", joined)).strip()


def cue_frame(seconds: float, fps: float, label: str) -> int:
    """The first frame shown at or after `seconds` (frame n is shown at n / fps)."""
    return check_frame_index(math.ceil(seconds * fps - 1e-6), label)


def transcript_events(cues: Sequence[Cue], fps: float, where: str = "transcript",
                      first_key: int = 1) -> dict[int, dict[str, Any]]:
    """Scenario states by frame: each cue's message at its start frame, and an empty message
    (no speaker, no text) at its end frame unless a later cue has started by then — that cue's
    text stays up instead of being blanked by its predecessor. Message keys are increasing
    numbers from `first_key` (compositions take a larger key as a new message)."""
    timeline: list[tuple[int, int, int, dict[str, str]]] = []  # (frame, order, cue index, message)
    starts = sorted(range(len(cues)), key=lambda i: (cues[i].start, i))
    for rank, i in enumerate(starts):
        cue = cues[i]
        label = f"{where}:{cue.line}"
        timeline.append((cue_frame(cue.start, fps, label), 1, rank,
                         {"senderDisplayName": cue.speaker, "text": cue.text}))
        later = starts[rank + 1] if rank + 1 < len(starts) else None
        if later is None or cues[later].start > cue.end:
            timeline.append((cue_frame(cue.end, fps, label), 0, rank, {"senderDisplayName": "", "text": ""}))
    events: dict[int, dict[str, Any]] = {}
    for key, (frame, _, _, message) in enumerate(sorted(timeline, key=lambda e: e[:3]), first_key):
        messages = events.setdefault(frame, {"standardSources": {TRANSCRIPT_SOURCE: []}})
        messages["standardSources"][TRANSCRIPT_SOURCE].append({"key": str(key), **message})
    return events


def transcript_scenario(cues: Sequence[Cue], path: Path | None = None, fps: float = DEFAULT_FPS) -> Scenario:
    """A transcript on its own, as Daily's batch runner plays it: its default state first
    (`DEFAULT_TRANSCRIPT_STATE`), then the messages; it lasts to the frame of the last message
    and, like an events file, every frame is an output frame."""
    events = transcript_events(cues, fps, str(path) if path is not None else "transcript")
    duration = max(events, default=0) + 1
    return Scenario(path=path, initial_state=json.loads(json.dumps(DEFAULT_TRANSCRIPT_STATE)), events=events,
                    duration_in_frames=duration, output_frames=list(range(duration)), fps=fps)


def transcript_into(scenario: Scenario | None, path: Path, fps: float | None = None) -> Scenario:
    """`--transcript FILE`: the file's cues added to `scenario`, or played alone with Daily's
    default state when there is none; at `fps` (the render's rate; default the scenario's)."""
    cues = read_webvtt(path)
    if scenario is None:
        return transcript_scenario(cues, path, fps or DEFAULT_FPS)
    return with_transcript(scenario, cues, str(path), fps)


def with_transcript(scenario: Scenario, cues: Sequence[Cue], where: str = "transcript",
                    fps: float | None = None) -> Scenario:
    """`scenario` with a transcript's messages added at their frames (`--transcript`), lasting
    at least until the last of them. Its own states (events or a `.js` callback's) keep every
    field; on a frame where both send messages, the scenario's come first. Cue times become
    frames at `fps` (default: the scenario's own rate)."""
    events = transcript_events(cues, fps or scenario.fps, where)
    duration = max(scenario.duration_in_frames, max(events, default=0) + 1)
    if scenario.callback is not None:
        own = scenario.callback

        def callback(frame_index: int) -> dict[str, Any] | None:
            return merge_states(own(frame_index), events.get(frame_index))

        return replace(scenario, callback=callback, duration_in_frames=duration)
    merged = {n: merge_states(scenario.events.get(n), events.get(n))
              for n in sorted(scenario.events.keys() | events.keys())}
    return replace(scenario, events=merged, duration_in_frames=duration)
