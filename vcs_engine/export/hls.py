"""HLS output: a folder with a VOD playlist and MPEG-TS segments, written by FFmpeg's hls muxer.

The folder is the unit (written under a temporary name, see `files.atomic_folder`): a playlist
names its segments relatively, so the folder can be published or moved as it is.
"""
from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av

PLAYLIST = "index.m3u8"
SEGMENT_PATTERN = "segment_%05d.ts"


def open_hls(folder: Path, segment_seconds: float) -> av.container.OutputContainer:
    """An output container writing `folder/index.m3u8` and its segments."""
    return av.open(str(folder / PLAYLIST), "w", format="hls", options={
        "hls_time": f"{segment_seconds:g}",
        "hls_playlist_type": "vod",  # the whole list, with #EXT-X-ENDLIST: players can seek
        "hls_segment_filename": str(folder / SEGMENT_PATTERN),
    })


def hls_gop(fps: float | Fraction, segment_seconds: float) -> int:
    """Frames between keyframes such that segments (cut only at keyframes) last the asked
    length: the segment divided into the fewest parts of at most 2 s (seekability)."""
    parts = max(1, math.ceil(segment_seconds / 2))
    return max(1, round(float(fps) * segment_seconds / parts))
