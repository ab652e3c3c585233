"""Build or extend a corpus: read sources, embed new papers, store them crash-safely.

Crash safety comes from one ordering rule. Papers are added in batches; for each batch
the vectors are written (and fsynced) at their final offset first, then the metadata
rows are committed in one SQLite transaction. SQLite is the record of what exists: a
re-run truncates the vector file to the committed row count, skips ids already present,
and redoes the rest in the same order, so a build killed at any moment and re-run ends
with exactly the corpus an uninterrupted build makes. The side arrays and the manifest
are derived from SQLite at the end of every build and replaced atomically.

A full disk is no exception to the rule: the build stops with a StorageError (exit 7),
the committed papers stay, and the re-run resumes. A build that fails before it hands
any paper to the writer (a model that is not installed, a refused OAI-PMH URL) removes
the skeleton it made in a new directory, so no half-made corpus is left to confuse.

Reading, embedding and storing overlap: the static model embeds in worker processes
(:mod:`launchpad.corpus.parallel`), and one writer thread commits to SQLite (which
releases the GIL) while the main thread parses the next batch.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from launchpad.corpus.damage import failed_write, skeleton_entries
from launchpad.corpus.derive import committed_rows, finalise, meta_value, record_model
from launchpad.corpus.devices import check_devices
from launchpad.corpus.embed import (
    Embedder,
    document_text,
    load_embedder,
    model_id,
    same_model,
)
from launchpad.corpus.filters import Filters, matches
from launchpad.corpus.inputs import BuildInputs
from launchpad.corpus.lock import build_lock
from launchpad.corpus.parallel import BatchEncoder, Pending
from launchpad.corpus.records import Malformed, Record, Source
from launchpad.corpus.static import StaticEmbedder
from launchpad.corpus.store import (
    DB_NAME,
    MANIFEST_NAME,
    VECTORS_NAME,
    connect,
)
from launchpad.corpus.vectors import VALUE_BYTES, upgrade
from launchpad.corpus.writer import Writer, compacting_fts, tune_fts
from launchpad.errors import ConfigError, ConflictError
from launchpad.progress import NullProgress, Progress

MAX_EXAMPLES = 5
STATIC_BATCH = 8192  # default papers per batch for the static model
MODEL_BATCH = 256  # and for a sentence-transformers model
_IN_FLIGHT = 2  # batches being embedded while earlier ones are written


@dataclass(frozen=True)
class BuildReport:
    """What a build read, added and skipped, and how fast it went."""

    directory: Path
    model: str
    sources: tuple[str, ...]
    read: int  # records and lines read from the sources
    added: int
    already_present: int
    duplicates: int  # repeated ids within this build's input
    filtered: int
    malformed: int
    malformed_examples: tuple[str, ...]
    total: int  # papers in the corpus afterwards
    seconds: float
    # --categories codes that no paper in the corpus lists (most likely typos)
    unmatched_categories: tuple[str, ...] = ()
    fts_seconds: float = 0.0  # CPU-s spent in full-text index inserts (for benchmarks)

    @property
    def rate(self) -> float:
        """Records processed per second, end to end."""
        return self.read / self.seconds if self.seconds > 0 else 0.0


@dataclass
class _Counts:
    read: int = 0
    added: int = 0
    present: int = 0
    duplicates: int = 0
    filtered: int = 0
    malformed: int = 0
    locked: bool = False  # the build lock was taken: the directory is this build's
    fts_seconds: float = 0.0
    examples: list[str] = field(default_factory=list)


def _batches(
    sources: Sequence[Source],
    filters: Filters,
    seen: set[str],
    counts: _Counts,
    batch_size: int,
) -> Iterator[tuple[list[Record], int]]:
    """New, unique, wanted records in batches, with how many inputs each batch consumed."""
    batch: list[Record] = []
    fresh: set[str] = set()
    consumed = 0
    for source in sources:
        for item in source.records():
            counts.read += 1
            consumed += 1
            if isinstance(item, Malformed):
                counts.malformed += 1
                if len(counts.examples) < MAX_EXAMPLES:
                    counts.examples.append(f"{item.where}: {item.reason}")
                continue
            if not filters.keep(item):
                counts.filtered += 1
                continue
            if item.id in seen:
                counts.present += 1
                continue
            if item.id in fresh:
                counts.duplicates += 1
                continue
            fresh.add(item.id)
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch, consumed
                batch, consumed = [], 0
    if batch or consumed:
        yield batch, consumed


def _store(
    item: tuple[int, list[Record], Pending | None, int],
    writer: Writer,
    counts: _Counts,
    progress: Progress,
) -> None:
    first_row, batch, job, consumed = item
    if job is not None:
        writer.put(first_row, batch, job.result())
        counts.added += len(batch)
    progress.advance(consumed)


def _choose_embedder(db: sqlite3.Connection, model: str | None, directory: Path) -> Embedder:
    stored = meta_value(db, "model")
    # compare names before loading: a transformer takes seconds to load only to be refused
    if stored is not None and model is not None and not same_model(model_id(model), stored):
        raise ConflictError(
            f"the corpus at {directory} was built with {stored}, not {model_id(model)}",
            hint="omit --model to extend it, or build into another --corpus directory",
        )
    embedder = load_embedder(stored if stored is not None else model)
    if stored is None:
        record_model(db, embedder.name, embedder.dim)
    return embedder


def build_corpus(
    directory: Path,
    sources: Sequence[Source] | BuildInputs,
    *,
    filters: Filters | None = None,
    model: str | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
    count_first: bool = True,
    workers: int | None = None,
    device: str | None = None,
) -> BuildReport:
    """Add the new papers of ``sources`` to the corpus in ``directory`` (created if needed).

    ``sources`` are opened sources, or :class:`BuildInputs` as the command line names
    them (checked, with one-line errors, before the corpus is touched). ``model`` is only
    needed for a new corpus (default: the shipped static model); an existing corpus keeps
    its model. ``batch_size`` papers are embedded and committed at a time (default: 8192
    for a static model; 256 for a sentence-transformers model, which embeds about a
    hundred texts a second on a CPU, so progress still moves). ``workers`` is the number
    of embedding processes (default: 2 for the static model on a multi-core machine, else
    in-process; callers from a script need the usual ``if __name__ == "__main__":``
    guard). ``device`` (``cuda``, ``cuda:0,cuda:1``: :mod:`launchpad.corpus.devices`)
    places a sentence-transformers model, checked first. Raises ConflictError when
    another build holds the corpus, or when ``model`` differs from the corpus's model.
    """
    devices = check_devices(device, model, directory) or ()
    filters = filters or Filters()
    if isinstance(sources, BuildInputs):
        sources = sources.sources(filters)
    progress = progress or NullProgress()
    started = time.perf_counter()
    counts = _Counts()
    made = skeleton_entries(directory, {DB_NAME, MANIFEST_NAME, VECTORS_NAME})
    try:
        return _build(directory, sources, filters, model, progress, batch_size, count_first,
                      (workers, devices), counts, started)  # fmt: skip
    except BaseException as err:
        cleanup = counts.locked and counts.added == 0
        failure = failed_write(err, directory, made, cleanup=cleanup, run="build")
        if failure is not None:
            raise failure from err
        raise


def _build(  # noqa: PLR0917 - build_corpus's arguments, passed on
    directory: Path,
    sources: Sequence[Source],
    filters: Filters,
    model: str | None,
    progress: Progress,
    batch_size: int | None,
    count_first: bool,
    placement: tuple[int | None, tuple[str, ...]],  # workers, devices
    counts: _Counts,
    started: float,
) -> BuildReport:
    with build_lock(directory):
        counts.locked = True  # from here on, what is in the directory is this build's
        db = connect(directory)
        try:
            tune_fts(db)
            embedder = _choose_embedder(db, model, directory)
            if batch_size is None:
                batch_size = STATIC_BATCH if isinstance(embedder, StaticEmbedder) else MODEL_BATCH
            count = committed_rows(db, directory)
            upgrade(directory, count, embedder.dim)  # a format-1 corpus: float16 to float32
            fd = os.open(directory / VECTORS_NAME, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                row_bytes = embedder.dim * VALUE_BYTES
                if os.fstat(fd).st_size < count * row_bytes:
                    raise ConfigError(
                        f"the vectors of the corpus at {directory} are shorter than its papers",
                        hint="build a new corpus in an empty directory",
                    )
                os.ftruncate(fd, count * row_bytes)  # drop rows of an interrupted batch
                seen = {pid for (pid,) in db.execute("SELECT id FROM papers")}
                total = None
                if count_first:
                    hints = [source.size_hint() for source in sources]
                    total = None if None in hints else sum(h for h in hints if h is not None)
                progress.start("building corpus", total=total)
                writer = Writer(db, fd, embedder.dim)
                encoder = BatchEncoder(embedder, *placement)
                try:
                    pending: deque[tuple[int, list[Record], Pending | None, int]] = deque()
                    next_row = count
                    for batch, consumed in _batches(sources, filters, seen, counts, batch_size):
                        texts = [document_text(r.title, r.abstract) for r in batch]
                        job = encoder.submit(texts) if batch else None
                        pending.append((next_row, batch, job, consumed))
                        next_row += len(batch)
                        while len(pending) > _IN_FLIGHT:
                            _store(pending.popleft(), writer, counts, progress)
                    while pending:
                        _store(pending.popleft(), writer, counts, progress)
                finally:
                    encoder.close()
                    writer.close()
                    counts.fts_seconds = writer.fts_seconds
                progress.finish()
            finally:
                os.close(fd)
            with compacting_fts(directory, progress):
                manifest, vocabulary = finalise(
                    directory,
                    db,
                    model=embedder.name,
                    dim=embedder.dim,
                    labels=[source.label for source in sources],
                    described=[filters.describe()] if filters.describe() else [],
                    started=started,
                )
        finally:
            db.close()
    return BuildReport(
        directory=directory,
        model=embedder.name,
        sources=tuple(source.label for source in sources),
        read=counts.read,
        added=counts.added,
        already_present=counts.present,
        duplicates=counts.duplicates,
        filtered=counts.filtered,
        malformed=counts.malformed,
        malformed_examples=tuple(counts.examples),
        total=manifest.count,
        seconds=time.perf_counter() - started,
        unmatched_categories=tuple(
            name for name in filters.categories if not any(matches(c, [name]) for c in vocabulary)
        ),
        fts_seconds=round(counts.fts_seconds, 2),
    )
