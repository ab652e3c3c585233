"""An emergence signal that does not dilute: the trend of an idea's rarest key terms.

Neighbourhood signals see a new concept through the older parent topic its description
sits in. This one looks at the idea's own words instead: of its content words and
two-word phrases, the ``rarest`` that the slice already used at least ``min_papers``
times in the 36 months before the as-of month, each with its share of the slice in
the last 12 months over its share in the 24 before (FTS5 phrase counts in title or
abstract), shrunk towards the slice's own trend by :data:`PRIOR_PAPERS` papers of prior
evidence (rare terms' ratios are noisy). The signal is the mean log of those ratios:
above 0 when the idea's most specific terms are spreading. Frontier adds it with a weight
chosen on the concept backtest's tune cutoffs (:mod:`launchpad.ideas.signals`, docs/backtest.md).

Beside it, the **named term**: of the idea's 1-3 word phrases (singular and plural as one),
the rarest that at least :data:`TITLE_USES` of the slice's titles of those 36 months use,
i.e. the most specific name the field already gives a topic in the idea, with the same
shrunk trend. Key terms are single words and pairs and need no title; a new concept's
name is often longer ("chain of thought") and is what titles adopt (round 4 in
docs/backtest.md).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from launchpad.ideas.concepts import (
    SMOOTHING,
    hits_in_view,
    phrase_months,
    phrase_query,
    title_grams,
    tokens,
)
from launchpad.ideas.neighbourhood import RECENT_MONTHS, WINDOW_MONTHS
from launchpad.ideas.phrases import (
    Forms,
    bridges,
    continued_share,
    key_terms,
    named_candidates,
    named_forms,
)
from launchpad.ideas.timeline import month_start, months_of_days

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.neighbourhood import SliceView

RAREST = 3  # chosen on the tune cutoffs of the concept backtest (2 and 1 did worse)
MIN_PAPERS = 3
# A term the whole corpus used this often up to the as-of date is common and left out:
# reading every row of a common word was most of the signal's cost.
COMMON_USES = 2000
# Papers of prior evidence added to a term's two counts, split between the 24 and the 12
# months by the slice's volumes: a Gamma-Poisson shrinkage of its share ratio towards 1,
# so a term seen 0 then 4 times no longer outranks one seen 40 then 120 times. Chosen with
# the frontier's weight on the concept backtest's tune cutoffs (docs/backtest.md).
PRIOR_PAPERS = 8.0
# The named term: a phrase of at most NAMED_MAX_WORDS words that at least TITLE_USES titles
# of the slice's 36-month window use (chosen on the tune cutoffs with the frontier's weight;
# 4 words, or 4 titles, did as well there; docs/backtest.md "Round 4").
NAMED_MAX_WORDS = 3
TITLE_USES = 5
# ... and not a piece of a phrase one word longer that holds ABSORBED_SHARE of its titles
# ("teaching large language" inside "teaching large language models"): the concept
# mining's rule, added after typed ideas got such pieces (round 4 in docs/backtest.md)
ABSORBED_SHARE = 0.9
# ... and not a phrase across a stop word that titles nearly always continue with another
# content word: a modifier cut from its head ("attention for long", "models with low"),
# which no longer phrase of the idea itself may show (round 5 in docs/backtest.md)
CONTINUED_SHARE = 0.9

_FORMS_JOIN = "|"  # joins a named term's forms into one key of plain data (no token has it)


def log_trend(earlier: float, recent: float, volumes: tuple[int, int]) -> float:
    """Log of a count's share of the slice's ``volumes`` (earlier, recent): recent over earlier.

    Both counts are smoothed by :data:`~launchpad.ideas.concepts.SMOOTHING` papers.
    """
    before = (earlier + SMOOTHING) / max(volumes[0], 1)
    return math.log(((recent + SMOOTHING) / max(volumes[1], 1)) / before)


def shrunk_trend(
    earlier: float, recent: float, volumes: tuple[int, int], prior: float = PRIOR_PAPERS
) -> float:
    """:func:`log_trend` after adding ``prior`` papers split like the slice's ``volumes``.

    The prior alone has the slice's trend (log 0), so few uses pull a term's trend
    towards 0 and many leave it nearly as counted.
    """
    earlier_volume, recent_volume = max(volumes[0], 1), max(volumes[1], 1)
    split = earlier_volume / (earlier_volume + recent_volume)
    return log_trend(earlier + prior * split, recent + prior * (1 - split), volumes)


class TermTrends:
    """Term trends in one slice as of one month; phrase counts are cached across ideas.

    Only papers of the 36 months up to ``month`` count, however far ``view`` reaches.
    """

    def __init__(
        self,
        corpus: Corpus,
        view: SliceView,
        month: int,
        *,
        rarest: int = RAREST,
        min_papers: int = MIN_PAPERS,
        prior: float = PRIOR_PAPERS,
    ) -> None:
        self.corpus, self.view, self.month = corpus, view, month
        self.rarest, self.min_papers, self.prior = rarest, min_papers, prior
        start = month - WINDOW_MONTHS + 1
        self._earlier = (start, month - RECENT_MONTHS)
        # the slice's papers in those 24 months and in the last 12 (what shares divide by)
        self.volumes = (
            view.volume_between(*self._earlier),
            view.volume_between(month - RECENT_MONTHS + 1, month),
        )
        self._start = start
        self._cache: dict[str, tuple[int, int]] = {}
        self._months: dict[str, npt.NDArray[np.int32]] = {}
        self._common: set[str] = set()
        self._learned: set[str] = set()  # not common, counts given by learn()
        # named terms by their forms: window counts (None: common) and window title uses
        self._named: dict[Forms, tuple[int, int] | None] = {}
        self._titled: dict[Forms, int] = {}
        self._titled_rows: dict[Forms, npt.NDArray[np.int64]] = {}
        self._continued: dict[Forms, float] = {}
        self._until = _rows_up_to(corpus, month)

    def known(self) -> dict[str, Any]:
        """What the look-ups found so far, as plain data: common terms, the others' counts."""
        counted = sorted(self._learned | set(self._months))
        return {
            "common": sorted(self._common),
            "counts": {t: list(self.counts(t)) for t in counted},
            "named": {
                _FORMS_JOIN.join(f): None if c is None else list(c) for f, c in self._named.items()
            },
            "titled": {_FORMS_JOIN.join(f): n for f, n in self._titled.items()},
            "continued": {_FORMS_JOIN.join(f): v for f, v in self._continued.items()},
        }

    def learn(self, known: dict[str, Any]) -> None:
        """Take what :meth:`known` of the same slice, month and corpus found: no look-ups for it.

        Only for a view up to the same day as the one that found it (the counts include
        the as-of month's papers up to that day).
        """
        self._common.update(known.get("common", ()))
        for term, (earlier, recent) in (known.get("counts") or {}).items():
            if term not in self._common:
                self._cache[term] = (int(earlier), int(recent))
                self._learned.add(term)
        for key, counts in (known.get("named") or {}).items():
            forms = tuple(key.split(_FORMS_JOIN))
            self._named[forms] = None if counts is None else (int(counts[0]), int(counts[1]))
        for key, uses in (known.get("titled") or {}).items():
            self._titled[tuple(key.split(_FORMS_JOIN))] = int(uses)
        for key, share in (known.get("continued") or {}).items():
            self._continued[tuple(key.split(_FORMS_JOIN))] = float(share)

    def is_common(self, term: str) -> bool:
        """Whether the corpus used ``term`` at least :data:`COMMON_USES` times up to as-of.

        Precisely: whether its first that many matches in row order (the earliest, in a
        built corpus) are all of the as-of month or before. One phrase query of at most
        that many rows; when the rows up to as-of lead the corpus (a date-ordered one),
        it searches only those, so a common term read late in the corpus costs nothing
        extra and a rare one skips every later row.
        """
        if term not in self._months and term not in self._common and term not in self._learned:
            months = self._bounded_months(phrase_query([term]))
            if months is None:
                self._common.add(term)
            else:
                self._months[term] = months
        return term in self._common

    def _bounded_months(self, query: str) -> npt.NDArray[np.int32] | None:
        """Window months of the slice papers matching ``query``; None when it is common.

        At most :data:`COMMON_USES` rows are read (see :meth:`is_common`).
        """
        found = self._bounded_hits(query)
        return None if found is None else found[1]

    def _bounded_hits(
        self, query: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]] | None:
        """:meth:`_bounded_months` with the rows of those papers first."""
        import numpy as np

        if self._until is not None:
            hits = self.corpus.lexical_rows(query, limit=COMMON_USES, below=self._until)
            common = len(hits) == COMMON_USES
        else:
            hits = self.corpus.lexical_rows(query, limit=COMMON_USES)
            published = months_of_days(np.asarray(self.corpus.published)[hits])
            common = len(hits) == COMMON_USES and bool((published <= self.month).all())
        if common:
            return None
        rows, months = hits_in_view(self.view, hits)
        window = (months >= self._start) & (months <= self.month)
        return rows[window], months[window]

    def named_counts(self, forms: Forms) -> tuple[int, int] | None:
        """Like :meth:`counts` for a phrase in any of its ``forms``; None when it is common."""
        if self._until is not None and any(form in self._common for form in forms):
            # a key term found common: its forms together are used at least as often
            # (in a corpus led by date, where "common" is a count of the leading rows)
            self._named.setdefault(forms, None)
        if forms not in self._named:
            months = self._bounded_months(phrase_query(forms))
            if months is None:
                self._named[forms] = None
            else:
                earlier = int((months <= self._earlier[1]).sum())
                self._named[forms] = (earlier, len(months) - earlier)
        return self._named[forms]

    def titled_uses(self, forms: Forms) -> int:
        """Titles of the slice's window that use the phrase (call only for one not common)."""
        if forms not in self._titled:
            found = self._bounded_hits(f"title : ({phrase_query(forms)})")
            self._titled[forms] = COMMON_USES if found is None else len(found[0])
            if found is not None:
                self._titled_rows[forms] = found[0]
        return self._titled[forms]

    def continued_share(self, forms: Forms) -> float:
        """Of the window's titles using the phrase, the share where a content word follows it.

        Near 1 for a modifier cut from its head ("attention for long" in "Sparse Attention
        for Long Sequences"). Titles that FTS5 matched but whose words do not hold the phrase as
        :func:`tokens` cuts them are not counted (call only for a phrase not common).
        """
        if forms not in self._continued:
            rows = self._titled_rows.get(forms)
            if rows is None:  # its title count was learned, or not looked up yet
                found = self._bounded_hits(f"title : ({phrase_query(forms)})")
                rows = None if found is None else found[0]
            titles = [] if rows is None else self.corpus.titles(rows.tolist())
            self._continued[forms] = continued_share(titles, forms)
        return self._continued[forms]

    def named_term(
        self,
        idea: str,
        *,
        max_words: int = NAMED_MAX_WORDS,
        titles: int = TITLE_USES,
        absorbed: float | None = ABSORBED_SHARE,
        continued: float | None = CONTINUED_SHARE,
    ) -> tuple[str, Forms] | None:
        """The idea's named term: its rarest phrase of 1-3 words that titles already use.

        Rarest by the window's papers using it (at least ``min_papers``, not common); it
        must be in at least ``titles`` of the window's titles; a phrase with a stop word
        inside must not be followed by another content word in ``continued`` of them; and no
        phrase of the idea one word longer may hold ``absorbed`` of them (None: no such
        check). Title uses are looked
        up rarest first, until one qualifies. The settings other than the
        defaults are for the backtest's ablation (benchmarks/named_ablation.py).
        """
        used = []
        for gram, forms in named_candidates(idea, max_words):
            counts = self.named_counts(forms)
            if counts is not None and sum(counts) >= self.min_papers:
                used.append((sum(counts), gram, forms))
        longer = set() if absorbed is None else title_grams(tokens(idea), max_words + 1)
        for _, gram, forms in sorted(used):
            if titles > 0 and self.titled_uses(forms) < titles:
                continue
            if continued is not None and bridges(gram) and self.continued_share(forms) >= continued:
                continue
            if absorbed is None or not self._absorbed(gram, forms, longer, absorbed):
                return gram, forms
        return None

    def _absorbed(self, gram: str, forms: Forms, grams: set[str], share: float) -> bool:
        """Whether one of ``grams`` one word longer than ``gram`` has ``share`` of its titles."""
        width = gram.count(" ") + 2
        own = self.titled_uses(forms)
        for other in sorted(grams):
            if other.count(" ") + 1 != width:
                continue
            if not (other.startswith(f"{gram} ") or other.endswith(f" {gram}")):
                continue
            if self.titled_uses(named_forms(other)) >= share * own:
                return True
        return False

    def named_trend(self, forms: Forms) -> float:
        """:meth:`trend` of a named term (its forms must not be common)."""
        counts = self.named_counts(forms)
        if counts is None:
            raise ValueError(f"{forms[0]!r} is common: it has no trend")
        return shrunk_trend(*counts, self.volumes, self.prior)

    def months(self, term: str) -> npt.NDArray[np.int32]:
        """Month of each window paper of the slice using ``term`` (one phrase query, cached)."""
        if term not in self._months:
            self._months[term] = self._window(phrase_months(self.corpus, self.view, [term]))
        return self._months[term]

    def _window(self, months: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        return months[(months >= self._start) & (months <= self.month)]

    def counts(self, term: str) -> tuple[int, int]:
        """Slice papers using ``term`` in the 24 months before the last 12, and in those 12."""
        if term not in self._cache:
            months = self.months(term)
            earlier = int((months <= self._earlier[1]).sum())
            self._cache[term] = (earlier, len(months) - earlier)
        return self._cache[term]

    def trend(self, term: str) -> float:
        """Log of the term's recent share over its earlier share (smoothed and shrunk)."""
        return shrunk_trend(*self.counts(term), self.volumes, self.prior)

    def rarest_terms(self, idea: str) -> list[str]:
        """The idea's ``rarest`` key terms used at least ``min_papers`` times, rarest first.

        Common terms (:meth:`is_common`) are left out: they name the parent field, not the
        idea, and counting their every use would cost most of the signal's time.
        """
        terms = [term for term in key_terms(idea) if not self.is_common(term)]
        used = [(sum(self.counts(t)), t) for t in terms if sum(self.counts(t)) >= self.min_papers]
        return [term for _, term in sorted(used)[: self.rarest]]

    def score(self, idea: str) -> float:
        """Mean log trend of the idea's rarest established terms (0.0 when it has none)."""
        rarest = self.rarest_terms(idea)
        if not rarest:
            return 0.0
        return sum(self.trend(term) for term in rarest) / len(rarest)


def _rows_up_to(corpus: Corpus, month: int) -> int | None:
    """How many rows lead the corpus with a date up to ``month``; None if they do not lead.

    In a corpus built in date order every row up to as-of comes before every later one,
    so the first matches of a query among all rows are its first among those rows.
    """
    import numpy as np

    from launchpad.corpus.store import date_to_days

    early = np.asarray(corpus.published) < date_to_days(month_start(month + 1))
    count = int(np.count_nonzero(early))
    return count if bool(early[:count].all()) else None
