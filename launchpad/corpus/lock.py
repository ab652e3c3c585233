"""One builder per corpus directory: an OS file lock on ``build.lock``.

The kernel releases the lock when the process dies (even by kill -9), so a crashed
build never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launchpad.errors import ConflictError, InputError, LaunchpadError

LOCK_NAME = "build.lock"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """Hold the corpus build lock, or raise ConflictError at once if someone else does."""
    path = directory / LOCK_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except (FileExistsError, NotADirectoryError) as err:
        raise InputError(
            f"cannot use {directory} as a corpus directory: a file is in the way",
            hint="pass a directory (new or holding a corpus) to --corpus",
        ) from err
    except OSError as err:
        raise LaunchpadError(
            f"cannot write to the corpus directory {directory}: {err.strerror}",
            hint="choose a writable --corpus directory",
        ) from err
    try:
        if not _try_lock(fd):
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise ConflictError(
                f"the corpus at {directory} is locked by another build (pid {holder})",
                hint="wait for that build to finish, or use another --corpus directory",
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
