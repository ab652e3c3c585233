"""A forward check of headroom: do the next papers near an idea report large gains?

`launchpad ideas backtest` proves frontier against realised growth. Headroom ("room for
~20x faster or ~30% better") has no such outcome in the metadata, but part of it can be
observed: whether the papers that come *after* the cutoff, near the idea, report large
gains. For each cutoff this script samples ideas the way the backtest does (titles of
random papers of the slice from the 12 months before the cutoff, same seeds), scores them
as of the cutoff, and takes as the realised outcome the fraction of the 50 nearest papers
of the next 24 months whose abstract states a large gain (claim strength >= 0.5, that is
"10x faster", "15% better" or "5 points" and up; see docs/ideas.md). It reports Spearman
and precision@K (K = 10%) for headroom and for baselines on the same ideas:

* claim share: the fraction of the 50 nearest papers of the last 24 months that state any
  numeric gain (does the area report numbers at all);
* persistence: the fraction of those that state a large gain (the past outcome);
* random.

    python benchmarks/headroom_backtest.py --corpus DIR [--seeds 7,11,23] [--ideas 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.neighbourhood import SliceView

CUTOFFS = (dt.date(2018, 12, 31), dt.date(2020, 6, 30), dt.date(2021, 12, 31))
HORIZON = 24  # months after the cutoff, as in the backtest
NEAREST = 50
LARGE = 0.5


def _gain_shares(
    corpus: Corpus, view: SliceView, sims: npt.NDArray[np.float32], lo: int, hi: int
) -> tuple[float, float]:
    """Of the nearest papers in months lo+1..hi: the share stating a gain, a large one."""
    import numpy as np

    from launchpad.ideas.claims import extract_claims

    months = np.flatnonzero((view.months > lo) & (view.months <= hi))
    top = months[np.argsort(-sims[months], kind="stable")[:NEAREST]]
    best = [
        max((claim.strength for claim in extract_claims(paper.abstract)), default=0.0)
        for paper in corpus.papers(view.rows[top].tolist())
    ]
    if not best:
        return 0.0, 0.0
    return sum(s > 0 for s in best) / len(best), sum(s >= LARGE for s in best) / len(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a built corpus directory")
    parser.add_argument("--categories", default="cs.CL")
    parser.add_argument("--seeds", default="7,11,23")
    parser.add_argument("--ideas", type=int, default=300)
    args = parser.parse_args()

    import numpy as np

    from launchpad.corpus.store import Corpus
    from launchpad.ideas import Scorer
    from launchpad.ideas.backtest import precision_at_k, spearman
    from launchpad.ideas.neighbourhood import open_slice, slice_similarities
    from launchpad.ideas.timeline import month_index, month_start

    corpus = Corpus.open(args.corpus)
    embedder = corpus.embedder()
    categories = [c for c in args.categories.split(",") if c]
    methods = ("headroom", "claim share", "persistence", "random")
    wins = 0
    rows = 0
    for seed in (int(s) for s in args.seeds.split(",")):
        for cutoff in CUTOFFS:
            c = month_index(cutoff)
            end = c + HORIZON
            view = open_slice(corpus, categories, until=month_start(end + 1) - dt.timedelta(days=1))
            rng = np.random.default_rng(seed + c)  # the backtest's ideas for this seed
            candidates = np.flatnonzero((view.months > c - 12) & (view.months <= c))
            picked = np.sort(rng.choice(candidates, args.ideas, replace=False))
            titles = [" ".join(p.title.split()) for p in corpus.papers(view.rows[picked].tolist())]
            scored = Scorer(corpus, as_of=cutoff, categories=categories).score(titles)
            sims = slice_similarities(corpus, view, embedder.encode(titles))
            values: dict[str, list[float]] = {m: [] for m in methods}
            realised: list[float] = []
            for score, row in zip(scored, sims, strict=True):
                past_any, past_large = _gain_shares(corpus, view, row, c - HORIZON, c)
                realised.append(_gain_shares(corpus, view, row, c, end)[1])
                values["headroom"].append(score.headroom.raw)
                values["claim share"].append(past_any)
                values["persistence"].append(past_large)
            values["random"] = rng.random(len(realised)).tolist()
            truth = np.asarray(realised)
            k = max(1, len(truth) // 10)
            cells = []
            for name in methods:
                ranked = np.asarray(values[name])
                rho = spearman(ranked, truth)
                cells.append(f"{name} {rho:+.3f} / {precision_at_k(ranked, truth, k):.2f}")
            rho_h = spearman(np.asarray(values["headroom"]), truth)
            rho_best = max(
                spearman(np.asarray(values[m]), truth) for m in ("claim share", "persistence")
            )
            wins += rho_h > rho_best
            rows += 1
            print(f"seed {seed} {cutoff} (mean outcome {truth.mean():.3f}): " + "; ".join(cells))
    print(f"headroom ahead of both baselines in {wins} of {rows} seed-cutoffs")


if __name__ == "__main__":
    main()
