"""AUCs of candidate term signals from a ``term_features.py`` file (no corpus needed).

Each variant turns an idea's key terms (counts, age, centrality) into one number; the
frontier candidate is the old base (recency-weighted momentum minus saturation) plus a
weight times that number, or a logistic combination fitted on the pooled tune ideas.
Printed per cutoff, with the mean over every cutoff in the file and over those with at
least 11 risers (the choice criterion: cs.CL 2016-12 has 2 risers).

    python benchmarks/term_ablation.py FILE [--fit TUNE_FILE]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

Terms = list[dict[str, Any]]
Row = dict[str, Any]


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Mann-Whitney AUC, ties half."""
    from launchpad.ideas.concept_backtest import auc as lp_auc

    return lp_auc(scores, positive)


def base(r: Row) -> float:
    """The frontier before the term trend."""
    from launchpad.ideas import axes

    saturation = max(1.0, r["saturation"] / axes.SATURATION_FREE)
    return math.log(r["recency"] + 0.05) - axes.SATURATION_WEIGHT * math.log(saturation)


def ratio(
    t: dict[str, Any],
    vol: list[int],
    prior: float,
    *,
    smoothing: float = 0.5,
    cap: int = 0,
    drop_peak: bool = False,
) -> float:
    """Log share trend of a term: ``smoothing`` papers each side plus ``prior`` papers split
    by volume (a Gamma-Poisson shrinkage of the ratio towards 1). ``cap``: a month counts
    at most that many papers; ``drop_peak``: the busiest recent month is left out (a burst
    such as one proceedings volume)."""
    v0, v1 = max(vol[0], 1), max(vol[1], 1)
    earlier, recent = t["earlier"], t["recent"]
    if cap or drop_peak:
        hist = np.asarray(t["hist"])
        if cap:
            hist = np.minimum(hist, cap)
        earlier, recent = int(hist[:24].sum()), int(hist[24:].sum())
        if drop_peak:
            recent = int(hist[24:].sum() - hist[24:].max()) * 12 / 11
    e = earlier + smoothing + prior * v0 / (v0 + v1)
    n = recent + smoothing + prior * v1 / (v0 + v1)
    return math.log((n / v1) / (e / v0))


def chosen(terms: Terms, rarest: int = 3, min_papers: int = 3, key: str = "window") -> Terms:
    """The ``rarest`` non-common terms used at least ``min_papers`` times (window), rarest first."""
    used = [t for t in terms if not t["common"] and t["earlier"] + t["recent"] >= min_papers]
    if key == "window":
        # ties by the term's text, as TermTrends.rarest_terms breaks them
        order = sorted(used, key=lambda t: (t["earlier"] + t["recent"], t["t"]))
    elif key == "phrases":  # two-word terms first, then words, each rarest first
        order = sorted(used, key=lambda t: (" " not in t["t"], t["earlier"] + t["recent"], t["t"]))
    elif key == "central":  # most used among the 10 nearest first
        order = sorted(used, key=lambda t: (-t["c10"], t["earlier"] + t["recent"], t["t"]))
    else:
        raise ValueError(key)
    return order[:rarest]


def term_signal(
    *,
    rarest: int = 3,
    min_papers: int = 3,
    prior: float = 0.0,
    smoothing: float = 0.5,
    key: str = "window",
    weight: str = "none",
    min_c10: float = 0.0,
    cap: int = 0,
    drop_peak: bool = False,
) -> Callable[[Row], float]:
    """A term-trend variant: which terms, how shrunk, how weighted."""

    def f(r: Row) -> float:
        terms = [t for t in r["terms"] if t["common"] or t["c10"] >= min_c10]
        pick = chosen(terms, rarest, min_papers, key)
        if not pick:
            return 0.0
        values = [
            ratio(t, r["volumes"], prior, smoothing=smoothing, cap=cap, drop_peak=drop_peak)
            for t in pick
        ]
        if weight == "none":
            ws = [1.0] * len(pick)
        elif weight == "c10":
            ws = [t["c10"] + 0.1 for t in pick]
        elif weight == "c50":
            ws = [t["c50"] + 0.05 for t in pick]
        elif weight == "precision":  # inverse of the log ratio's Poisson variance
            ws = [1 / (1 / (t["earlier"] + 0.5) + 1 / (t["recent"] + 0.5)) for t in pick]
        elif weight == "sqrt_precision":
            ws = [(1 / (1 / (t["earlier"] + 0.5) + 1 / (t["recent"] + 0.5))) ** 0.5 for t in pick]
        elif weight == "young":
            ws = [2.0 if t["age"] < 36 else 1.0 for t in pick]
        else:
            raise ValueError(weight)
        return float(np.dot(ws, values) / sum(ws))

    return f


def young_of(months: int = 36, linear: bool = False) -> Callable[[Row], float]:
    """Fraction of the chosen terms first used in the slice within the last ``months``
    (``linear``: each counts 1 - age / months, at least 0)."""

    def f(r: Row) -> float:
        pick = chosen(r["terms"])
        if not pick:
            return 0.0
        if linear:
            return float(np.mean([max(0.0, 1 - t["age"] / months) for t in pick]))
        return float(np.mean([t["age"] < months for t in pick]))

    return f


young = young_of()


def log_uses(r: Row) -> float:
    """Log of the rarest chosen term's uses in the slice's history (rare = new)."""
    pick = chosen(r["terms"])
    return math.log(1 + min(t["uses"] for t in pick)) if pick else 0.0


def centrality(r: Row) -> float:
    """Mean share of the 10 nearest papers that use the chosen terms."""
    pick = chosen(r["terms"])
    return float(np.mean([t["c10"] for t in pick])) if pick else 0.0


def shipped_terms(r: Row) -> float:
    return term_signal()(r)


FEATURES: dict[str, Callable[[Row], float]] = {
    "base": base,
    "terms": shipped_terms,
    "terms_eb4": term_signal(prior=4.0),
    "young": young,
    "log_uses": log_uses,
    "centrality": centrality,
    "log_momentum": lambda r: math.log(r["momentum"] + 0.05),
}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Weights of a ridge-penalised logistic regression (first column the intercept)."""
    w = np.zeros(x.shape[1])
    pen = np.full(x.shape[1], l2)
    pen[0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (y - p) - pen * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen)
        w += np.linalg.solve(hess, grad)
    return w


def matrix(rows: list[Row], names: list[str]) -> np.ndarray:
    return np.asarray([[1.0] + [FEATURES[n](r) for n in names] for r in rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("features", type=Path)
    parser.add_argument("--grid", type=int, default=0, help="print the best N grid points")
    parser.add_argument("--fit", type=Path, help="fit logistic combinations on this file's ideas")
    args = parser.parse_args()
    cuts: dict[str, list[Row]] = json.loads(args.features.read_text(encoding="utf-8"))
    fit_cuts = json.loads(args.fit.read_text(encoding="utf-8")) if args.fit else cuts
    labels = {k: np.asarray([r["label"] == "riser" for r in rows]) for k, rows in cuts.items()}
    big = [k for k in cuts if labels[k].sum() >= 11]

    variants: dict[str, Callable[[Row], float]] = {
        "momentum (baseline)": lambda r: r["momentum"],
        "base": base,
        "before: base + 0.5 terms (recomputed)": lambda r: base(r) + 0.5 * shipped_terms(r),
        "the scored frontier (frontier_raw of the file)": lambda r: r["frontier_raw"],
        "terms alone": shipped_terms,
    }
    for w in (0.5, 1.0, 1.5, 2.0):
        for prior in (1.0, 2.0, 4.0, 8.0, 16.0):
            s = term_signal(prior=prior)
            variants[f"base + {w} terms, prior {prior:g}"] = lambda r, s=s, w=w: base(r) + w * s(r)
    for rarest in (2, 4, 5):
        s = term_signal(rarest=rarest)
        variants[f"base + 0.5 terms, rarest {rarest}"] = lambda r, s=s: base(r) + 0.5 * s(r)
    for key in ("phrases", "central"):
        for prior in (0.0, 4.0):
            s = term_signal(key=key, prior=prior)
            variants[f"base + 0.5 terms, order {key}, prior {prior:g}"] = lambda r, s=s: (
                base(r) + 0.5 * s(r)
            )
    for weight in ("c10", "c50", "young"):
        for prior in (0.0, 4.0):
            s = term_signal(weight=weight, prior=prior)
            variants[f"base + 0.5 terms, weight {weight}, prior {prior:g}"] = lambda r, s=s: (
                base(r) + 0.5 * s(r)
            )
    for min_c10 in (0.1, 0.2, 0.3):
        for prior in (0.0, 4.0):
            s = term_signal(min_c10=min_c10, prior=prior)
            variants[f"base + 0.5 terms, c10 >= {min_c10}, prior {prior:g}"] = lambda r, s=s: (
                base(r) + 0.5 * s(r)
            )
    for weight in ("precision", "sqrt_precision"):
        for rarest in (3, 5, 50):
            s = term_signal(weight=weight, rarest=rarest)
            variants[f"base + 1.0 terms, weight {weight}, rarest {rarest}"] = lambda r, s=s: (
                base(r) + 1.0 * s(r)
            )
    for cap in (1, 2, 3, 5):
        for prior in (0.0, 4.0):
            s = term_signal(cap=cap, prior=prior)
            variants[f"base + 1.0 terms, month cap {cap}, prior {prior:g}"] = lambda r, s=s: (
                base(r) + 1.0 * s(r)
            )
    for prior in (0.0, 4.0):
        s = term_signal(drop_peak=True, prior=prior)
        variants[f"base + 1.0 terms, busiest month out, prior {prior:g}"] = lambda r, s=s: (
            base(r) + 1.0 * s(r)
        )
    combos = {
        "logit: base, terms": ["base", "terms"],
        "logit: base, terms_eb4": ["base", "terms_eb4"],
        "logit: base, terms_eb4, young": ["base", "terms_eb4", "young"],
        "logit: base, terms_eb4, log_uses": ["base", "terms_eb4", "log_uses"],
        "logit: base, terms_eb4, centrality": ["base", "terms_eb4", "centrality"],
        "logit: base, terms_eb4, young, log_uses, centrality": [
            "base",
            "terms_eb4",
            "young",
            "log_uses",
            "centrality",
        ],
        "logit: all + log_momentum": [
            "base",
            "terms_eb4",
            "young",
            "log_uses",
            "centrality",
            "log_momentum",
        ],
    }
    pooled = [r for rows in fit_cuts.values() for r in rows]
    y = np.asarray([r["label"] == "riser" for r in pooled], dtype=np.float64)
    for name, names in combos.items():
        w = fit_logistic(matrix(pooled, names), y)
        variants[name] = lambda r, w=w, names=names: float(
            np.dot(w, [1.0] + [FEATURES[n](r) for n in names])
        )
        print(name, "weights:", " ".join(f"{v:+.3f}" for v in w))
        # leave one cutoff out (the fit sees the other cutoffs only)
        if not args.fit:
            held: dict[str, np.ndarray] = {}
            for k in cuts:
                rest = [r for kk, rows in cuts.items() if kk != k for r in rows]
                yy = np.asarray([r["label"] == "riser" for r in rest], dtype=np.float64)
                held[k] = fit_logistic(matrix(rest, names), yy)
            variants[name + " (leave-one-cutoff-out)"] = ("loco", held, names)  # type: ignore[assignment]

    def grid_value(f: Callable[[Row], float]) -> dict[str, float]:
        return {k: auc(np.asarray([f(r) for r in rows]), labels[k]) for k, rows in cuts.items()}

    if args.grid:
        found = []
        signals = {p: term_signal(prior=p) for p in (0.0, 1.0, 2.0, 4.0)}
        ages = {(a, lin): young_of(a, lin) for a in (12, 24, 36, 48) for lin in (False, True)}
        cache = {
            k: [
                (base(r), {p: s(r) for p, s in signals.items()}, {a: g(r) for a, g in ages.items()})
                for r in rows
            ]
            for k, rows in cuts.items()
        }
        for a_w in (0.5, 1.0, 1.5, 2.0, 3.0):
            for p in signals:
                for age in ages:
                    for b in (0.0, 0.1, 0.2, 0.3, 0.5, 0.8):
                        if b == 0.0 and age != (36, False):
                            continue
                        values = {
                            k: auc(
                                np.asarray([x + a_w * t[p] + b * y[age] for x, t, y in rows]),
                                labels[k],
                            )
                            for k, rows in cache.items()
                        }
                        found.append(
                            (float(np.mean([values[k] for k in big])), a_w, p, age, b, values)
                        )
        found.sort(key=lambda x: -x[0])
        for m, a_w, p, age, b, values in found[: args.grid]:
            cells = " ".join(f"{v:.3f}" for v in values.values())
            print(f"{m:.3f} terms {a_w} prior {p} young{age} {b}: {cells}")
        return

    head = "| variant | " + " | ".join(cuts) + " | mean | mean K>=11 |"
    print(head)
    print("|---|" + "---:|" * (len(cuts) + 2))
    for name, f in variants.items():
        values = {}
        for k, rows in cuts.items():
            if isinstance(f, tuple):
                _, held, names = f
                scores = matrix(rows, names) @ held[k]
            else:
                scores = np.asarray([f(r) for r in rows])
            values[k] = auc(scores, labels[k])
        cells = " | ".join(f"{v:.3f}" for v in values.values())
        mean_all = np.mean(list(values.values()))
        mean_big = np.mean([values[k] for k in big])
        print(f"| {name} | {cells} | {mean_all:.3f} | {mean_big:.3f} |")


if __name__ == "__main__":
    main()
