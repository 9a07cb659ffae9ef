"""Video sources for the compositor: footage files (PyAV), still images, synthetic stand-ins."""
from .file import FileSource
from .source import BgraSource, MediaError, VideoSource
from .sources import STILL_SUFFIXES, SourceSet, SourceSpec, input_key, open_source
from .still import StillSource
from .synthetic import SyntheticSource

__all__ = [
    "STILL_SUFFIXES",
    "BgraSource",
    "FileSource",
    "MediaError",
    "SourceSet",
    "SourceSpec",
    "StillSource",
    "SyntheticSource",
    "VideoSource",
    "input_key",
    "open_source",
]
