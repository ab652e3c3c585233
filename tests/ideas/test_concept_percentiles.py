"""The concept backtest measures calibration on the percentile users see, beside the raw one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from launchpad.corpus.store import Corpus
from launchpad.ideas import reference, relevance
from launchpad.ideas.concept_backtest import HIGH, LOW, concept_backtest

CUTOFF = dt.date(2016, 12, 31)


def test_percentiles_come_from_the_reference_as_of_the_cutoff(
    ideas_corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    with Corpus.open(ideas_corpus) as corpus:
        run = concept_backtest(corpus, categories=(), cutoffs=[CUTOFF], ideas=40, cache=cache)
        key = reference.reference_key(corpus, (), CUTOFF)
    # the reference is cached beside the mined concepts
    ref = reference.read(reference.reference_path(cache, key), key)
    assert ref is not None
    (cut,) = run.cutoffs
    assert cut.ideas, "no concept was scored"
    positive = np.asarray([r.concept.label == "riser" for r in cut.ideas])
    for row in cut.ideas:
        expected = relevance.percentile(ref.axes["frontier"], row.frontier_raw)
        assert row.frontier_percentile == expected
        # shown: the percentile, pulled toward 50 when relevance is low, never pushed away
        assert abs(row.frontier_shown - 50) <= abs(expected - 50) + 0.5
    pct = np.asarray([r.frontier_percentile for r in cut.ideas])
    shown = np.asarray([r.frontier_shown for r in cut.ideas])
    if positive.any():
        assert cut.percentile.risers_high == float((pct[positive] >= HIGH).mean())
        assert cut.shown.risers_high == float((shown[positive] >= HIGH).mean())
    assert cut.percentile.others_low == float((pct[~positive] <= LOW).mean())
    assert cut.shown.others_low == float((shown[~positive] <= LOW).mean())
    calibration = run.to_dict(ideas=False)["cutoffs"][0]["calibration"]
    assert set(calibration) == {
        f"risers_at_least_{HIGH}",
        f"others_at_most_{LOW}",
        "percentile",
        "shown",
    }
    assert calibration["percentile"][f"others_at_most_{LOW}"] == round(cut.percentile.others_low, 4)


def test_the_cli_json_carries_the_calibration_as_shown(ideas_corpus: Path) -> None:
    import json

    from typer.testing import CliRunner

    from launchpad.cli import app

    args = ["ideas", "backtest", "--truth", "concepts", "--categories", "all", "--ideas", "40"]
    args += ["--cutoffs", CUTOFF.isoformat(), "--corpus", str(ideas_corpus), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    (cut,) = json.loads(result.stdout)["cutoffs"]
    assert set(cut["calibration"]["shown"]) == {f"risers_at_least_{HIGH}", f"others_at_most_{LOW}"}
