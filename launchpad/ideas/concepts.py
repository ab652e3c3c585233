"""Concepts mined from the corpus's titles at a cutoff, labelled by what happened to them next.

A concept is a title n-gram of 1-4 words (plural and singular forms merged) that is
specific enough to be a topic (its first and last words carry meaning, no bare numbers)
and already exists at the cutoff: at least ``min_support`` titles of the slice in the
36 months before use it. A sub-gram whose titles are nearly all those of a longer gram
("adversarial networks" inside "generative adversarial networks") is the same concept
and is dropped.

Its fate is measured in the full text, not the titles: the share of the slice's papers
whose title or abstract contains the phrase (an FTS5 phrase query) in the ``horizon``
months after the cutoff over that share in the 36 months before. Risers grew at least
3x, flats stayed within 0.7-1.4x, decliners fell below 0.7x; the rest is left out.

The idea text of a concept is the title of its most typical paper before the cutoff
(the one nearest the mean embedding of the window's papers whose titles use it), so
nothing in it comes from the future.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from launchpad.ideas.neighbourhood import WINDOW_MONTHS, content_words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus
    from launchpad.ideas.neighbourhood import SliceView
    from launchpad.progress import Progress

MAX_WORDS = 4
MIN_SUPPORT = 5  # titles in the window before the cutoff
SUBGRAM_OVERLAP = 0.9  # a sub-gram this covered by a longer gram's titles is the same concept
RISER = 3.0  # growth at or above: a riser
FLAT = (0.7, 1.4)  # growth inside (inclusive): flat; below the lower bound: a decliner
LABELS = ("riser", "flat", "decliner")
SMOOTHING = 0.5  # papers added to both counts, so a share of zero has a finite ratio

# Words that start or end no topic name in titles, beyond the scorer's stop words
# (a word list reads better as text than as 65 quoted items).
_EDGE_STOP = frozenset(
    """
    about across after against all also among any applied applying are be been before
    being beyond both but case cases do does during each every first from has have
    improved improving less more most need not only other over part second
    should some such than then there through under up versus very vs was were when
    where whether while who why will within you your
    """.split()  # noqa: SIM905
)
# FTS5's default tokenizer (unicode61) splits on everything but letters and digits.
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Concept:
    """One mined concept with its fate and its description as of the cutoff."""

    phrase: str  # the most used form in titles
    forms: tuple[str, ...]  # every form counted (singular and plural)
    support: int  # titles of the window before the cutoff that use it
    before: int  # slice papers (title or abstract) in the window before the cutoff
    after: int  # ... in the horizon after it
    growth: float  # share after over share before (smoothed)
    label: str | None  # riser, flat, decliner, or None between flat and riser
    idea: str = ""  # the title of its most typical paper before the cutoff
    idea_id: str = ""
    idea_published: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain data (forms as a list, growth rounded)."""
        return asdict(self) | {"forms": list(self.forms), "growth": round(self.growth, 4)}


def tokens(text: str) -> list[str]:
    """Lower-case word tokens as FTS5's default tokenizer would cut them."""
    return _TOKEN.findall(text.lower())


def is_edge_word(token: str) -> bool:
    """Whether a token can start or end a concept: a content word that is not generic."""
    return content_words(token) == [token] and token not in _EDGE_STOP


def title_grams(words: Sequence[str], max_words: int = MAX_WORDS) -> set[str]:
    """The eligible n-grams of one title: content words at both ends, no bare numbers."""
    edge = [is_edge_word(word) for word in words]
    numeric = [word.isdigit() for word in words]
    grams: set[str] = set()
    for start in range(len(words)):
        if not edge[start]:
            continue
        for stop in range(start + 1, min(start + max_words, len(words)) + 1):
            if numeric[stop - 1]:
                break
            if edge[stop - 1]:
                grams.add(" ".join(words[start:stop]))
    return grams


def label(growth: float) -> str | None:
    """The label of a growth ratio (None: between flat and riser, left out)."""
    if growth >= RISER:
        return "riser"
    if FLAT[0] <= growth <= FLAT[1]:
        return "flat"
    if growth < FLAT[0]:
        return "decliner"
    return None


@dataclass(frozen=True)
class Candidate:
    """A mined concept before labelling: its forms and the window papers that use it."""

    phrase: str
    forms: tuple[str, ...]
    papers: frozenset[int]  # indices into the titles that were mined


def mine(titles: Sequence[str], *, min_support: int = MIN_SUPPORT) -> list[Candidate]:
    """Candidate concepts of ``titles`` (the window's), most used first."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, title in enumerate(titles):
        for gram in title_grams(tokens(title)):
            postings[gram].append(index)
    # a plural form joins its singular when both occur ("language model(s)")
    groups: dict[str, set[str]] = {}
    for gram in postings:
        if gram.endswith("s") and len(gram.rsplit(" ", 1)[-1]) > 3 and gram[:-1] in postings:
            groups.setdefault(gram[:-1], {gram[:-1]}).add(gram)
        else:
            groups.setdefault(gram, {gram})
    merged: dict[str, Candidate] = {}
    for key, forms in groups.items():
        papers = frozenset(i for form in forms for i in postings[form])
        if len(papers) >= min_support:
            phrase = max(sorted(forms), key=lambda form: len(postings[form]))
            merged[key] = Candidate(phrase, tuple(sorted(forms)), papers)
    drop: set[str] = set()
    for key, candidate in merged.items():
        words = key.split()
        if len(words) < 2:
            continue
        for sub in (" ".join(words[:-1]), " ".join(words[1:])):
            # a plural sub-gram is filed under its singular when that was merged
            sub_key = sub[:-1] if sub not in merged and sub[:-1] in merged else sub
            other = merged.get(sub_key)
            if other is not None and len(candidate.papers & other.papers) >= (
                SUBGRAM_OVERLAP * len(other.papers)
            ):
                drop.add(sub_key)
    kept = [c for key, c in merged.items() if key not in drop]
    return sorted(kept, key=lambda c: (-len(c.papers), c.phrase))


def phrase_query(forms: Iterable[str]) -> str:
    """An FTS5 query matching any of the phrases ``forms``."""
    return " OR ".join(f'"{form}"' for form in forms)


def phrase_months(corpus: Corpus, view: SliceView, forms: Iterable[str]) -> npt.NDArray[np.int32]:
    """Month of each slice paper whose title or abstract contains one of ``forms``."""
    return months_in_view(view, corpus.lexical_rows(phrase_query(forms)))


def months_in_view(view: SliceView, hits: npt.NDArray[np.int64]) -> npt.NDArray[np.int32]:
    """Month of each of the corpus rows ``hits`` (in row order) that belongs to ``view``."""
    return hits_in_view(view, hits)[1]


def hits_in_view(
    view: SliceView, hits: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int32]]:
    """The corpus rows ``hits`` (in row order) that belong to ``view``, and their months."""
    import numpy as np

    where = np.searchsorted(view.rows, hits)
    inside = where < len(view.rows)
    inside[inside] = view.rows[where[inside]] == hits[inside]
    return hits[inside], view.months[where[inside]]


def label_concepts(
    corpus: Corpus,
    view: SliceView,
    candidates: Sequence[Candidate],
    cutoff_month: int,
    *,
    horizon: int,
    progress: Progress,
) -> list[tuple[Candidate, Concept]]:
    """Each candidate with its counts, growth and label (``view`` must reach the horizon)."""
    start, end = cutoff_month - WINDOW_MONTHS + 1, cutoff_month + horizon
    volume_before = view.volume_between(start, cutoff_month)
    volume_after = view.volume_between(cutoff_month + 1, end)
    out = []
    for candidate in candidates:
        months = phrase_months(corpus, view, candidate.forms)
        before = int(((months >= start) & (months <= cutoff_month)).sum())
        after = int(((months > cutoff_month) & (months <= end)).sum())
        growth = ((after + SMOOTHING) / max(volume_after, 1)) / (
            (before + SMOOTHING) / max(volume_before, 1)
        )
        concept = Concept(
            candidate.phrase,
            candidate.forms,
            len(candidate.papers),
            before,
            after,
            growth,
            label(growth),
        )
        out.append((candidate, concept))
        progress.advance()
    return out


def sample(
    labelled: Sequence[tuple[Candidate, Concept]], *, ideas: int, seed: int
) -> list[tuple[Candidate, Concept]]:
    """Up to ``ideas`` labelled concepts: risers (at most half), the rest flats and decliners.

    Seeded, so a run can be repeated; returned in mined order.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    risers = [i for i, (_, c) in enumerate(labelled) if c.label == "riser"]
    others = [i for i, (_, c) in enumerate(labelled) if c.label in ("flat", "decliner")]
    take_risers = min(len(risers), ideas // 2)
    picked = rng.choice(risers, take_risers, replace=False).tolist() if risers else []
    take_others = min(len(others), ideas - take_risers)
    picked += rng.choice(others, take_others, replace=False).tolist() if others else []
    return [labelled[i] for i in sorted(picked)]


def describe(
    corpus: Corpus, window_rows: npt.NDArray[np.int64], candidate: Candidate, concept: Concept
) -> Concept:
    """``concept`` with the title of its most typical window paper as the idea text.

    ``window_rows`` are the corpus rows of the mined titles, all before the cutoff.
    """
    import numpy as np

    rows = np.sort(window_rows[sorted(candidate.papers)])
    vectors = np.asarray(corpus.vectors[rows], dtype=np.float32)
    centre = vectors.mean(axis=0)
    best = int(rows[int(np.argmax(vectors @ centre))])
    paper = corpus.papers([best])[0]
    return replace(
        concept,
        idea=" ".join(paper.title.split()),
        idea_id=paper.id,
        idea_published=paper.published.isoformat(),
    )
