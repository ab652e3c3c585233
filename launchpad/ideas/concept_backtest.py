"""The concept backtest: does frontier, as of a cutoff, single out the concepts that rose next?

At each cutoff, concepts are mined from the slice's titles and labelled by their own share
growth over the next months (:mod:`launchpad.ideas.concepts`); each is described by the
title of a typical paper from before the cutoff and scored as of the cutoff with
:class:`~launchpad.ideas.score.Scorer`. Frontier is measured against the momentum baseline
(the fraction of the 50 nearest papers of the last 36 months that are from the last 12,
over the slice's fraction) and random, on the same ideas: AUC of risers against the rest,
precision at K (K = the number of risers), and calibration (the share of risers scoring at
least 60, the share of the others at most 40), both on the raw 0-100 frontier and on what a
user is shown: its percentile in the reference sample of the slice at the cutoff
(:mod:`launchpad.ideas.reference`), pure and shrunk towards 50 by the idea's relevance.
It is long because the result types and their plain-data forms sit beside the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import InputError
from launchpad.ideas import axes, clean_idea, reference
from launchpad.ideas.backtest import horizon_slice, rank
from launchpad.ideas.concepts import (
    LABELS,
    MIN_SUPPORT,
    Concept,
    describe,
    label_concepts,
    mine,
    sample,
)
from launchpad.ideas.inputs import opened
from launchpad.ideas.neighbourhood import (
    WINDOW_MONTHS,
    SliceView,
    lexical_mask,
    neighbourhood,
    open_slice,
    slice_similarities,
)
from launchpad.ideas.score import BATCH, Scorer, frontier_inputs
from launchpad.ideas.timeline import month_index, month_start
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus

HORIZON_MONTHS = 24
HIGH, LOW = 60, 40  # calibration: risers should score at least HIGH, the others at most LOW
METHODS = ("frontier", "momentum", "random")


@dataclass(frozen=True)
class ScoredConcept:
    """One labelled concept with what each method said about it as of the cutoff."""

    concept: Concept
    frontier: int  # the 0-100 score
    frontier_raw: float  # the unrounded value that is ranked
    momentum: float
    frontier_percentile: float  # among the reference ideas of the slice at the cutoff
    frontier_shown: int  # the percentile shrunk by relevance: what score-idea prints

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return self.concept.to_dict() | {
            "frontier": self.frontier,
            "frontier_raw": round(self.frontier_raw, 4),
            "frontier_percentile": round(self.frontier_percentile, 2),
            "frontier_shown": self.frontier_shown,
            "momentum": round(self.momentum, 4),
        }


@dataclass(frozen=True)
class CalibrationShares:
    """The calibration goal's two shares for one kind of 0-100 score."""

    risers_high: float  # share of the scored risers at or above HIGH
    others_low: float  # share of the scored flats and decliners at or below LOW

    @classmethod
    def of(cls, values: Sequence[float], positive: npt.NDArray[np.bool_]) -> CalibrationShares:
        """The two shares of ``values`` (0.0 for an empty class)."""
        import numpy as np

        array = np.asarray(values, dtype=np.float64)
        high = float((array[positive] >= HIGH).mean()) if positive.any() else 0.0
        low = float((array[~positive] <= LOW).mean()) if (~positive).any() else 0.0
        return cls(high, low)

    def to_dict(self) -> dict[str, float]:
        """Plain data, named after the thresholds."""
        return {
            f"risers_at_least_{HIGH}": round(self.risers_high, 4),
            f"others_at_most_{LOW}": round(self.others_low, 4),
        }


@dataclass(frozen=True)
class MethodMetrics:
    """How well one method's ranking separated the risers from the rest."""

    method: str
    auc: float
    precision_at_k: float


@dataclass(frozen=True)
class ConceptCutoff:
    """The concept backtest at one cutoff."""

    cutoff: dt.date
    horizon_end: dt.date
    candidates: int  # concepts mined
    labels: dict[str, int]  # every mined concept per label ("unlabelled": between bands)
    k: int  # risers among the scored ideas
    methods: list[MethodMetrics]
    risers_high: float  # share of the scored risers with frontier >= HIGH
    others_low: float  # share of the scored flats and decliners with frontier <= LOW
    ideas: list[ScoredConcept]
    percentile: CalibrationShares  # the same two shares on the frontier percentile
    shown: CalibrationShares  # ... and on the shown score (the percentile, relevance-shrunk)

    def method(self, name: str) -> MethodMetrics:
        """The metrics of method ``name``."""
        return next(m for m in self.methods if m.method == name)

    def to_dict(self, *, ideas: bool = True) -> dict[str, Any]:
        """Plain data; ``ideas=False`` leaves out the per-idea rows."""
        data: dict[str, Any] = {
            "cutoff": self.cutoff.isoformat(),
            "horizon_end": self.horizon_end.isoformat(),
            "candidates": self.candidates,
            "labels": dict(self.labels),
            "scored": len(self.ideas),
            "k": self.k,
            "methods": {
                m.method: {"auc": round(m.auc, 4), "precision_at_k": round(m.precision_at_k, 4)}
                for m in self.methods
            },
            "calibration": CalibrationShares(self.risers_high, self.others_low).to_dict()
            | {"percentile": self.percentile.to_dict(), "shown": self.shown.to_dict()},
        }
        if ideas:
            data["ideas"] = [idea.to_dict() for idea in self.ideas]
        return data


@dataclass(frozen=True)
class ConceptBacktest:
    """The concept backtest over every cutoff of one slice."""

    categories: tuple[str, ...]
    seed: int
    ideas_per_cutoff: int
    horizon_months: int
    cutoffs: list[ConceptCutoff] = field(default_factory=list)

    def to_dict(self, *, ideas: bool = True) -> dict[str, Any]:
        """Plain data for ``--format json``."""
        return {
            "categories": list(self.categories),
            "seed": self.seed,
            "ideas_per_cutoff": self.ideas_per_cutoff,
            "horizon_months": self.horizon_months,
            "cutoffs": [c.to_dict(ideas=ideas) for c in self.cutoffs],
        }


def auc(scores: npt.NDArray[np.float64], positive: npt.NDArray[np.bool_]) -> float:
    """Area under the ROC curve of ``scores`` for ``positive`` (Mann-Whitney; ties count half).

    0.5 when either class is empty.
    """
    import numpy as np

    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.5
    ranks = rank(scores)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def hits_at_k(scores: npt.NDArray[np.float64], positive: npt.NDArray[np.bool_], k: int) -> float:
    """Fraction of the ``k`` best by ``scores`` that are positive (0.0 when ``k`` is 0)."""
    import numpy as np

    if k <= 0:
        return 0.0
    best = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")[:k]
    return float(np.asarray(positive, dtype=bool)[best].mean())


def momentum_of(corpus: Corpus, view: SliceView, month: int, ideas: Sequence[str]) -> list[float]:
    """The momentum baseline of each idea in ``view`` as of ``month`` (the backtest's own)."""
    embedder = corpus.embedder()
    out: list[float] = []
    for start in range(0, len(ideas), BATCH):
        chunk = list(ideas[start : start + BATCH])
        sims = slice_similarities(corpus, view, embedder.encode(chunk))
        for idea, row in zip(chunk, sims, strict=True):
            hood = neighbourhood(view, row, month, lexical=lexical_mask(corpus, view, idea))
            out.append(axes.momentum(frontier_inputs(view, hood)))
    return out


def concept_backtest(
    corpus: Corpus | Path | None,
    *,
    categories: Sequence[str] = ("cs.CL",),
    cutoffs: Sequence[dt.date],
    seed: int = 7,
    ideas: int = 300,
    horizon: int = HORIZON_MONTHS,
    min_support: int = MIN_SUPPORT,
    progress: Progress | None = None,
    cache: Path | None = None,
) -> ConceptBacktest:
    """Mine, label and score concepts at each cutoff; measure frontier against momentum.

    ``corpus`` is an open corpus, a corpus directory, or None for the configured one.
    ``categories`` empty means the whole corpus. The slice must be consistently covered
    from 36 months before the first cutoff to ``horizon`` months after the last.
    ``cache``, a folder, keeps each cutoff's mined, labelled and described concepts, so
    a second run with the same settings only scores (mining and labelling are most of
    the time), and the percentile reference of each cutoff (else it is cached in the
    corpus folder, as ``score-idea`` does).
    """
    if ideas < 20:
        raise InputError("--ideas must be at least 20", hint="use a few hundred, e.g. --ideas 300")
    with opened(corpus) as store:
        return _run(
            store,
            categories=categories,
            cutoffs=cutoffs,
            seed=seed,
            ideas=ideas,
            horizon=horizon,
            min_support=min_support,
            progress=progress or NullProgress(),
            cache=cache,
        )


def _run(
    corpus: Corpus,
    *,
    categories: Sequence[str],
    cutoffs: Sequence[dt.date],
    seed: int,
    ideas: int,
    horizon: int,
    min_support: int,
    progress: Progress,
    cache: Path | None = None,
) -> ConceptBacktest:
    result = ConceptBacktest(tuple(categories), seed, ideas, horizon)
    for cutoff in cutoffs:
        c = month_index(cutoff)
        end, view = horizon_slice(corpus, categories, cutoff, horizon)
        horizon_end = month_start(end + 1) - dt.timedelta(days=1)
        key = f"{'+'.join(categories) or 'all'}-{cutoff}-s{seed}-i{ideas}-h{horizon}-m{min_support}"
        stored = _load(cache, key)
        if stored is None:
            stored = _mine_and_label(
                corpus,
                view,
                c,
                end,
                seed=seed,
                ideas=ideas,
                min_support=min_support,
                progress=progress,
                cutoff=cutoff,
            )
            _save(cache, key, stored)
        candidates, counts, picked = stored
        texts = [clean_idea(concept.idea)[0] for concept in picked]
        progress.start(f"score concepts {cutoff}", total=2 * len(texts))
        scorer = Scorer(corpus, as_of=cutoff, categories=categories, measure_relevance=True)
        ref, _, _ = reference.load(
            corpus,
            categories,
            reference.reference_date(cutoff, scorer.corpus_last),
            scorer=scorer,
            directory=cache,
        )
        scorer.frequencies(ref.frequencies)
        scored = []
        for start in range(0, len(texts), BATCH):
            chunk = scorer.score(texts[start : start + BATCH], top=0)
            scored += [
                reference.calibrate(s, ref, coverage_changed=scorer.coverage_changed) for s in chunk
            ]
            progress.advance(len(chunk))
        as_of_view = open_slice(corpus, categories, until=cutoff)
        momentum = momentum_of(corpus, as_of_view, c, texts)
        progress.advance(len(texts))
        progress.finish()
        rows = [
            ScoredConcept(
                concept,
                s.calibration["frontier"].raw,
                s.frontier.raw,
                m,
                s.calibration["frontier"].percentile,
                s.frontier.score,
            )
            for concept, s, m in zip(picked, scored, momentum, strict=True)
        ]
        result.cutoffs.append(
            _measure(
                cutoff=cutoff,
                horizon_end=horizon_end,
                candidates=candidates,
                counts=counts,
                rows=rows,
                seed=seed,
            )
        )
    return result


_Mined = tuple[int, dict[str, int], list[Concept]]


def _mine_and_label(
    corpus: Corpus,
    view: SliceView,
    c: int,
    end: int,
    *,
    seed: int,
    ideas: int,
    min_support: int,
    progress: Progress,
    cutoff: dt.date,
) -> _Mined:
    """Concepts mined at month ``c``, their label counts, and the sampled ideas described."""
    window_rows = view.rows[(view.months > c - WINDOW_MONTHS) & (view.months <= c)]
    titles = [p.title for p in corpus.papers(window_rows.tolist())]
    candidates = mine(titles, min_support=min_support)
    progress.start(f"label concepts {cutoff}", total=len(candidates))
    labelled = label_concepts(corpus, view, candidates, c, horizon=end - c, progress=progress)
    progress.finish()
    counts = {name: sum(1 for _, x in labelled if x.label == name) for name in LABELS}
    counts["unlabelled"] = len(labelled) - sum(counts.values())
    picked = [
        describe(corpus, window_rows, cand, concept)
        for cand, concept in sample(labelled, ideas=ideas, seed=seed + c)
    ]
    return len(candidates), counts, picked


def _load(cache: Path | None, key: str) -> _Mined | None:
    import json

    path = cache / f"{key}.json" if cache is not None else None
    if path is None or not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    picked = [Concept(**(row | {"forms": tuple(row["forms"])})) for row in data["ideas"]]
    return data["candidates"], data["labels"], picked


def _save(cache: Path | None, key: str, mined: _Mined) -> None:
    import json

    from launchpad.atomicfile import atomic_write_text

    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    candidates, counts, picked = mined
    data = {"candidates": candidates, "labels": counts, "ideas": [c.to_dict() for c in picked]}
    atomic_write_text(cache / f"{key}.json", json.dumps(data))


def _measure(
    *,
    cutoff: dt.date,
    horizon_end: dt.date,
    candidates: int,
    counts: dict[str, int],
    rows: list[ScoredConcept],
    seed: int,
) -> ConceptCutoff:
    import numpy as np

    positive = np.asarray([r.concept.label == "riser" for r in rows], dtype=bool)
    rng = np.random.default_rng(seed + month_index(cutoff))
    values = {
        "frontier": np.asarray([r.frontier_raw for r in rows]),
        "momentum": np.asarray([r.momentum for r in rows]),
        "random": rng.random(len(rows)),
    }
    k = int(positive.sum())
    methods = [
        MethodMetrics(name, auc(values[name], positive), hits_at_k(values[name], positive, k))
        for name in METHODS
    ]
    raw = CalibrationShares.of([r.frontier for r in rows], positive)
    return ConceptCutoff(
        cutoff,
        horizon_end,
        candidates,
        counts,
        k,
        methods,
        raw.risers_high,
        raw.others_low,
        rows,
        CalibrationShares.of([r.frontier_percentile for r in rows], positive),
        CalibrationShares.of([r.frontier_shown for r in rows], positive),
    )
