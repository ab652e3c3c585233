"""The axis maths on small hand-made inputs, and the backtest statistics."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from launchpad.ideas import axes
from launchpad.ideas.backtest import precision_at_k, rank, spearman


def _frontier(recent: float, recency: float, radius: int) -> axes.Axis:
    return axes.frontier(
        axes.FrontierInputs(
            recent_fraction=recent,
            slice_recent_fraction=0.4,
            recency=recency,
            radius_papers=radius,
            k=50,
        )
    )


def test_frontier_rises_with_recency_and_reports_its_parts() -> None:
    fading, flat, rising = _frontier(0.2, 0.6, 55), _frontier(0.4, 1.0, 55), _frontier(0.8, 1.8, 55)
    assert fading.score < flat.score < rising.score
    assert 40 <= flat.score <= 60  # growing like the slice is neither hot nor cold
    assert set(rising.parts) >= {"momentum", "saturation", "momentum_ratio", "radius_papers"}
    assert rising.parts["momentum_ratio"] == pytest.approx(2.0)
    assert "rising" in rising.explanation
    assert "fading" in fading.explanation


def test_frontier_is_lower_when_the_radius_is_already_crowded() -> None:
    young, mainstream = _frontier(0.6, 1.4, 60), _frontier(0.6, 1.4, 2000)
    assert mainstream.score < young.score
    assert mainstream.parts["saturation"] > young.parts["saturation"]
    # the explanation counts the papers this close from before the 36-month window
    assert "but 1950 papers this close are older than three years" in mainstream.explanation
    assert "and only 10 papers this close are older than three years" in young.explanation


def test_momentum_is_the_plain_ratio() -> None:
    inputs = axes.FrontierInputs(0.3, 0.2, 1.0, 50, 50)
    assert axes.momentum(inputs) == pytest.approx(1.5)


@pytest.mark.parametrize("recency", [0.0, 0.01, 50.0])
def test_scores_stay_within_bounds(recency: float) -> None:
    axis = _frontier(recency / 3, recency, 10**6)
    assert isinstance(axis.score, int)
    assert 0 <= axis.score <= 100


def test_fanout_rises_with_reach_and_use_as_a_means() -> None:
    leaf = axes.fanout(axes.FanoutInputs(reach=0.005, means_rate=0.6))
    infra = axes.fanout(axes.FanoutInputs(reach=0.55, means_rate=0.6))
    assert leaf.score < 30
    assert infra.score > 70
    assert "55% of the slice's papers" in infra.explanation
    assert "0.5% of the slice's papers" in leaf.explanation  # not rounded to 0%
    means = axes.fanout(axes.FanoutInputs(reach=0.005, means_rate=0.8))
    assert means.score > leaf.score
    assert axes.fanout(axes.FanoutInputs(1.0, 1.0)).score == 100


def test_fanout_does_not_saturate_for_ideas_that_reach_much_of_the_field() -> None:
    """Most ideas in one field reach a good part of it: their fanout must still differ."""
    reaches = [0.02, 0.1, 0.3, 0.6]
    scores = [axes.fanout(axes.FanoutInputs(reach=r, means_rate=0.6)).score for r in reaches]
    assert scores == sorted(scores)
    assert all(b - a >= 8 for a, b in itertools.pairwise(scores))
    assert scores[-1] < 95
    assert axes.fanout(axes.FanoutInputs(reach=0.9, means_rate=0.6)).score > scores[-1]


def test_headroom_prefers_large_recent_gains_over_small_increments() -> None:
    squeezed = axes.headroom(axes.HeadroomInputs([0.05, 0.03], [0.04, 0.06], 50, 0.7))
    open_field = axes.headroom(axes.HeadroomInputs([1.0, 0.8], [0.5], 50, 0.1))
    assert squeezed.score < 35
    assert open_field.score > 70
    assert "growing" in open_field.explanation
    unknown = axes.headroom(axes.HeadroomInputs([], [], 50, 0.2))
    assert "no recent neighbour" in unknown.explanation.lower()
    # the efficiency rate is over every neighbour looked at, not only the claiming ones
    assert "20% of its 50 nearest papers discuss efficiency" in unknown.explanation


def test_rank_spearman_and_precision() -> None:
    assert rank(np.array([10.0, 30.0, 20.0, 20.0])).tolist() == [1.0, 4.0, 2.5, 2.5]
    x = np.arange(20, dtype=float)
    assert spearman(x, x**3) == pytest.approx(1.0)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(20)) == 0.0
    truth = np.arange(10, dtype=float)
    assert precision_at_k(truth, truth, 3) == 1.0
    assert precision_at_k(-truth, truth, 3) == 0.0
    scipy_stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(1)
    u, v = rng.random(50), rng.random(50)
    assert spearman(u, v) == pytest.approx(scipy_stats.spearmanr(u, v).statistic)


def test_volume_jump_flags_a_coverage_change() -> None:
    from launchpad.ideas.neighbourhood import SliceView, volume_jump

    def view(per_month: list[int]) -> SliceView:
        volume = np.asarray(per_month, dtype=np.int64)
        return SliceView(
            (), np.zeros(0, np.int64), np.zeros(0, np.int32), 0, len(volume) - 1, volume
        )

    steady = view([100] * 36)
    assert volume_jump(steady, 35) == pytest.approx(1.0)
    gap = view([100] * 12 + [30] * 24)  # a source stopped two years ago
    assert volume_jump(gap, 35) == pytest.approx(100 / 30)


def test_headroom_needs_more_than_one_paper_with_a_big_number() -> None:
    one = axes.headroom(axes.HeadroomInputs([1.0], [], 50, 0.6))
    three = axes.headroom(axes.HeadroomInputs([1.0, 1.0], [1.0], 50, 0.6))
    none = axes.headroom(axes.HeadroomInputs([], [], 50, 0.6))
    assert none.score < one.score < three.score
    assert one.score <= 30
    assert three.score >= 60
    assert three.parts["claim_mass"] == 1.0


def test_headroom_counts_an_efficiency_gap_only_in_a_young_area() -> None:
    young = axes.headroom(axes.HeadroomInputs([], [], 50, 0.0, youth=0.95))
    established = axes.headroom(axes.HeadroomInputs([], [], 50, 0.0, youth=0.2))
    assert young.score - established.score >= 20
    assert "in a young area" in young.explanation
    assert "an established area (80% of its papers are over three years old)" in (
        established.explanation
    )
    # where efficiency is already worked on, the area's age changes nothing
    busy = [axes.headroom(axes.HeadroomInputs([0.5], [], 50, 0.9, youth=y)) for y in (0.2, 1)]
    assert busy[0].score == busy[1].score
