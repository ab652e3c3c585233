"""Merge corpora built elsewhere (shards) into one corpus, without embedding anything again.

A shard is a complete corpus, built on another machine from part of the input (by date
with ``--since``/``--until``, by category, or by file) with the same model. Merging
copies each new paper's row and stored vector into the target, in date order across all
shards (so the rows up to an ``--as-of`` date stay a prefix, see
:mod:`launchpad.corpus.vectors`), then derives the side arrays and the manifest as a
build does. It keeps the build's crash-safety rule (vectors fsynced, then one
transaction per batch): a killed merge re-run skips the papers already committed and
ends with the corpus an uninterrupted merge makes. A paper held by several shards (or
already in the target) is taken once, from the first shard in date order.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from launchpad.corpus.damage import failed_write, skeleton_entries
from launchpad.corpus.derive import committed_rows, finalise, meta_value, record_model
from launchpad.corpus.embed import same_model
from launchpad.corpus.lock import build_lock
from launchpad.corpus.records import Record
from launchpad.corpus.store import DB_NAME, MANIFEST_NAME, VECTORS_NAME, Corpus, connect
from launchpad.corpus.vectors import VALUE_BYTES, upgrade
from launchpad.corpus.writer import Writer, compacting_fts, tune_fts
from launchpad.errors import ConflictError, InputError
from launchpad.progress import NullProgress, Progress

BATCH = 8192  # papers copied and committed per transaction, as a static build does


@dataclass(frozen=True)
class MergeReport:
    """What a merge read from its shards, added and skipped."""

    directory: Path
    model: str
    shards: tuple[str, ...]
    read: int  # papers in the shards
    added: int
    already_present: int  # in the target before this merge
    duplicates: int  # in more than one shard
    total: int  # papers in the target afterwards
    seconds: float


def merge_corpora(
    directory: Path,
    shards: Sequence[Path],
    *,
    progress: Progress | None = None,
    batch_size: int = BATCH,
) -> MergeReport:
    """Add every paper of ``shards`` (corpus directories) to the corpus in ``directory``.

    Raises InputError for no shard, a shard named twice or the target named as a shard;
    NotFoundError or ConfigError for a shard that is not a sound corpus; ConflictError
    when the shards' or the target's models differ, or another build holds a corpus.
    """
    progress = progress or NullProgress()
    started = time.perf_counter()
    _check_names(directory, shards)
    made = skeleton_entries(directory, {DB_NAME, MANIFEST_NAME, VECTORS_NAME})
    state = {"locked": False, "added": 0}
    try:
        return _merge(directory, shards, progress, batch_size, started, state)
    except BaseException as err:
        cleanup = bool(state["locked"]) and state["added"] == 0
        failure = failed_write(err, directory, made, cleanup=cleanup, run="merge")
        if failure is not None:
            raise failure from err
        raise


def _check_names(directory: Path, shards: Sequence[Path]) -> None:
    if not shards:
        raise InputError("no shard to merge", hint="launchpad corpus merge SHARD [SHARD ...]")
    seen: set[Path] = set()
    target = directory.expanduser().resolve()
    for shard in shards:
        where = shard.expanduser().resolve()
        if where == target:
            raise InputError(
                f"{shard} is the target corpus itself",
                hint="pass the other corpora as shards and this one as --corpus",
            )
        if where in seen:
            raise InputError(f"{shard} is named twice", hint="name each shard once")
        seen.add(where)


def _merge(  # noqa: PLR0917 - merge_corpora's arguments, passed on
    directory: Path,
    shard_dirs: Sequence[Path],
    progress: Progress,
    batch_size: int,
    started: float,
    state: dict[str, int | bool],
) -> MergeReport:
    import numpy as np

    with ExitStack() as stack:
        shards = []
        for where in shard_dirs:
            shards.append(stack.enter_context(Corpus.open(where)))  # a sound corpus, or why not
            stack.enter_context(build_lock(where))  # and no build adds to it meanwhile
        model, dim = shards[0].manifest.model, shards[0].manifest.dim
        for shard in shards[1:]:
            if not same_model(shard.manifest.model, model) or shard.manifest.dim != dim:
                raise ConflictError(
                    f"the shard {shard.directory} was built with {shard.manifest.model}, "
                    f"{shards[0].directory} with {model}",
                    hint="merge only shards built with the same --model",
                )
        stack.enter_context(build_lock(directory))
        state["locked"] = True
        db = connect(directory)
        stack.callback(db.close)
        tune_fts(db)
        stored = meta_value(db, "model")
        if stored is None:
            record_model(db, model, dim)
        elif not same_model(stored, model):
            raise ConflictError(
                f"the corpus at {directory} was built with {stored}, the shards with {model}",
                hint="merge into a corpus built with the same model, or into a new directory",
            )
        count = committed_rows(db, directory)
        upgrade(directory, count, dim)
        seen = {pid for (pid,) in db.execute("SELECT id FROM papers")}
        # every shard paper in date order; a day's papers by shard, then by row
        days = np.concatenate([np.asarray(s.published, dtype=np.int64) for s in shards])
        owner = np.concatenate([np.full(len(s), i, dtype=np.int64) for i, s in enumerate(shards)])
        rows = np.concatenate([np.arange(len(s), dtype=np.int64) for s in shards])
        order = np.lexsort((rows, owner, days))
        read, before, present, duplicates = len(order), set(seen), 0, 0
        fd = os.open(directory / VECTORS_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        stack.callback(os.close, fd)
        os.ftruncate(fd, count * dim * VALUE_BYTES)  # drop rows of an interrupted batch
        progress.start("merging corpora", total=read)
        writer = Writer(db, fd, dim)
        try:
            next_row = count
            for start in range(0, read, batch_size):
                chunk = order[start : start + batch_size]
                fetched = {}  # (shard, row) -> (paper, vector)
                for index, shard in enumerate(shards):
                    picked = rows[chunk[owner[chunk] == index]].tolist()
                    for paper in shard.papers(picked) if picked else []:
                        fetched[index, paper.row] = paper, shard.vectors[paper.row]
                records, vectors = [], []
                for index, row in zip(owner[chunk].tolist(), rows[chunk].tolist(), strict=True):
                    paper, vector = fetched[index, row]
                    if paper.id in seen:
                        present += paper.id in before
                        duplicates += paper.id not in before
                        continue
                    seen.add(paper.id)
                    records.append(Record(paper.id, paper.title, paper.abstract,
                                          paper.categories, paper.published))  # fmt: skip
                    vectors.append(vector)
                if records:
                    writer.put(next_row, records, np.asarray(vectors, dtype=np.float32))
                    next_row += len(records)
                    state["added"] = int(state["added"]) + len(records)
                progress.advance(len(chunk))
        finally:
            writer.close()
        progress.finish()
        with compacting_fts(directory, progress):
            manifest, _ = finalise(
                directory,
                db,
                model=model,
                dim=dim,
                labels=[label for s in shards for label in s.manifest.sources],
                described=[text for s in shards for text in s.manifest.filters],
                started=started,
            )
    return MergeReport(
        directory=directory,
        model=model,
        shards=tuple(str(where) for where in shard_dirs),
        read=read,
        added=int(state["added"]),
        already_present=present,
        duplicates=duplicates,
        total=manifest.count,
        seconds=time.perf_counter() - started,
    )
