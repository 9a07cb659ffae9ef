"""Export jobs: one render pipeline for `vcs render`, `vcs export`, the studio's queue and batches.

    job = ExportJob("daily:baseline", Path("out.mp4"), inputs=(InputSpec(0, "cam.mp4", 2.0),))
    result = run_job(job, progress=print, cancel=stop_event.is_set)

See `model` (the job as data), `session` (a job opened: engine, scenario, footage, frame range)
and `run` (frames → MP4 with sound, PNG sequence, HLS).
"""
from ..export.progress import JobProgress
from .model import (
    DEFAULT_SEGMENT_S,
    FORMATS,
    BLANK,
    GENERATED,
    SCREEN,
    SYNTHETIC,
    ExportJob,
    InputSpec,
    JobFormat,
    merge_inputs,
    parse_input,
)
from .process import JobEvent, JobProcess
from .run import JobCancelled, JobResult, OnFrame, run_job, sound_tracks
from .session import JobSession, active_inputs, frame_range, job_extent, warn

__all__ = [
    "DEFAULT_SEGMENT_S",
    "FORMATS",
    "BLANK",
    "GENERATED",
    "SCREEN",
    "SYNTHETIC",
    "ExportJob",
    "InputSpec",
    "JobCancelled",
    "JobEvent",
    "JobFormat",
    "JobProcess",
    "JobProgress",
    "JobResult",
    "JobSession",
    "OnFrame",
    "active_inputs",
    "frame_range",
    "job_extent",
    "merge_inputs",
    "parse_input",
    "run_job",
    "sound_tracks",
    "warn",
]
