"""Write a file so that readers see the old content or the new, never half of either.

Every file launchpad writes for someone to keep (corpus manifests, badges, charts, cache
entries) goes through :func:`atomic_write`: the bytes go to a uniquely named temporary
file in the same folder, are flushed and fsynced, and the temporary file is renamed over
the target (atomic on POSIX and on Windows for files on one volume). An error at any
moment leaves the previous file intact and no temporary file behind.

A kill -9 cannot run any clean-up, so temporary names carry the writer's process id
(``.NAME.PID.XXXX.tmp``) and the next write of the same file removes those of processes
that no longer run (:func:`remove_stale`, also used for the scaffold's staging folders).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "atomic_write_text",
    "pid_prefix",
    "remove_stale",
]

# A leftover without a process id (written before ids were recorded) is stale after this.
UNTAGGED_STALE_SECONDS = 24 * 3600


def pid_prefix(prefix: str) -> str:
    """``prefix`` with this process's id, so :func:`remove_stale` can tell whose it is."""
    return f"{prefix}{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale(folder: Path, prefix: str, suffix: str) -> list[Path]:
    """Remove ``PREFIX PID.XXXXXXXX SUFFIX`` entries (``tempfile``'s names) of dead processes.

    Entries without a process id are removed once a day old. Returns what was removed;
    errors (a folder that vanished, no permission) leave the entry for another time.
    """
    pattern = re.compile(
        re.escape(prefix) + r"(?:(\d+)\.)?[a-z0-9_]{8}" + re.escape(suffix) + r"\Z"
    )
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None:
            continue
        pid = match.group(1)
        try:
            if pid is not None:
                if int(pid) == os.getpid() or _alive(int(pid)):
                    continue
            elif time.time() - entry.lstat().st_mtime < UNTAGGED_STALE_SECONDS:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary handle whose content replaces ``path`` when the block ends cleanly.

    On an exception inside the block (or a failed rename) the temporary file is removed
    and ``path`` is left as it was; the exception propagates.
    """
    remove_stale(path.parent, f".{path.name}.", ".tmp")
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=pid_prefix(f".{path.name}."), suffix=".tmp")
    tmp = Path(name)
    try:
        # mkstemp makes the file 0600; a kept file gets the mode a plain open() would give
        # it (the existing file's, or 0666 less the umask), so a badge or chart stays readable.
        tmp.chmod(_mode_for(path))  # by name: os.fchmod is POSIX-only before 3.13
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically (see :func:`atomic_write`)."""
    atomic_write_bytes(path, text.encode(encoding))
