"""The backtest: does a high frontier score today mean the idea's neighbourhood grows next?

For each cutoff, a few hundred ideas are sampled automatically (titles of random papers of
the slice from the 12 months before the cutoff, seeded), scored as of the cutoff, and
compared with what happened next: the growth of each idea's neighbourhood share of the
slice over the following 24 months (or as far as the slice reaches) against its share
over the 36 months before. Frontier is reported next to baselines computed on the same
ideas: plain momentum, volume and random.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from launchpad.errors import InputError
from launchpad.ideas import axes
from launchpad.ideas.inputs import opened
from launchpad.ideas.neighbourhood import (
    WINDOW_MONTHS,
    SliceView,
    lexical_mask,
    neighbourhood,
    open_slice,
    slice_similarities,
)
from launchpad.ideas.score import BATCH, frontier_inputs
from launchpad.ideas.signals import Signals
from launchpad.ideas.timeline import month_index, month_start
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus

DEFAULT_CATEGORIES = ("cs.CL",)
DEFAULT_CUTOFFS = (dt.date(2018, 12, 31), dt.date(2020, 6, 30), dt.date(2021, 12, 31))
TUNING_CUTOFF = dt.date(2017, 6, 30)  # where the frontier weights were chosen
HORIZON_MONTHS = 24
MIN_HORIZON_MONTHS = 6
METHODS = ("frontier", "momentum", "volume", "random")


@dataclass(frozen=True)
class MethodResult:
    """How well one method's ranking of the ideas predicted their realised growth."""

    method: str
    spearman: float
    precision_at_k: float


@dataclass(frozen=True)
class CutoffResult:
    """All methods at one cutoff."""

    cutoff: dt.date
    horizon_end: dt.date
    horizon_months: int
    ideas: int
    k: int  # size of the realised top decile
    methods: list[MethodResult]
    median_growth: float

    def method(self, name: str) -> MethodResult:
        """The result of method ``name``."""
        return next(m for m in self.methods if m.method == name)


@dataclass(frozen=True)
class BacktestResult:
    """The backtest over every cutoff."""

    categories: tuple[str, ...]
    seed: int
    ideas_per_cutoff: int
    cutoffs: list[CutoffResult] = field(default_factory=list)

    def frontier_wins(self) -> int:
        """Cutoffs where frontier's Spearman beats plain momentum's."""
        return sum(
            1 for c in self.cutoffs if c.method("frontier").spearman > c.method("momentum").spearman
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``--format json``."""
        return {
            "categories": list(self.categories),
            "seed": self.seed,
            "ideas_per_cutoff": self.ideas_per_cutoff,
            "frontier_beats_momentum": self.frontier_wins(),
            "cutoffs": [
                {
                    "cutoff": c.cutoff.isoformat(),
                    "horizon_end": c.horizon_end.isoformat(),
                    "horizon_months": c.horizon_months,
                    "ideas": c.ideas,
                    "k": c.k,
                    "median_growth": round(c.median_growth, 4),
                    "methods": {
                        m.method: {
                            "spearman": round(m.spearman, 4),
                            "precision_at_k": round(m.precision_at_k, 4),
                        }
                        for m in c.methods
                    },
                }
                for c in self.cutoffs
            ],
        }


def rank(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Ranks starting at 1, ties sharing their average rank."""
    import numpy as np

    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    sorted_values = values[order]
    start = 0
    while start < len(values):
        stop = start + 1
        while stop < len(values) and sorted_values[stop] == sorted_values[start]:
            stop += 1
        ranks[order[start:stop]] = (start + stop + 1) / 2.0
        start = stop
    return ranks


def spearman(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    """Spearman's rank correlation (0.0 when either side is constant)."""
    import numpy as np

    rx, ry = rank(np.asarray(x, float)), rank(np.asarray(y, float))
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return 0.0
    return float(((rx - rx.mean()) * (ry - ry.mean())).mean() / (sx * sy))


def precision_at_k(
    scores: npt.NDArray[np.float64], truth: npt.NDArray[np.float64], k: int
) -> float:
    """Fraction of the ``k`` best by ``scores`` that are among the ``k`` best by ``truth``."""
    import numpy as np

    if k <= 0:
        return 0.0
    best_truth = set(np.argsort(-truth, kind="stable")[:k].tolist())
    best_score = np.argsort(-scores, kind="stable")[:k].tolist()
    return sum(1 for i in best_score if i in best_truth) / k


def horizon_slice(
    corpus: Corpus, categories: Sequence[str], cutoff: dt.date, horizon: int
) -> tuple[int, SliceView]:
    """The last month of the horizon after ``cutoff``, and the slice up to it.

    The horizon ends with the last complete month of the corpus (a partial month would
    bias the shares); it must hold at least ``MIN_HORIZON_MONTHS``, and the slice must
    reach ``WINDOW_MONTHS`` back from the cutoff.
    """
    import numpy as np

    c = month_index(cutoff)
    last_day = dt.date(1970, 1, 1) + dt.timedelta(days=int(np.asarray(corpus.published).max()))
    end = min(c + horizon, month_index(last_day) - 1)
    if end - c < MIN_HORIZON_MONTHS:
        raise InputError(
            f"cutoff {cutoff} leaves fewer than {MIN_HORIZON_MONTHS} months of corpus after it",
            hint=f"choose cutoffs at least {MIN_HORIZON_MONTHS} months before {last_day}",
        )
    view = open_slice(corpus, categories, until=month_start(end + 1) - dt.timedelta(days=1))
    if c - WINDOW_MONTHS + 1 < view.first_month:
        raise InputError(
            f"cutoff {cutoff} is less than {WINDOW_MONTHS} months after the slice starts",
            hint="choose a later cutoff",
        )
    return end, view


def run_backtest(
    corpus: Corpus | Path | None,
    *,
    cutoffs: Sequence[dt.date] = DEFAULT_CUTOFFS,
    categories: Sequence[str] = DEFAULT_CATEGORIES,
    ideas: int = 300,
    seed: int = 7,
    horizon: int = HORIZON_MONTHS,
    progress: Progress | None = None,
) -> BacktestResult:
    """Score sampled ideas at each cutoff and compare with their realised growth.

    ``corpus`` is an open corpus, a corpus directory, or None for the configured one.
    """
    if ideas < 20:
        raise InputError("--ideas must be at least 20", hint="use a few hundred, e.g. --ideas 300")
    with opened(corpus) as store:
        return _run(store, cutoffs, categories, ideas, seed, horizon, progress or NullProgress())


def _run(  # noqa: PLR0917 - the private body of run_backtest, with its checked arguments
    corpus: Corpus,
    cutoffs: Sequence[dt.date],
    categories: Sequence[str],
    ideas: int,
    seed: int,
    horizon: int,
    progress: Progress,
) -> BacktestResult:
    import numpy as np

    result = BacktestResult(tuple(categories), seed, ideas)
    embedder = corpus.embedder()
    for cutoff in cutoffs:
        c = month_index(cutoff)
        end, view = horizon_slice(corpus, categories, cutoff, horizon)
        horizon_end = month_start(end + 1) - dt.timedelta(days=1)
        rng = np.random.default_rng(seed + c)
        candidates = np.flatnonzero((view.months > c - 12) & (view.months <= c))
        if len(candidates) < ideas:
            raise InputError(
                f"only {len(candidates)} papers in the year before {cutoff}",
                hint="use fewer --ideas or wider --categories",
            )
        picked = np.sort(rng.choice(candidates, ideas, replace=False))
        titles = [p.title for p in corpus.papers(view.rows[picked].tolist())]
        signals = Signals(corpus, view, c)  # counts nothing after the cutoff
        progress.start(f"backtest {cutoff}", total=len(titles))
        values: dict[str, list[float]] = {m: [] for m in ("frontier", "momentum", "volume")}
        realised: list[float] = []
        for start in range(0, len(titles), BATCH):
            chunk = titles[start : start + BATCH]
            sims = slice_similarities(corpus, view, embedder.encode(chunk))
            for title, row in zip(chunk, sims, strict=True):
                hood = neighbourhood(view, row, c, lexical=lexical_mask(corpus, view, title))
                inputs = frontier_inputs(view, hood)
                values["frontier"].append(axes.frontier(inputs, signals.measure(title)).raw)
                values["momentum"].append(axes.momentum(inputs))
                values["volume"].append(float(inputs.radius_papers))
                before = hood.count_between(view, c - WINDOW_MONTHS + 1, c) + 0.5
                before /= view.volume_between(c - WINDOW_MONTHS + 1, c)
                after = hood.count_between(view, c + 1, end) + 0.5
                after /= max(view.volume_between(c + 1, end), 1)
                realised.append(after / before)
            progress.advance(len(chunk))
        progress.finish()
        truth = np.asarray(realised)
        k = max(1, len(truth) // 10)
        scores = {name: np.asarray(v) for name, v in values.items()}
        scores["random"] = rng.random(len(truth))
        methods = [
            MethodResult(
                name, spearman(scores[name], truth), precision_at_k(scores[name], truth, k)
            )
            for name in METHODS
        ]
        result.cutoffs.append(
            CutoffResult(
                cutoff, horizon_end, end - c, len(truth), k, methods, float(np.median(truth))
            )
        )
    return result
