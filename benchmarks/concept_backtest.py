"""The concept backtest of frontier on fixed cutoffs, split into tuning and held-out ones.

Concepts are mined from titles at each cutoff and labelled by their own share growth over
the next 24 months (risers >= 3x, flats 0.7-1.4x, decliners < 0.7x); each is described by
a typical title from before the cutoff and scored as of the cutoff (see
launchpad/ideas/concept_backtest.py). Frontier is reported with the momentum baseline and
random on the same ideas. With ``--emergence`` the trend of each idea's rarest key terms
alone (launchpad/ideas/emergence.py; frontier adds it) is measured beside them.
``--features FILE`` saves every candidate emergence signal per idea, and ``--ablation
FILE`` prints the AUC of each signal set from such a file (no corpus needed); ``--cache
DIR`` keeps the mined and labelled concepts per cutoff, so a second run only scores, and
the percentile reference of each cutoff. Calibration (risers >= 60, others <= 40) is given
on the raw 0-100 frontier, on its percentile in that reference ("pct") and on the score
``score-idea`` shows (the percentile shrunk towards 50 by relevance, "shown").

The cutoffs are fixed here, before any result was seen, and split once: signals may be
chosen and tuned on the TUNE cutoffs only; the HELD_OUT ones are for reporting. Each
slice stays where the corpus covers it consistently, horizon included: cs.CL 2013-2025,
the whole corpus (all of cs, plus stat.ML) 2008-2016.

    python benchmarks/concept_backtest.py --corpus DIR [--slices cs.CL,cs] [--role all]
        [--seed 7] [--ideas 300] [--examples 5] [--emergence] [--format table|json]
        [--cache DIR] [--features FILE]
    python benchmarks/concept_backtest.py --corpus DIR --ablation FILE
    python benchmarks/concept_backtest.py --corpus DIR --probability RESULT.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.axes import FrontierInputs
    from launchpad.ideas.concept_backtest import ConceptBacktest, ConceptCutoff, ScoredConcept
    from launchpad.ideas.neighbourhood import Neighbourhood, SliceView

D = dt.date
SLICES: dict[str, tuple[str, ...]] = {"cs.CL": ("cs.CL",), "cs": ()}
TUNE = {
    "cs.CL": (D(2016, 12, 31), D(2019, 12, 31)),
    "cs": (D(2011, 12, 31), D(2013, 12, 31)),
}
HELD_OUT = {
    "cs.CL": (D(2018, 6, 30), D(2021, 6, 30), D(2022, 12, 31)),
    "cs": (D(2010, 12, 31), D(2012, 12, 31), D(2014, 12, 31)),
}
GOAL_AUC, GOAL_MARGIN, GOAL_CALIBRATION = 0.85, 0.05, 0.75


class StderrProgress:
    """Step names and their durations on standard error."""

    def __init__(self) -> None:
        self._began = 0.0
        self._done = 0.0

    def start(self, description: str, total: float | None = None) -> None:
        """Announce a step."""
        self._began, self._done = time.perf_counter(), 0.0
        print(f"{description} ({total or '?'})...", end="", file=sys.stderr, flush=True)

    def advance(self, amount: float = 1) -> None:
        """Count work."""
        self._done += amount

    def finish(self) -> None:
        """Close the step with its time."""
        took = time.perf_counter() - self._began
        print(f" {self._done:.0f} in {took:.1f} s", file=sys.stderr, flush=True)


def role(name: str, cutoff: dt.date) -> str:
    """``tune`` or ``held-out``."""
    return "tune" if cutoff in TUNE[name] else "held-out"


def role_parser(description: str) -> argparse.ArgumentParser:
    """The options of a script that reads the backtest's ideas of one role from its cache."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--role", choices=("tune", "held-out"), default="tune")
    parser.add_argument("--slices", default="cs.CL,cs")
    return parser


def cutoffs_of_role(
    corpus: Corpus, slices: str, which: str, cache: Path
) -> Iterator[tuple[str, ConceptCutoff]]:
    """Each cutoff of role ``which`` in the comma-separated ``slices``, mined and scored.

    The concepts come from ``cache`` when it has them (see :func:`main`'s ``--cache``).
    """
    from launchpad.ideas.concept_backtest import concept_backtest

    for name in (s for s in slices.split(",") if s):
        cutoffs = sorted(c for c in TUNE[name] + HELD_OUT[name] if role(name, c) == which)
        run = concept_backtest(
            corpus,
            categories=SLICES[name],
            cutoffs=cutoffs,
            progress=StderrProgress(),
            cache=cache,
        )
        for cut in run.cutoffs:
            yield name, cut


def goal_met(cut: ConceptCutoff) -> bool:
    """Whether one cutoff meets the goal of the issue (AUC, margin, calibration)."""
    front, mom = cut.method("frontier").auc, cut.method("momentum").auc
    return (
        front >= GOAL_AUC
        and front >= mom + GOAL_MARGIN
        and cut.risers_high >= GOAL_CALIBRATION
        and cut.others_low >= GOAL_CALIBRATION
    )


def emergence(corpus: Corpus, name: str, cut: ConceptCutoff) -> tuple[float, float]:
    """AUC and precision@K of the emergence signal on the ideas of one cutoff."""
    import numpy as np

    from launchpad.ideas.concept_backtest import auc, hits_at_k
    from launchpad.ideas.emergence import TermTrends
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.timeline import month_index

    view = open_slice(corpus, SLICES[name], until=cut.cutoff)
    trends = TermTrends(corpus, view, month_index(cut.cutoff))
    values = np.asarray([trends.score(row.concept.idea) for row in cut.ideas])
    positive = np.asarray([row.concept.label == "riser" for row in cut.ideas])
    return auc(values, positive), hits_at_k(values, positive, cut.k)


class IdeaAtCutoff(NamedTuple):
    """One idea of a cutoff as the scorer sees it at that cutoff."""

    scored: ScoredConcept
    text: str
    sims: Any  # similarity to each paper of the slice
    lexical: Any  # which papers of the slice hold every content word
    hood: Neighbourhood
    fin: FrontierInputs


def idea_record(scored: ScoredConcept, fin: FrontierInputs) -> dict[str, Any]:
    """What every per-idea feature row starts with: the concept, its fate, its scores."""
    return {
        "phrase": scored.concept.phrase,
        "label": scored.concept.label,
        "growth": scored.concept.growth,
        "frontier_raw": scored.frontier_raw,
        "momentum": scored.momentum,
        "recency": fin.recency,
        "saturation": max(fin.radius_papers, fin.k) / max(fin.k, 1),
    }


def neighbourhoods(
    corpus: Corpus, view: SliceView, month: int, cut: ConceptCutoff
) -> Iterator[IdeaAtCutoff]:
    """Each idea of ``cut`` with its neighbourhood and frontier inputs as of ``month``.

    Embedded and compared 64 at a time, as the scorer does; the lexical mask included.
    """
    from launchpad.ideas.neighbourhood import lexical_mask, neighbourhood, slice_similarities
    from launchpad.ideas.score import BATCH, frontier_inputs

    texts = [row.concept.idea for row in cut.ideas]
    embedder = corpus.embedder()
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        sims = slice_similarities(corpus, view, embedder.encode(chunk))
        for i, (text, row) in enumerate(zip(chunk, sims, strict=True)):
            lexical = lexical_mask(corpus, view, text)
            hood = neighbourhood(view, row, month, lexical=lexical)
            yield IdeaAtCutoff(
                cut.ideas[start + i], text, row, lexical, hood, frontier_inputs(view, hood)
            )


def features(corpus: Corpus, name: str, cut: ConceptCutoff) -> list[dict[str, Any]]:
    """Every candidate emergence signal of each idea of one cutoff, as of the cutoff.

    The rows let weights and settings be chosen offline on the tune cutoffs without
    mining and labelling again.
    """
    import numpy as np

    from launchpad.ideas import axes
    from launchpad.ideas.emergence import log_trend
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.signals import HALF_YEAR, Signals
    from launchpad.ideas.timeline import month_index

    view = open_slice(corpus, SLICES[name], until=cut.cutoff)
    c = month_index(cut.cutoff)
    signals = Signals(corpus, view, c)
    trends = signals.trends
    half = (
        view.volume_between(c - 2 * HALF_YEAR + 1, c - HALF_YEAR),
        view.volume_between(c - HALF_YEAR + 1, c),
    )
    out: list[dict[str, Any]] = []
    for scored, text, row, lexical, hood, fin in neighbourhoods(corpus, view, c, cut):
        used = sorted(
            (sum(trends.counts(t)), t) for t in key_terms_of(text) if sum(trends.counts(t)) >= 3
        )
        common = [t for n, t in used if n >= 10]
        terms = [t for _, t in used]
        tr = {t: trends.trend(t) for t in terms[:5] + common[:3]}

        def accel(term: str) -> float:
            months = trends.months(term)
            last = int((months > c - HALF_YEAR).sum())
            before = int(((months > c - 2 * HALF_YEAR) & (months <= c - HALF_YEAR)).sum())
            return log_trend(before, last, half)

        top = view.months[hood.top_local]
        rec: dict[str, Any] = {
            **idea_record(scored, fin),
            "terms": len(terms),
            "acceleration": signals.acceleration(hood),
            "survey_share": signals.survey_share(hood),
            "tight_recent10": float((top[:10] > c - 12).mean())
            / max(fin.slice_recent_fraction, 1e-9),
        }
        for r in (1, 2, 3, 5):
            rec[f"term{r}"] = float(np.mean([tr[t] for t in terms[:r]])) if terms else 0.0
        rec["term3_min10"] = float(np.mean([tr[t] for t in common[:3]])) if common else 0.0
        rec["term3_max"] = max((tr[t] for t in terms[:3]), default=0.0)
        rec["term3_accel"] = float(np.mean([accel(t) for t in terms[:3]])) if terms else 0.0
        for n in (3, 5, 10, 20):
            rec[f"tight{n}"] = signals.tight_growth(row, hood, lexical, n=n)
        rec["momentum_check"] = axes.momentum(fin)
        out.append(rec)
    return out


# The ablation: each candidate alone, the shipped frontier, every candidate together (each
# at the best weight found on the tune cutoffs) and that combination minus each one.
# "base" is the frontier before the emergence signals (recency-weighted momentum minus
# saturation); "terms" is the shipped term trend, recovered from the scored frontier.
ALL_WEIGHTS = {"base": 1.0, "terms": 0.5, "tight10": 0.1, "acceleration": 0.1, "survey_share": 1.0}


def ablation(features_file: Path) -> str:
    """A Markdown table of AUCs of signal sets on the cutoffs whose features were saved."""
    import math

    import numpy as np

    from launchpad.ideas import axes
    from launchpad.ideas.concept_backtest import auc

    cuts: dict[str, list[dict[str, Any]]] = json.loads(features_file.read_text(encoding="utf-8"))
    for rows in cuts.values():
        for r in rows:
            saturation = max(1.0, r["saturation"] / axes.SATURATION_FREE)
            r["base"] = math.log(r["recency"] + 0.05) - axes.SATURATION_WEIGHT * math.log(
                saturation
            )
            r["terms"] = (r["frontier_raw"] - r["base"]) / axes.TERMS_WEIGHT

    def combined(weights: dict[str, float]) -> list[float]:
        out = []
        for rows in cuts.values():
            value = sum(w * np.asarray([r[k] for r in rows]) for k, w in weights.items())
            out.append(auc(value, np.asarray([r["label"] == "riser" for r in rows])))
        return out

    sets: dict[str, dict[str, float]] = {
        "momentum (baseline)": {"momentum": 1.0},
        "frontier before (base)": {"base": 1.0},
        "terms alone": {"terms": 1.0},
        "tight neighbours alone": {"tight10": 1.0},
        "acceleration alone": {"acceleration": 1.0},
        "fewer surveys alone": {"survey_share": -1.0},
        f"**shipped: base + {axes.TERMS_WEIGHT:g} terms**": {
            "base": 1.0,
            "terms": axes.TERMS_WEIGHT,
        },
        "all five": ALL_WEIGHTS,
    }
    for name in ALL_WEIGHTS:
        sets[f"all five minus {name}"] = {k: w for k, w in ALL_WEIGHTS.items() if k != name}
    head = "| signals | " + " | ".join(cuts) + " | mean |"
    lines = [head, "|---|" + "---:|" * (len(cuts) + 1)]
    for name, weights in sets.items():
        values = combined(weights)
        cells = " | ".join(f"{v:.3f}" for v in values)
        lines.append(f"| {name} | {cells} | {float(np.mean(values)):.3f} |")
    return "\n".join(lines)


def logistic_fit(
    x: npt.NDArray[np.float64], positive: npt.NDArray[np.bool_], *, l2: float = 0.0
) -> npt.NDArray[np.float64]:
    """Weights (intercept first) of a logistic fit of ``positive`` on the columns of ``x``.

    Newton's method on the log-likelihood, with an ``l2`` penalty on all but the intercept:
    a dozen lines, where scikit-learn would be a dependency for two benchmarks alone.
    """
    import numpy as np

    design = np.column_stack([np.ones(len(x)), x])
    y = positive.astype(np.float64)
    penalty = l2 * np.diag([0.0] + [1.0] * (design.shape[1] - 1))
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ w))
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        w += np.linalg.solve(hessian, design.T @ (y - p) - penalty @ w)
    return w


def probability(result_file: Path) -> str:
    """Calibration of a probability of rising fitted on the tune cutoffs, on the held-out ones.

    A logistic fit of "riser" on the raw frontier over every tune idea of a ``--format
    json`` result, read as 0-100; the goal's shares per held-out cutoff. A measured
    alternative to the percentile, not what ``score-idea`` shows.
    """
    import numpy as np

    data: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    cuts = [(name, c) for name, run in data.items() for c in run["cutoffs"]]
    tune = [i for _, c in cuts if c["role"] == "tune" for i in c["ideas"]]
    y = np.asarray([i["label"] == "riser" for i in tune])
    w = logistic_fit(np.asarray([[i["frontier_raw"]] for i in tune]), y)
    lines = [
        (
            f"fit on {len(tune)} tune ideas ({y.mean():.1%} risers): "
            f"P(riser) = 1 / (1 + exp(-({w[0]:.3f} + {w[1]:.3f} * frontier_raw)))"
        ),
        "| slice | cutoff | risers >= 60 | others <= 40 | highest |",
        "|---|---|---:|---:|---:|",
    ]
    for name, c in cuts:
        if c["role"] == "tune":
            continue
        raw = np.asarray([i["frontier_raw"] for i in c["ideas"]])
        pos = np.asarray([i["label"] == "riser" for i in c["ideas"]])
        value = 100 / (1 + np.exp(-(w[0] + w[1] * raw)))
        lines.append(
            f"| {name} | {c['cutoff'][:7]} | {(value[pos] >= 60).mean():.0%} | "
            f"{(value[~pos] <= 40).mean():.0%} | {value.max():.0f} |"
        )
    return "\n".join(lines)


def key_terms_of(text: str) -> list[str]:
    """The emergence module's key terms (imported late, like the rest of the package)."""
    from launchpad.ideas.phrases import key_terms

    return key_terms(text)


def table(
    runs: dict[str, ConceptBacktest], examples: int, extra: dict[tuple[str, dt.date], Any]
) -> str:
    """A Markdown table of every cutoff, then example risers."""
    head = (
        "| slice | cutoff | role | mined | risers | flats | decliners | scored | "
        "frontier AUC | momentum AUC | random AUC | frontier P@K | momentum P@K | "
        "risers >= 60 | others <= 40 | pct: risers >= 60 | pct: others <= 40 | "
        "shown: risers >= 60 | shown: others <= 40 |"
    )
    if extra:
        head += " emergence AUC | emergence P@K |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, run in runs.items():
        for c in run.cutoffs:
            f, m, r = (c.method(x) for x in ("frontier", "momentum", "random"))
            line = (
                f"| {name} | {c.cutoff:%Y-%m} | {role(name, c.cutoff)} | {c.candidates} | "
                f"{c.labels['riser']} | {c.labels['flat']} | {c.labels['decliner']} | "
                f"{len(c.ideas)} (K={c.k}) | {f.auc:.3f} | {m.auc:.3f} | {r.auc:.3f} | "
                f"{f.precision_at_k:.2f} | {m.precision_at_k:.2f} | {c.risers_high:.0%} | "
                f"{c.others_low:.0%} | {c.percentile.risers_high:.0%} | "
                f"{c.percentile.others_low:.0%} | {c.shown.risers_high:.0%} | "
                f"{c.shown.others_low:.0%} |"
            )
            if extra:
                line += " {:.3f} | {:.2f} |".format(*extra[name, c.cutoff])
            lines.append(line)
    held = [(n, c) for n, run in runs.items() for c in run.cutoffs if role(n, c.cutoff) != "tune"]
    if held:
        met = sum(goal_met(c) for _, c in held)
        lines.append(f"\ngoal met on {met} of {len(held)} held-out cutoffs")
    for name, run in runs.items():
        for c in run.cutoffs:
            risers = sorted(
                (r for r in c.ideas if r.concept.label == "riser"), key=lambda r: -r.concept.growth
            )
            for r in risers[:examples]:
                x = r.concept
                lines.append(
                    f"{name} {c.cutoff:%Y-%m} riser {x.phrase!r} {x.growth:.1f}x "
                    f"({x.before} -> {x.after}); frontier {r.frontier}, momentum "
                    f"{r.momentum:.2f}, shown {r.frontier_shown} (percentile "
                    f"{r.frontier_percentile:.0f}); idea [{x.idea_id}, {x.idea_published}]: "
                    f"{x.idea}"
                )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a built corpus directory")
    parser.add_argument("--slices", default="cs.CL,cs", help="cs.CL, cs or both")
    parser.add_argument("--role", choices=("all", "tune", "held-out"), default="all")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ideas", type=int, default=300)
    parser.add_argument("--examples", type=int, default=5, help="risers shown per cutoff")
    parser.add_argument("--emergence", action="store_true", help="measure the term-trend signal")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--cache", type=Path, help="keep mined and labelled concepts per cutoff in this folder"
    )
    parser.add_argument(
        "--features", type=Path, help="write every candidate signal per idea here (JSON)"
    )
    parser.add_argument(
        "--ablation", type=Path, help="only print the ablation table of a --features file"
    )
    parser.add_argument(
        "--probability",
        type=Path,
        help="only fit a probability of rising on the tune cutoffs of a --format json result",
    )
    args = parser.parse_args()
    if args.ablation:
        print(ablation(args.ablation))
        return
    if args.probability:
        print(probability(args.probability))
        return

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.concept_backtest import concept_backtest

    runs: dict[str, ConceptBacktest] = {}
    extra: dict[tuple[str, dt.date], tuple[float, float]] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    with Corpus.open(args.corpus) as corpus:
        for name in (s for s in args.slices.split(",") if s):
            cutoffs = sorted(
                c for c in TUNE[name] + HELD_OUT[name] if args.role in ("all", role(name, c))
            )
            runs[name] = concept_backtest(
                corpus,
                categories=SLICES[name],
                cutoffs=cutoffs,
                seed=args.seed,
                ideas=args.ideas,
                progress=StderrProgress(),
                cache=args.cache,
            )
            if args.emergence:
                for cut in runs[name].cutoffs:
                    extra[name, cut.cutoff] = emergence(corpus, name, cut)
            if args.features:
                for cut in runs[name].cutoffs:
                    rows[f"{name} {cut.cutoff}"] = features(corpus, name, cut)
    if args.features:
        args.features.write_text(json.dumps(rows), encoding="utf-8")
    if args.format == "json":
        data: dict[str, Any] = {}
        for name, run in runs.items():
            data[name] = run.to_dict()
            for cut in data[name]["cutoffs"]:
                day = D.fromisoformat(cut["cutoff"])
                cut["role"] = role(name, day)
                if (name, day) in extra:
                    value, hits = extra[name, day]
                    cut["methods"]["emergence"] = {
                        "auc": round(value, 4),
                        "precision_at_k": round(hits, 4),
                    }
        print(json.dumps(data, indent=2))
    else:
        print(table(runs, args.examples, extra))


if __name__ == "__main__":
    main()
