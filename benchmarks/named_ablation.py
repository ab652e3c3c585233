"""Round 4 of the concept backtest: the named term's settings, and what a perfect one would do.

For every idea of the chosen cutoffs (mined concepts from ``--cache``, scored as of the
cutoff), the AUC of risers against the others for: momentum; the frontier of round 2
(base + 1.5 terms); the shipped frontier (that + 1.0 named term, recomputed here and checked
against the scored value); the named term as first chosen, which may be a piece of a
longer phrase of the idea ("teaching large language"), and with other settings (the
title minimum, the longest phrase, the weight; "pieces": all allow them); the named term
alone; and the **oracle**: the shrunk trend of the concept's own phrase, which no scorer
knows (it is what was mined), alone and added to the round-2 frontier. The named terms are
found by ``TermTrends.named_term`` itself, nothing after the cutoff counts, and the
oracle's counts are read without the common-phrase cut.

    python benchmarks/named_ablation.py --corpus DIR --cache DIR --role tune|held-out

Printed as a markdown table: one column per cutoff, the mean, and (tune) the mean over the
cutoffs with at least 11 risers, the choice criterion of rounds 1-4.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from concept_backtest import SLICES, cutoffs_of_role, idea_record, neighbourhoods, role_parser
from term_ablation import auc, base

if TYPE_CHECKING:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas.concept_backtest import ConceptCutoff

# (title minimum, longest phrase in words): the shipped setting first
SETTINGS = [(5, 3), (0, 3), (2, 3), (3, 3), (4, 3), (5, 2), (5, 4), (4, 4)]
WEIGHTS = (1.0, 1.5, 2.0)
MIN_RISERS = 11


def rows(corpus: Corpus, name: str, cut: ConceptCutoff) -> list[dict[str, Any]]:
    """Per idea: its label, round-2 frontier, momentum, named-term trends and the oracle."""
    from launchpad.ideas import axes
    from launchpad.ideas.concepts import phrase_months
    from launchpad.ideas.emergence import shrunk_trend
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.signals import Signals
    from launchpad.ideas.timeline import month_index

    view = open_slice(corpus, SLICES[name], until=cut.cutoff)
    c = month_index(cut.cutoff)
    signals = Signals(corpus, view, c)
    trends = signals.trends
    out = []
    for scored, text, _, _, _, fin in neighbourhoods(corpus, view, c, cut):
        record = idea_record(scored, fin)
        measured = signals.measure(text)
        round2 = base(record) + axes.TERMS_WEIGHT * measured.term_trend
        shipped = round2 + axes.NAMED_WEIGHT * measured.named_trend
        if abs(shipped - scored.frontier_raw) > 1e-9:
            raise SystemExit(f"recomputed frontier differs from the scored one: {text!r}")
        named = {}
        for titles, words in SETTINGS:  # round 4 as first chosen: pieces allowed
            found = trends.named_term(text, max_words=words, titles=titles, absorbed=None)
            named[titles, words] = 0.0 if found is None else trends.named_trend(found[1])
        months = phrase_months(corpus, view, scored.concept.forms)
        months = months[(months > c - 36) & (months <= c)]
        recent = int((months > c - 12).sum())
        oracle = shrunk_trend(len(months) - recent, recent, trends.volumes, trends.prior)
        out.append(
            {
                "riser": scored.concept.label == "riser",
                "momentum": scored.momentum,
                "round2": round2,
                "shipped": shipped,
                "named": named,
                "oracle": oracle,
                "found": named[SETTINGS[0]] != 0.0,
            }
        )
    return out


def variants() -> dict[str, Any]:
    """Each row of the table: a name and the score it ranks by."""
    shipped = SETTINGS[0]
    out: dict[str, Any] = {
        "momentum (baseline)": lambda r: r["momentum"],
        "round 2: base + 1.5 terms": lambda r: r["round2"],
        "**shipped: round 2 + 1.0 named (≥ 5 titles, ≤ 3 words, not a piece)**": (
            lambda r: r["shipped"]
        ),
        "round 2 + 1.0 named (≥ 5 titles, ≤ 3 words), pieces allowed (first choice)": (
            lambda r: r["round2"] + r["named"][shipped]
        ),
    }
    for weight in WEIGHTS:
        for titles, words in SETTINGS:
            if (weight, titles, words) == (1.0, *shipped):
                continue
            if weight != 1.0 and (titles, words) not in (shipped, (4, 4)):
                continue
            key = (titles, words)
            out[f"round 2 + {weight} named (≥ {titles} titles, ≤ {words} words, pieces)"] = (
                lambda r, k=key, w=weight: r["round2"] + w * r["named"][k]
            )
    out["named term alone (≥ 5 titles, ≤ 3 words, not a piece)"] = lambda r: (
        r["shipped"] - r["round2"]
    )
    out["oracle: the concept's own phrase alone"] = lambda r: r["oracle"]
    out["round 2 + 1.0 oracle"] = lambda r: r["round2"] + r["oracle"]
    return out


def table(data: dict[str, list[dict[str, Any]]]) -> str:
    """The AUC of every variant at every cutoff, as markdown."""
    import numpy as np

    cuts = list(data)
    labels = {k: np.array([r["riser"] for r in data[k]]) for k in cuts}
    big = [k for k in cuts if labels[k].sum() >= MIN_RISERS]
    head = ["variant", *cuts, "mean", f"mean K ≥ {MIN_RISERS}"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for name, score in variants().items():
        values = {k: auc(np.array([score(r) for r in data[k]]), labels[k]) for k in cuts}
        cells = [f"{values[k]:.3f}" for k in cuts]
        means = np.mean(list(values.values())), np.mean([values[k] for k in big])
        cells += [f"{value:.3f}" for value in means]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    found = {k: np.mean([r["found"] for r in data[k]]) for k in cuts}
    lines.append("")
    lines.append("ideas with a named term: " + ", ".join(f"{k} {v:.0%}" for k, v in found.items()))
    return "\n".join(lines)


def main() -> None:
    parser = role_parser(__doc__.splitlines()[0])
    args = parser.parse_args()

    from launchpad.corpus.store import Corpus

    data: dict[str, list[dict[str, Any]]] = {}
    with Corpus.open(args.corpus) as corpus:
        for name, cut in cutoffs_of_role(corpus, args.slices, args.role, args.cache):
            data[f"{name} {cut.cutoff:%Y-%m}"] = rows(corpus, name, cut)
    print(table(data))


if __name__ == "__main__":
    main()
