"""Calibrated scores and the relevance notice, on the real cs.CL slice as of 2019-06.

The unrelated ideas here were kept out of the labelled set the thresholds were chosen
on (benchmarks/relevance_thresholds.py), except the first, the case of the issue.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from launchpad.ideas import relevance
from launchpad.ideas.results import clean_title
from tests.conftest import arxiv_data_dir

CUTOFF = dt.date(2019, 6, 30)
UNRELATED = [
    "a new stopword list for English",
    "a better saddle for racing horses",
    "reducing corrosion in offshore wind turbine foundations",
    "medieval castle architecture in Wales",
    "the breeding habits of emperor penguins",
    "a faster espresso machine for cafes",
]
GENUINE = [
    "question answering over knowledge bases",
    "neural machine translation for low-resource languages",
    "transformer language model pretraining",
    "coreference resolution",
]


@pytest.fixture(scope="module")
def cl_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every cs.CL paper of the shared records up to the cutoff (about 12,000)."""
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource

    parts = sorted(arxiv_data_dir().glob("arxiv-cs-part-*.jsonl.gz"))
    if not parts:
        pytest.skip("the full arXiv records (arxiv-cs-part-*.jsonl.gz) are not available")
    base = tmp_path_factory.mktemp("cl-2019")
    source = base / "cl.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for part in parts:
            with gzip.open(part, "rt", encoding="utf-8") as handle:
                for line in handle:
                    if '"cs.CL"' in line and json.loads(line)["published"] <= CUTOFF.isoformat():
                        out.write(line)
    directory = base / "corpus"
    build_corpus(directory, [JsonlSource(source)], workers=0, count_first=False)
    return directory


@pytest.fixture(scope="module")
def scored(cl_corpus: Path) -> dict[str, object]:
    from launchpad.ideas import score_ideas

    found = score_ideas(UNRELATED + GENUINE, corpus=cl_corpus, as_of=CUTOFF, categories=["cs.CL"])
    return {s.idea: s for s in found}


@pytest.mark.parametrize("idea", UNRELATED)
def test_unrelated_ideas_get_the_notice_neutral_scores_and_low_confidence(
    scored: dict[str, object], idea: str
) -> None:
    from launchpad.ideas.results import IdeaScore

    score = scored[idea]
    assert isinstance(score, IdeaScore)
    assert score.relevance is not None
    assert score.relevance.notice is not None
    assert score.relevance.notice.startswith("Nothing in cs.CL as of 2019-06 is close")
    assert score.relevance.notice in score.notices
    for axis in score.each_axis:
        assert 40 <= axis.score <= 60, (axis.name, axis.score)
        assert score.calibration[axis.name].confidence == "low"
    assert score.evidence.neighbours  # the evidence is shown anyway


@pytest.mark.parametrize("idea", GENUINE)
def test_genuine_ideas_get_no_notice(scored: dict[str, object], idea: str) -> None:
    from launchpad.ideas.results import IdeaScore

    score = scored[idea]
    assert isinstance(score, IdeaScore)
    assert score.relevance is not None
    assert score.relevance.notice is None
    assert score.relevance.weight == 1.0
    assert {score.calibration[a.name].confidence for a in score.each_axis} <= {"high", "medium"}
    # unshrunk: each shown score is its percentile
    for axis in score.each_axis:
        assert axis.score == round(score.calibration[axis.name].percentile)


def test_percentiles_spread_the_reference_itself(cl_corpus: Path) -> None:
    """80 means "top fifth": the sample's own values spread evenly over 0-100."""
    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference

    with Corpus.open(cl_corpus) as corpus:
        ref, _, _ = reference.load(corpus, ("cs.CL",), CUTOFF)
    assert ref.ideas == reference.REFERENCE_IDEAS
    for values in ref.axes.values():
        shown = [relevance.percentile(values, v) for v in values]
        assert sum(p >= 80 for p in shown) / len(shown) == pytest.approx(0.2, abs=0.05)


def test_the_reference_is_cached_once_and_reused(ideas_corpus: Path, tmp_path: Path) -> None:
    import shutil

    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference

    directory = tmp_path / "corpus"
    shutil.copytree(ideas_corpus, directory, ignore=shutil.ignore_patterns("reference-*"))
    with Corpus.open(directory) as corpus:
        first, note, built = reference.load(corpus, (), dt.date(2019, 6, 30))
        assert built and note is None
        (path,) = directory.glob("reference-*.json")
        again, note, built = reference.load(corpus, (), dt.date(2019, 6, 30))
        assert not built and note is None
        assert again == first
        # another cutoff month is another sample
        _, _, built = reference.load(corpus, (), dt.date(2018, 6, 30))
        assert built
    assert len(list(directory.glob("reference-*.json"))) == 2
    assert json.loads(path.read_text())["key"]["cutoff"] == "2019-06-30"


def test_a_read_only_corpus_computes_the_reference_in_memory(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from launchpad.ideas import reference, score_ideas

    directory = tmp_path / "corpus"
    shutil.copytree(ideas_corpus, directory, ignore=shutil.ignore_patterns("reference-*"))
    # root may write anywhere, so the permission check itself is what is replaced
    monkeypatch.setattr(reference.os, "access", lambda *_: False)
    result = score_ideas(["graph neural networks", "wireless sensor networks"], corpus=directory)
    assert [n for n in result.notices if "read-only" in n] == [
        next(n for n in result.notices if "computed in memory" in n)
    ]
    assert not list(directory.glob("reference-*"))
    assert all(s.calibration for s in result)


def test_percentile_counts_ties_half() -> None:
    assert relevance.percentile([1.0, 2.0, 3.0, 4.0], 2.0) == pytest.approx(37.5)
    assert relevance.percentile([1.0, 2.0], 0.0) == 0.0
    assert relevance.percentile([1.0, 2.0], 9.0) == 100.0


def test_shrinking_keeps_noticed_ideas_within_40_and_60() -> None:
    weights = [relevance.shrink_weight(c / 100) for c in range(300)]
    assert weights == sorted(weights)
    assert max(relevance.shrink_weight(c / 100) for c in range(100)) <= 0.2
    assert relevance.shrink_weight(relevance.FULL) == 1.0


def test_overlap_weighs_rare_words_more() -> None:
    weights = {"stopword": 4.0, "english": 0.5}.__getitem__
    assert relevance.overlap(["stopword", "english"], ["English text"], weights) == pytest.approx(
        0.5 / 4.5
    )
    assert relevance.overlap(["stopword", "english"], ["Stopwords"], weights) == pytest.approx(
        4 / 4.5
    )


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        (
            "Deformable Generator Networks. (arXiv:1806.06298v4 [cs.LG] UPDATED)",
            "Deformable Generator Networks",
        ),
        (
            "Late interaction\n  retrieval (arXiv:2004.12832v1 [cs.IR])",
            "Late interaction retrieval",
        ),
        ("Attention (is) all you need", "Attention (is) all you need"),
    ],
)
def test_clean_title(title: str, clean: str) -> None:
    assert clean_title(title) == clean


@pytest.mark.parametrize(
    ("as_of", "cutoff"),
    [
        (dt.date(2019, 6, 15), dt.date(2019, 6, 30)),  # any day of a month: its end
        (dt.date(2026, 6, 30), dt.date(2026, 6, 1)),  # the corpus's last month: its last day
        (dt.date(2026, 6, 1), dt.date(2026, 6, 1)),
        (dt.date(2027, 2, 10), dt.date(2027, 2, 10)),  # past the corpus
    ],
)
def test_one_reference_per_month(as_of: dt.date, cutoff: dt.date) -> None:
    from launchpad.ideas.reference import reference_date

    assert reference_date(as_of, dt.date(2026, 6, 1)) == cutoff
