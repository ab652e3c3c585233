"""Building a corpus from real records: contents, increments, bad input, the lock."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from corpus_helpers import fingerprint, read_sample, sample_path, write_jsonl

from launchpad.corpus import build as build_module
from launchpad.corpus import parallel
from launchpad.corpus.build import build_corpus
from launchpad.corpus.categories import is_category
from launchpad.corpus.embed import DEFAULT_MODEL, model_id, same_model
from launchpad.corpus.filters import Filters
from launchpad.corpus.lock import build_lock
from launchpad.corpus.readers import JsonlSource
from launchpad.corpus.store import Corpus, date_to_days
from launchpad.errors import ConflictError, InputError, NotFoundError


@pytest.fixture(scope="module")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("corpus") / "c"
    build_corpus(directory, [JsonlSource(sample_path())], workers=0)
    return directory


def test_sample_corpus_holds_every_record(sample_corpus: Path) -> None:
    records = read_sample()
    with Corpus.open(sample_corpus) as corpus:
        assert len(corpus) == 2000
        assert corpus.manifest.model == DEFAULT_MODEL
        assert corpus.manifest.dim == 256
        assert corpus.vectors.dtype == np.float32  # float16 values, stored widened
        assert corpus.vectors.shape == (2000, 256)
        assert corpus.manifest.first_published == min(
            dt.date.fromisoformat(r["published"]) for r in records
        )
        papers = corpus.papers([0, 1999, 5])
        assert [p.row for p in papers] == [0, 1999, 5]
        assert corpus.titles([0, 1999, 5]) == [p.title for p in papers]
        with pytest.raises(InputError):
            corpus.titles([5, 2000])
        by_id = {r["id"]: r for r in records}
        for paper in papers:
            record = by_id[paper.id]
            assert paper.title == record["title"]
            assert paper.abstract == record["abstract"]
            assert list(paper.categories) == [c for c in record["categories"] if is_category(c)]
            assert paper.published.isoformat() == record["published"]
            assert corpus.published[paper.row] == date_to_days(paper.published)
            start, end = corpus.category_indptr[paper.row : paper.row + 2]
            names = [corpus.category_names[i] for i in corpus.category_indices[start:end]]
            assert names == list(paper.categories)


def test_a_paper_is_its_own_nearest_neighbour(sample_corpus: Path) -> None:
    with Corpus.open(sample_corpus) as corpus:
        paper = corpus.papers([1234])[0]
        query = corpus.embedder().encode([f"{paper.title}. {paper.abstract}"])[0]
        rows, sims = corpus.search(query, k=5)
        assert rows[0] == 1234
        assert sims[0] == pytest.approx(1.0, abs=2e-3)
        assert list(sims) == sorted(sims, reverse=True)


def test_masks_and_lexical_lookups(sample_corpus: Path) -> None:
    records = read_sample()
    with Corpus.open(sample_corpus) as corpus:
        mask = corpus.rows_in_categories(["cs.CL"])
        expected = {r["id"] for r in records if "cs.CL" in r["categories"]}
        assert {p.id for p in corpus.papers(np.flatnonzero(mask).tolist())} == expected
        query = corpus.embedder().encode(["machine translation"])[0]
        rows, _ = corpus.search(query, k=20, mask=mask)
        assert len(rows) == 20 and mask[rows].all()
        assert not corpus.rows_in_categories(["no.SUCH"]).any()
        phrase = corpus.lexical_rows('"neural network"')
        titles = [p.title + " " + p.abstract for p in corpus.papers(phrase.tolist())]
        assert phrase.size > 10
        phrase_re = re.compile(r"\bneural\W+network\b", re.IGNORECASE)
        assert all(phrase_re.search(text) for text in titles)
        others = set(range(len(corpus))) - set(phrase.tolist())
        assert not any(phrase_re.search(p.title + " " + p.abstract) for p in corpus.papers(others))
        assert len(corpus.lexical_rows('"neural network"', limit=3)) == 3
        with pytest.raises(InputError):
            corpus.lexical_rows('"unbalanced')
        with pytest.raises(InputError):
            corpus.papers([5000])


def test_rebuilding_adds_nothing_and_extending_adds_only_new(tmp_path: Path) -> None:
    records = read_sample()
    first = write_jsonl(tmp_path / "first.jsonl", records[:1200])
    second = write_jsonl(tmp_path / "second.jsonl", records[800:])
    directory = tmp_path / "c"
    report = build_corpus(directory, [JsonlSource(first)], workers=0)
    assert (report.added, report.total) == (1200, 1200)
    again = build_corpus(directory, [JsonlSource(first)], workers=0)
    assert (again.added, again.already_present, again.total) == (0, 1200, 1200)
    more = build_corpus(directory, [JsonlSource(second)], workers=0)
    assert (more.added, more.already_present, more.total) == (800, 400, 2000)
    whole = tmp_path / "whole"
    build_corpus(directory=whole, sources=[JsonlSource(sample_path())], workers=0)
    increment, at_once = fingerprint(directory), fingerprint(whole)
    assert increment == at_once


def test_only_arxiv_category_codes_are_kept(sample_corpus: Path) -> None:
    raw = {c for r in read_sample() for c in r["categories"]}
    assert {"I.2.7", "68T50"} & raw  # the real data mixes in ACM and MSC classes
    with Corpus.open(sample_corpus) as corpus:
        assert set(corpus.category_names) == {c for c in raw if is_category(c)}
        assert all(is_category(name) for name in corpus.category_names)


def test_malformed_lines_are_counted_not_fatal(tmp_path: Path) -> None:
    records = read_sample(50)
    bad = [
        "{not json",
        "[1, 2]",
        json.dumps({**records[0], "id": "9999.00001", "published": "yesterday"}),
        json.dumps({**records[0], "id": "9999.00002", "title": ""}),
        json.dumps({**records[0], "id": "9999.00003", "categories": []}),
        json.dumps({k: v for k, v in records[0].items() if k != "abstract"}),
    ]
    source = write_jsonl(tmp_path / "mixed.jsonl", [*records, records[3]], bad)
    report = build_corpus(tmp_path / "c", [JsonlSource(source)], workers=0)
    assert report.added == 50
    assert report.duplicates == 1
    assert report.malformed == 6
    assert report.malformed_examples[0].startswith("mixed.jsonl:52:")
    assert report.read == 57


def test_filters_keep_categories_and_dates(tmp_path: Path) -> None:
    records = read_sample()
    since, until = dt.date(2015, 1, 1), dt.date(2019, 12, 31)
    filters = Filters(categories=("cs.CL", "stat"), since=since, until=until)
    report = build_corpus(tmp_path / "c", [JsonlSource(sample_path())], filters=filters, workers=0)
    expected = {
        r["id"]
        for r in records
        if since <= dt.date.fromisoformat(r["published"]) <= until
        and any(c == "cs.CL" or c.startswith("stat.") for c in r["categories"])
    }
    assert report.added == len(expected) > 20
    assert report.filtered == 2000 - len(expected)
    with Corpus.open(tmp_path / "c") as corpus:
        assert {p.id for p in corpus.papers(range(len(corpus)))} == expected
        assert corpus.manifest.filters == [
            "categories=cs.CL,stat since=2015-01-01 until=2019-12-31"
        ]


def test_worker_processes_give_the_same_corpus(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    source = write_jsonl(tmp_path / "part.jsonl", read_sample(700))
    build_corpus(tmp_path / "a", [JsonlSource(source)], workers=2, batch_size=300)
    build_corpus(tmp_path / "b", [JsonlSource(source)], workers=0, batch_size=300)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b")


def test_a_locked_corpus_is_a_conflict(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(10))
    directory = tmp_path / "c"
    with build_lock(directory), pytest.raises(ConflictError, match="locked by another build"):
        build_corpus(directory, [JsonlSource(source)], workers=0)
    assert build_corpus(directory, [JsonlSource(source)], workers=0).added == 10


def test_the_lock_holder_is_named_by_pid_and_its_pid_file_goes_with_it(tmp_path: Path) -> None:
    import os

    directory = tmp_path / "c"
    with build_lock(directory):
        assert (directory / "build.pid").read_text().strip() == str(os.getpid())
        with pytest.raises(ConflictError, match=rf"locked by another build \(pid {os.getpid()}\)"):
            build_corpus(directory, [], workers=0)
    assert not (directory / "build.pid").exists()
    with build_lock(directory):  # free again
        pass


def test_another_model_cannot_extend_a_corpus(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(10))
    directory = tmp_path / "c"
    build_corpus(directory, [JsonlSource(source)], workers=0)
    other = tmp_path / "model"
    import shutil

    from launchpad.corpus.embed import MODELS_DIR

    shutil.copytree(MODELS_DIR / "static-minilm-l6-v2", other)
    with pytest.raises(ConflictError, match="was built with"):
        build_corpus(directory, [JsonlSource(source)], model=str(other), workers=0)


def test_opening_a_missing_corpus_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as info:
        Corpus.open(tmp_path / "nothing")
    assert "--oai" in (info.value.hint or "")
    assert "--from-snapshot" in (info.value.hint or "")


@pytest.mark.slow
@pytest.mark.transformers
def test_a_sentence_transformers_model_builds_and_searches(tmp_path: Path) -> None:
    from tests.conftest import require_module

    require_module("sentence_transformers")
    records = read_sample(40)
    source = write_jsonl(tmp_path / "few.jsonl", records)
    report = build_corpus(tmp_path / "c", [JsonlSource(source)], model="all-MiniLM-L6-v2")
    assert report.added == 40
    with Corpus.open(tmp_path / "c") as corpus:
        assert (corpus.manifest.model, corpus.manifest.dim) == ("all-MiniLM-L6-v2", 384)
        query = corpus.embedder().encode([records[7]["title"]])[0]
        rows, _ = corpus.search(query, k=3)
        assert corpus.papers(rows.tolist())[0].id == records[7]["id"]


def test_sqlite_without_json_support_falls_back_to_row_inserts(tmp_path: Path, monkeypatch) -> None:
    from launchpad.corpus import writer

    source = write_jsonl(tmp_path / "part.jsonl", read_sample(300))
    build_corpus(tmp_path / "json", [JsonlSource(source)], workers=0, batch_size=100)
    monkeypatch.setattr(writer, "_INSERT_FROM_JSON", "SELECT json_missing_function(?)")
    build_corpus(tmp_path / "rows", [JsonlSource(source)], workers=0, batch_size=100)
    assert fingerprint(tmp_path / "rows") == fingerprint(tmp_path / "json")


def test_another_model_is_refused_before_it_is_loaded(tmp_path: Path, monkeypatch) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(10))
    directory = tmp_path / "c"
    build_corpus(directory, [JsonlSource(source)], workers=0)
    loaded: list[str | None] = []
    real_load = build_module.load_embedder

    def spy(name: str | None = None):  # type: ignore[no-untyped-def]
        loaded.append(name)
        return real_load(name)

    monkeypatch.setattr(build_module, "load_embedder", spy)
    refused = f"built with {DEFAULT_MODEL}, not all-mpnet-base-v2"
    with pytest.raises(ConflictError, match=refused):
        build_corpus(directory, [JsonlSource(source)], model="all-mpnet-base-v2", workers=0)
    assert loaded == []
    # naming the corpus's own model again extends it
    assert build_corpus(directory, [JsonlSource(source)], model=DEFAULT_MODEL, workers=0)


def test_minilm_is_one_model_under_its_several_names() -> None:
    assert same_model("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2")
    assert not same_model("all-MiniLM-L6-v2", "all-mpnet-base-v2")
    assert model_id(None) == model_id(DEFAULT_MODEL) == DEFAULT_MODEL


def test_a_build_that_leaves_many_index_segments_merges_them_without_changing_matches(
    tmp_path: Path, monkeypatch
) -> None:
    import sqlite3

    from launchpad.corpus import writer

    source = write_jsonl(tmp_path / "part.jsonl", read_sample(300))
    monkeypatch.setattr(writer, "MAX_SEGMENTS", 10_000)  # never merge: the reference
    build_corpus(tmp_path / "loose", [JsonlSource(source)], workers=0, batch_size=20)
    monkeypatch.undo()
    report = build_corpus(tmp_path / "merged", [JsonlSource(source)], workers=0, batch_size=20)
    assert report.added == 300

    def segments(directory: Path) -> int:
        with sqlite3.connect(directory / "papers.sqlite") as db:
            return writer.fts_segments(db)

    assert segments(tmp_path / "loose") > writer.MAX_SEGMENTS  # 15 batches, 15 segments
    assert segments(tmp_path / "merged") == 1
    assert fingerprint(tmp_path / "merged") == fingerprint(tmp_path / "loose")
    with Corpus.open(tmp_path / "loose") as loose, Corpus.open(tmp_path / "merged") as merged:
        for query in ('"language"', '"in this paper"', "model AND learning", '"the"'):
            assert merged.lexical_rows(query).tolist() == loose.lexical_rows(query).tolist()
            assert len(merged.lexical_rows(query)) > 0


def test_a_small_append_to_a_merged_index_does_not_merge_it_again(tmp_path: Path) -> None:
    import sqlite3

    from launchpad.corpus import writer

    records = read_sample(120)
    directory = tmp_path / "c"
    build_corpus(
        directory,
        [JsonlSource(write_jsonl(tmp_path / "a.jsonl", records[:100]))],
        workers=0,
        batch_size=10,
    )
    build_corpus(
        directory,
        [JsonlSource(write_jsonl(tmp_path / "b.jsonl", records[100:]))],
        workers=0,
        batch_size=10,
    )
    with sqlite3.connect(directory / "papers.sqlite") as db:
        assert 1 < writer.fts_segments(db) <= writer.MAX_SEGMENTS  # merged once, then two more


def test_a_build_with_nothing_new_merges_an_older_corpus_index(tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    from launchpad.corpus import writer

    source = write_jsonl(tmp_path / "part.jsonl", read_sample(200))
    monkeypatch.setattr(writer, "MAX_SEGMENTS", 10_000)  # a corpus built before merging
    build_corpus(tmp_path / "c", [JsonlSource(source)], workers=0, batch_size=20)
    monkeypatch.undo()
    before = fingerprint(tmp_path / "c")
    report = build_corpus(tmp_path / "c", [JsonlSource(source)], workers=0, batch_size=20)
    assert report.added == 0
    with sqlite3.connect(tmp_path / "c" / "papers.sqlite") as db:
        assert writer.fts_segments(db) == 1
    assert fingerprint(tmp_path / "c") == before
