"""The studio's state as an `ExportJob`: what File › Export… renders.

An export renders what the preview shows: the open composition with its session assets, the
timeline's document under the studio's base state (the params edited outside record mode, the
participants table as the call — slots, room peers, footage per video id — and the messages
sent for this session), exactly the scenario the preview replays (`timeline.effective_scenario`),
at the chosen size and frame rate. No Qt: tests build jobs here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vcs_engine.jobs import BLANK, SCREEN, SYNTHETIC, ExportJob, InputSpec, JobFormat
from vcs_engine.authoring import Footage
from vcs_engine.scenario import Scenario
from vcs_engine.timeline import BaseState, Messages, effective_scenario

from .call import FILE, call_state, is_active, source_of, video_id

FORMAT_NAMES: dict[JobFormat, str] = {"mp4": "MP4 video (H.264 + AAC)", "png": "PNG sequence", "hls": "HLS stream"}


@dataclass(frozen=True)
class ExportSettings:
    """What the Export dialog asks: format, size, frame rate, the range in seconds, the target."""

    format: JobFormat
    size: tuple[int, int]
    fps: float
    start_s: float
    end_s: float
    target: Path

    @property
    def frames(self) -> tuple[int, int]:
        """The range as output frames (end excluded; at least one frame)."""
        start = math.floor(self.start_s * self.fps + 1e-9)
        return start, max(start + 1, round(self.end_s * self.fps))


def input_spec(slot: Any, footage: Footage) -> InputSpec:
    """A participant's footage as the job's input spec."""
    if footage.file is not None:
        return InputSpec(slot, str(footage.file), footage.offset_s, name=footage.name)
    look = BLANK if footage.blank else SCREEN if footage.screen else SYNTHETIC
    return InputSpec(slot, look=look, name=footage.name)


def studio_job(composition: Path | str, rows: Sequence[Mapping[str, Any]], params: Mapping[str, Any],
               settings: ExportSettings, *, document: Scenario | None = None,
               messages: Mapping[int, Messages] | None = None, session_assets: Path | None = None,
               asset_dirs: Sequence[Path] = ()) -> ExportJob:
    """The job that renders the preview's composition, document and call with `settings`
    (`params`: the base params; `messages`: the session-only messages by frame)."""
    call = call_state(rows)
    start, end = settings.frames
    base = BaseState(params=dict(params), slots=call.slots, room=call.peers, messages=dict(messages or {}))
    scenario = replace(effective_scenario(document or Scenario(), base), path=None,
                       output_size=settings.size, duration_in_frames=end, fps=settings.fps)
    inputs = [input_spec(slot, footage) for slot, footage in call.footage.items()]
    inputs += [InputSpec(video_id(row, i), str(row["footage"]), name=str(row.get("displayName", "")), audio_only=True)
               for i, row in enumerate(rows)  # heard, not seen: a file's sound for each audio-only participant
               if is_active(row) and row.get("audioOnly") and source_of(row) == FILE]
    return ExportJob(
        composition=str(composition), out=settings.target, format=settings.format, scenario=scenario,
        session_assets=session_assets, asset_dirs=tuple(asset_dirs), inputs=tuple(inputs),
        size=settings.size, fps=settings.fps, start=start, end=end)
