"""`ExportJob`: everything one render needs, as plain data (picklable, JSON-able, range-able).

Why one data object: `vcs render`, `vcs export`, the studio's export queue and batch rendering
all describe the same thing — a composition, its session assets and params, a scenario, the
footage of each input slot, a size, a frame rate, a frame range and an output — so they build an
`ExportJob` and hand it to `run_job` (or `JobSession` for per-frame files). Nothing in it is a
live object unless the caller puts a `Scenario` there, so a job crosses process boundaries
(multiprocessing spawn, Ray) as it is, and `to_dict`/`from_dict` give its JSON form.

`check()` refuses every bad value before anything is opened or written, with one `InputError`
line naming the option as a user types it (`--input 2=clip.mp4@x: ...`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError
from ..export.mp4 import DEFAULT_CRF, DEFAULT_PRESET
from ..limits import (
    check_crf,
    check_fps,
    check_frame_count,
    check_frame_index,
    check_output_size,
    check_param_value,
    check_preset,
    check_seconds,
    describe,
)
from ..media import MediaError, open_source
from ..media.audio import has_audio
from ..media.sources import InputId, input_key
from ..offline.webvtt import read_webvtt
from ..scenario import Scenario

JobFormat = Literal["mp4", "png", "hls"]
FORMATS: tuple[JobFormat, ...] = ("mp4", "png", "hls")
SYNTHETIC, SCREEN, BLANK = "synthetic", "screen", "none"
GENERATED = (SYNTHETIC, SCREEN, BLANK)
"""`--input SLOT=…` values without a file: generated camera footage (every slot's default), a
generated shared screen, or no picture (black)."""
DEFAULT_SEGMENT_S = 6.0
"""HLS segment length: Apple's recommendation, and what players buffer comfortably."""


@dataclass(frozen=True)
class InputSpec:
    """The footage of one input slot: a video file (from `offset_s` into it), a still image, or
    generated footage (`file` None: `look` is one of GENERATED). `slot` is the video input id
    the composition's `<Video src>` names (an int for Daily's numbered slots); `name` is shown
    on generated footage (default "Participant N"). A negative offset starts the file that many
    seconds into the output (a cut's clip started at its event; a participant who joins late):
    until then its first frame is shown, without sound. `audio_only`: a participant without a
    camera (the studio's audio-only row, a room peer with audio only) — no video slot names it,
    so its file's sound is heard for the whole job instead of while its slot is active."""

    slot: InputId
    file: str | None = None
    offset_s: float = 0.0
    look: str = SYNTHETIC
    name: str = ""
    audio_only: bool = False

    @property
    def label(self) -> str:
        """The option as a user would type it, for error lines."""
        what = self.file if self.file is not None else self.look
        return f"--input {self.slot}={what}" + (f"@{self.offset_s:g}" if self.offset_s else "")

    def check(self) -> None:
        """The file exists and PyAV (or Pillow) can show it; the offset is a finite time."""
        if not math.isfinite(self.offset_s):
            raise InputError(f"{self.label}: the offset must be a number of seconds")
        if self.file is None:
            if self.look not in GENERATED:
                raise InputError(f"{self.label}: footage without a file is one of {', '.join(GENERATED)}")
            if self.offset_s:
                raise InputError(f"{self.label}: generated footage takes no offset")
            return
        if self.audio_only:  # heard, never drawn: an audio file is fine, a file without sound is not
            if not has_audio(self.file):
                raise InputError(f"{self.label}: an audio-only input needs a file with sound")
            return
        try:
            open_source(self.file).close()  # decodes the first frame: a broken file stops here
        except MediaError as error:
            raise InputError(f"{self.label}: {error}") from None


def parse_input(text: str) -> InputSpec:
    """`SLOT=FILE[@OFFSET_S]` or `SLOT=synthetic|screen|none` → InputSpec; InputError names the
    bad part.

    A file name that itself contains `@` is taken whole when the text after the last `@` is not
    a number and the whole name is a file."""
    slot_text, sep, value = text.partition("=")
    label = f"--input {text}"
    if not sep or not slot_text.strip() or not value:
        raise InputError(f"{label}: expected SLOT=FILE[@OFFSET_S] or SLOT=synthetic|screen|none, "
                         "e.g. 0=camera.mp4@12.5")
    slot = input_key(slot_text.strip())
    if isinstance(slot, int) and slot < 0:
        raise InputError(f"{label}: the slot must be a number ≥ 0 or a name")
    if value in GENERATED:
        return InputSpec(slot, look=value)
    file, at, offset_text = value.rpartition("@")
    if not at:
        return InputSpec(slot, value)
    try:
        offset = float(offset_text)
    except ValueError:
        if Path(value).is_file():
            return InputSpec(slot, value)
        raise InputError(f"{label}: the offset {offset_text!r} after @ is not a number of seconds") from None
    return InputSpec(slot, file, offset)


def merge_inputs(positional: Sequence[str], options: Sequence[InputSpec]) -> tuple[InputSpec, ...]:
    """`--inputs A B` fill slots 0, 1, …; an `--input SLOT=…` for the same slot wins; the last
    `--input` for a slot wins over earlier ones."""
    by_slot: dict[InputId, InputSpec] = {i: InputSpec(i, str(f)) for i, f in enumerate(positional)}
    for spec in options:
        by_slot[spec.slot] = spec
    return tuple(by_slot.values())


@dataclass(frozen=True)
class ExportJob:
    """One render: composition + session assets + params + scenario + inputs → frames → output.

    `start`/`end` are output frame indices (end exclusive; None: the scenario's length). A range
    is rendered from the composition's exact state at `start`: the engine replays frames
    0 … start-1 (display lists only, nothing rasterised) before the first written frame.
    `seconds` (when `end` is None) gives the length in time, as `vcs export --seconds` does.
    `fps`/`size` None take the scenario's. `format` None is taken from `out`: `.mp4` → mp4,
    anything else → png (HLS, a folder too, is asked for by name)."""

    composition: str
    out: Path
    format: JobFormat | None = None
    scenario: str | Path | Scenario | None = None
    transcript: Path | None = None
    """A WebVTT file whose cues are added to the scenario as transcript messages (or played with
    Daily's default state when there is no scenario), see `offline.webvtt`."""
    params: Mapping[str, Any] | None = None
    session_assets: Path | None = None
    asset_dirs: tuple[Path, ...] = ()
    inputs: tuple[InputSpec, ...] = ()
    size: tuple[int, int] | None = None
    fps: float | None = None
    start: int = 0
    end: int | None = None
    seconds: float | None = None
    """The length from `start` in seconds when `end` is None (at the job's frame rate)."""
    crf: int = DEFAULT_CRF
    preset: str = DEFAULT_PRESET
    segment_seconds: float = DEFAULT_SEGMENT_S
    audio: bool = True
    label: str = ""
    """How progress and messages name the job (default: the output's name)."""

    @property
    def kind(self) -> JobFormat:
        """The output format, explicit or from the output's name."""
        if self.format is not None:
            return self.format
        return "mp4" if self.out.suffix.lower() == ".mp4" else "png"

    @property
    def name(self) -> str:
        return self.label or self.out.name

    def check(self) -> ExportJob:
        """Every value that can be checked without opening the composition; returns self.

        Refused here, before anything is opened or written, an existing output stays as it is."""
        if self.transcript is not None:
            read_webvtt(self.transcript)
        if self.format is not None and self.format not in FORMATS:
            raise InputError(f"--format {self.format}: choose one of {', '.join(FORMATS)}")
        check_crf(self.crf)
        check_preset(self.preset)
        if self.fps is not None:
            check_fps(self.fps, f"--fps {self.fps:g}")
        if self.size is not None:
            check_output_size(*self.size, f"--size {self.size[0]}x{self.size[1]}", even=self.kind != "png")
        check_frame_index(self.start, "start frame")
        if self.end is not None and check_frame_count(self.end, "end frame") <= self.start:
            raise InputError(f"frame range {self.start}–{self.end}: the end must come after the start")
        if self.seconds is not None:
            check_seconds(self.seconds, f"--seconds {self.seconds:g}")
        if self.kind == "hls" and not (math.isfinite(self.segment_seconds) and 0.5 <= self.segment_seconds <= 60):
            raise InputError(f"--segment-seconds {self.segment_seconds:g}: choose 0.5 to 60 seconds")
        if self.params is not None:
            if not isinstance(self.params, Mapping):
                raise InputError(f"params must be an object of {{id: value}}, not {describe(self.params)}")
            for pid, value in self.params.items():
                check_param_value(None, pid, value, where="params")
        self._check_out()
        slots = [input_key(spec.slot) for spec in self.inputs]
        if len(set(slots)) != len(slots):
            raise InputError(f"--input: slot {next(s for s in slots if slots.count(s) > 1)} is given twice")
        for spec in self.inputs:
            spec.check()
        return self

    def _check_out(self) -> None:
        """A file replaces a file, a folder a folder: the other kind at `out` is refused now, not
        after the whole export was rendered."""
        out, kind = self.out, self.kind
        if kind == "mp4" and out.is_dir():
            raise InputError(f"--out {out}: is a folder; an MP4 export needs a file name (or use --format png)")
        if kind in ("png", "hls") and out.exists() and not out.is_dir():
            raise InputError(f"--out {out}: is a file; {'a PNG sequence' if kind == 'png' else 'HLS'} "
                             "is written into a folder")

    def with_range(self, start: int, end: int | None) -> ExportJob:
        """The same job over frames start … end-1 (batch rendering splits long jobs this way)."""
        return replace(self, start=start, end=end)

    # ------------------------------------------------------------------ JSON form

    def to_dict(self) -> dict[str, Any]:
        """The job as JSON-able data. A `Scenario` object is written as its file's path, or, made
        in memory (the studio's call), as its fields in the `.json` scenario form."""
        data = asdict(replace(self, scenario=None))
        scenario = self.scenario
        if isinstance(scenario, Scenario):
            data["scenario"] = str(scenario.path) if scenario.path is not None else scenario.to_mapping()
        elif scenario is not None:
            data["scenario"] = str(scenario)
        for key in ("out", "session_assets", "transcript"):
            if data[key] is not None:
                data[key] = str(data[key])
        data["asset_dirs"] = [str(p) for p in self.asset_dirs]
        data["inputs"] = [asdict(spec) for spec in self.inputs]
        data["size"] = list(self.size) if self.size else None
        data["params"] = dict(self.params) if self.params is not None else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "job") -> ExportJob:
        """A job from its JSON form; unknown or malformed fields are one InputError naming them."""
        if not isinstance(data, Mapping):
            raise InputError(f"{where} must be an object, not {describe(data)}")
        known = {f.name for f in fields(cls)}
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InputError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(sorted(known))})")
        for required in ("composition", "out"):
            if not isinstance(data.get(required), str):
                raise InputError(f"{where}.{required} must be a string")
        values = dict(data)
        values["out"] = Path(values["out"])
        if isinstance(values.get("scenario"), Mapping):
            values["scenario"] = Scenario.from_mapping(values["scenario"], Path(f"{where}.scenario"))
        if values.get("session_assets") is not None:
            values["session_assets"] = Path(values["session_assets"])
        if values.get("transcript") is not None:
            values["transcript"] = Path(values["transcript"])
        values["asset_dirs"] = tuple(Path(p) for p in values.get("asset_dirs") or ())
        values["inputs"] = tuple(_input_from(item, f"{where}.inputs[{i}]")
                                 for i, item in enumerate(values.get("inputs") or ()))
        if values.get("size") is not None:
            size = values["size"]
            if not isinstance(size, (list, tuple)) or len(size) != 2:
                raise InputError(f"{where}.size must be [width, height]")
            values["size"] = (size[0], size[1])
        return cls(**values)


def _input_from(item: Any, where: str) -> InputSpec:
    if isinstance(item, str):
        return parse_input(item)
    if not isinstance(item, Mapping) or "slot" not in item:
        raise InputError(f"{where} must be \"SLOT=FILE[@OFFSET_S]\" or {{slot, file, offset_s}}")
    offset = item.get("offset_s", 0.0)
    if isinstance(offset, bool) or not isinstance(offset, (int, float)):
        raise InputError(f"{where}.offset_s must be a number of seconds")
    look, name = item.get("look", SYNTHETIC), item.get("name", "")
    if not isinstance(look, str) or not isinstance(name, str):
        raise InputError(f"{where}: look and name must be strings")
    audio_only = item.get("audio_only", False)
    if not isinstance(audio_only, bool):
        raise InputError(f"{where}.audio_only must be true or false")
    return InputSpec(input_key(item["slot"]), item.get("file"), float(offset), look, name, audio_only)
