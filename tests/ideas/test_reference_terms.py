"""The percentile reference carries its term look-ups over to later scoring, unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.ideas.conftest import _sample

IDEAS = [
    "graph neural networks for molecule property prediction",
    "wireless sensor networks energy harvesting",
    "late interaction retrieval with BERT",
    "a new stopword list for English",
]


def _copy(source: Path, tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    shutil.copytree(source, directory, ignore=shutil.ignore_patterns("reference-*"))
    return directory


def _raw(scores: list) -> list:  # type: ignore[type-arg]
    return [(s.idea, [a.raw for a in s.each_axis], s.to_dict()) for s in scores]


def test_scores_are_the_same_with_the_references_term_counts(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference
    from launchpad.ideas.score import Scorer

    directory = _copy(ideas_corpus, tmp_path)
    with Corpus.open(directory) as corpus:
        plain = Scorer(corpus, measure_relevance=True)
        cutoff = reference.reference_date(plain.as_of, plain.corpus_last)
        sample, _, built = reference.load(corpus, (), cutoff)
        assert built and sample.terms["counts"]  # no term is common in 2,000 papers
        cached, _, built = reference.load(corpus, (), cutoff)
        assert not built and cached.terms == sample.terms  # through the JSON file
        titles, _ = reference.sample(plain)

        seeded = Scorer(corpus, measure_relevance=True)
        reference.seed(seeded, cached)
        queries: list[str] = []
        lookup = corpus.lexical_rows

        def counted(query: str, **kw: object):  # type: ignore[no-untyped-def]
            queries.append(query)
            return lookup(query, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(corpus, "lexical_rows", counted)
        with_terms = seeded.score([*IDEAS, *titles[:8]], top=10)
        seeded_queries = len(queries)
        queries.clear()
        plain.frequencies(cached.frequencies)
        without = plain.score([*IDEAS, *titles[:8]], top=10)
    assert _raw(with_terms) == _raw(without)
    assert seeded_queries < len(queries)
    # a sample title's terms are all known: only its lexical mask is looked up
    with Corpus.open(directory) as corpus:
        again = Scorer(corpus, measure_relevance=True)
        reference.seed(again, cached)
        looked: list[str] = []
        lookup = corpus.lexical_rows
        monkeypatch.setattr(
            corpus, "lexical_rows", lambda q, **kw: looked.append(q) or lookup(q, **kw)
        )
        again.signals.measure(titles[0])
    assert looked == []


def test_a_view_ending_on_another_day_takes_no_term_counts(ideas_corpus: Path) -> None:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference
    from launchpad.ideas.score import Scorer

    with Corpus.open(ideas_corpus) as corpus:
        scorer = Scorer(corpus, as_of=dt.date(2019, 6, 12), measure_relevance=True)
        cutoff = reference.reference_date(scorer.as_of, scorer.corpus_last)
        assert cutoff == dt.date(2019, 6, 30)
        sample, _, _ = reference.load(corpus, (), cutoff)
        reference.seed(scorer, sample)
        empty = {"common": [], "counts": {}, "named": {}, "titled": {}, "continued": {}}
        assert scorer.signals.trends.known() == empty


def test_a_grown_corpus_gets_a_new_reference_with_its_own_term_counts(
    early_corpus: Path, tmp_path: Path
) -> None:
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource
    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference

    directory = _copy(early_corpus, tmp_path)
    cutoff = dt.date(2016, 12, 31)
    with Corpus.open(directory) as corpus:
        before, _, built = reference.load(corpus, (), cutoff)
    assert built
    build_corpus(directory, [JsonlSource(_sample())], workers=0, count_first=False)
    with Corpus.open(directory) as corpus:
        after, _, built = reference.load(corpus, (), cutoff)
        assert built  # the corpus changed: the cached file no longer matches
        fresh = reference.build(_scorer(corpus, cutoff))
    assert after.key != before.key
    assert after.terms == fresh.terms
    assert len(list(directory.glob("reference-*.json"))) == 2
    stored = json.loads(reference.reference_path(directory, after.key).read_text())
    assert stored["terms"] == after.terms
    assert dataclasses.replace(after, seconds=0) == dataclasses.replace(
        reference.read(reference.reference_path(directory, after.key), after.key) or after,
        seconds=0,
    )


def _scorer(corpus, cutoff):  # type: ignore[no-untyped-def]
    from launchpad.ideas.score import Scorer

    return Scorer(corpus, as_of=cutoff, measure_relevance=True)
