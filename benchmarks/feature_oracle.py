"""Round 5 of the concept backtest: how far the concept's own phrase, fully known, can go.

The round-4 oracle ranks ideas by the past trend of the concept that was mined (what no
scorer knows: a title holds several concepts, and the label is one of them). This adds what
else that phrase says as of the cutoff, each from its uses in the slice's titles and
abstracts (nothing after the cutoff):

* ``trend``: the round-4 oracle, its shrunk share trend (last 12 months over the 24 before);
* ``log_n``: log(1 + its uses in the 36 months); ``acc``: its last 6 months over the 6 before;
* ``age``: log(1 + months since its first use in the slice); ``slope``: least-squares slope of
  its log monthly share over the 36 months; ``title``: its window titles per use;
* ``words``: its length; ``spread``: log(1 + distinct primary categories of its papers).

Then the same for what the scorer knows: the size of the idea's **named term** (``named_n``)
and of its rarest key term (``rarest_n``), beside the shipped raw frontier. Models are L2
logistic fits (standardised features). On the tune cutoffs: each feature alone, and each
feature set fitted leave-one-cutoff-out (the criterion of rounds 1-5: the mean over the
cutoffs with at least 11 risers). With ``--held-out``: the sets fitted on every tune idea,
on the held-out cutoffs, with the best single threshold's smaller share of the calibration
goal (risers above it, others below), chosen on each cutoff itself: a bound on any scale.

    python benchmarks/concept_backtest.py --corpus DIR --role all --format json > RESULT.json
    python benchmarks/feature_oracle.py --corpus DIR --result RESULT.json [--held-out]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from concept_backtest import SLICES, logistic_fit

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus

ORACLE = ["trend", "log_n", "acc", "age", "title", "words", "slope", "spread"]
SETS = [
    ["trend"],
    ["trend", "log_n"],
    ["trend", "age"],
    ["trend", "log_n", "age"],
    ORACLE,
    ["frontier"],
    ["frontier", "named_n"],
    ["frontier", "named_n", "rarest_n"],
]
MIN_RISERS = 11
WINDOW = 36


def features(corpus: Corpus, name: str, cut: dict[str, Any]) -> list[dict[str, Any]]:
    """Per idea of one cutoff of the result: its label, role, scores and features."""
    import numpy as np

    from launchpad.ideas.concepts import hits_in_view, phrase_query
    from launchpad.ideas.emergence import TermTrends, shrunk_trend
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.timeline import month_index

    cutoff = dt.date.fromisoformat(cut["cutoff"])
    view = open_slice(corpus, SLICES[name], until=cutoff)
    c = month_index(cutoff)
    trends = TermTrends(corpus, view, c)
    monthly = np.asarray([max(view.volume_between(m, m), 1) for m in range(c - WINDOW + 1, c + 1)])
    out = []
    for idea in cut["ideas"]:
        rows, months = hits_in_view(view, corpus.lexical_rows(phrase_query(idea["forms"])))
        window = (months > c - WINDOW) & (months <= c)
        used = months[window]
        recent = int((used > c - 12).sum())
        last6, prev6 = int((used > c - 6).sum()), int(((used > c - 12) & (used <= c - 6)).sum())
        per_month = np.bincount(used - (c - WINDOW + 1), minlength=WINDOW)
        log_share = np.log((per_month + 0.5) / monthly)
        rows = rows[window]
        if len(rows) > 3000:  # categories of a sample: enough for a count of distinct ones
            rows = np.random.default_rng(0).choice(rows, 3000, replace=False)
        categories = {p.primary_category for p in corpus.papers(sorted(int(r) for r in rows))}
        named = trends.named_term(idea["idea"])
        named_counts = None if named is None else trends.named_counts(named[1])
        rarest = trends.rarest_terms(idea["idea"])
        out.append(
            {
                "cut": f"{name} {cutoff:%Y-%m}",
                "role": cut["role"],
                "riser": idea["label"] == "riser",
                "frontier": idea["frontier_raw"],
                "trend": shrunk_trend(len(used) - recent, recent, trends.volumes, trends.prior),
                "log_n": math.log1p(len(used)),
                "acc": math.log((last6 + 0.5) / (prev6 + 0.5)),
                "age": math.log1p(c - int(months.min())) if len(months) else 0.0,
                "title": idea["support"] / (len(used) + 1),
                "words": len(idea["phrase"].split()),
                "slope": float(np.polyfit(np.arange(WINDOW), log_share, 1)[0]),
                "spread": math.log1p(len(categories)),
                "named_n": None if named_counts is None else math.log1p(sum(named_counts)),
                "rarest_n": math.log1p(sum(trends.counts(rarest[0]))) if rarest else None,
            }
        )
    return out


def fill_neutral(rows: list[dict[str, Any]]) -> None:
    """A missing scorer feature (no named or rarest term) gets the tune mean: it adds nothing."""
    for key in ("named_n", "rarest_n"):
        have = [r[key] for r in rows if r[key] is not None and r["role"] == "tune"]
        for r in rows:
            if r[key] is None:
                r[key] = sum(have) / len(have)


def fitted(train: list[dict[str, Any]], keys: list[str]) -> Any:
    """The scoring function of an L2 logistic fit of ``keys`` on ``train``."""
    import numpy as np

    x = np.asarray([[r[k] for k in keys] for r in train], dtype=np.float64)
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    w = logistic_fit((x - mean) / spread, np.asarray([r["riser"] for r in train]), l2=1.0)

    def score(rows: list[dict[str, Any]]) -> npt.NDArray[np.float64]:
        z = (np.asarray([[r[k] for k in keys] for r in rows], dtype=np.float64) - mean) / spread
        return np.asarray(w[0] + z @ w[1:])

    return score


def auc_of(scores: Any, rows: list[dict[str, Any]]) -> float:
    """Risers against the others, ties half."""
    import numpy as np

    from launchpad.ideas.concept_backtest import auc

    return auc(np.asarray(scores, dtype=np.float64), np.asarray([r["riser"] for r in rows]))


def best_threshold(scores: Any, rows: list[dict[str, Any]]) -> float:
    """The largest min(risers at or above, others below) over every threshold."""
    import numpy as np

    s = np.asarray(scores)
    pos = np.asarray([r["riser"] for r in rows])
    return max(min(float((s[pos] >= t).mean()), float((s[~pos] < t).mean())) for t in np.unique(s))


def markdown(head: list[str], body: list[tuple[str, list[float]]]) -> list[str]:
    """A table with one row per (name, values) and the values' mean."""
    lines = ["| " + " | ".join([*head, "mean"]) + " |", "|---" + "|---:" * len(head) + "|"]
    for name, values in body:
        cells = [f"{v:.3f}" for v in values] + [f"{sum(values) / len(values):.3f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def report(rows: list[dict[str, Any]], held_out: bool) -> str:
    """The tables described in the module docstring."""
    by_cut: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_cut.setdefault(r["cut"], []).append(r)
    tune = [k for k in by_cut if by_cut[k][0]["role"] == "tune"]
    big = [k for k in tune if sum(r["riser"] for r in by_cut[k]) >= MIN_RISERS]
    train = [r for k in tune for r in by_cut[k]]
    single = [(f, [auc_of([r[f] for r in by_cut[k]], by_cut[k]) for k in tune]) for f in ORACLE]
    lines = ["Each feature alone, tune cutoffs:", "", *markdown(["feature", *tune], single), ""]
    loco = []
    for keys in SETS:
        values = []
        for k in tune:
            rest = [r for other in tune if other != k for r in by_cut[other]]
            values.append(auc_of(fitted(rest, keys)(by_cut[k]), by_cut[k]))
        criterion = sum(v for k, v in zip(tune, values, strict=True) if k in big) / len(big)
        loco.append((f"{' + '.join(keys)} (K ≥ {MIN_RISERS}: {criterion:.3f})", values))
    lines += ["Leave one tune cutoff out:", "", *markdown(["features", *tune], loco)]
    if held_out:
        cuts = [k for k in by_cut if k not in tune]
        aucs, shares = [], []
        for keys in SETS:
            score = fitted(train, keys)
            scores = {k: score(by_cut[k]) for k in cuts}
            aucs.append((" + ".join(keys), [auc_of(scores[k], by_cut[k]) for k in cuts]))
            shares.append((" + ".join(keys), [best_threshold(scores[k], by_cut[k]) for k in cuts]))
        head = ["features", *cuts]
        lines += ["", "Fitted on every tune idea, held-out AUC:", "", *markdown(head, aucs)]
        lines += ["", "Best single threshold on each held-out cutoff, smaller share:", ""]
        lines += markdown(head, shares)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True, help="a --format json result")
    parser.add_argument("--held-out", action="store_true", help="also fit on tune, report held out")
    args = parser.parse_args()

    from launchpad.corpus.store import Corpus

    result = json.loads(args.result.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    with Corpus.open(args.corpus) as corpus:
        for name, run in result.items():
            for cut in run["cutoffs"]:
                rows += features(corpus, name, cut)
    fill_neutral(rows)
    print(report(rows, args.held_out))


if __name__ == "__main__":
    main()
