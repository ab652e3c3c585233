"""The concept backtest's cache of mined and labelled concepts (small real corpus)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from launchpad.corpus.store import Corpus
from launchpad.ideas import concept_backtest as module

CUTOFF = dt.date(2016, 12, 31)


def test_a_second_run_with_a_cache_only_scores_and_gives_the_same_result(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    with Corpus.open(ideas_corpus) as corpus:
        first = module.concept_backtest(
            corpus, categories=(), cutoffs=[CUTOFF], ideas=40, cache=cache
        )
        # the cutoff's mined concepts, and its percentile reference
        assert len(list(cache.glob("all-*.json"))) == 1
        assert len(list(cache.glob("reference-*.json"))) == 1

        def no_labelling(*args: object, **kwargs: object) -> None:
            raise AssertionError("labelled again despite the cache")

        monkeypatch.setattr(module, "label_concepts", no_labelling)
        second = module.concept_backtest(
            corpus, categories=(), cutoffs=[CUTOFF], ideas=40, cache=cache
        )
        # another seed is another sample: not read from the cache
        with pytest.raises(AssertionError, match="labelled again"):
            module.concept_backtest(
                corpus, categories=(), cutoffs=[CUTOFF], ideas=40, seed=8, cache=cache
            )
    assert second.to_dict() == first.to_dict()
    assert first.cutoffs[0].ideas, "no concept was scored"
