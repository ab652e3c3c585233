"""A damaged corpus, and what a failed build leaves: recognised, reported, cleaned up.

Readers check the paper database against the manifest before trusting either, so a
garbage ``papers.sqlite`` is a one-line error rather than a crash or a silent success.
A build that fails before it stores a paper removes the skeleton it made; a build that
runs out of space says so (``out_of_space``) and keeps what it committed.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from pathlib import Path

from launchpad.errors import ConfigError, StorageError

DAMAGED_HINT = "build a new corpus into an empty --corpus directory from the same sources"


def check_database(db: sqlite3.Connection, directory: Path, count: int) -> None:
    """Raise ConfigError unless ``db`` is a paper database holding ``count`` papers or more.

    The last row by primary key costs O(log n) and proves the file is the database;
    more rows than the manifest counts mean a build is under way, fewer that rows are lost.
    """
    try:
        (last,) = db.execute("SELECT max(row) FROM papers").fetchone()
    except sqlite3.DatabaseError as err:
        raise ConfigError(
            f"the paper database of the corpus at {directory} is unreadable: {err}",
            hint=DAMAGED_HINT,
        ) from err
    held = 0 if last is None else int(last) + 1
    if held < count:
        raise ConfigError(
            f"the corpus at {directory} is inconsistent (its database holds {held:,} "
            f"papers, its manifest {count:,})",
            hint=DAMAGED_HINT,
        )


def skeleton_entries(directory: Path, corpus_files: set[str]) -> set[str] | None:
    """What ``directory`` holds before a build (``_NEW``: it does not exist yet).

    None when it holds any of ``corpus_files`` already: a failed build never removes
    anything from a corpus.
    """
    try:
        present = {entry.name for entry in directory.iterdir()}
    except FileNotFoundError:
        return {_NEW}
    except OSError:
        return None
    return None if present & corpus_files else present


_NEW = "/"  # no file is named so: marks a directory the build itself creates


def remove_skeleton(directory: Path, before: set[str]) -> None:
    """Remove what a failed first build made (the directory too, if it made that)."""
    with contextlib.suppress(OSError):
        for entry in directory.iterdir():
            if entry.name not in before and entry.is_file():
                entry.unlink()
        if _NEW in before:
            directory.rmdir()


def out_of_space(err: BaseException) -> bool:
    """A write failed for want of space (or of a writable disk), not for a bug."""
    if isinstance(err, sqlite3.OperationalError):
        return "disk is full" in str(err)
    return isinstance(err, OSError) and err.errno in {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def failed_write(
    err: BaseException, directory: Path, made: set[str] | None, *, cleanup: bool, run: str
) -> StorageError | None:
    """What a build or merge that failed with ``err`` leaves, and the error to report.

    ``cleanup``: it stored no paper in a directory it made (``made``, see
    :func:`skeleton_entries`), so that skeleton goes. A full disk becomes a StorageError
    (the committed papers stay and re-running the ``run`` resumes); None for any other
    failure.
    """
    if made is not None and cleanup:
        remove_skeleton(directory, made)
    if isinstance(err, (OSError, sqlite3.OperationalError)) and out_of_space(err):
        return StorageError.writing(
            f"the corpus at {directory}",
            err if isinstance(err, OSError) else OSError(errno.ENOSPC, str(err)),
            kept=f"the papers committed so far are kept and re-running the {run} resumes",
        )
    return None
