"""Writing output files so that an interrupted export never leaves a half-written one."""
from __future__ import annotations

import os
import shutil
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


@contextmanager
def atomic_folder(path: str | PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder next to `path` that replaces it only if the block succeeds.

    For outputs made of several files that belong together (an HLS playlist and its segments):
    a half-written set must never be seen as the folder, and a failed export must leave the
    previous folder as it was. The swap is two renames (the old folder aside, the new one in);
    the old folder is removed only once the new one is in place, and put back if that fails.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(target)) from None
    try:
        yield temporary
        os.chmod(temporary, 0o777 & ~_UMASK)
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.replace(target, aside / target.name)
            try:
                os.replace(temporary, target)
            except BaseException:
                os.replace(aside / target.name, target)
                raise
            finally:
                shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
