"""The statistics agree with the standard library and stay exact where naive sums fail."""

from __future__ import annotations

import math
import random
import statistics

import pytest

from golden_project import (
    RunningStats,
    ewma,
    summarize,
)


def test_matches_the_standard_library() -> None:
    rng = random.Random(7)
    values = [rng.gauss(3.0, 2.0) for _ in range(5_000)]
    summary = summarize(values)
    assert summary.count == 5_000
    assert summary.mean == pytest.approx(statistics.fmean(values), rel=1e-12)
    assert summary.variance == pytest.approx(statistics.variance(values), rel=1e-9)
    assert summary.minimum == min(values)
    assert summary.maximum == max(values)


def test_large_offset_keeps_its_precision() -> None:
    # The textbook formula E[x^2] - E[x]^2 returns garbage here; Welford does not.
    values = [1e9 + x for x in (4.0, 7.0, 13.0, 16.0)]
    assert summarize(values).variance == pytest.approx(30.0, rel=1e-9)


def test_merge_equals_one_pass() -> None:
    rng = random.Random(11)
    left = [rng.random() for _ in range(300)]
    right = [rng.random() * 10 for _ in range(700)]
    merged = RunningStats().extend(left).merge(RunningStats().extend(right)).summary()
    whole = summarize(left + right)
    assert merged.count == whole.count
    assert merged.mean == pytest.approx(whole.mean, rel=1e-12)
    assert merged.variance == pytest.approx(whole.variance, rel=1e-9)
    assert (merged.minimum, merged.maximum) == (whole.minimum, whole.maximum)


def test_merge_with_empty_is_identity() -> None:
    stats = RunningStats().extend([1.0, 2.0, 4.0])
    assert stats.merge(RunningStats()).summary() == stats.summary()


def test_single_value_and_empty_stream() -> None:
    assert summarize([5.0]).variance == 0.0
    with pytest.raises(ValueError, match="no values"):
        summarize([])


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        summarize([1.0, math.nan])


def test_ewma_weights_the_newest_value() -> None:
    assert ewma([10.0, 0.0, 0.0], alpha=0.5) == [10.0, 5.0, 2.5]
    assert ewma([1.0, 2.0], alpha=1.0) == [1.0, 2.0]
    with pytest.raises(ValueError, match="alpha"):
        ewma([1.0], alpha=0.0)
