"""A build gives the same search results and full-text matches however it is scheduled.

``build_golden.json`` holds, for fixed queries on a corpus built from the 2,000-record
sample, the ids of the 50 nearest papers (all papers and cs.CL only) and the ids every
FTS5 query matches, as the build made them before it was rebalanced across processes and
its full-text index tuned (page size, merging, a final optimise). Each build below must
give exactly those ids: in one process, in worker processes with small batches,
extended in a second run, and extended with the new FTS5 settings after a first run
indexed with SQLite's defaults (a corpus built before the settings).

Regenerate (only for a deliberate change of results) with
``python -m tests.corpus.test_corpus_build_results``.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from launchpad.corpus import parallel, writer
from launchpad.corpus.build import build_corpus
from launchpad.corpus.readers import JsonlSource
from launchpad.corpus.store import Corpus
from tests.corpus.corpus_helpers import sample_path

GOLDEN = Path(__file__).with_name("build_golden.json")
QUERIES = (
    "retrieval augmented generation for question answering",
    "speech translation for low-resource languages",
    "graph neural networks for molecule property prediction",
    "adversarial examples against image classifiers",
    "reinforcement learning from human feedback for language models",
    "sparse attention for long documents",
    "differential privacy in federated learning",
    "word embeddings capture semantic analogies",
)
FTS_QUERIES = (
    "transformer",
    '"neural machine translation"',
    "graph AND convolution",
    "reinforc*",
    "title:survey",
    "privacy NOT federated",
    "NEAR(attention sparse, 5)",
    "café OR naïve",
)


def results(directory: Path) -> dict[str, Any]:
    """Top-50 ids per query (all papers and cs.CL) and every FTS match, by id."""
    out: dict[str, Any] = {"search": {}, "search_cs.CL": {}, "fts": {}}
    with Corpus.open(directory) as corpus:
        embedder = corpus.embedder()
        mask = corpus.rows_in_categories(["cs.CL"])
        for query in QUERIES:
            vector = embedder.encode([query])[0]
            for key, only in (("search", None), ("search_cs.CL", mask)):
                rows, _ = corpus.search(vector, 50, mask=only)
                out[key][query] = [paper.id for paper in corpus.papers(rows.tolist())]
        for query in FTS_QUERIES:
            rows = corpus.lexical_rows(query)
            out["fts"][query] = [paper.id for paper in corpus.papers(rows.tolist())]
    db = sqlite3.connect(directory / "papers.sqlite")
    try:
        (out["fts_count"],) = db.execute("SELECT count(*) FROM papers_fts").fetchone()
        db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        db.close()
    return out


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text())
    return data


def test_a_default_build_matches_the_golden_ids(tmp_path: Path, expected: dict[str, Any]) -> None:
    build_corpus(tmp_path / "c", [JsonlSource(sample_path())], workers=0)
    assert results(tmp_path / "c") == expected


def test_a_build_in_worker_processes_with_small_batches_matches(
    tmp_path: Path, expected: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    build_corpus(tmp_path / "c", [JsonlSource(sample_path())], workers=2, batch_size=300)
    assert results(tmp_path / "c") == expected


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    with gzip.open(sample_path(), "rb") as handle:
        records = handle.read().splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "all.jsonl"
    first.write_bytes(b"\n".join(records[:1100]) + b"\n")
    second.write_bytes(b"\n".join(records) + b"\n")
    return first, second


def _fts_config(directory: Path) -> dict[str, Any]:
    db = sqlite3.connect(directory / "papers.sqlite")
    try:
        return dict(db.execute("SELECT k, v FROM papers_fts_config").fetchall())
    finally:
        db.close()


def test_a_build_extended_in_two_runs_matches(tmp_path: Path, expected: dict[str, Any]) -> None:
    first, second = _halves(tmp_path)
    build_corpus(tmp_path / "c", [JsonlSource(first)], workers=0, batch_size=256)
    build_corpus(tmp_path / "c", [JsonlSource(second)], workers=0, batch_size=256)
    assert results(tmp_path / "c") == expected
    config = _fts_config(tmp_path / "c")
    assert (config["pgsz"], config["automerge"]) == (8192, 16)


def test_a_corpus_indexed_with_the_old_settings_is_extended_with_the_new(
    tmp_path: Path, expected: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _halves(tmp_path)
    with monkeypatch.context() as patch:
        patch.setattr(writer, "FTS_SETTINGS", {})  # as builds before the settings indexed
        build_corpus(tmp_path / "c", [JsonlSource(first)], workers=0, batch_size=256)
    assert "pgsz" not in _fts_config(tmp_path / "c")
    build_corpus(tmp_path / "c", [JsonlSource(second)], workers=0, batch_size=256)
    assert _fts_config(tmp_path / "c")["pgsz"] == 8192
    assert results(tmp_path / "c") == expected


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(Path(tmp) / "c", [JsonlSource(sample_path())], workers=0)
        GOLDEN.write_text(json.dumps(results(Path(tmp) / "c"), indent=1) + "\n")
