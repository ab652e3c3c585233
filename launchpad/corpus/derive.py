"""What every build and merge derives from the committed rows, and the model it records.

SQLite is the record of what a corpus holds (see :mod:`launchpad.corpus.build`): the side
arrays and the manifest are derived from its rows at the end of every build or merge and
replaced atomically, and the ``meta`` table names the model the vectors came from.
"""

from __future__ import annotations

import array
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from launchpad.atomicfile import atomic_write, atomic_write_text
from launchpad.corpus.store import (
    CATEGORIES_NAME,
    INDICES_NAME,
    INDPTR_NAME,
    MANIFEST_NAME,
    PUBLISHED_NAME,
    Manifest,
    read_manifest,
)
from launchpad.errors import ConfigError

__all__ = ["committed_rows", "finalise", "meta_value", "record_model"]


def meta_value(db: sqlite3.Connection, key: str) -> str | None:
    """One value of the corpus's ``meta`` table (None when it is not there)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def committed_rows(db: sqlite3.Connection, directory: Path) -> int:
    """How many papers are committed; ConfigError when their rows are not 0..n-1."""
    count, last = db.execute("SELECT count(*), max(row) FROM papers").fetchone()
    if last is not None and last + 1 != count:
        raise ConfigError(
            f"the corpus at {directory} has gaps in its rows",
            hint="build a new corpus in an empty directory",
        )
    return int(count)


def record_model(db: sqlite3.Connection, name: str, dim: int) -> None:
    """Name the model of a new corpus (before its first paper is stored)."""
    with db:
        db.execute("BEGIN")
        db.execute("INSERT INTO meta VALUES ('model', ?)", (name,))
        db.execute("INSERT INTO meta VALUES ('dim', ?)", (str(dim),))


def finalise(
    directory: Path,
    db: sqlite3.Connection,
    *,
    model: str,
    dim: int,
    labels: Sequence[str],
    described: Sequence[str],
    started: float,
) -> tuple[Manifest, list[str]]:
    """Derive the side arrays and the manifest from the committed rows.

    ``labels`` name the sources this run read and ``described`` its filters; both are
    added to those of the manifest before (once each). Returns the manifest and the
    sorted names of the categories the papers list.
    """
    import numpy as np

    days, indptr, indices, vocabulary = _side_arrays(db)
    for name, values in ((PUBLISHED_NAME, days), (INDPTR_NAME, indptr), (INDICES_NAME, indices)):
        with atomic_write(directory / name) as handle:
            np.save(handle, values)
    atomic_write_text(directory / CATEGORIES_NAME, json.dumps(vocabulary))
    try:
        previous = read_manifest(directory)
    except ConfigError:  # a damaged manifest is derived again; only its history is lost
        previous = None
    sources = _once(list(previous.sources) if previous else [], labels)
    filters = _once(list(previous.filters) if previous else [], described)
    epoch = dt.date(1970, 1, 1)
    manifest = Manifest(
        model=model,
        dim=dim,
        count=len(days),
        first_published=epoch + dt.timedelta(days=int(days.min())) if len(days) else None,
        last_published=epoch + dt.timedelta(days=int(days.max())) if len(days) else None,
        built_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        sources=sources,
        build_seconds=round(time.perf_counter() - started, 2),
        categories=len(vocabulary),
        filters=filters,
    )
    atomic_write_text(directory / MANIFEST_NAME, json.dumps(manifest.to_json(), indent=2) + "\n")
    return manifest, vocabulary


def _once(before: list[str], added: Sequence[str]) -> list[str]:
    return before + [item for item in dict.fromkeys(added) if item not in before]


def _side_arrays(db: sqlite3.Connection) -> tuple[Any, Any, Any, list[str]]:
    """Days since 1970, the category CSR arrays and the sorted vocabulary, from SQLite.

    Flat int arrays, not Python objects per paper (hundreds of MB at 2.7M papers); each
    distinct category list is split once.
    """
    import numpy as np

    days, indptr, codes = array.array("i"), array.array("q", [0]), array.array("i")
    first_seen: dict[str, int] = {}  # category -> provisional code, in order of appearance
    lists: dict[str, list[int]] = {}
    cursor = db.execute(
        "SELECT CAST(julianday(published) - 2440587.5 AS INTEGER), categories "
        "FROM papers ORDER BY row"
    )
    while chunk := cursor.fetchmany(65536):
        for day, cats in chunk:
            days.append(day)
            known = lists.get(cats)
            if known is None:
                known = lists[cats] = [
                    first_seen.setdefault(name, len(first_seen)) for name in cats.split()
                ]
            codes.extend(known)
            indptr.append(len(codes))
    vocabulary = sorted(first_seen)
    remap = np.zeros(len(vocabulary), dtype=np.int32)
    remap[[first_seen[name] for name in vocabulary]] = np.arange(len(vocabulary))
    indices = remap[np.array(codes, dtype=np.int32)]
    return np.array(days, dtype=np.int32), np.array(indptr, dtype=np.int64), indices, vocabulary
