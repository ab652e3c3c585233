"""Score ideas against the corpus: neighbourhood, the three axes, and the evidence.

:func:`score_ideas` is the whole ``score-idea`` job for any caller: it reads and checks
the ideas (one text, many, or a file of them), scores them, attaches every notice and
ranks them; the CLI only renders what it returns.

:class:`Scorer` opens one slice of the corpus as of a date (every later paper is cut off,
for the neighbourhood and for the normalisation alike) and scores any number of ideas
against it in batches: the idea texts are embedded together, similarities come from one
chunked matrix product over the memory-mapped vectors, and only the few dozen neighbours
of each idea are read from SQLite for the evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from launchpad.errors import InputError
from launchpad.ideas import axes, relevance
from launchpad.ideas.claims import builds_on_methods, extract_claims, mentions_efficiency
from launchpad.ideas.inputs import MAX_IDEAS, IdeasInput, opened, prepare_ideas
from launchpad.ideas.neighbourhood import (
    K_NEAREST,
    RECENT_MONTHS,
    WINDOW_MONTHS,
    Neighbourhood,
    SliceView,
    lexical_mask,
    neighbourhood,
    open_slice,
    quarterly_share,
    slice_similarities,
    volume_jump,
    window_rows,
)
from launchpad.ideas.results import (
    ClaimEvidence,
    Evidence,
    IdeaScore,
    Neighbour,
    Scored,
    clean_title,
    rank_key,
)
from launchpad.ideas.signals import Signals
from launchpad.ideas.timeline import month_index
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus

COVERAGE_JUMP = 2.5  # yearly slice volumes further apart than this get a notice
BATCH = 64  # ideas embedded and compared at once
SIMILARITY_BYTES = 256 << 20  # ... fewer when their similarity rows would pass this


def batch_size(papers: int) -> int:
    """Ideas per pass over ``papers`` rows: :data:`BATCH`, fewer for a very large slice.

    Each idea of a pass holds a float32 similarity per paper: 64 ideas over 2.7M papers
    would be 690 MB, most of the memory budget, so such a slice takes 24 at a time.
    """
    return max(1, min(BATCH, SIMILARITY_BYTES // (4 * max(papers, 1))))


def frontier_inputs(
    view: SliceView, hood: Neighbourhood, *, k: int = K_NEAREST
) -> axes.FrontierInputs:
    """The counts the frontier axis needs, all up to the neighbourhood's as-of month."""
    import numpy as np

    c = hood.as_of_month
    top_months = view.months[hood.top_local]
    recent = top_months > c - RECENT_MONTHS
    window_volume = view.volume_between(c - WINDOW_MONTHS + 1, c)
    slice_recent = view.volume_between(c - RECENT_MONTHS + 1, c) / max(window_volume, 1)
    # recency weights: a paper from this month weighs 1, one from a year ago 1/e
    ages = np.arange(WINDOW_MONTHS)
    weights = np.exp(-ages / RECENT_MONTHS)
    lo = c - WINDOW_MONTHS + 1 - view.first_month
    per_month = np.zeros(WINDOW_MONTHS)
    for i in range(WINDOW_MONTHS):
        m = c - i - view.first_month
        if 0 <= m < len(view.volume) and m >= lo:
            per_month[i] = view.volume[m]
    slice_weight = float((per_month * weights).sum() / max(per_month.sum(), 1))
    hood_weight = float(np.exp(-(c - top_months) / RECENT_MONTHS).mean()) if len(recent) else 0
    return axes.FrontierInputs(
        recent_fraction=float(np.mean(recent)) if len(recent) else 0.0,
        slice_recent_fraction=slice_recent,
        recency=hood_weight / max(slice_weight, 1e-9),
        radius_papers=hood.count_between(view, view.first_month, c),
        k=min(k, len(hood.top_local)),
    )


class Scorer:
    """Scores ideas in one slice of one corpus, as of one date."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        as_of: dt.date | None = None,
        categories: Sequence[str] = (),
        measure_relevance: bool = False,
    ) -> None:
        """``measure_relevance``: also measure how close each idea's nearest papers are to it
        (FTS look-ups; calibration needs it, the backtests do not)."""
        import numpy as np

        self.corpus = corpus
        self.measures_relevance = measure_relevance
        published = np.asarray(corpus.published)
        first = dt.date(1970, 1, 1) + dt.timedelta(days=int(published.min()))
        last = dt.date(1970, 1, 1) + dt.timedelta(days=int(published.max()))
        if as_of is None:
            as_of = last
        if as_of < first:
            raise InputError(
                f"--as-of {as_of} is before the corpus starts ({first})",
                hint=f"choose a date between {first} and {last}",
            )
        self.as_of = as_of
        self.corpus_last = last
        self.notices: list[str] = []
        known = set(corpus.category_names)
        unknown = [name for name in categories if name not in known]
        if unknown and len(unknown) < len(categories):
            self.notices.append(
                f"no paper in the corpus lists {', '.join(unknown)}: ignored in --categories"
            )
        if (as_of - last).days > 31:
            self.notices.append(
                f"the corpus ends on {last}: growth after it is unknown to this score"
            )
        self.categories = tuple(categories)
        self.view = open_slice(corpus, self.categories, until=self.as_of)
        self.as_of_month = month_index(self.as_of)
        self._window = window_rows(self.view, self.as_of_month)  # shared by every idea
        window_start = self.as_of_month - WINDOW_MONTHS + 1
        if self.view.volume_between(window_start, self.as_of_month) < K_NEAREST:
            if as_of > last:
                raise InputError(
                    f"--as-of {as_of} is too long after the corpus ends ({last}): the "
                    f"{WINDOW_MONTHS} months before it hold too few papers",
                    hint=f"choose a date between {first} and {last}",
                )
            raise InputError(
                f"too few papers in {', '.join(self.categories) or 'the corpus'} in the "
                f"{WINDOW_MONTHS} months up to {self.as_of} to score an idea",
                hint="choose a later --as-of or wider --categories",
            )
        self.signals = Signals(corpus, self.view, self.as_of_month)
        # document frequencies for the relevance overlap, counted up to the as-of date
        self._df: dict[str, float] = {}
        self._in_slice = np.zeros(len(corpus), dtype=bool)
        self._in_slice[self.view.rows] = True
        jump = volume_jump(self.view, self.as_of_month)
        self.coverage_changed = jump > COVERAGE_JUMP
        if jump > COVERAGE_JUMP:
            self.notices.append(
                f"the corpus holds {jump:.1f}x more papers of "
                f"{', '.join(self.categories) or 'the whole corpus'} in one year of the "
                "three before --as-of than in another: its coverage changed, which reads "
                "as growth or decline (use --categories where the corpus is consistent, "
                "e.g. cs.CL)"
            )

    def score(
        self,
        ideas: Sequence[str],
        *,
        top: int = 10,
        progress: Progress | None = None,
        on_scored: Callable[[int, IdeaScore], None] | None = None,
        exclude: Sequence[int] | None = None,
    ) -> list[IdeaScore]:
        """Score each idea (already cleaned with :func:`~launchpad.ideas.inputs.clean_idea`).

        With ``on_scored``, each score is handed over (with its index) as soon as it is
        made and not kept, so memory stays flat however many ideas there are.
        ``exclude`` gives, per idea, the index into the slice of a paper that must not be
        its neighbour (-1 for none): a paper's own title would find the paper itself.
        The scores are raw; :mod:`launchpad.ideas.reference` calibrates them.
        """
        out: list[IdeaScore] = []
        embedder = self.corpus.embedder()
        progress = progress or NullProgress()
        progress.start("scoring ideas", total=len(ideas))
        step = batch_size(len(self.view.rows))
        for start in range(0, len(ideas), step):
            chunk = list(ideas[start : start + step])
            queries = embedder.encode(chunk)
            sims = slice_similarities(self.corpus, self.view, queries)
            for offset, (idea, row) in enumerate(zip(chunk, sims, strict=True)):
                own = -1 if exclude is None else exclude[start + offset]
                score = self._score_one(idea, row, top, own)
                if on_scored is None:
                    out.append(score)
                else:
                    on_scored(start + offset, score)
                progress.advance()
        progress.finish()
        return out

    def document_frequency(self, word: str) -> float:
        """Papers of the slice up to the as-of date containing ``word`` (or its plural).

        Rarity is the slice's, so the weight of a word does not depend on what else the
        corpus holds. A word found in more than ``relevance.DF_ROWS`` papers of the whole
        corpus is not counted further: it is common, and weighs the least.
        """
        if word not in self._df:
            import numpy as np

            query = " OR ".join(f'"{v}"' for v in relevance.variants(word))
            hits = self.corpus.lexical_rows(query, limit=relevance.DF_ROWS)
            counted = float(np.count_nonzero(self._in_slice[hits]))
            self._df[word] = (
                counted if len(hits) < relevance.DF_ROWS else float(len(self.view.rows))
            )
        return self._df[word]

    def frequencies(self, known: dict[str, float] | None = None) -> dict[str, float]:
        """The document frequencies looked up so far, after adding ``known`` ones."""
        if known:
            self._df.update(known)
        return dict(self._df)

    def _relevance(
        self, idea: str, sims: npt.NDArray[np.float32], hood: Neighbourhood, texts: list[str]
    ) -> relevance.Relevance:
        import numpy as np

        nearest = hood.top_local[: relevance.TOP]
        papers = len(self.view.rows)
        lexical = relevance.overlap(
            relevance.terms(idea),
            texts[: relevance.TOP],
            lambda word: relevance.rarity(self.document_frequency(word), papers),
        )
        # rounded like the neighbours' similarities: BLAS moves the 7th digit with the pass size
        similarity = round(float(np.mean(sims[nearest])), 4) if len(nearest) else 0.0
        return relevance.Relevance(similarity, lexical)

    def _score_one(
        self, idea: str, sims: npt.NDArray[np.float32], top: int, own: int = -1
    ) -> IdeaScore:
        import numpy as np

        view, c = self.view, self.as_of_month
        lexical = lexical_mask(self.corpus, view, idea)
        if own >= 0:  # the paper itself is no evidence about its own title
            sims[own] = -1.0
            lexical[own] = False
        hood = neighbourhood(view, sims, c, lexical=lexical, window_idx=self._window)
        frontier_in = frontier_inputs(view, hood)
        frontier = axes.frontier(frontier_in, self.signals.measure(idea))

        rows = view.rows[hood.top_local]
        papers = self.corpus.papers(rows.tolist())
        months = view.months[hood.top_local]
        texts = [f"{p.title}. {p.abstract}" for p in papers]
        means_rate = float(np.mean([builds_on_methods(t) for t in texts]))
        cat_counts = Counter(cat for p in papers for cat in p.categories)
        reach = float(np.mean(sims[self._window] >= axes.REACH_SIMILARITY))
        fanout = axes.fanout(axes.FanoutInputs(reach, means_rate))

        claims: list[ClaimEvidence] = []
        recent_strengths: list[float] = []
        before_strengths: list[float] = []
        for paper, month in zip(papers, months, strict=True):
            if month <= c - 2 * RECENT_MONTHS:
                continue
            found = extract_claims(paper.abstract)
            if not found:
                continue
            best = max(claim.strength for claim in found)
            (recent_strengths if month > c - RECENT_MONTHS else before_strengths).append(best)
            claims.extend(
                ClaimEvidence(paper.id, paper.published.isoformat(), cl.kind, cl.value, cl.quote)
                for cl in found
            )
        efficiency = float(np.mean([mentions_efficiency(t) for t in texts]))
        headroom = axes.headroom(
            axes.HeadroomInputs(
                recent_strengths,
                before_strengths,
                len(papers),
                efficiency,
                youth=frontier_in.k / max(frontier_in.radius_papers, frontier_in.k, 1),
            )
        )
        neighbours = [
            Neighbour(
                p.id,
                clean_title(p.title),
                p.published.isoformat(),
                round(float(sims[local]), 4),
                p.categories,
                bool(lexical[local]),
            )
            for p, local in zip(papers[:top], hood.top_local[:top], strict=False)
        ]
        evidence = Evidence(
            neighbours,
            quarterly_share(view, hood),
            cat_counts.most_common(8),
            claims[:20],
            hood.tau,
            hood.lexical_hits,
        )
        close = self._relevance(idea, sims, hood, texts) if self.measures_relevance else None
        return IdeaScore(
            idea,
            self.as_of,
            self.categories,
            len(view.rows),
            frontier,
            fanout,
            headroom,
            evidence,
            list(self.notices),
            relevance=close,
        )


def score_ideas(
    ideas: IdeasInput,
    *,
    corpus: Corpus | Path | None = None,
    as_of: dt.date | None = None,
    categories: Sequence[str] = (),
    top: int = 10,
    progress: Progress | None = None,
    on_scored: Callable[[IdeaScore], None] | None = None,
) -> Scored:
    """Check, score and rank ideas against a corpus: an open one, a directory or the default.

    The ideas are checked before the corpus is opened, so a bad idea costs nothing;
    errors are :class:`~launchpad.errors.InputError` (the text, or more ideas than
    ``MAX_IDEAS``), ``NotFoundError`` (the file or the corpus).

    ``on_scored`` streams instead of ranking: each score goes to it in input order as
    soon as it is made, any number of ideas is taken, and the result holds only the
    notices.
    """
    from launchpad.ideas import reference

    prepared = prepare_ideas(ideas, limit=None if on_scored is not None else MAX_IDEAS)
    with opened(corpus) as store:
        scorer = Scorer(store, as_of=as_of, categories=categories, measure_relevance=True)
        cutoff = reference.reference_date(scorer.as_of, scorer.corpus_last)
        sample, note, _ = reference.load(
            store, scorer.categories, cutoff, scorer=scorer, progress=progress
        )
        if note is not None:
            scorer.notices.append(note)
        reference.seed(scorer, sample)

        def calibrated(score: IdeaScore, notes: list[str]) -> IdeaScore:
            score = dataclasses.replace(score, notices=score.notices + notes)
            return reference.calibrate(score, sample, coverage_changed=scorer.coverage_changed)

        texts = [text for text, _ in prepared]
        # one idea takes well under a second: a bar only for the reference and for batches
        bar = progress if len(texts) > 1 else None
        if on_scored is not None:

            def hand_over(index: int, score: IdeaScore) -> None:
                on_scored(calibrated(score, prepared[index][1]))

            scorer.score(texts, top=top, progress=bar, on_scored=hand_over)
            return Scored((), tuple(scorer.notices))
        scores = scorer.score(texts, top=top, progress=bar)
    ranked = sorted(
        (calibrated(score, notes) for score, (_, notes) in zip(scores, prepared, strict=True)),
        key=rank_key,
    )
    own = [note for _, notes in prepared for note in notes]
    return Scored(tuple(ranked), (*scorer.notices, *own))
