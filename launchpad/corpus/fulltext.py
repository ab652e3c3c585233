"""Full-text look-ups in the corpus's FTS5 index, answered in one row.

The scorer asks for up to 20,000 matching rows per idea; SQLite joins them into one
string that numpy parses, twice as fast as stepping through a Python row per match.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from launchpad.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

_SQL = (
    "SELECT group_concat(rowid) FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? "
    "AND rowid < ? ORDER BY rowid LIMIT ?)"
)


def matching_rows(
    db: sqlite3.Connection, fts_query: str, end: int, limit: int | None = None
) -> npt.NDArray[np.int64]:
    """The first ``limit`` rows below ``end`` whose title or abstract match, in row order."""
    import numpy as np

    params = (fts_query, end, -1 if limit is None else int(limit))  # LIMIT -1: no limit
    try:
        (joined,) = db.execute(_SQL, params).fetchone()
    except sqlite3.OperationalError as err:
        raise InputError(
            f"not a valid full-text query {fts_query!r}: {err}",
            hint='quote phrases: "\\"graph neural network\\""',
        ) from err
    if not joined:
        return np.zeros(0, dtype=np.int64)
    # the order of an aggregate's inputs is not promised: restore row order
    return np.sort(np.fromstring(joined, dtype=np.int64, sep=","))
