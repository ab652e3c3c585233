"""An emergence signal that does not dilute: the trend of an idea's rarest key terms.

Neighbourhood signals see a new concept through the older parent topic its description
sits in. This one looks at the idea's own words instead: of its content words and
two-word phrases, the ``rarest`` that the slice already used at least ``min_papers``
times in the 36 months before the as-of month, each with its share of the slice in
the last 12 months over its share in the 24 before (FTS5 phrase counts in title or
abstract). The signal is the mean log of those ratios: above 0 when the idea's most
specific terms are spreading. It is measured by the concept backtest only and is not
part of the frontier score.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from launchpad.ideas.concepts import SMOOTHING, is_edge_word, phrase_months, tokens
from launchpad.ideas.neighbourhood import RECENT_MONTHS, WINDOW_MONTHS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.neighbourhood import SliceView

RAREST = 3  # chosen on the tune cutoffs of the concept backtest (2 and 1 did worse)
MIN_PAPERS = 3


def key_terms(idea: str) -> list[str]:
    """The idea's content words and adjacent pairs of them, in order, once each."""
    words = tokens(idea)
    edge = [is_edge_word(word) for word in words]
    terms = [w for w, ok in zip(words, edge, strict=True) if ok]
    pairs = zip(words, words[1:], edge, edge[1:], strict=False)  # one fewer pair than words
    terms += [f"{a} {b}" for a, b, x, y in pairs if x and y]
    return list(dict.fromkeys(terms))


class TermTrends:
    """Term trends in one slice as of one month; phrase counts are cached across ideas.

    ``view`` must end at the as-of month, so no later paper is counted.
    """

    def __init__(
        self,
        corpus: Corpus,
        view: SliceView,
        month: int,
        *,
        rarest: int = RAREST,
        min_papers: int = MIN_PAPERS,
    ) -> None:
        self.corpus, self.view, self.month = corpus, view, month
        self.rarest, self.min_papers = rarest, min_papers
        start = month - WINDOW_MONTHS + 1
        self._earlier = (start, month - RECENT_MONTHS)
        self._volumes = (
            view.volume_between(*self._earlier),
            view.volume_between(month - RECENT_MONTHS + 1, month),
        )
        self._start = start
        self._cache: dict[str, tuple[int, int]] = {}

    def counts(self, term: str) -> tuple[int, int]:
        """Slice papers using ``term`` in the 24 months before the last 12, and in those 12."""
        if term not in self._cache:
            months: npt.NDArray[np.int32] = phrase_months(self.corpus, self.view, [term])
            earlier = int(((months >= self._start) & (months <= self._earlier[1])).sum())
            recent = int(((months > self._earlier[1]) & (months <= self.month)).sum())
            self._cache[term] = (earlier, recent)
        return self._cache[term]

    def trend(self, term: str) -> float:
        """Log of the term's recent share over its earlier share (smoothed)."""
        earlier, recent = self.counts(term)
        before = (earlier + SMOOTHING) / max(self._volumes[0], 1)
        return math.log(((recent + SMOOTHING) / max(self._volumes[1], 1)) / before)

    def score(self, idea: str) -> float:
        """Mean log trend of the idea's rarest established terms (0.0 when it has none)."""
        used = [
            (sum(self.counts(term)), term)
            for term in key_terms(idea)
            if sum(self.counts(term)) >= self.min_papers
        ]
        rarest = [term for _, term in sorted(used)[: self.rarest]]
        if not rarest:
            return 0.0
        return sum(self.trend(term) for term in rarest) / len(rarest)
