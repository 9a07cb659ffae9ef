"""Writing output files so that an interrupted export never leaves a half-written one."""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""Read once at import (setting it is the only way to read it, and that is not thread-safe)."""


def _plain_mode(target: Path) -> int:
    """The permissions `target` would get if written directly: the replaced file's own, else
    what `open()` gives a new file (0o666 less the umask). `mkstemp` creates 0o600 files, which
    would make every output unreadable to other users once renamed into place."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~_UMASK


@contextmanager
def atomic_output(path: str | PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to `path`, renamed onto it only if the block succeeds.

    Why: an interrupted export (Ctrl-C, a render error) must not leave a truncated file that
    looks like a finished one, nor clobber a previous good export; a rename within one folder
    is atomic. The temporary name keeps the suffix so writers can infer the format from it.
    Every file the CLI writes (MP4s, PNG sequences, `vcs render`'s files) goes through here.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".partial{target.suffix}",
                                             dir=target.parent)
    except OSError as e:  # name the file the user asked for, not our temporary one
        raise OSError(e.errno, e.strerror, str(target)) from None
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, _plain_mode(target))
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
