"""The neighbourhood-vocabulary rows of term_features.py and the picks of hood_ablation.py."""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import hood_ablation
import term_features

from launchpad.ideas.emergence import shrunk_trend


class FakeTrends:
    """Slice counts by term; ``common`` terms have none (as TermTrends)."""

    def __init__(self, counts: dict[str, tuple[int, int]], common: set[str]) -> None:
        self._counts, self._common = counts, common

    def is_common(self, term: str) -> bool:
        return term in self._common

    def counts(self, term: str) -> tuple[int, int]:
        return self._counts.get(term, (0, 0))


def test_hood_terms_count_titles_per_radius_once_each_and_flag_the_idea_s_own() -> None:
    titles = (
        ["Prompt tuning for prompt tuning"] * 3  # a title counts a term once
        + ["Graph parsing"] * 8
        + ["Prompt tuning revisited"] * 12  # the 12th-23rd nearest: inside 20 and 50 only
        + ["Lonely words"]
    )
    trends = FakeTrends({"prompt": (4, 9), "prompt tuning": (1, 6)}, common={"tuning"})
    rows = {r["t"]: r for r in term_features.hood_terms(trends, titles, {"prompt"})}  # type: ignore[arg-type]
    prompt = rows["prompt"]
    assert (prompt["n10"], prompt["n20"], prompt["n50"]) == (3, 12, 15)
    assert prompt["own"] and not rows["prompt tuning"]["own"]
    assert (prompt["earlier"], prompt["recent"]) == (4, 9)
    assert rows["tuning"]["common"] and "earlier" not in rows["tuning"]
    assert rows["graph"]["n10"] == 7 and rows["graph"]["n20"] == 8
    assert "lonely" not in rows  # one title only: not shared


def term(t: str, n10: int, earlier: int, recent: int, *, own: bool = False) -> dict[str, object]:
    return {"t": t, "n10": n10, "n20": n10, "n50": n10, "own": own, "common": False,
            "earlier": earlier, "recent": recent}  # fmt: skip


def test_hood_pick_filters_sharing_own_terms_and_rare_ones_then_orders() -> None:
    row = {
        "hood_terms": [
            term("wide", 6, 40, 60),
            term("narrow", 3, 2, 3),
            term("mine", 5, 9, 9, own=True),
            term("seldom", 4, 1, 1),  # 2 uses: below the 3-use minimum
            term("loner", 1, 5, 5),
            {"t": "common", "n10": 9, "n20": 9, "n50": 9, "own": False, "common": True},
        ]
    }
    shared = hood_ablation.hood_pick(row, (10, 3, "shared", 0, True))
    assert [t["t"] for t in shared] == ["wide", "mine", "narrow"]
    rarest = hood_ablation.hood_pick(row, (10, 3, "rarest", 2, False))
    assert [t["t"] for t in rarest] == ["narrow", "wide"]


def test_mean_trend_is_the_scorer_s_shrunk_trend() -> None:
    terms = [term("a", 5, 3, 12), term("b", 5, 20, 10)]
    volumes = [1000, 700]
    expected = (shrunk_trend(3, 12, (1000, 700)) + shrunk_trend(20, 10, (1000, 700))) / 2
    assert math.isclose(hood_ablation.mean_trend(terms, volumes), expected)
    # weighted by sharing: the term 5 titles share counts as much as each one of 5
    weighted = hood_ablation.mean_trend([term("a", 5, 3, 12), term("b", 1, 20, 10)], volumes,
                                        weigh="n10")  # fmt: skip
    assert math.isclose(
        weighted, (5 * shrunk_trend(3, 12, (1000, 700)) + shrunk_trend(20, 10, (1000, 700))) / 6
    )
    assert hood_ablation.mean_trend([], volumes) == 0.0
