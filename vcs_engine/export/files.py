"""Writing output files so that an interrupted export never leaves a half-written one."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path


@contextmanager
def atomic_output(path: str | PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `path`, renamed onto it only if the block succeeds.

    Why: an interrupted export (Ctrl-C, a render error) must not leave a truncated file that
    looks like a finished one, nor clobber a previous good export; a rename within one folder
    is atomic. The temporary name keeps the suffix so writers can infer the format from it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".partial{target.suffix}",
                                         dir=target.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
