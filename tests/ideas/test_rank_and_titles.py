"""A ranked batch puts ideas with the relevance notice last; search shows clean titles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.ideas import axes
from launchpad.ideas.relevance import Relevance
from launchpad.ideas.report import score_markdown
from launchpad.ideas.results import Evidence, IdeaScore, clean_title, rank_key
from tests.conftest import arxiv_data_dir


def _score(idea: str, frontier: int, *, far: bool) -> IdeaScore:
    notice = "nothing in the slice is close to this idea" if far else None
    return IdeaScore(
        idea,
        dt.date(2020, 1, 1),
        (),
        1000,
        axes.Axis("frontier", frontier, ""),
        axes.Axis("fanout", 50, ""),
        axes.Axis("headroom", 50, ""),
        Evidence([], [], [], [], 0.5, 0),
        relevance=Relevance(0.3, 0.1, 10.0, 10.0, 0.2, notice),
    )


def test_an_idea_with_the_relevance_notice_ranks_after_a_fading_genuine_one() -> None:
    doubtful = _score("quantum sourdough", 52, far=True)
    fading = _score("expert systems in lisp", 12, far=False)
    rising = _score("sparse mixture of experts", 88, far=False)
    ranked = sorted([doubtful, fading, rising], key=rank_key)
    assert [s.idea for s in ranked] == [rising.idea, fading.idea, doubtful.idea]
    # among noticed ideas the scores still decide
    lower = dataclasses.replace(doubtful, idea="other", frontier=axes.Axis("frontier", 40, ""))
    assert sorted([lower, doubtful], key=rank_key) == [doubtful, lower]
    report = score_markdown(ranked)
    assert "| 3 | quantum sourdough (!) |" in report
    assert "ranked after the others" in report
    # the JSON keeps every field of the noticed idea
    assert ranked[-1].to_dict()["relevance"]["notice"].startswith("nothing in the slice")


def test_corpus_search_prints_titles_without_the_arxiv_feed_suffix(ideas_corpus: Path) -> None:
    with gzip.open(arxiv_data_dir() / "sample-2k.jsonl.gz", "rt", encoding="utf-8") as handle:
        record = next(r for r in map(json.loads, handle) if "(arXiv:" in r["title"])
    title = clean_title(record["title"])
    assert "arXiv:" not in title
    args = ["corpus", "search", title, "-k", "3", "--corpus", str(ideas_corpus)]
    found = CliRunner().invoke(app, [*args, "--format", "json"])
    assert found.exit_code == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert results[0]["id"] == record["id"]
    assert results[0]["title"] == title
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.stderr
    assert record["id"] in table.stdout
    assert "arXiv:" not in table.stdout  # the id column has none; a wrapped title keeps it whole
