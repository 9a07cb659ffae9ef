"""Daily's offline rendering formats, read into what our engine runs.

Daily renders recordings offline with separate tools (a cut tool, a batch runner, a C++
renderer, ffmpeg). Their input files are ours too: `events` (the batch runner's events file),
`webvtt` (transcripts), `cut` (edit decision lists), each turned into a `Scenario` (and, for a
cut, the footage and sound of an export job); `detect` recognises a scenario file by content.
"""

from .cut import CutFile, is_cut_file, read_cut_file
from .detect import read_scenario_file
from .events import events_scenario, is_events_file
from .webvtt import Cue, read_webvtt, transcript_events, transcript_scenario, with_transcript

__all__ = [
    "Cue",
    "CutFile",
    "events_scenario",
    "is_cut_file",
    "is_events_file",
    "read_cut_file",
    "read_scenario_file",
    "read_webvtt",
    "transcript_events",
    "transcript_scenario",
    "with_transcript",
]
