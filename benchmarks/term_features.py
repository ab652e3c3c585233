"""Per-term candidate features of the concept backtest's ideas, for choosing a term signal offline.

For every idea of the chosen cutoffs (mined concepts from ``--cache``, scored as of the
cutoff) and each of its key terms that the corpus did not use 2,000 times up to the
cutoff: its slice counts in the 24 months before the last 12 and in those 12, its uses
in the slice's whole history up to the cutoff, its papers per month of the window, the
months since its first use there
(its age), and how many of the idea's 10 and 50 nearest papers use it (how central it
is to the idea). Beside them, the idea's neighbourhood vocabulary: the key terms of its
50 nearest papers' titles (tokenised as the idea's) that at least 2 of those titles share,
each with how many of the 10, 20 and 50 nearest use it and, unless common, its slice
counts (what the neighbourhood calls its topic, as of the cutoff). With the frontier's
other inputs, the rows let term signals
(shrinkage, age, centrality, phrases, a fitted combination) be compared on the tune
cutoffs without querying the corpus again; ``term_ablation.py`` reads them.

    python benchmarks/term_features.py --corpus DIR --cache DIR --role tune --out FILE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from concept_backtest import SLICES, cutoffs_of_role, idea_record, neighbourhoods, role_parser

MIN_SHARED = 2  # titles of the 50 nearest that must share a neighbourhood term

if TYPE_CHECKING:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas.concept_backtest import ConceptCutoff
    from launchpad.ideas.emergence import TermTrends


def term_rows(corpus: Corpus, name: str, cut: ConceptCutoff) -> list[dict[str, Any]]:
    """One record per idea of ``cut``: its frontier inputs and its key terms' counts."""
    import numpy as np

    from launchpad.ideas.concepts import phrase_query
    from launchpad.ideas.emergence import COMMON_USES
    from launchpad.ideas.neighbourhood import open_slice
    from launchpad.ideas.phrases import key_terms
    from launchpad.ideas.signals import Signals
    from launchpad.ideas.timeline import month_index

    view = open_slice(corpus, SLICES[name], until=cut.cutoff)
    c = month_index(cut.cutoff)
    signals = Signals(corpus, view, c)
    trends = signals.trends
    until = trends._until  # rows up to the cutoff lead a date-ordered corpus
    local: dict[str, Any] = {}

    def local_rows(term: str) -> Any:
        """Indices into the slice of the papers up to the cutoff using ``term``."""
        if term not in local:
            hits = corpus.lexical_rows(phrase_query([term]), limit=COMMON_USES, below=until)
            where = np.searchsorted(view.rows, hits)
            inside = where < len(view.rows)
            inside[inside] = view.rows[where[inside]] == hits[inside]
            local[term] = where[inside]
        return local[term]

    out: list[dict[str, Any]] = []
    for scored, text, _, _, hood, fin in neighbourhoods(corpus, view, c, cut):
        titles = [p.title for p in corpus.papers(view.rows[hood.top_local].tolist())]
        terms = []
        for term in key_terms(text):
            if trends.is_common(term):
                terms.append({"t": term, "common": True})
                continue
            earlier, recent = trends.counts(term)
            rows = local_rows(term)
            months = view.months[rows]
            terms.append(
                {
                    "t": term,
                    "common": False,
                    "earlier": earlier,
                    "recent": recent,
                    "uses": len(rows),
                    "age": int(c - months.min()) if len(rows) else -1,
                    "c10": float(np.isin(hood.top_local[:10], rows).mean()),
                    "c50": float(np.isin(hood.top_local, rows).mean()),
                    # papers per month of the 36-month window, oldest first
                    "hist": np.bincount(c - trends.months(term), minlength=36)[:36][::-1].tolist(),
                }
            )
        out.append(
            {
                **idea_record(scored, fin),
                "volumes": list(trends.volumes),
                "terms": terms,
                "hood_terms": hood_terms(trends, titles, set(key_terms(text))),
            }
        )
    return out


def hood_terms(trends: TermTrends, titles: list[str], own: set[str]) -> list[dict[str, Any]]:
    """Key terms that at least :data:`MIN_SHARED` of the nearest ``titles`` (nearest first) share.

    ``n10``/``n20``/``n50``: how many of the 10/20/50 nearest titles use the term; ``own``:
    whether the idea's text has it too; common terms carry no counts (as in ``terms``).
    """
    from collections import Counter

    from launchpad.ideas.phrases import key_terms

    shared: dict[int, Counter[str]] = {n: Counter() for n in (10, 20, 50)}
    for i, title in enumerate(titles[:50]):
        for term in set(key_terms(title)):
            for n, counter in shared.items():
                if i < n:
                    counter[term] += 1
    out = []
    for term, n50 in sorted(shared[50].items()):
        if n50 < MIN_SHARED:
            continue
        row: dict[str, Any] = {
            "t": term,
            "n10": shared[10][term],
            "n20": shared[20][term],
            "n50": n50,
            "own": term in own,
            "common": trends.is_common(term),
        }
        if not row["common"]:
            row["earlier"], row["recent"] = trends.counts(term)
        out.append(row)
    return out


def main() -> None:
    parser = role_parser(__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    from launchpad.corpus.store import Corpus

    rows: dict[str, list[dict[str, Any]]] = {}
    with Corpus.open(args.corpus) as corpus:
        for name, cut in cutoffs_of_role(corpus, args.slices, args.role, args.cache):
            rows[f"{name} {cut.cutoff}"] = term_rows(corpus, name, cut)
    args.out.write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
