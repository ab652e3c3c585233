"""The full-text index a build writes: one segment per batch, and the merge at the end."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from corpus_helpers import read_sample, write_jsonl

from launchpad.corpus import writer
from launchpad.corpus.build import build_corpus
from launchpad.corpus.readers import JsonlSource
from launchpad.corpus.store import Corpus
from launchpad.errors import StorageError


def _segments(directory: Path) -> int:
    with sqlite3.connect(directory / "papers.sqlite") as db:
        return writer.fts_segments(db)


@pytest.fixture
def loose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus whose index was never merged: 300 papers in 10 segments (automerge: 16)."""
    source = write_jsonl(tmp_path / "part.jsonl", read_sample(300))
    with monkeypatch.context() as patch:
        patch.setattr(writer, "MAX_SEGMENTS", 10_000)
        build_corpus(tmp_path / "c", [JsonlSource(source)], workers=0, batch_size=30)
    assert _segments(tmp_path / "c") > writer.MAX_SEGMENTS
    return tmp_path / "c"


def test_a_batch_of_two_thousand_papers_writes_one_index_segment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with FTS5's default 1 MB term buffer the batch was flushed in three segments
    monkeypatch.setattr(writer, "MAX_SEGMENTS", 10_000)  # no merge at the end
    source = write_jsonl(tmp_path / "part.jsonl", read_sample(2000))
    build_corpus(tmp_path / "c", [JsonlSource(source)], workers=0, batch_size=2000)
    assert _segments(tmp_path / "c") == 1


def test_the_merge_runs_beside_the_block_and_is_done_when_it_ends(loose: Path) -> None:
    with writer.compacting_fts(loose):
        assert any(thread.name == "fts-merge" for thread in threading.enumerate())
    assert _segments(loose) == 1
    assert not any(thread.name == "fts-merge" for thread in threading.enumerate())
    with sqlite3.connect(loose / "papers.sqlite") as db:
        db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")


def test_an_index_with_few_segments_is_left_as_it_is(loose: Path) -> None:
    with writer.compacting_fts(loose):
        pass
    with writer.compacting_fts(loose):  # one segment now: nothing to merge, no thread
        assert not any(thread.name == "fts-merge" for thread in threading.enumerate())
    assert _segments(loose) == 1


def test_a_failing_block_interrupts_the_merge_and_raises_its_own_error(
    loose: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def endless(db: sqlite3.Connection, progress: object = None) -> bool:
        started.set()
        db.execute(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
        )
        return True

    monkeypatch.setattr(writer, "compact_fts", endless)
    with pytest.raises(KeyboardInterrupt), writer.compacting_fts(loose):
        started.wait(10)
        raise KeyboardInterrupt
    assert not any(thread.name == "fts-merge" for thread in threading.enumerate())
    assert _segments(loose) > writer.MAX_SEGMENTS  # nothing was merged, nothing broken


def test_a_merge_that_runs_out_of_disk_stops_the_build_with_exit_7_and_keeps_the_papers(
    loose: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(db: sqlite3.Connection, progress: object = None) -> bool:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer, "compact_fts", full)
    more = write_jsonl(tmp_path / "more.jsonl", read_sample(320)[300:])
    with pytest.raises(StorageError) as caught:
        build_corpus(loose, [JsonlSource(more)], workers=0, batch_size=20)
    assert caught.value.exit_code == 7
    monkeypatch.undo()
    with Corpus.open(loose) as corpus:  # the rows are committed and derived; only unmerged
        assert len(corpus) == 320
    report = build_corpus(loose, [JsonlSource(more)], workers=0)  # the re-run merges
    assert report.added == 0
    assert _segments(loose) == 1
