"""Writing composited frames to files: H.264 MP4 and PNG sequences, pipelined with rendering."""
from .mp4 import export_mp4
from .pipeline import run_pipelined
from .png import export_png_sequence
from .progress import ExportFormat, run_export

__all__ = ["ExportFormat", "export_mp4", "export_png_sequence", "run_export", "run_pipelined"]
