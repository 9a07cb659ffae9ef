"""Scenario files of every kind, recognised by their content rather than their name.

`vcs render --scenario FILE` (and the engine process, which reads scenarios) takes:

* a WebVTT transcript (first line `WEBVTT`) → `webvtt.transcript_scenario`;
* a JSON object with `eventsByFrame` → Daily's batch-runner events file (`events.py`);
* a JSON object with `cut` and `clips` → refused with a pointer to `vcs export`: a cut file is
  a whole export (footage, audio, length), not a scenario;
* any other JSON text → our scenario file; anything else → a `.js` scenario (Daily's form).

Why content: Daily's files carry no telling suffix (`.json` for two formats, `.vtt` often renamed
`.txt` by tools), and users pass what they have.
"""

from __future__ import annotations

from pathlib import Path

from ..limits import read_json_file
from ..scenario import Scenario, ScenarioError, load_scenario, scenario_errors
from .cut import is_cut_file
from .events import events_scenario, is_events_file
from .webvtt import is_webvtt, read_webvtt, transcript_scenario

SNIFF_BYTES = 64


def sniff(path: Path) -> str:
    """What a file holds, from its first bytes: "webvtt", "json" or "other"."""
    try:
        with path.open("rb") as stream:
            head = stream.read(SNIFF_BYTES).decode("utf-8", "replace")
    except OSError as e:
        raise ScenarioError(f"{path}: cannot read the scenario: {e.strerror}") from None
    if is_webvtt(head):
        return "webvtt"
    return "json" if head.lstrip("\ufeff \t\r\n").startswith(("{", "[")) else "other"


def read_scenario_file(path: Path | str) -> Scenario:
    """The scenario a file describes, whatever its kind (see the module doc); ScenarioError
    naming the file and the field (or line) when it is malformed."""
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(f"scenario file not found: {p}")
    kind = sniff(p)
    if kind == "webvtt":
        return transcript_scenario(read_webvtt(p), p)
    if kind == "other":
        return load_scenario(p)
    with scenario_errors():
        data = read_json_file(p, "scenario file")
    if is_events_file(data):
        return events_scenario(data, p)
    if is_cut_file(data):
        raise ScenarioError(f"{p}: is a cut file, a whole export rather than a scenario; "
                            f"export it with: vcs export {p} --out reel.mp4")
    return Scenario.from_mapping(data, p)
