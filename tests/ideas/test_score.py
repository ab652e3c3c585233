"""Scoring on a small real corpus: time travel, shapes, the hybrid neighbourhood."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from launchpad.corpus.store import Corpus
from launchpad.errors import InputError
from launchpad.ideas.inputs import MAX_IDEA_CHARS, clean_idea, read_ideas_file
from launchpad.ideas.neighbourhood import content_words, lexical_query
from launchpad.ideas.score import Scorer
from tests.ideas.conftest import CUT

IDEA = "neural machine translation with attention"


def test_as_of_uses_only_papers_up_to_the_date(ideas_corpus: Path) -> None:
    cut = dt.date.fromisoformat(CUT)
    with Corpus.open(ideas_corpus) as corpus:
        (score,) = Scorer(corpus, as_of=cut).score([IDEA])
        assert score.slice_papers == int(
            (corpus.published <= (cut - dt.date(1970, 1, 1)).days).sum()
        )
    assert all(n.published <= CUT for n in score.evidence.neighbours)
    assert score.evidence.share_by_quarter[-1]["quarter"] == "2016-Q4"


def test_as_of_gives_the_same_scores_as_a_corpus_that_ends_there(
    ideas_corpus: Path, early_corpus: Path
) -> None:
    """Time travel is exact: later papers change nothing, not even the normalisation."""
    cut = dt.date.fromisoformat(CUT)
    with Corpus.open(ideas_corpus) as full, Corpus.open(early_corpus) as early:
        a = Scorer(full, as_of=cut).score([IDEA, "graph colouring algorithms"])
        b = Scorer(early, as_of=cut).score([IDEA, "graph colouring algorithms"])
    assert [s.to_dict() for s in a] == [s.to_dict() for s in b]


def test_json_shape_is_stable(ideas_corpus: Path) -> None:
    with Corpus.open(ideas_corpus) as corpus:
        (score,) = Scorer(corpus, as_of=dt.date(2019, 6, 30)).score([IDEA], top=5)
    data = json.loads(json.dumps(score.to_dict()))
    assert set(data) == {"idea", "as_of", "slice", "scores", "evidence", "notices", "relevance"}
    for axis in ("frontier", "fanout", "headroom"):
        value = data["scores"][axis]["score"]
        assert isinstance(value, int)
        assert 0 <= value <= 100
        # a Scorer's scores are raw: calibration is score_ideas's step
        assert data["scores"][axis]["raw"] == value
        assert data["scores"][axis]["percentile"] is None
        assert data["scores"][axis]["explanation"].endswith(".")
    assert {"momentum", "saturation"} <= set(data["scores"]["frontier"]["parts"])
    headroom = data["scores"]["headroom"]["parts"]
    assert {"claim_mass", "efficiency_rate", "youth"} <= set(headroom)
    # youth is the share of the radius's papers from the window: k over the radius count
    radius_papers = data["scores"]["frontier"]["parts"]["radius_papers"]
    assert 0 < headroom["youth"] <= 1
    assert headroom["youth"] == pytest.approx(min(1, 50 / radius_papers), abs=1e-3)
    neighbours = data["evidence"]["neighbours"]
    assert len(neighbours) == 5
    assert set(neighbours[0]) == {
        "id",
        "title",
        "published",
        "similarity",
        "categories",
        "lexical",
    }
    assert {"share_by_quarter", "categories", "claims", "radius"} <= set(data["evidence"])
    assert data["as_of"] == "2019-06-30"


def test_more_ideas_are_scored_in_one_batch_like_one_by_one(ideas_corpus: Path) -> None:
    ideas = [IDEA, "reinforcement learning for robot grasping", "differential privacy"]
    with Corpus.open(ideas_corpus) as corpus:
        scorer = Scorer(corpus, as_of=dt.date(2018, 12, 31))
        together = [s.to_dict() for s in scorer.score(ideas)]
        alone = [scorer.score([idea])[0].to_dict() for idea in ideas]
    assert together == alone


def test_as_of_before_the_corpus_and_empty_slices_are_input_errors(ideas_corpus: Path) -> None:
    with Corpus.open(ideas_corpus) as corpus:
        with pytest.raises(InputError, match="before the corpus starts"):
            Scorer(corpus, as_of=dt.date(1999, 1, 1))
        with pytest.raises(InputError, match="too few papers"):
            Scorer(corpus, as_of=dt.date(2008, 3, 31))
        with pytest.raises(InputError, match="no paper in the corpus lists"):
            Scorer(corpus, categories=["xx.NOPE"])


def test_clean_idea() -> None:
    assert clean_idea("  late   interaction\tretrieval \n") == ("late interaction retrieval", [])
    text, notices = clean_idea("word " * 600)
    assert len(text) <= MAX_IDEA_CHARS
    assert "truncated" in notices[0]
    for bad in ("", "   \n\t"):
        with pytest.raises(InputError, match="empty"):
            clean_idea(bad)
    with pytest.raises(InputError, match="not UTF-8"):
        clean_idea(b"caf\xe9 retrieval".decode("utf-8", "surrogateescape"))
    with pytest.raises(InputError, match="control characters"):
        clean_idea("retrieval\x07\x1b[31m")


def test_ideas_file() -> None:
    data = b"# a comment\n\nfirst idea\n  second idea  \n"
    assert read_ideas_file(data, "ideas.txt") == ["first idea", "second idea"]
    with pytest.raises(InputError, match="not UTF-8"):
        read_ideas_file(b"\xff\xfe\x00bad", "ideas.txt")
    with pytest.raises(InputError, match="no ideas"):
        read_ideas_file(b"# only comments\n", "ideas.txt")


def test_lexical_query_keeps_content_words() -> None:
    assert content_words("Late interaction retrieval with BERT") == [
        "late",
        "interaction",
        "retrieval",
        "bert",
    ]
    assert lexical_query("retrieval") is None
    assert lexical_query('the "quoted" OR ideas') == '"quoted" AND ("ideas" OR "idea")'


def test_default_scoring_path_does_not_import_torch(ideas_corpus: Path) -> None:
    code = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "from launchpad.corpus.store import Corpus\n"
        "from launchpad.ideas.score import Scorer\n"
        f"c = Corpus.open(Path({str(ideas_corpus)!r}))\n"
        "Scorer(c).score(['graph neural networks'])\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "assert 'sentence_transformers' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_unknown_categories_among_known_ones_give_a_notice(ideas_corpus: Path) -> None:
    with Corpus.open(ideas_corpus) as corpus:
        scorer = Scorer(corpus, categories=["cs.LG", "cs.XX", "cs.AI", "cs.CL", "stat.ML"])
    assert any("cs.XX" in note for note in scorer.notices)


def test_neighbours_say_which_got_the_lexical_bonus(ideas_corpus: Path) -> None:
    """The evidence is in ranked order; the shown similarity plus the bonus explains it."""
    from launchpad.ideas.neighbourhood import LEXICAL_BONUS

    with Corpus.open(ideas_corpus) as corpus:
        (score,) = Scorer(corpus).score(["graph neural networks"], top=20)
    neighbours = score.evidence.neighbours
    assert any(n.lexical for n in neighbours)
    similarities = [n.similarity for n in neighbours]
    assert similarities != sorted(similarities, reverse=True)  # the bonus reordered them
    ranked = [n.similarity + LEXICAL_BONUS * n.lexical for n in neighbours]
    assert all(a >= b - 1e-3 for a, b in itertools.pairwise(ranked))
