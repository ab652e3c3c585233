"""Write a file so that readers see the old content or the new, never half of either.

Every file launchpad writes for someone to keep (corpus manifests, badges, charts, cache
entries) goes through :func:`atomic_write`: the bytes go to a uniquely named temporary
file in the same folder, are flushed and fsynced, and the temporary file is renamed over
the target (atomic on POSIX and on Windows for files on one volume). A crash or an error
at any moment leaves the previous file intact and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text"]


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary handle whose content replaces ``path`` when the block ends cleanly.

    On an exception inside the block (or a failed rename) the temporary file is removed
    and ``path`` is left as it was; the exception propagates.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
