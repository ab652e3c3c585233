"""The reference sample behind calibrated scores: typical ideas of a slice at a cutoff.

A raw axis value means little on its own (most ideas land between 45 and 80 on every
axis), so each axis is reported as a percentile among :data:`REFERENCE_IDEAS` ideas drawn
from the same slice as of the same month: the titles of papers of the slice's last
36 months, sampled with a fixed seed and scored by the same
:class:`~launchpad.ideas.score.Scorer`, each without its own paper (a title would find
its paper and look perfectly relevant). The sample also gives the typical similarity
and term overlap that :mod:`launchpad.ideas.relevance` judges an idea against.

Building it costs one batch of scoring (seconds), so it is cached in the corpus folder,
one small JSON file per (slice, cutoff, model, scorer version, corpus contents), written
atomically while holding the corpus build lock (a build changes what the file
describes). A read-only corpus still works: the sample is computed in memory, and the
caller is told so once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import inspect
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import ConflictError, StorageError
from launchpad.ideas import relevance
from launchpad.ideas.results import Calibration, IdeaScore, clean_title
from launchpad.ideas.timeline import month_index, month_label, month_start
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    from launchpad.corpus.store import Corpus
    from launchpad.ideas.score import Scorer

REFERENCE_IDEAS = 256  # ideas in a sample: percentiles to within a few points
SEED = 7
FORMAT = 1
PREFIX = "reference-"
AXES = ("frontier", "fanout", "headroom")


@dataclass(frozen=True)
class Reference:
    """Sorted raw values of the sample, per axis and per relevance measure."""

    key: dict[str, Any]
    axes: dict[str, list[float]]
    similarity: list[float]
    overlap: list[float]
    seconds: float  # what building it took
    # the slice's document frequencies of the sample's words: most words of later ideas
    # are among them, and the common ones are the slow look-ups
    frequencies: dict[str, float] = dataclasses.field(default_factory=dict)
    # what the sample's term look-ups found (TermTrends.known): common terms, the others'
    # counts; a later idea's terms are often among them, and each look-up is an FTS query
    terms: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def ideas(self) -> int:
        """Ideas in the sample."""
        return len(self.similarity)

    @property
    def where(self) -> str:
        """The slice and cutoff, for notices and chart titles: "cs.CL as of 2019-06"."""
        return describe(self.key["categories"], dt.date.fromisoformat(self.key["cutoff"]))

    def to_json(self) -> dict[str, Any]:
        """The cached file's content."""
        return dataclasses.asdict(self)


def describe(categories: Sequence[str], cutoff: dt.date) -> str:
    """``cs.CL as of 2019-06``: the slice and the cutoff month."""
    return f"{', '.join(categories) or 'all categories'} as of {month_label(month_index(cutoff))}"


def reference_date(as_of: dt.date, last: dt.date) -> dt.date:
    """The cutoff of the reference for ``as_of``: the end of its month, or the corpus's end.

    One sample per month, so scoring at any day of a month reuses it; past the corpus's
    last month the date itself (nothing later exists to differ).
    """
    if month_index(as_of) > month_index(last):
        return as_of
    return min(month_start(month_index(as_of) + 1) - dt.timedelta(days=1), last)


# Every module the scorer's raw values come from: launchpad.ideas.score and what it imports
# of launchpad.ideas, transitively (a test keeps the list whole).
RAW_VALUE_MODULES = (
    "axes", "claims", "concepts", "emergence", "inputs", "neighbourhood", "patterns",
    "phrases", "relevance", "results", "score", "signals", "timeline",
)  # fmt: skip


def scorer_version() -> str:
    """A digest of the code that computes raw values: a change of any of it invalidates caches."""
    import importlib

    digest = hashlib.sha256(str(FORMAT).encode())
    for name in RAW_VALUE_MODULES:
        module = importlib.import_module(f"launchpad.ideas.{name}")
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()[:16]


def reference_key(corpus: Corpus, categories: Sequence[str], cutoff: dt.date) -> dict[str, Any]:
    """What a cached sample must match to be reused."""
    return {
        "format": FORMAT,
        "categories": sorted(categories),
        "cutoff": cutoff.isoformat(),
        "model": corpus.manifest.model,
        "scorer": scorer_version(),
        "corpus": {"count": corpus.manifest.count, "built_at": corpus.manifest.built_at},
        "ideas": REFERENCE_IDEAS,
        "seed": SEED,
    }


def reference_path(directory: Path, key: dict[str, Any]) -> Path:
    """The cache file of ``key`` inside the corpus folder."""
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    return directory / f"{PREFIX}{name}.json"


def sample(scorer: Scorer) -> tuple[list[str], list[int]]:
    """Titles of up to :data:`REFERENCE_IDEAS` papers of the slice's window, and their indices."""
    import numpy as np

    from launchpad.ideas.neighbourhood import WINDOW_MONTHS

    view = scorer.view
    c = scorer.as_of_month
    window = np.flatnonzero((view.months <= c) & (view.months > c - WINDOW_MONTHS))
    rng = np.random.default_rng(SEED)
    chosen = np.sort(rng.choice(window, size=min(REFERENCE_IDEAS, len(window)), replace=False))
    papers = scorer.corpus.papers(view.rows[chosen].tolist())
    return [clean_title(p.title) for p in papers], chosen.tolist()


def build(scorer: Scorer, *, progress: Progress | None = None) -> Reference:
    """Score the sample of ``scorer``'s slice and cutoff (no cache involved)."""
    started = time.perf_counter()
    titles, own = sample(scorer)
    progress = progress or NullProgress()
    values: dict[str, list[float]] = {name: [] for name in AXES}
    sims: list[float] = []
    overlaps: list[float] = []

    def keep(_: int, score: IdeaScore) -> None:
        for axis in score.each_axis:
            values[axis.name].append(axis.raw)
        if score.relevance is not None:
            sims.append(score.relevance.similarity)
            overlaps.append(score.relevance.overlap)

    label = f"percentile reference for {describe(scorer.categories, scorer.as_of)}"
    scorer.score(titles, top=0, on_scored=keep, exclude=own, progress=_Renamed(progress, label))
    return Reference(
        reference_key(scorer.corpus, scorer.categories, scorer.as_of),
        {name: sorted(v) for name, v in values.items()},
        sorted(sims),
        sorted(overlaps),
        round(time.perf_counter() - started, 3),
        scorer.frequencies(),
        scorer.signals.trends.known(),
    )


class _Renamed:
    """The scorer's progress under the reference's own description."""

    def __init__(self, outer: Progress, description: str) -> None:
        self._outer = outer
        self._description = description

    def start(self, description: str, total: float | None = None) -> None:
        """Start the outer bar with this step's description instead of the scorer's."""
        del description
        self._outer.start(self._description, total=total)

    def advance(self, amount: float = 1) -> None:
        """Pass the progress on."""
        self._outer.advance(amount)

    def finish(self) -> None:
        """End the outer step."""
        self._outer.finish()


def read(path: Path, key: dict[str, Any]) -> Reference | None:
    """The cached sample at ``path`` when it matches ``key``; None otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = Reference(
            data["key"],
            data["axes"],
            data["similarity"],
            data["overlap"],
            data["seconds"],
            data["frequencies"],
            data["terms"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if found.key == key and set(found.axes) == set(AXES) else None


def write(directory: Path, reference: Reference) -> str | None:
    """Cache ``reference`` in the corpus folder; a notice when it cannot be."""
    from launchpad.atomicfile import atomic_write_text
    from launchpad.corpus.lock import build_lock

    where = reference.where
    if not os.access(directory, os.W_OK):
        return (
            f"the corpus folder is read-only: the percentile reference for {where} was "
            f"computed in memory ({reference.seconds:.1f} s) and will be again next time"
        )
    try:
        with build_lock(directory):
            atomic_write_text(
                reference_path(directory, reference.key), json.dumps(reference.to_json())
            )
    except ConflictError:
        return (
            f"a corpus build holds the folder: the percentile reference for {where} was not cached"
        )
    except (OSError, StorageError) as err:
        return f"could not cache the percentile reference for {where}: {err}"
    return None


def load(
    corpus: Corpus,
    categories: Sequence[str],
    cutoff: dt.date,
    *,
    scorer: Scorer | None = None,
    progress: Progress | None = None,
    directory: Path | None = None,
) -> tuple[Reference, str | None, bool]:
    """The reference for a slice and cutoff: cached, else built (and cached when possible).

    ``scorer`` is reused when it is for the same slice and cutoff. The cache is the
    corpus folder unless ``directory`` is given (a benchmark's own). Returns the
    reference, a notice (or None) and whether it was built now.
    """
    folder = corpus.directory if directory is None else directory
    key = reference_key(corpus, categories, cutoff)
    path = reference_path(folder, key)
    cached = read(path, key)
    if cached is not None:
        return cached, None, False
    same = (
        scorer is not None
        and scorer.measures_relevance
        and scorer.as_of == cutoff
        and tuple(scorer.categories) == tuple(categories)
    )
    if scorer is None or not same:
        from launchpad.ideas.score import Scorer

        scorer = Scorer(corpus, as_of=cutoff, categories=categories, measure_relevance=True)
    built = build(scorer, progress=progress)
    return built, write(folder, built), True


def seed(scorer: Scorer, sample: Reference) -> None:
    """Hand ``scorer`` what building ``sample`` looked up, so it need not look it up again.

    The document frequencies always (as before); the term counts only when the scorer's
    view ends on the sample's cutoff day, the view they were counted in.
    """
    scorer.frequencies(sample.frequencies)
    if scorer.as_of.isoformat() == sample.key["cutoff"]:
        scorer.signals.trends.learn(sample.terms)


def axis_confidence(
    name: str, close: relevance.Relevance, parts: dict[str, float], *, coverage_changed: bool
) -> str:
    """The relevance's confidence, lowered a level where the axis's own evidence is thin.

    Frontier when the slice's coverage changed inside the window (growth may be the
    corpus's); headroom when fewer than two neighbours state a quantitative gain.
    """
    levels = ("low", "medium", "high")
    level = levels.index(close.confidence)
    thin = (name == "frontier" and coverage_changed) or (
        name == "headroom" and parts.get("claiming_papers", 2.0) < 2
    )
    return levels[max(0, level - 1) if thin and level == 2 else level]


def calibrate(
    score: IdeaScore, reference: Reference, *, coverage_changed: bool = False
) -> IdeaScore:
    """``score`` with each axis as its (relevance-shrunk) percentile in ``reference``.

    The raw figure stays in :attr:`IdeaScore.calibration` (and ``raw`` in the JSON);
    an idea nothing in the slice is close to gets the relevance notice.
    """
    measured = score.relevance or relevance.Relevance(0.0, 0.0)
    close = relevance.judge(
        measured, reference.similarity, reference.overlap, where=reference.where
    )
    calibrated = {}
    shown = []
    for axis in score.each_axis:
        pct = relevance.percentile(reference.axes[axis.name], axis.raw)
        value = max(0, min(100, round(50 + close.weight * (pct - 50))))
        confidence = axis_confidence(
            axis.name, close, axis.parts, coverage_changed=coverage_changed
        )
        calibrated[axis.name] = Calibration(axis.score, pct, confidence)
        shown.append(dataclasses.replace(axis, score=value))
    notices = [*score.notices, close.notice] if close.notice else list(score.notices)
    return dataclasses.replace(
        score,
        frontier=shown[0],
        fanout=shown[1],
        headroom=shown[2],
        relevance=close,
        calibration=calibrated,
        notices=notices,
    )


@dataclass(frozen=True)
class Prepared:
    """What ``launchpad ideas reference`` reports."""

    reference: Reference
    path: Path
    built: bool  # False: it was already cached
    notice: str | None  # why it could not be cached, if so


def prepare(
    corpus: Corpus | Path | None = None,
    *,
    as_of: dt.date | None = None,
    categories: Sequence[str] = (),
    progress: Progress | None = None,
) -> Prepared:
    """Build and cache the reference ``score-idea`` would use for this slice and date."""
    from launchpad.ideas.inputs import opened
    from launchpad.ideas.score import Scorer

    with opened(corpus) as store:
        scorer = Scorer(store, as_of=as_of, categories=categories, measure_relevance=True)
        cutoff = reference_date(scorer.as_of, scorer.corpus_last)
        found, notice, built = load(
            store, scorer.categories, cutoff, scorer=scorer, progress=progress
        )
        path = reference_path(store.directory, found.key)
    return Prepared(found, path, built, notice)
