"""The faster batch path gives the same answers as the code it replaced.

The term trend chooses the same terms with the same counts; full-text rows, the lexical
mask and the text patterns with a look-ahead match what they matched before. The term
trend's reference below is the earlier :meth:`TermTrends.is_common`, kept verbatim: it
read the first :data:`COMMON_USES` matches among all rows through
``Corpus.lexical_rows`` and checked their dates. The sample corpus has no term used
2,000 times, so the cut is lowered to make both sides meet common terms.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from launchpad.corpus.store import Corpus
from launchpad.ideas import emergence
from launchpad.ideas.concepts import months_in_view, phrase_query
from launchpad.ideas.emergence import TermTrends
from launchpad.ideas.neighbourhood import open_slice
from launchpad.ideas.patterns import FoldedPattern
from launchpad.ideas.phrases import key_terms
from launchpad.ideas.timeline import month_index, months_of_days

CUT = 12  # low enough that the sample's field words are common before every as-of date


class Before(TermTrends):
    """The term trend as it was: every common-term check reads its rows in Python."""

    def is_common(self, term: str) -> bool:
        if term not in self._months and term not in self._common:
            hits = self.corpus.lexical_rows(phrase_query([term]), limit=emergence.COMMON_USES)
            published = months_of_days(np.asarray(self.corpus.published)[hits])
            if len(hits) == emergence.COMMON_USES and bool((published <= self.month).all()):
                self._common.add(term)
            else:
                self._months[term] = self._window(months_in_view(self.view, hits))
        return term in self._common


@pytest.mark.parametrize(
    ("as_of", "categories"),
    [(dt.date(2016, 12, 31), ()), (dt.date(2019, 6, 30), ("cs.CL",)), (None, ())],
)
@pytest.mark.parametrize("date_ordered", [True, False])
def test_the_same_terms_counts_and_signal_as_before(
    ideas_corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    as_of: dt.date | None,
    categories: tuple[str, ...],
    date_ordered: bool,
) -> None:
    monkeypatch.setattr(emergence, "COMMON_USES", CUT)
    if not date_ordered:  # the path for a corpus whose rows are not in date order
        monkeypatch.setattr(emergence, "_rows_up_to", lambda *_: None)
    with Corpus.open(ideas_corpus) as corpus:
        day = as_of or dt.date(1970, 1, 1) + dt.timedelta(days=int(np.max(corpus.published)))
        view = open_slice(corpus, categories, until=day)
        month = month_index(day)
        ideas = [p.title for p in corpus.papers(view.rows[::3].tolist())]
        new, old = TermTrends(corpus, view, month), Before(corpus, view, month)
        assert (new._until is not None) == date_ordered  # the sample corpus is date-ordered
        common = 0
        for idea in ideas:
            assert new.rarest_terms(idea) == old.rarest_terms(idea), idea
            assert new.score(idea) == old.score(idea), idea
            for term in key_terms(idea):
                assert new.is_common(term) == old.is_common(term), term
                common += new.is_common(term)
                if not new.is_common(term):
                    assert new.counts(term) == old.counts(term), term
        assert common > 20, "the comparison met too few common terms to mean much"
        assert sum(map(bool, (new.rarest_terms(i) for i in ideas))) >= 5, "too few trends"


def test_lexical_rows_are_those_sqlite_steps_through(ideas_corpus: Path) -> None:
    sql = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid"
    with Corpus.open(ideas_corpus) as corpus:
        for query in ('"language"', '"neural network"', "graph AND learning", '"zzyzx"'):
            every = [row for (row,) in corpus._db.execute(sql, (query,))]
            assert corpus.lexical_rows(query).tolist() == every
            assert corpus.lexical_rows(query, limit=5).tolist() == every[:5]
            below = corpus.lexical_rows(query, below=1000)
            assert below.tolist() == [row for row in every if row < 1000]


def _plain(fast: FoldedPattern) -> FoldedPattern:
    """``fast`` without its leading look-ahead (and without its needles)."""
    pattern = fast.original.pattern
    assert pattern.startswith("(?=[")
    return FoldedPattern(pattern.split("]", 1)[1].removeprefix(")"))


def test_the_look_ahead_of_the_text_patterns_changes_no_answer(
    ideas_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.ideas import claims

    # long s, the fl ligature and the Kelvin sign fold to ASCII letters under IGNORECASE
    tricky = ["USING a GAN", "u\u017fing it", "we apply", "Off-The-Shelf", "\ufb02ops", "\u212aB"]
    with Corpus.open(ideas_corpus) as corpus:
        texts = [f"{p.title}. {p.abstract}" for p in corpus.papers(list(range(len(corpus))))]
    for fast in (claims._MEANS, claims._EFFICIENCY):
        plain = _plain(fast)
        for text in [*texts, *tricky]:
            assert fast.search(text) == plain.search(text), text
            assert fast.search(text) == (plain.original.search(text) is not None), text
    tricky += ["It reduces latency by 30%", "IMPROVES accuracy by up to 4.5 %", "cut costs by 2%"]
    found = [claims.extract_claims(text) for text in [*texts, *tricky]]
    assert sum(map(bool, found)) > 50  # texts with a claim: the patterns were exercised
    relative = claims._RELATIVE_PATTERNS
    monkeypatch.setattr(claims, "_RELATIVE_PATTERNS", [relative[0], _plain(relative[1])])
    assert [claims.extract_claims(text) for text in [*texts, *tricky]] == found


def test_the_lexical_mask_marks_the_slice_papers_that_match(ideas_corpus: Path) -> None:
    from launchpad.ideas.neighbourhood import lexical_mask, lexical_query

    with Corpus.open(ideas_corpus) as corpus:
        for categories in ((), ("cs.CL",), ("cs.LG", "stat.ML")):
            view = open_slice(corpus, categories, until=dt.date(2019, 6, 30))
            for paper in corpus.papers(list(range(0, len(corpus), 97))):
                query = lexical_query(paper.title)
                mask = lexical_mask(corpus, view, paper.title)
                hits = corpus.lexical_rows(query, limit=20_000) if query else np.zeros(0, int)
                assert mask.tolist() == np.isin(view.rows, hits).tolist(), paper.title
