"""The small public API: ``launchpad.score_ideas`` and friends, imported lazily."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import launchpad
from launchpad.errors import NotFoundError


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
