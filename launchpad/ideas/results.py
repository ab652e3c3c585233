"""What scoring an idea returns: its axes, the evidence behind them, and a ranked batch.

Plain frozen dataclasses, so the CLI, reports and programs render the same data;
:mod:`launchpad.ideas.score` computes them and re-exports them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, overload

from launchpad.ideas import axes
from launchpad.ideas.relevance import Relevance

# what arXiv's listing feeds append to a title: ". (arXiv:2101.00001v2 [cs.CL] UPDATED)"
_ARXIV_SUFFIX = re.compile(r"\s*\.?\s*\(arXiv:[^()]*\)\s*$")
_SPACE = re.compile(r"\s+")


def clean_title(title: str) -> str:
    """A title as shown: without an arXiv feed suffix, whitespace and newlines collapsed.

    Every evidence title goes through here (the corpus keeps the text as harvested).
    """
    return _SPACE.sub(" ", _ARXIV_SUFFIX.sub("", title)).strip() or title.strip()


@dataclass(frozen=True)
class Neighbour:
    """One of the nearest papers, as shown in the evidence."""

    id: str
    title: str
    published: str
    similarity: float
    categories: tuple[str, ...]
    lexical: bool = False  # contains every content word: ranked with the +0.05 bonus


@dataclass(frozen=True)
class ClaimEvidence:
    """A quantitative claim quoted from a recent neighbour."""

    paper_id: str
    published: str
    kind: str
    value: float
    quote: str


@dataclass(frozen=True)
class Evidence:
    """What the scores were computed from."""

    neighbours: list[Neighbour]
    share_by_quarter: list[dict[str, Any]]
    categories: list[tuple[str, int]]
    claims: list[ClaimEvidence]
    radius: float
    lexical_matches: int


@dataclass(frozen=True)
class Calibration:
    """One axis placed in the reference sample of its slice and cutoff."""

    raw: int  # the axis's own 0-100 figure
    percentile: float  # share of the reference ideas below it (ties half), 0-100
    confidence: str  # high, medium or low (docs/ideas.md)


@dataclass(frozen=True)
class IdeaScore:
    """An idea's three scores, the evidence and the slice they were computed in."""

    idea: str
    as_of: dt.date
    categories: tuple[str, ...]
    slice_papers: int
    frontier: axes.Axis
    fanout: axes.Axis
    headroom: axes.Axis
    evidence: Evidence
    notices: list[str] = field(default_factory=list)
    relevance: Relevance | None = None
    # per axis name, once calibrated; each axis's ``score`` is then the calibrated figure
    calibration: dict[str, Calibration] = field(default_factory=dict)

    @property
    def each_axis(self) -> tuple[axes.Axis, axes.Axis, axes.Axis]:
        """Frontier, fanout and headroom, in that order."""
        return (self.frontier, self.fanout, self.headroom)

    @property
    def far(self) -> bool:
        """True when nothing in the slice is close to the idea (the relevance notice)."""
        return self.relevance is not None and self.relevance.notice is not None

    def raw(self, axis: axes.Axis) -> int:
        """The axis's uncalibrated 0-100 figure."""
        found = self.calibration.get(axis.name)
        return found.raw if found is not None else axis.score

    def _axis_dict(self, axis: axes.Axis) -> dict[str, Any]:
        found = self.calibration.get(axis.name)
        return {
            "score": axis.score,
            "raw": self.raw(axis),
            "percentile": round(found.percentile, 1) if found is not None else None,
            "confidence": found.confidence if found is not None else None,
            "explanation": axis.explanation,
            "parts": axis.parts,
        }

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (documented in docs/ideas.md)."""
        return {
            "idea": self.idea,
            "as_of": self.as_of.isoformat(),
            "slice": {"categories": list(self.categories), "papers": self.slice_papers},
            "scores": {axis.name: self._axis_dict(axis) for axis in self.each_axis},
            "relevance": self.relevance.to_dict() if self.relevance is not None else None,
            "evidence": {
                "neighbours": [
                    asdict(n) | {"categories": list(n.categories)} for n in self.evidence.neighbours
                ],
                "share_by_quarter": self.evidence.share_by_quarter,
                "categories": [
                    {"category": name, "papers": count} for name, count in self.evidence.categories
                ],
                "claims": [asdict(c) for c in self.evidence.claims],
                "radius": round(self.evidence.radius, 4),
                "lexical_matches": self.evidence.lexical_matches,
            },
            "notices": self.notices,
        }


@dataclass(frozen=True)
class Scored(Sequence[IdeaScore]):
    """What :func:`score_ideas` returns: the scores, ranked, and every notice once.

    A sequence of :class:`IdeaScore`, best first when there are several (by frontier,
    then fanout, then headroom; ideas with the relevance notice after all the others).
    ``notices`` are those of the slice (coverage, unknown categories, an as-of past the
    corpus), then each idea's own in the order given; each score also carries the slice's
    notices and its own.
    """

    scores: tuple[IdeaScore, ...]
    notices: tuple[str, ...] = ()

    @overload
    def __getitem__(self, index: int) -> IdeaScore: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[IdeaScore, ...]: ...

    def __getitem__(self, index: int | slice) -> IdeaScore | tuple[IdeaScore, ...]:
        return self.scores[index]

    def __len__(self) -> int:
        return len(self.scores)


def rank_key(score: IdeaScore) -> tuple[bool, int, int, int]:
    """Best first: by frontier, then fanout, then headroom; ideas with the relevance notice last.

    A noticed idea's scores are pulled toward 50 because its nearest papers are not about
    it, so its 50 is no evidence and must not outrank a genuine but fading idea.
    """
    return (score.far, -score.frontier.score, -score.fanout.score, -score.headroom.score)
