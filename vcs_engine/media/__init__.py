"""Video sources for the compositor: footage files (PyAV), still images, synthetic stand-ins."""
from .file import FileSource
from .source import BgraSource, MediaError, VideoSource
from .sources import STILL_SUFFIXES, Footage, OffsetSource, SourceSet, SourceSpec, input_key, open_source
from .still import StillSource
from .synthetic import BlankSource, SyntheticScreenSource, SyntheticSource

__all__ = [
    "STILL_SUFFIXES",
    "BgraSource",
    "BlankSource",
    "FileSource",
    "Footage",
    "MediaError",
    "OffsetSource",
    "SourceSet",
    "SourceSpec",
    "StillSource",
    "SyntheticScreenSource",
    "SyntheticSource",
    "VideoSource",
    "input_key",
    "open_source",
]
