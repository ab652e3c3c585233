"""Emergence signals for the frontier axis that a broad parent topic does not dilute.

A neighbourhood of 50 papers around a new idea is mostly the older topic it grows out of
(docs/backtest.md, "Concept backtest"), so its momentum hides the idea's own rise. These
signals look closer, each measured in one slice as of one month (nothing later counts):

* **terms** (in the score): the trend of the idea's rarest established key terms
  (:class:`~launchpad.ideas.emergence.TermTrends`);
* **named term** (in the score): the trend of the idea's rarest 1-3 word phrase that the
  slice's titles already use (:meth:`~launchpad.ideas.emergence.TermTrends.named_term`);
* **tight growth**: the share trend of the papers at least as close as the idea's
  ``n``-th nearest neighbour (a much smaller radius than the 50th);
* **acceleration**: the neighbourhood's share in the last 6 months over the 6 before;
* **survey share**: the fraction of the nearest papers whose title announces a survey or
  review (declining topics accumulate them).

The last three were measured by the concept backtest and did not earn a place in the
score (docs/backtest.md has the ablation); they stay here for that benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from launchpad.ideas.emergence import TermTrends, log_trend
from launchpad.ideas.neighbourhood import LEXICAL_BONUS, RECENT_MONTHS, WINDOW_MONTHS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.neighbourhood import Neighbourhood, SliceView

TIGHT_NEIGHBOURS = 10  # the tight radius: similarity of the idea's 10th nearest paper
HALF_YEAR = 6
SURVEY_QUERY = "title : (survey OR surveys OR review OR overview OR tutorial)"


@dataclass(frozen=True)
class EmergenceInputs:
    """The emergence signal of one idea that the frontier score uses."""

    term_trend: float  # mean log trend of the rarest key terms (0 = like the slice)
    terms: tuple[str, ...]  # those terms, rarest first
    term_ratios: tuple[float, ...]  # each term's recent share over its earlier share, shrunk
    named: str = ""  # the named term ("" when no phrase of the idea qualifies)
    named_trend: float = 0.0  # its shrunk log trend (0 when there is none)
    named_titles: int = 0  # titles of the slice's 36-month window that use it

    @property
    def named_ratio(self) -> float:
        """The named term's recent share over its earlier share, shrunk (1 when there is none)."""
        import math

        return math.exp(self.named_trend)


class Signals:
    """Emergence signals in one slice as of one month; term counts are cached across ideas.

    Nothing after ``month`` counts, however far ``view`` reaches (the title backtest's
    view reaches its horizon).
    """

    def __init__(self, corpus: Corpus, view: SliceView, month: int) -> None:
        self.corpus, self.view, self.month = corpus, view, month
        self.trends = TermTrends(corpus, view, month)
        self._earlier_end = month - RECENT_MONTHS
        self._surveys: npt.NDArray[np.bool_] | None = None

    def tight_growth(
        self,
        sims: npt.NDArray[np.float32],
        hood: Neighbourhood,
        lexical: npt.NDArray[np.bool_] | None,
        *,
        n: int = TIGHT_NEIGHBOURS,
    ) -> float:
        """Share trend (last 12 months over the 24 before) of the slice within the tight radius.

        The radius is the (lexically boosted) similarity of the ``n``-th nearest paper of
        the window, as in the neighbourhood; papers of every month up to as-of count.
        """
        import numpy as np

        row = sims if lexical is None else sims + LEXICAL_BONUS * lexical.astype(np.float32)
        radius = float(hood.top_sims[min(n, len(hood.top_sims)) - 1])
        months = self.view.months[row >= radius]
        start = self.month - WINDOW_MONTHS + 1
        earlier = int(((months >= start) & (months <= self._earlier_end)).sum())
        recent = int(((months > self._earlier_end) & (months <= self.month)).sum())
        return log_trend(earlier, recent, self.trends.volumes)

    def acceleration(self, hood: Neighbourhood) -> float:
        """Log of the neighbourhood's share in the last 6 months over the 6 months before."""
        c, view = self.month, self.view
        last = (c - HALF_YEAR + 1, c)
        before = (c - 2 * HALF_YEAR + 1, c - HALF_YEAR)
        return log_trend(
            hood.count_between(view, *before),
            hood.count_between(view, *last),
            (view.volume_between(*before), view.volume_between(*last)),
        )

    def survey_share(self, hood: Neighbourhood) -> float:
        """Fraction of the nearest papers whose title says survey, review, overview or tutorial."""
        import numpy as np

        if self._surveys is None:
            hits = self.corpus.lexical_rows(SURVEY_QUERY)
            self._surveys = np.isin(self.view.rows, hits, assume_unique=True)
        if not len(hood.top_local):
            return 0.0
        return float(self._surveys[hood.top_local].mean())

    def measure(self, idea: str) -> EmergenceInputs:
        """The signal the frontier score uses, for one idea."""
        import math

        terms = self.trends.rarest_terms(idea)
        trends = [self.trends.trend(term) for term in terms]
        named, named_trend, titles = "", 0.0, 0
        found = self.trends.named_term(idea)
        if found is not None:
            named, forms = found
            named_trend = self.trends.named_trend(forms)
            titles = self.trends.titled_uses(forms)
        return EmergenceInputs(
            term_trend=sum(trends) / len(trends) if trends else 0.0,
            terms=tuple(terms),
            term_ratios=tuple(math.exp(value) for value in trends),
            named=named,
            named_trend=named_trend,
            named_titles=titles,
        )
