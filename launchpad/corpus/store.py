"""The corpus on disk, and the read side of it.

One directory holds:

- ``papers.sqlite``: metadata (id, title, abstract, categories, primary category,
  first-version date), one row per paper, ``row`` = row in the vector matrix, plus an
  FTS5 index over title and abstract for exact and phrase look-ups;
- ``vectors.f32``: the embeddings, a raw row-major float32 matrix, memory-mapped
  (:mod:`launchpad.corpus.vectors`; format-1 corpora have ``vectors.f16`` instead);
- ``published.npy``, ``cat_indptr.npy``, ``cat_indices.npy``, ``categories.json``:
  side arrays aligned with the rows, so date and category filters are numpy masks;
- ``manifest.json``: model, dimension, counts, date range, build time, sources.

The manifest is written last and atomically: readers trust ``manifest.count`` rows,
so a build in progress (or one that was killed) never shows a half-written state.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.corpus import fulltext
from launchpad.corpus.damage import DAMAGED_HINT, check_database
from launchpad.corpus.filters import matches
from launchpad.corpus.vectors import F32_NAME, open_matrix
from launchpad.errors import ConfigError, InputError, NotFoundError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.embed import Embedder

FORMAT = "launchpad-corpus/2"  # 2: float32 vectors; 1 (float16) is still read
DB_NAME = "papers.sqlite"
VECTORS_NAME = F32_NAME
MANIFEST_NAME = "manifest.json"
PUBLISHED_NAME = "published.npy"
INDPTR_NAME = "cat_indptr.npy"
INDICES_NAME = "cat_indices.npy"
CATEGORIES_NAME = "categories.json"
EPOCH = dt.date(1970, 1, 1)

BUILD_HINT = (
    "build one: online `launchpad corpus build --oai`; offline "
    "`launchpad corpus build --from-snapshot arxiv-metadata-oai-snapshot.json`"
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    row INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL,
    categories TEXT NOT NULL,
    primary_category TEXT NOT NULL,
    published TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS papers_fts USING fts5(
    title, abstract, content='papers', content_rowid='row'
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Paper:
    """One paper of the corpus; ``row`` is its row in :attr:`Corpus.vectors`."""

    id: str
    title: str
    abstract: str
    categories: tuple[str, ...]  # primary first
    published: dt.date  # first-version date
    row: int

    @property
    def primary_category(self) -> str:
        """The first-listed category."""
        return self.categories[0]


@dataclass(frozen=True)
class Manifest:
    """What a corpus holds and how it was made (``manifest.json``)."""

    model: str
    dim: int
    count: int
    first_published: dt.date | None
    last_published: dt.date | None
    built_at: str
    sources: list[str]
    format: str = FORMAT
    dtype: str = "float32"
    build_seconds: float = 0.0
    categories: int = 0
    filters: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (dates as ISO strings)."""
        data = asdict(self)
        for key in ("first_published", "last_published"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Read a manifest, ignoring keys this version does not know."""
        known = set(cls.__dataclass_fields__)
        values = {key: value for key, value in data.items() if key in known}
        for key in ("first_published", "last_published"):
            if values.get(key):
                values[key] = dt.date.fromisoformat(values[key])
        return cls(**values)


def connect(directory: Path) -> sqlite3.Connection:
    """Open (creating if needed) the metadata database with the corpus schema."""
    db = sqlite3.connect(directory / DB_NAME, check_same_thread=False, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
    except sqlite3.DatabaseError as err:  # not a database, or not this schema
        db.close()
        raise ConfigError(
            f"{directory / DB_NAME} is not a corpus database: {err}", hint=DAMAGED_HINT
        ) from err
    return db


def read_manifest(directory: Path) -> Manifest | None:
    """The manifest of ``directory``, or None when there is no corpus there."""
    path = directory / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        return Manifest.from_json(_json_object(path.read_text()))
    except (OSError, ValueError, TypeError) as err:
        raise ConfigError(
            f"{path} is unreadable: {err}", hint="re-run `launchpad corpus build` to repair it"
        ) from err


def _json_object(text: str) -> dict[str, Any]:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    return data


class Corpus:
    """A read-only view of a built corpus: vectors, side arrays, metadata look-ups."""

    def __init__(self, directory: Path, manifest: Manifest) -> None:
        import numpy as np

        self.directory = directory
        self.manifest = manifest
        count = manifest.count
        if manifest.dtype not in ("float32", "float16"):
            raise ConfigError(
                f"the corpus at {directory} stores {manifest.dtype} vectors "
                f"({manifest.format}), which this version of launchpad cannot read",
                hint="upgrade launchpad, or rebuild the corpus with `launchpad corpus build` "
                "into an empty --corpus directory",
            )
        matrix = open_matrix(directory, manifest.dtype, count, manifest.dim)
        if matrix is None:
            raise ConfigError(
                f"the vectors of the corpus at {directory} are incomplete",
                hint=DAMAGED_HINT,  # a build refuses to extend it: the rows are lost
            )
        self._matrix = matrix
        # float32 (format 2) or float16 (format 1), memory-mapped, rows L2-normalised
        self.vectors: npt.NDArray[np.floating[Any]] = matrix.array
        try:
            self.published: npt.NDArray[np.int32] = np.load(
                directory / PUBLISHED_NAME, mmap_mode="r"
            )
            self.category_indptr: npt.NDArray[np.int64] = np.load(directory / INDPTR_NAME)
            self.category_indices: npt.NDArray[np.int32] = np.load(directory / INDICES_NAME)
            self.category_names: list[str] = json.loads((directory / CATEGORIES_NAME).read_text())
        except (OSError, ValueError) as err:
            raise ConfigError(
                f"the side arrays of the corpus at {directory} are unreadable: {err}",
                hint="re-run `launchpad corpus build` on it to repair it",
            ) from err
        if len(self.published) != count or len(self.category_indptr) != count + 1:
            raise ConfigError(
                f"the corpus at {directory} is inconsistent (side arrays do not match)",
                hint="re-run `launchpad corpus build` on it to repair it",
            )
        self._db = _connect_for_reading(directory)
        try:
            check_database(self._db, directory, count)
        except ConfigError:
            self._db.close()
            raise
        self._embedder: Embedder | None = None
        self._entry_rows: npt.NDArray[np.int64] | None = None

    @classmethod
    def open(cls, directory: Path | None = None) -> Corpus:
        """Open the corpus in ``directory`` (default: the configured corpus directory)."""
        if directory is None:
            from launchpad.config import corpus_dir

            directory = Path(corpus_dir().value)
        manifest = read_manifest(directory)
        if manifest is None or manifest.count == 0:
            state = "is empty" if manifest is not None else "does not exist"
            raise NotFoundError(f"the arXiv corpus at {directory} {state}", hint=BUILD_HINT)
        return cls(directory, manifest)

    def __len__(self) -> int:
        return self.manifest.count

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connection (the memory maps go with the object)."""
        self._db.close()

    def embedder(self) -> Embedder:
        """The model this corpus was built with, loaded once."""
        if self._embedder is None:
            from launchpad.corpus.embed import load_embedder

            self._embedder = load_embedder(self.manifest.model)
        return self._embedder

    def papers(self, rows: Sequence[int]) -> list[Paper]:
        """Papers for ``rows``, in the same order."""
        found = self._select("id, title, abstract, categories, published", rows)
        return [
            Paper(pid, title, abstract, tuple(cats.split()), dt.date.fromisoformat(day), row)
            for row, (pid, title, abstract, cats, day) in found
        ]

    def titles(self, rows: Sequence[int]) -> list[str]:
        """The titles of ``rows``, in the same order (no abstract is read)."""
        return [title for _, (title,) in self._select("title", rows)]

    def _select(self, columns: str, rows: Sequence[int]) -> list[tuple[int, tuple[Any, ...]]]:
        """``columns`` of the papers table for each of ``rows``, in the same order."""
        wanted = [int(row) for row in rows]
        found: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            marks = ",".join("?" * len(chunk))
            query = (  # only the callers' column names and "?" placeholders are formatted in
                f"SELECT row, {columns} FROM papers WHERE row IN ({marks})"  # noqa: S608
            )
            for row, *values in self._db.execute(query, chunk):
                found[row] = tuple(values)
        missing = [row for row in wanted if row not in found or row >= len(self)]
        if missing:
            raise InputError(f"rows not in the corpus: {missing[:5]}")
        return [(row, found[row]) for row in wanted]

    def rows_in_categories(self, categories: Sequence[str]) -> npt.NDArray[np.bool_]:
        """Mask of rows listing any of ``categories`` (primary or cross-list).

        An archive such as ``cs`` stands for all its categories, as in the build filters.
        """
        import numpy as np

        ids = [index for index, name in enumerate(self.category_names) if matches(name, categories)]
        mask = np.zeros(len(self), dtype=bool)
        if not ids:
            return mask
        if self._entry_rows is None:
            self._entry_rows = np.repeat(
                np.arange(len(self), dtype=np.int64), np.diff(self.category_indptr)
            )
        hits = np.isin(self.category_indices, np.asarray(ids, dtype=np.int32))
        mask[self._entry_rows[hits]] = True
        return mask

    def search(
        self,
        query: npt.NDArray[np.floating[Any]],
        k: int = 10,
        *,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Rows of the ``k`` nearest papers by cosine similarity, best first."""
        import numpy as np

        vector = np.asarray(query, dtype=np.float32).reshape(-1)
        if vector.shape[0] != self.manifest.dim:
            raise InputError(
                f"query has {vector.shape[0]} dimensions, the corpus {self.manifest.dim}",
                hint=f"embed the query with {self.manifest.model}",
            )
        wanted = None
        if mask is not None:
            if mask.shape != (len(self),):
                raise InputError("the mask does not have one entry per corpus row")
            wanted = np.flatnonzero(mask).astype(np.int64)
        sims = self.similarities(vector[None, :], wanted)[0]
        k = max(0, min(k, len(sims)))
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        top = np.argpartition(-sims, k - 1)[:k]
        order = np.lexsort((top, -sims[top]))  # ties: lower row first
        best = top[order]
        rows = best.astype(np.int64) if wanted is None else wanted[best]
        return rows, sims[best]

    def similarities(
        self,
        queries: npt.NDArray[np.floating[Any]],
        rows: npt.NDArray[np.int64] | None = None,
    ) -> npt.NDArray[np.float32]:
        """Cosine similarity (m, len(rows)) of each query (an (m, dim) array) to papers.

        ``rows`` (ascending; default every paper) are the only rows read: blocks of the
        matrix without one of them are skipped (see :mod:`launchpad.corpus.vectors`).
        """
        import numpy as np

        queries = np.asarray(queries, dtype=np.float32)
        if queries.ndim != 2 or queries.shape[1] != self.manifest.dim:
            raise InputError(
                f"queries must have {self.manifest.dim} dimensions",
                hint=f"embed them with {self.manifest.model}",
            )
        return self._matrix.scan(queries, rows)

    def lexical_rows(
        self, fts_query: str, limit: int | None = None, *, below: int | None = None
    ) -> npt.NDArray[np.int64]:
        """The first ``limit`` rows below ``below`` whose title or abstract match, in row order."""
        end = len(self) if below is None else min(below, len(self))
        return fulltext.matching_rows(self._db, fts_query, end, limit)

    def year_counts(self) -> dict[int, int]:
        """Papers per year of first version."""
        import numpy as np

        years = (np.asarray(self.published, dtype="datetime64[D]").astype("datetime64[Y]")).astype(
            np.int64
        ) + 1970
        values, counts = np.unique(years, return_counts=True)
        return {int(year): int(count) for year, count in zip(values, counts, strict=True)}

    def category_counts(self, *, primary_only: bool = False) -> dict[str, int]:
        """Papers per category (any listing, or the primary one only), largest first."""
        import numpy as np

        ids = (
            self.category_indices[self.category_indptr[:-1]]
            if primary_only
            else self.category_indices
        )
        counts = np.bincount(ids, minlength=len(self.category_names))
        order = np.argsort(-counts, kind="stable")
        return {self.category_names[i]: int(counts[i]) for i in order if counts[i]}

    def size_on_disk(self) -> int:
        """Bytes used by the corpus files."""
        return sum(path.stat().st_size for path in self.directory.iterdir() if path.is_file())


def _connect_for_reading(directory: Path) -> sqlite3.Connection:
    """The metadata database, readable from a read-only directory too.

    A WAL database needs a shared-memory file next to it even for reading; a directory
    nobody can write to cannot hold one, and nothing can change the database there
    either, so it is opened as immutable.
    """
    path = directory / DB_NAME
    if os.access(directory, os.W_OK):
        return sqlite3.connect(path, check_same_thread=False)
    uri = f"{path.resolve().as_uri()}?immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def date_to_days(value: dt.date) -> int:
    """Days since 1970-01-01 (the unit of :attr:`Corpus.published`)."""
    return (value - EPOCH).days
