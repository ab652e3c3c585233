"""Is anything in the corpus about this idea? Two measurements and a judgement.

Cosine similarity alone cannot tell: the static embedding gives the nearest papers of a
nonsense idea ("a new stopword list for English") a similarity of about 0.6, as high as
many real topics get. So each idea gets two measurements, both judged *relative to the
reference sample* of its slice and cutoff (:mod:`launchpad.ideas.reference`):

- ``similarity``: the mean cosine similarity of its :data:`TOP` nearest papers;
- ``overlap``: how many of its rare terms those papers contain — the share of the idea's
  content words found in a neighbour's title or abstract, each word weighted by its
  :func:`rarity` in the slice (a shared "English" counts little, a missing "stopword" a
  lot), averaged over the neighbours.

An idea below :data:`SIMILARITY_NOTICE` and :data:`OVERLAP_NOTICE` percentiles of the
reference gets the notice; its scores are pulled toward 50 by :func:`shrink_weight`, and
its axes carry low confidence. The thresholds were chosen on a labelled set written
down before measuring (docs/ideas.md, benchmarks/relevance_thresholds.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from launchpad.ideas.neighbourhood import content_words

TOP = 10  # nearest papers whose similarity and terms are measured
# below both reference percentiles: "nothing here is close" (chosen in docs/ideas.md)
SIMILARITY_NOTICE = 25.0
OVERLAP_NOTICE = 20.0
FULL = 2.0  # at this many times a threshold (on either measure) scores are untouched
NOTICED_WEIGHT = 0.2  # at most this much of a noticed idea's distance from 50 survives
MAX_TERMS = 8  # content words looked up (the FTS look-ups cost a few ms each)
DF_ROWS = 2000  # a word in more papers of the corpus than this is common: not counted on
COMMON = 0.01  # a word in this share of the slice's papers or more weighs the least
_TOKEN = re.compile(r"[a-z][a-z0-9]+")


@dataclass(frozen=True)
class Relevance:
    """How close an idea's nearest papers are to it, raw and against the reference."""

    similarity: float  # mean cosine similarity of the TOP nearest papers
    overlap: float  # idf-weighted share of the idea's terms in those papers (0-1)
    similarity_percentile: float | None = None  # against the reference sample
    overlap_percentile: float | None = None
    weight: float = 1.0  # 1: scores as measured; 0: pulled all the way to 50
    notice: str | None = None  # the one line saying nothing close was found

    @property
    def judged(self) -> bool:
        """True once compared with a reference sample."""
        return self.similarity_percentile is not None and self.overlap_percentile is not None

    @property
    def closeness(self) -> float:
        """The better of the two percentiles, in units of its notice threshold (<1: notice)."""
        return max(
            (self.similarity_percentile or 0.0) / SIMILARITY_NOTICE,
            (self.overlap_percentile or 0.0) / OVERLAP_NOTICE,
        )

    @property
    def confidence(self) -> str:
        """``low`` with the notice, ``medium`` below :data:`FULL` thresholds, else ``high``."""
        if not self.judged:
            return "high"
        if self.notice is not None:
            return "low"
        return "medium" if self.closeness < FULL else "high"

    def to_dict(self) -> dict[str, object]:
        """The ``relevance`` object of the JSON shape."""
        return {
            "similarity": round(self.similarity, 4),
            "overlap": round(self.overlap, 4),
            "similarity_percentile": _round(self.similarity_percentile),
            "overlap_percentile": _round(self.overlap_percentile),
            "weight": round(self.weight, 4),
            "confidence": self.confidence,
            "notice": self.notice,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def variants(word: str) -> tuple[str, ...]:
    """The word and its singular or plural: what counts as the same term in a text."""
    if len(word) > 4 and word.endswith("s"):
        return (word, word[:-1])
    return (word, word + "s")


def terms(idea: str) -> list[str]:
    """The content words whose presence :func:`overlap` looks for."""
    return content_words(idea)[:MAX_TERMS]


def overlap(words: Sequence[str], texts: Sequence[str], weights: Callable[[str], float]) -> float:
    """Mean over ``texts`` of the weighted share of ``words`` each contains (0-1)."""
    if not words or not texts:
        return 0.0
    w = [weights(word) for word in words]
    total = sum(w)
    if total <= 0:
        return 0.0
    shares = []
    for text in texts:
        tokens = set(_TOKEN.findall(text.lower()))
        found = sum(
            weight
            for word, weight in zip(words, w, strict=True)
            if any(v in tokens for v in variants(word))
        )
        shares.append(found / total)
    return sum(shares) / len(shares)


def rarity(document_frequency: float, papers: int) -> float:
    """A word's weight: 1/2 for a common word (:data:`COMMON`), plus the log of how much rarer.

    Plain idf weighs "English" (4.6) almost as much as "stopword" (6.0) in cs.CL; measured
    from the common level, the rare word weighs four times as much, and the share a text
    contains says whether it has the idea's specific terms (docs/ideas.md).
    """
    common = COMMON * papers
    return 0.5 + math.log((common + 1) / (min(document_frequency, common) + 1))


def percentile(sorted_values: Sequence[float], value: float) -> float:
    """Share of ``sorted_values`` below ``value``, ties counting half, as 0-100."""
    from bisect import bisect_left, bisect_right

    if not sorted_values:
        return 50.0
    below = bisect_left(sorted_values, value)
    ties = bisect_right(sorted_values, value) - below
    return 100.0 * (below + 0.5 * ties) / len(sorted_values)


def shrink_weight(closeness: float) -> float:
    """How much of a score's distance from 50 survives, from :attr:`Relevance.closeness`.

    Below 1 (the notice) at most :data:`NOTICED_WEIGHT`, so a noticed idea scores 40-60;
    then linear up to all of it at :data:`FULL`.
    """
    c = max(closeness, 0.0)
    if c < 1:
        return NOTICED_WEIGHT * c
    return min(1.0, NOTICED_WEIGHT + (1 - NOTICED_WEIGHT) * (c - 1) / (FULL - 1))


def judge(
    measured: Relevance,
    similarities: Sequence[float],
    overlaps: Sequence[float],
    *,
    where: str,
) -> Relevance:
    """``measured`` compared with the reference's sorted similarities and overlaps.

    ``where`` names the slice and cutoff for the notice ("cs.CL as of 2019-06").
    """
    sim_p = percentile(similarities, measured.similarity)
    lex_p = percentile(overlaps, measured.overlap)
    judged = Relevance(measured.similarity, measured.overlap, sim_p, lex_p)
    notice = None
    if judged.closeness < 1:
        notice = (
            f"Nothing in {where} is close to this idea: its nearest papers are less similar "
            f"to it than those of {100 - sim_p:.0f}% of typical ideas there and share few "
            "of its terms; scores are pulled toward 50."
        )
    return Relevance(
        measured.similarity, measured.overlap, sim_p, lex_p, shrink_weight(judged.closeness), notice
    )
