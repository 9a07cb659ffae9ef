"""A batch file (`vcs batch JOBS.json`): the export jobs to run, each checked before any runs.

    {"defaults": {"composition": "daily:baseline", "fps": 30, "size": [1280, 720]},
     "jobs": [{"out": "acme.mp4", "params": {"header.title": "ACME"}, "inputs": ["0=cam.mp4@2"]},
              {"out": "globex.mp4", "params": "globex-params.json", "seconds": 90}]}

A job has the fields of `ExportJob.to_dict()` (what `vcs export` takes as options); `defaults`
are merged under every job; a bare list is a list of jobs. Files named in a job (composition
folders, scenarios, params files, session assets, inputs) are relative to the batch file's folder,
so a batch moves with its material. `out` is a name inside `--out DIR` (never outside it), one per
job. Every problem is one line naming the file and the field: `jobs.json: jobs[2].fps: ...`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import CompositionNotFound, InputError
from ..host import resolve_composition
from ..jobs import ExportJob
from ..limits import describe, read_json_file, read_params_file

_NUMBER = (int, float)
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "composition": ((str,), "a folder, file or id such as daily:baseline"),
    "out": ((str,), "an output name inside --out"),
    "format": ((str,), "mp4, png or hls"),
    "scenario": ((str,), "a scenario file"),
    "transcript": ((str,), "a WebVTT file"),
    "params": ((Mapping, str), "an object {id: value} or a params file"),
    "session_assets": ((str,), "a folder"),
    "asset_dirs": ((list,), "a list of folders"),
    "inputs": ((list,), 'a list of "SLOT=FILE[@OFFSET_S]" or {slot, file, offset_s}'),
    "size": ((list,), "[width, height]"),
    "fps": (_NUMBER, "a number of frames per second"),
    "start": ((int,), "a frame index"),
    "end": ((int,), "a frame index"),
    "seconds": (_NUMBER, "a number of seconds"),
    "crf": ((int,), "a whole number 0 … 51"),
    "preset": ((str,), "an x264 preset"),
    "segment_seconds": (_NUMBER, "a number of seconds"),
    "audio": ((bool,), "true or false"),
    "label": ((str,), "a name"),
}

_FIELD_OF_MESSAGE = (  # what ExportJob.check() says (as the CLI's options) → the batch file's field
    ("--input", "inputs"), ("--fps", "fps"), ("--size", "size"), ("--format", "format"), ("--crf", "crf"),
    ("--preset", "preset"), ("--seconds", "seconds"), ("--segment-seconds", "segment_seconds"), ("--out", "out"),
    ("params", "params"), ("start frame", "start"), ("end frame", "end"), ("frame range", "end"),
)


def read_batch(path: Path, out_dir: Path) -> list[ExportJob]:
    """The jobs of batch file `path`, outputs inside `out_dir`, every one checked
    (`ExportJob.check`); the first problem is one InputError line."""
    data = read_json_file(path, "batch file")
    defaults: Mapping[str, Any] = {}
    if isinstance(data, Mapping):
        unknown = [k for k in data if k not in ("jobs", "defaults")]
        if unknown:
            raise InputError(f"{path}: unknown field {unknown[0]!r} (a batch file has jobs and defaults)")
        defaults = data.get("defaults") or {}
        if not isinstance(defaults, Mapping):
            raise InputError(f"{path}: defaults must be an object, not {describe(defaults)}")
        data = data.get("jobs")
    if not isinstance(data, list) or not data:
        raise InputError(f"{path}: jobs must be a non-empty list of jobs, not {describe(data)}")
    jobs: list[ExportJob] = []
    seen: dict[Path, int] = {}
    for i, item in enumerate(data):
        where = f"{path}: jobs[{i}]"
        if not isinstance(item, Mapping):
            raise InputError(f"{where} must be an object, not {describe(item)}")
        job = _job({**defaults, **item}, where, path.parent, out_dir)
        key = job.out.resolve()
        if key in seen:
            raise InputError(f"{where}.out: {job.out.name} is also the output of jobs[{seen[key]}]")
        seen[key] = i
        jobs.append(job)
    return jobs


def _job(values: dict[str, Any], where: str, base: Path, out_dir: Path) -> ExportJob:
    for name, value in values.items():
        expected = _TYPES.get(name)
        if expected is not None and value is not None and (
                not isinstance(value, expected[0]) or (isinstance(value, bool) and bool not in expected[0])):
            raise InputError(f"{where}.{name} must be {expected[1]}, not {describe(value)}")
    values["out"] = str(_output(values.get("out"), where, out_dir))
    composition = values.get("composition")
    if isinstance(composition, str):
        local = base / composition
        values["composition"] = str(local) if local.exists() else composition
    for name in ("scenario", "transcript", "session_assets"):
        if isinstance(values.get(name), str):
            values[name] = str(base / values[name])
    values["asset_dirs"] = [str(base / d) for d in values.get("asset_dirs") or ()]
    if isinstance(values.get("params"), str):
        try:
            values["params"] = read_params_file(base / values["params"])
        except InputError as error:
            raise InputError(f"{where}.params: {error}") from None
    values["inputs"] = [_input(item, base) for item in values.get("inputs") or ()]
    job = ExportJob.from_dict(values, where)
    try:
        resolve_composition(job.composition)
        job.check()
    except CompositionNotFound as error:
        raise InputError(f"{where}.composition: {error}") from None
    except InputError as error:
        raise InputError(f"{where}.{_field(str(error))}: {error}") from None
    return job


def _output(out: Any, where: str, out_dir: Path) -> Path:
    """A relative name without `..`: a batch writes only inside its folder (and its manifest
    tracks only what is there)."""
    if not isinstance(out, str) or not out.strip():
        raise InputError(f"{where}.out must be an output name such as acme.mp4")
    name = PurePosixPath(out.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or re.match(r"^[A-Za-z]:", out):
        raise InputError(f"{where}.out: {out} must be a name inside --out, not a path out of it")
    return out_dir / Path(*name.parts)


def _input(item: Any, base: Path) -> Any:
    """An input's file relative to the batch file (`SLOT=FILE[@S]` text or an object)."""
    if isinstance(item, str):
        slot, sep, rest = item.partition("=")
        if sep and rest != "synthetic" and not Path(rest).is_absolute():
            return f"{slot}={base / rest}"
        return item
    if isinstance(item, Mapping) and isinstance(item.get("file"), str):
        return {**item, "file": str(base / item["file"])}
    return item


def _field(message: str) -> str:
    return next((field for prefix, field in _FIELD_OF_MESSAGE if message.startswith(prefix)), "job")
