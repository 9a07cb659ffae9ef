"""Writing composited frames to files: H.264 MP4 (with AAC sound), HLS and PNG sequences,
pipelined with rendering; progress measured and shown."""
from .mp4 import export_mp4
from .pipeline import run_pipelined
from .png import export_png_sequence
from .progress import JobProgress, ProgressMeter, progress_display

__all__ = ["JobProgress", "ProgressMeter", "export_mp4", "export_png_sequence", "progress_display", "run_pipelined"]
