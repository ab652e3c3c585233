"""The small public API: ``launchpad.score_ideas`` and friends, imported lazily."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import launchpad
from launchpad.errors import InputError, NotFoundError
from launchpad.ideas import Scored


def test_import_launchpad_stays_light() -> None:
    code = "import sys, launchpad; print('numpy' in sys.modules, 'launchpad.ideas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_public_names_resolve() -> None:
    from launchpad.ideas import score_ideas
    from launchpad.milestones import evaluate
    from launchpad.scaffold import generate

    assert launchpad.score_ideas is score_ideas
    assert launchpad.evaluate is evaluate
    assert launchpad.generate is generate
    with pytest.raises(AttributeError):
        _ = launchpad.no_such_thing


def test_score_ideas_without_a_corpus_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError) as caught:
        launchpad.score_ideas(["sparse retrieval"], corpus=tmp_path / "none")
    assert "corpus build" in (caught.value.hint or "")


def test_score_ideas_from_a_directory_matches_an_open_corpus(ideas_corpus: Path) -> None:
    from launchpad.corpus.store import Corpus

    by_path = launchpad.score_ideas(["neural machine translation"], corpus=ideas_corpus)
    with Corpus.open(ideas_corpus) as opened:
        by_object = launchpad.score_ideas(["neural machine translation"], corpus=opened)
    assert [s.to_dict() for s in by_path] == [s.to_dict() for s in by_object]
    assert 0 <= by_path[0].to_dict()["scores"]["frontier"]["score"] <= 100


def test_a_library_caller_gets_checked_ranked_scores_and_the_notices(ideas_corpus: Path) -> None:
    ideas = ["  wireless   sensor\tnetworks ", "attention " * 400, "graph neural networks"]
    scored = launchpad.score_ideas(ideas, corpus=ideas_corpus, as_of=dt.date(2019, 12, 31))
    assert isinstance(scored, Scored)
    assert len(scored) == 3
    assert scored[0] is scored.scores[0]
    assert "wireless sensor networks" in {s.idea for s in scored}  # cleaned
    keys = [(s.frontier.score, s.fanout.score, s.headroom.score) for s in scored]
    assert keys == sorted(keys, reverse=True)
    assert any("idea 2: the idea was truncated" in note for note in scored.notices)
    (long,) = [s for s in scored if s.idea.startswith("attention")]
    assert any("truncated" in note for note in long.notices)
    assert all(not any("truncated" in n for n in s.notices) for s in scored if s is not long)


def test_the_slice_notices_come_first_and_every_score_carries_them(ideas_corpus: Path) -> None:
    scored = launchpad.score_ideas(
        ["graph neural networks", "attention " * 400],
        corpus=ideas_corpus,
        as_of=dt.date(2026, 12, 31),  # months after the corpus ends
    )
    assert "the corpus ends on" in scored.notices[0]
    assert "truncated" in scored.notices[-1]
    assert all(scored.notices[0] in s.notices for s in scored)


def test_one_idea_as_text_is_not_named_by_number(ideas_corpus: Path) -> None:
    (score,) = launchpad.score_ideas("attention " * 400, corpus=ideas_corpus)
    assert score.notices[-1].startswith("the idea was truncated")
    with pytest.raises(InputError) as caught:
        launchpad.score_ideas("  ", corpus=ideas_corpus)
    assert caught.value.message == "the idea is empty"


def test_bad_ideas_are_refused_before_the_corpus_is_opened(tmp_path: Path) -> None:
    missing = tmp_path / "no-corpus"
    with pytest.raises(InputError, match=r"^idea 2: the idea contains control characters"):
        launchpad.score_ideas(["graph neural networks", "bell \x07"], corpus=missing)
    with pytest.raises(InputError, match="no idea given"):
        launchpad.score_ideas([], corpus=missing)
    ideas = tmp_path / "ideas.txt"
    ideas.write_bytes(b"graph neural networks\n\n# skipped\n\ncaf\xe9\n")
    with pytest.raises(InputError, match="is not UTF-8 text"):
        launchpad.score_ideas(ideas, corpus=missing)
    ideas.write_text("graph neural networks\n# skipped\n   \t\x00\n", encoding="utf-8")
    with pytest.raises(InputError, match="NUL byte on line 3"):
        launchpad.score_ideas(ideas, corpus=missing)
    with pytest.raises(NotFoundError, match="cannot read"):
        launchpad.score_ideas(tmp_path / "no-such-file.txt", corpus=missing)


def test_an_ideas_file_names_the_idea_in_errors_and_notices(
    ideas_corpus: Path, tmp_path: Path
) -> None:
    ideas = tmp_path / "ideas.txt"
    ideas.write_text(f"# ideas\ngraph neural networks\n{'attention ' * 400}\n", encoding="utf-8")
    scored = launchpad.score_ideas(ideas, corpus=ideas_corpus)
    assert len(scored) == 2
    assert f"idea 2 in {ideas}: the idea was truncated" in " ".join(scored.notices)
    ideas.write_text("graph neural networks\nbell \x07 here\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        launchpad.score_ideas(ideas, corpus=ideas_corpus)
    assert caught.value.message == f"idea 2 in {ideas}: the idea contains control characters"


def test_the_backtest_opens_a_corpus_directory_itself(ideas_corpus: Path, tmp_path: Path) -> None:
    from launchpad.ideas.backtest import run_backtest

    with pytest.raises(NotFoundError):
        run_backtest(tmp_path / "no-corpus", ideas=20)
    with pytest.raises(InputError, match="months of corpus after it"):
        run_backtest(ideas_corpus, cutoffs=[dt.date(2026, 5, 31)], categories=(), ideas=20)
