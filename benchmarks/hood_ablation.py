"""AUCs of neighbourhood-vocabulary term signals from a ``term_features.py`` file (no corpus).

The idea's own rarest words can name another topic than the one that rose (docs/backtest.md,
round 2). This measures what the neighbourhood calls its topic instead: the key terms that
several of the idea's nearest titles share (``hood_terms`` of the file: how many of the
10, 20 and 50 nearest use each), picked most shared first or rarest first, and the mean
shrunk share trend of those picked (as the shipped term trend, prior 8 by default). Each
is added to the shipped frontier (base + 1.5 terms) with a weight, replaces the idea's
terms, or joins them (the mean over the union of both term sets). Printed per cutoff,
with the mean over every cutoff in the file and over those with at least 11 risers (the
choice criterion).

    python benchmarks/hood_ablation.py FILE [--grid N] [--only "NAME; NAME"]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from term_ablation import auc, base, chosen, ratio

Row = dict[str, Any]
PRIOR = 8.0  # the shipped shrinkage
WEIGHT = 1.5  # the shipped term weight
MIN_PAPERS = 3  # the shipped minimum of window uses


def hood_pick(r: Row, config: tuple[int, int, str, int, bool]) -> list[Row]:
    """Neighbourhood terms used by at least ``shared`` of the ``n`` nearest titles.

    ``order``: ``shared`` (most shared first, then rarest) or ``rarest``; ``top`` 0 keeps
    all; ``own`` False leaves out terms the idea's text has (only what the idea does not say).
    """
    n, shared, order, top, own = config
    key = f"n{n}"
    pool = [
        t
        for t in r["hood_terms"]
        if t[key] >= shared
        and not t["common"]
        and t["earlier"] + t["recent"] >= MIN_PAPERS
        and (own or not t["own"])
    ]
    if order == "shared":
        pool.sort(key=lambda t: (-t[key], t["earlier"] + t["recent"], t["t"]))
    elif order == "rarest":
        pool.sort(key=lambda t: (t["earlier"] + t["recent"], t["t"]))
    else:
        raise ValueError(order)
    return pool[:top] if top else pool


def mean_trend(
    terms: list[Row], volumes: list[int], prior: float = PRIOR, weigh: str = ""
) -> float:
    """Mean shrunk log share trend of ``terms`` (0.0 for none), as the term trend computes it.

    ``weigh`` ``n10``/``n20``/``n50``: each term weighted by how many of those titles share it.
    """
    if not terms:
        return 0.0
    weights = [float(t[weigh]) for t in terms] if weigh else [1.0] * len(terms)
    return float(np.dot(weights, [ratio(t, volumes, prior) for t in terms]) / sum(weights))


def shipped_terms(r: Row) -> float:
    """The shipped term trend: the idea's 3 rarest terms, shrunk by 8 papers."""
    return mean_trend(chosen(r["terms"]), r["volumes"])


SHARING = ((10, 2), (10, 3), (10, 5), (20, 3), (20, 5), (20, 8), (50, 3), (50, 5), (50, 10))
CONFIGS = [
    (n, shared, order, top, own)
    for n, shared in SHARING
    for order, top in (("shared", 1), ("shared", 3), ("shared", 5), ("rarest", 1), ("rarest", 3),
                       ("rarest", 5), ("shared", 0))
    for own in (True, False)
]  # fmt: skip


def label(config: tuple[int, int, str, int, bool]) -> str:
    n, shared, order, top, own = config
    which = "all" if not top else f"{top} {'most shared' if order == 'shared' else 'rarest'}"
    rest = "" if own else ", not the idea's"
    return f"hood {n} nearest, >= {shared} share, {which}{rest}"


def signals(rows: list[Row], prior: float = PRIOR, weigh: bool = False) -> dict[str, np.ndarray]:
    """Per idea of one cutoff: base, the shipped term trend, each hood variant and union.

    ``prior`` shrinks the hood terms (the idea's own keep the shipped 8); ``weigh``: each
    hood term weighted by how many of the nearest titles share it.
    """
    out: dict[str, list[float]] = {"momentum": [], "base": [], "terms": []}
    for r in rows:
        out["momentum"].append(r["momentum"])
        out["base"].append(base(r))
        out["terms"].append(shipped_terms(r))
        own = chosen(r["terms"])
        for config in CONFIGS:
            pick = hood_pick(r, config)
            name = label(config)
            hood = mean_trend(pick, r["volumes"], prior, f"n{config[0]}" if weigh else "")
            out.setdefault(name, []).append(hood)
            # the union with the idea's own 3 rarest (a term in both counts once)
            union = {t["t"]: t for t in own} | {t["t"]: t for t in pick}
            out.setdefault("union " + name, []).append(
                mean_trend(list(union.values()), r["volumes"], prior)
            )
            # hood terms where there are any, else the idea's own
            out.setdefault("else " + name, []).append(hood if pick else out["terms"][-1])
            out.setdefault("has " + name, []).append(float(bool(pick)))
    return {k: np.asarray(v) for k, v in out.items()}


def variants() -> dict[str, Callable[[dict[str, np.ndarray]], np.ndarray]]:
    """Every candidate score, from the per-cutoff signal arrays."""
    v: dict[str, Callable[[dict[str, np.ndarray]], np.ndarray]] = {
        "momentum (baseline)": lambda s: s["momentum"],
        "base": lambda s: s["base"],
        "the idea's terms alone (shipped term trend)": lambda s: s["terms"],
        "shipped: base + 1.5 terms": lambda s: s["base"] + WEIGHT * s["terms"],
    }
    for config in CONFIGS:
        name = label(config)
        v[f"{name} alone"] = lambda s, name=name: s[name]
        for w in (0.25, 0.5, 1.0, 1.5):
            v[f"shipped + {w:g} · {name}"] = lambda s, name=name, w=w: (
                s["base"] + WEIGHT * s["terms"] + w * s[name]
            )
        for w in (1.0, 1.5, 2.0):
            union = f"base + {w:g} · union with the idea's 3 rarest, {name}"
            v[union] = lambda s, name=name, w=w: s["base"] + w * s["union " + name]
            v[f"base + {w:g} · {name}, else the idea's terms"] = lambda s, name=name, w=w: (
                s["base"] + w * s["else " + name]
            )
    return v


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("features", type=Path)
    parser.add_argument("--grid", type=int, default=40, help="print the best N variants")
    parser.add_argument("--only", default="", help="print these variants (separated by ;)")
    parser.add_argument("--prior", type=float, default=PRIOR, help="shrinkage of hood terms")
    parser.add_argument("--weigh", action="store_true", help="weigh hood terms by sharing")
    args = parser.parse_args()
    cuts: dict[str, list[Row]] = json.loads(args.features.read_text(encoding="utf-8"))
    labels = {k: np.asarray([r["label"] == "riser" for r in rows]) for k, rows in cuts.items()}
    big = [k for k in cuts if labels[k].sum() >= 11]
    values = {k: signals(rows, args.prior, args.weigh) for k, rows in cuts.items()}
    for k, rows in cuts.items():  # the recomputed shipped frontier is the scored one
        scored = np.asarray([r["frontier_raw"] for r in rows])
        off = np.abs(values[k]["base"] + WEIGHT * values[k]["terms"] - scored).max()
        covered = {c: values[k]["has " + label(c)].mean() for c in CONFIGS}
        print(
            k,
            f"recomputed shipped frontier off by at most {off:.1e};",
            "ideas with hood terms:",
            f"{min(covered.values()):.2f}-{max(covered.values()):.2f}",
        )

    table = []
    for name, f in variants().items():
        aucs = [auc(f(values[k]), labels[k]) for k in cuts]
        table.append(
            (float(np.mean([a for k, a in zip(cuts, aucs, strict=True) if k in big])), name, aucs)
        )
    shipped = next(t[0] for t in table if t[1].startswith("shipped:"))
    only = [n.strip() for n in args.only.split(";") if n.strip()]
    by_name = {t[1]: t for t in table}
    shown = [by_name[n] for n in only] if only else sorted(table, key=lambda t: -t[0])[: args.grid]
    print(f"| variant | {' | '.join(cuts)} | mean | mean K>=11 | vs shipped |")
    print("|---|" + "---:|" * (len(cuts) + 3))
    fixed = [t for t in table[:4] if t not in shown]  # the baselines first
    for m, name, aucs in fixed + shown:
        cells = " | ".join(f"{a:.3f}" for a in aucs)
        print(f"| {name} | {cells} | {np.mean(aucs):.3f} | {m:.3f} | {m - shipped:+.3f} |")


if __name__ == "__main__":
    main()
