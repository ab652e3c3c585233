"""One builder per corpus directory: a :mod:`filelock` lock on ``build.lock``.

The lock is an OS lock (``flock`` on POSIX, ``msvcrt`` on Windows) that the kernel
releases when the process dies, even by kill -9, so a crashed build never leaves a
stale lock behind. The holder's process id goes into ``build.pid`` beside it, not into
the lock file, which filelock owns (some of its versions truncate it on every attempt).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launchpad.atomicfile import atomic_write_text
from launchpad.errors import ConflictError, InputError, StorageError

LOCK_NAME = "build.lock"
PID_NAME = "build.pid"


def _holder(directory: Path) -> str:
    try:
        return (directory / PID_NAME).read_text(encoding="utf-8").strip() or "unknown"
    except (OSError, UnicodeDecodeError):  # not written yet, or gone with its build
        return "unknown"


@contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """Hold the corpus build lock, or raise ConflictError at once if someone else does."""
    from filelock import FileLock, Timeout

    try:
        directory.mkdir(parents=True, exist_ok=True)
        lock = FileLock(directory / LOCK_NAME)
        lock.acquire(timeout=0)
    except Timeout:
        raise ConflictError(
            f"the corpus at {directory} is locked by another build (pid {_holder(directory)})",
            hint="wait for that build to finish, or use another --corpus directory",
        ) from None
    except (FileExistsError, NotADirectoryError) as err:
        raise InputError(
            f"cannot use {directory} as a corpus directory: a file is in the way",
            hint="pass a directory (new or holding a corpus) to --corpus",
        ) from err
    except OSError as err:
        raise StorageError(
            f"cannot write to the corpus directory {directory}: {err.strerror}",
            hint="choose a writable --corpus directory",
        ) from err
    try:
        atomic_write_text(directory / PID_NAME, f"{os.getpid()}\n")
        yield
    finally:
        with contextlib.suppress(OSError):  # removed before the lock is free for the next
            (directory / PID_NAME).unlink()
        lock.release()
