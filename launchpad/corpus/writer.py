"""The build's writer thread: each batch's vectors are fsynced first, then one transaction.

That order is what makes a build crash-safe (see :mod:`launchpad.corpus.build`): SQLite
records what exists, and a vector row is on disk before its metadata row commits.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.corpus.records import Record
from launchpad.corpus.vectors import VALUE_BYTES

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.progress import Progress

__all__ = [
    "FTS_SETTINGS",
    "MAX_SEGMENTS",
    "Writer",
    "compact_fts",
    "compacting_fts",
    "fts_segments",
    "tune_fts",
]

# FTS5 settings, stored in the index when a build opens it (so later builds use them).
# Leaf pages of 8 KB (default 4,050 bytes) and merging 16 segments at a time (default 4)
# cut the CPU of the inserts by a quarter at 430k papers and flatten its growth with the
# index. A 16 MB term buffer (default 1 MB) holds a whole batch of 8,192 papers, so each
# batch writes one segment instead of a dozen that automerge must then merge: 28 % less
# insert CPU again. None changes what a query matches (docs/performance.md: figures).
FTS_SETTINGS = {"pgsz": 8192, "automerge": 16, "hashsize": 16 * 1024 * 1024}
# Every query walks each segment of the index: a 430k build leaves about 19, and merging
# them into one made batch scoring 1.2-1.5x faster per CPU second for 4 CPU-s once.
MAX_SEGMENTS = 4  # a build that leaves more merges the index into one segment


_INSERT_FROM_JSON = (
    "INSERT INTO papers SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]'), "
    "json_extract(value, '$[5]'), json_extract(value, '$[6]') FROM json_each(?)"
)

# first row, the rows, the rows as JSON (None without SQLite's JSON), the vector bytes
_Batch = tuple[int, list[tuple[Any, ...]], bytes | None, bytes]


class Writer:
    """Writes batches in order on its own thread: vectors first, then one transaction."""

    def __init__(self, db: sqlite3.Connection, fd: int, dim: int) -> None:
        self._db = db
        self._fd = fd
        self._row_bytes = dim * VALUE_BYTES
        self._json = True
        self._queue: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self.fts_seconds = 0.0  # CPU-s of this thread in FTS5 inserts (the build reports it)
        self._thread = threading.Thread(target=self._run, name="corpus-writer", daemon=True)
        self._thread.start()

    def put(self, first_row: int, batch: list[Record], vectors: npt.NDArray[np.float16]) -> None:
        """Queue a batch; its rows and bytes are made here, on the caller's thread.

        The writer thread is the build's longest serial chain (its FTS5 inserts grow with
        the corpus), so work that needs no database is taken off it.
        """
        import numpy as np
        import orjson

        self._raise()
        rows = [
            (
                first_row + index,
                record.id,
                record.title,
                record.abstract,
                " ".join(record.categories),
                record.categories[0],
                record.published.isoformat(),
            )
            for index, record in enumerate(batch)
        ]
        data = np.asarray(vectors, dtype=np.float32).tobytes()  # float16 values, widened
        self._queue.put((first_row, rows, orjson.dumps(rows) if self._json else None, data))

    def close(self) -> None:
        """Wait for every queued batch to be committed; re-raise a writer failure."""
        self._queue.put(None)
        self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue
            try:
                self._write(*item)
            except BaseException as err:  # handed to the main thread
                self._error = err

    def _write(
        self, first_row: int, rows: list[tuple[Any, ...]], payload: bytes | None, data: bytes
    ) -> None:
        offset = first_row * self._row_bytes
        written = 0
        while written < len(data):
            written += os.pwrite(self._fd, data[written:], offset + written)
        os.fsync(self._fd)
        db = self._db
        db.execute("BEGIN")
        try:
            self._insert(rows, payload)
            started = time.thread_time()
            db.execute(
                "INSERT INTO papers_fts(rowid, title, abstract) "
                "SELECT row, title, abstract FROM papers WHERE row >= ?",
                (first_row,),
            )
            self.fts_seconds += time.thread_time() - started
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _insert(self, rows: list[tuple[Any, ...]], payload: bytes | None) -> None:
        """Insert a batch in one statement where SQLite has JSON support.

        ``executemany`` re-takes the GIL for every row, and while the main thread parses
        (holding the GIL) each of those waits up to a switch interval: measured, the
        writer then stalls the whole pipeline. One statement over a JSON array (``payload``,
        the rows as made by :meth:`put`) releases the GIL once for the whole batch.
        """
        if payload is not None and self._json:
            try:
                self._db.execute(_INSERT_FROM_JSON, (payload,))
            except sqlite3.OperationalError as err:
                if "json" not in str(err).lower():
                    raise
                self._json = False
            else:
                return
        self._db.executemany("INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def tune_fts(db: sqlite3.Connection) -> None:
    """Store :data:`FTS_SETTINGS` in the index's config table where they differ."""
    stored = dict(db.execute("SELECT k, v FROM papers_fts_config").fetchall())
    for key, value in FTS_SETTINGS.items():
        if stored.get(key) != value:
            db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES (?, ?)", (key, value))


def fts_segments(db: sqlite3.Connection) -> int:
    """How many segments the full-text index has (each query walks every one)."""
    (count,) = db.execute("SELECT count(DISTINCT segid) FROM papers_fts_idx").fetchone()
    return int(count)


def compact_fts(db: sqlite3.Connection) -> bool:
    """Merge the index into one segment when it has more than :data:`MAX_SEGMENTS`.

    A build appends one segment per batch and FTS5's automerge keeps them from piling
    up, but leaves several; merging them is one transaction that a killed build
    simply rolls back. It changes no query's matches or their order, only their cost.
    Small appends to a merged index stay under the bound and skip it.
    """
    if fts_segments(db) <= MAX_SEGMENTS:
        return False
    db.execute("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")
    return True


@contextmanager
def compacting_fts(directory: Path, progress: Progress | None = None) -> Iterator[None]:
    """Run :func:`compact_fts` on a connection of its own while the block runs.

    The merge is SQLite's C code, which releases the GIL, and what a build does next
    (deriving the side arrays from the rows) only reads rows the merge leaves alone, so
    the two share the cores instead of taking turns at the end of every build. The merge
    is finished (or its error raised) when the block ends; a block that fails interrupts
    it, and its transaction rolls back.
    """
    from launchpad.corpus.store import connect

    own = connect(directory)
    failures: list[BaseException] = []

    def merge() -> None:
        try:
            compact_fts(own)
        except BaseException as err:  # handed to the caller's thread
            failures.append(err)

    try:
        if fts_segments(own) <= MAX_SEGMENTS:
            yield
            return
        if progress is not None:  # a few seconds at 430k papers: say what the wait is
            progress.start("merging the full-text index")
        thread = threading.Thread(target=merge, name="fts-merge", daemon=True)
        thread.start()
        try:
            yield
        except BaseException:
            while thread.is_alive():  # again until it stops: one sent before it began is lost
                own.interrupt()
                thread.join(0.05)
            raise
        finally:
            thread.join()
        if failures:
            raise failures[0]
        if progress is not None:
            progress.finish()
    finally:
        own.close()
