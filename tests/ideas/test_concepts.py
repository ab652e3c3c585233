"""Concept mining, labelling and the concept backtest (small real corpus)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from launchpad.errors import InputError
from launchpad.ideas.concept_backtest import auc, concept_backtest, hits_at_k
from launchpad.ideas.concepts import (
    Candidate,
    Concept,
    label,
    mine,
    phrase_query,
    sample,
    title_grams,
    tokens,
)

CUTOFF = dt.date(2016, 12, 31)


@pytest.mark.parametrize(
    ("growth", "expected"),
    [
        (12.0, "riser"),
        (3.0, "riser"),
        (2.99, None),
        (1.41, None),
        (1.4, "flat"),
        (1.0, "flat"),
        (0.7, "flat"),
        (0.69, "decliner"),
        (0.0, "decliner"),
    ],
)
def test_label_thresholds(growth: float, expected: str | None) -> None:
    assert label(growth) == expected


def test_tokens_split_like_fts5() -> None:
    words = ["pre", "trained", "bert", "base", "naïve", "2019"]
    assert tokens("Pre-trained BERT_base: Naïve (2019)") == words


def test_title_grams_drop_stop_word_and_number_grams() -> None:
    grams = title_grams(tokens("On the Use of Attention for Neural Machine Translation"))
    assert {"attention", "neural machine translation", "machine translation"} <= grams
    assert "attention for neural" in grams  # a stop word inside a gram is fine
    for bad in ("on the", "of", "the use", "use of attention", "translation for", "for neural"):
        assert bad not in grams
    semeval = title_grams(tokens("SemEval 2016 Task 4: Sentiment Analysis in Twitter"))
    assert "semeval" in semeval
    assert not any("2016" in gram or gram.endswith(" 4") for gram in semeval)
    assert title_grams(tokens("Of the and for in a")) == set()


def test_mine_merges_plurals_and_drops_same_paper_subgrams() -> None:
    titles = [
        "Generative Adversarial Networks for Text",
        "Training Generative Adversarial Networks",
        "A Generative Adversarial Network for Dialogue",
        "Generative Adversarial Networks Revisited",
        "Conditional Generative Adversarial Network Models",
        "Dialogue State Tracking",
        "Dialogue Generation",
    ]
    found = {c.phrase: c for c in mine(titles, min_support=5)}
    gan = found["generative adversarial networks"]
    assert gan.forms == ("generative adversarial network", "generative adversarial networks")
    assert gan.papers == frozenset(range(5))
    # the same five titles: sub-grams of the longer gram are not separate concepts
    for sub in ("generative adversarial", "adversarial networks", "adversarial", "generative"):
        assert sub not in found
    assert "dialogue" not in found  # three titles only
    assert "dialogue" in {c.phrase for c in mine(titles, min_support=3)}


def test_phrase_query_ors_quoted_forms() -> None:
    assert phrase_query(["language model", "language models"]) == (
        '"language model" OR "language models"'
    )


def _labelled(labels: list[str | None]) -> list[tuple[Candidate, Concept]]:
    out = []
    for i, name in enumerate(labels):
        cand = Candidate(f"c{i}", (f"c{i}",), frozenset({i}))
        out.append((cand, Concept(f"c{i}", (f"c{i}",), 5, 5, 5, 1.0, name)))
    return out


def test_sample_caps_risers_at_half_and_is_seeded() -> None:
    labelled = _labelled(["riser"] * 30 + ["flat"] * 40 + ["decliner"] * 40 + [None] * 10)
    picked = sample(labelled, ideas=40, seed=3)
    names = [c.label for _, c in picked]
    assert len(picked) == 40
    assert names.count("riser") == 20
    assert None not in names
    assert picked == sample(labelled, ideas=40, seed=3)
    few = sample(_labelled(["riser", "flat", None]), ideas=40, seed=3)
    assert [c.label for _, c in few] == ["riser", "flat"]


def test_auc_on_a_hand_made_example() -> None:
    scores = np.asarray([0.1, 0.4, 0.35, 0.8])
    positive = np.asarray([False, False, True, True])
    assert auc(scores, positive) == pytest.approx(0.75)  # 3 of 4 pairs in order
    assert auc(-scores, positive) == pytest.approx(0.25)
    assert auc(np.asarray([1.0, 1.0]), np.asarray([True, False])) == pytest.approx(0.5)
    assert auc(scores, np.zeros(4, dtype=bool)) == 0.5
    assert hits_at_k(scores, positive, 2) == pytest.approx(0.5)  # 0.8 and 0.4
    assert hits_at_k(scores, positive, 0) == 0.0


@pytest.fixture(scope="module")
def concept_run(ideas_corpus: Path) -> object:
    from launchpad.corpus.store import Corpus

    with Corpus.open(ideas_corpus) as corpus:
        return concept_backtest(
            corpus, categories=(), cutoffs=[CUTOFF], seed=5, ideas=40, min_support=3
        )


def test_backtest_ideas_come_from_before_the_cutoff(concept_run: object) -> None:
    from launchpad.ideas.concept_backtest import ConceptBacktest

    assert isinstance(concept_run, ConceptBacktest)
    (cut,) = concept_run.cutoffs
    assert cut.ideas, "no concept was scored"
    for row in cut.ideas:
        concept = row.concept
        assert dt.date.fromisoformat(concept.idea_published) <= CUTOFF
        words = " ".join(tokens(concept.idea))
        assert any(f" {form} " in f" {words} " for form in concept.forms)
        # the titles mined are in the full-text count of the same window
        assert concept.before >= concept.support >= 3
        assert concept.label == label(concept.growth)
        assert concept.label is not None
        assert 0 <= row.frontier <= 100


def test_backtest_metrics_agree_with_its_rows(concept_run: object) -> None:
    from launchpad.ideas.concept_backtest import ConceptBacktest

    assert isinstance(concept_run, ConceptBacktest)
    (cut,) = concept_run.cutoffs
    positive = np.asarray([r.concept.label == "riser" for r in cut.ideas])
    assert cut.k == int(positive.sum())
    frontier = np.asarray([r.frontier_raw for r in cut.ideas])
    assert cut.method("frontier").auc == pytest.approx(auc(frontier, positive))
    assert sum(cut.labels.values()) == cut.candidates
    data = concept_run.to_dict()
    assert data["cutoffs"][0]["scored"] == len(cut.ideas)
    assert set(data["cutoffs"][0]["methods"]) == {"frontier", "momentum", "random"}


def test_backtest_refuses_a_horizon_past_the_corpus(ideas_corpus: Path) -> None:
    from launchpad.corpus.store import Corpus

    with Corpus.open(ideas_corpus) as corpus, pytest.raises(InputError, match="months of corpus"):
        concept_backtest(corpus, categories=(), cutoffs=[dt.date(2026, 5, 31)])


def test_key_terms_are_content_words_and_their_pairs() -> None:
    from launchpad.ideas.phrases import key_terms

    assert key_terms("Prompt Tuning for the Few-Shot Learner") == [
        "prompt",
        "tuning",
        "few",
        "shot",
        "learner",
        "prompt tuning",
        "few shot",
        "shot learner",
    ]
    assert key_terms("of the and") == []


def test_term_trends_see_nothing_after_the_as_of_month(ideas_corpus: Path) -> None:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas.emergence import TermTrends
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.phrases import key_terms
    from launchpad.ideas.timeline import month_index

    idea = "Neural machine translation with attention for low resource languages"
    month = month_index(CUTOFF)
    with Corpus.open(ideas_corpus) as corpus:
        cut = TermTrends(corpus, open_slice(corpus, (), until=CUTOFF), month, min_papers=2)
        later = open_slice(corpus, (), until=dt.date(2020, 12, 31))
        wide = TermTrends(corpus, later, month, min_papers=2)
        assert cut.score(idea) == wide.score(idea)
        used = sorted((sum(cut.counts(t)), t) for t in key_terms(idea) if sum(cut.counts(t)) >= 2)
        assert used, "no term of the idea occurs in the sample"
        rarest = [t for _, t in used[: cut.rarest]]
        expected = sum(cut.trend(t) for t in rarest) / len(rarest)
        assert cut.score(idea) == pytest.approx(expected)
        assert cut.score("zzyzx qwvut") == 0.0


def test_cli_runs_the_concept_backtest(ideas_corpus: Path) -> None:
    import json

    from typer.testing import CliRunner

    from launchpad.cli import app

    args = ["ideas", "backtest", "--truth", "concepts", "--categories", "all"]
    args += ["--cutoffs", CUTOFF.isoformat(), "--ideas", "40", "--corpus", str(ideas_corpus)]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (cut,) = data["cutoffs"]
    assert cut["cutoff"] == CUTOFF.isoformat()
    assert set(cut["methods"]) >= {"frontier", "momentum"}
    assert "ideas" not in cut  # the summary, not every row
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.stderr
    assert "AUC of the risers" in table.stdout
    assert "momentum" in table.stdout


def test_cli_refuses_an_unknown_truth(ideas_corpus: Path) -> None:
    from typer.testing import CliRunner

    from launchpad.cli import app

    result = CliRunner().invoke(
        app, ["ideas", "backtest", "--truth", "phrases", "--corpus", str(ideas_corpus)]
    )
    assert result.exit_code == 2
    assert "unknown --truth 'phrases'" in result.stderr
    assert "titles or concepts" in result.stderr
