"""The three axes — frontier, fanout, headroom — from plain measurements of a neighbourhood.

Each axis is a pure function of numbers the neighbourhood yields (so it is unit-tested on
small fixtures) and returns an :class:`Axis`: a 0-100 integer, one sentence saying why,
and the parts it was computed from. The weights are documented in docs/ideas.md together
with the backtest that chose them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from launchpad.ideas.signals import EmergenceInputs

# Frontier = recency-weighted momentum - saturation, on log scales. The weight was chosen
# on a tuning cutoff (cs.CL, 2017-06) that the reported backtest does not use.
SATURATION_WEIGHT = 0.2
FRONTIER_SLOPE = 3.0  # logistic slope mapping the raw log score to 0-100
SATURATION_FREE = 2.0  # a radius holding up to twice the k papers in all its history is young
# The (shrunk) trend of the idea's rarest key terms (launchpad/ideas/signals.py) is added to
# the raw score with this weight, chosen with the shrinkage on the concept backtest's tune
# cutoffs only; the other candidate signals measured there did not earn a place
# (docs/backtest.md).
TERMS_WEIGHT = 1.5
# The (shrunk) trend of the idea's named term, its rarest phrase that titles already use, is
# added with this weight (round 4 of docs/backtest.md: 1.0-1.5 did as well on the tune
# cutoffs; 1.0 was fixed before the held-out run).
NAMED_WEIGHT = 1.0
DRIVER_MIN = 0.1  # a term trend adding or taking less than this (log scale) is not named
# Headroom: the claim mass sums the strongest CLAIM_MASS_PAPERS claiming papers and is
# full at CLAIM_MASS_FULL (three "20x faster" papers); an area whose youth is at least
# YOUNG_AREA is called young in the explanation.
CLAIM_MASS_PAPERS = 5
CLAIM_MASS_FULL = 3.0
YOUNG_AREA = 0.5


@dataclass(frozen=True)
class Axis:
    """One score with its reason and its parts (each part a plain number)."""

    name: str
    score: int  # 0-100
    explanation: str
    parts: dict[str, float] = field(default_factory=dict)
    raw: float = 0.0  # the unrounded value ranked by the backtest


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _clip(value: float) -> int:
    return max(0, min(100, round(value)))


@dataclass(frozen=True)
class FrontierInputs:
    """Counts behind the frontier axis (all as of the cutoff, all in one slice)."""

    recent_fraction: float  # of the k nearest (window), the fraction from the last 12 months
    slice_recent_fraction: float  # the same fraction for the whole slice
    recency: float  # mean exp(-age/12 months) of the k nearest over the same mean of the slice
    radius_papers: int  # papers of the slice ever inside the radius, up to as-of
    k: int  # papers defining the neighbourhood


def momentum(inputs: FrontierInputs) -> float:
    """Plain momentum: how much more recent the neighbours are than the slice (1 = same).

    The baseline frontier must beat: the fraction of the k nearest papers (36-month window)
    from the last 12 months, over the same fraction for the whole slice.
    """
    base = max(inputs.slice_recent_fraction, 1e-9)
    return inputs.recent_fraction / base


def frontier(inputs: FrontierInputs, signals: EmergenceInputs | None = None) -> Axis:
    """High when the idea's own rarest terms and its neighbourhood grow faster than the slice.

    Without ``signals`` (:mod:`launchpad.ideas.signals`) only the neighbourhood's
    recency-weighted momentum and its saturation count.
    """
    base = max(inputs.slice_recent_fraction, 1e-9)
    mom = inputs.recent_fraction / base
    saturation = max(inputs.radius_papers, inputs.k) / max(inputs.k, 1)
    raw = math.log(inputs.recency + 0.05) - SATURATION_WEIGHT * math.log(
        max(1.0, saturation / SATURATION_FREE)
    )
    terms_points = TERMS_WEIGHT * signals.term_trend if signals is not None else 0.0
    named_points = NAMED_WEIGHT * signals.named_trend if signals is not None else 0.0
    raw += terms_points + named_points
    score = _clip(100 * _logistic(FRONTIER_SLOPE * raw))
    momentum_part = _clip(100 * _logistic(FRONTIER_SLOPE * math.log(inputs.recency + 0.05)))
    saturation_part = _clip(100 * min(1.0, math.log(saturation) / math.log(20)))
    share = f"{inputs.recent_fraction:.0%} of its {inputs.k} nearest papers are from the last year"
    if mom >= 1.2:
        trend = f"{share}, {mom:.1f}x the slice's rate: it is rising"
    elif mom <= 0.8:
        trend = f"{share}, {mom:.1f}x the slice's rate: it is fading"
    else:
        trend = f"{share}, about the slice's rate ({mom:.1f}x)"
    # papers this close to the idea from before the 36-month window: few means a young
    # topic, many an established one (the saturation part)
    older = max(inputs.radius_papers - inputs.k, 0)
    paper_s = "paper this close is" if older == 1 else "papers this close are"
    crowd = (
        f"and only {older} {paper_s} older than three years"
        if saturation < SATURATION_FREE
        else f"but {older} {paper_s} older than three years"
    )
    parts = {
        "momentum": momentum_part,
        "saturation": saturation_part,
        "momentum_ratio": round(mom, 4),
        "recency_ratio": round(inputs.recency, 4),
        "radius_papers": float(inputs.radius_papers),
    }
    why = f"{trend[0].upper()}{trend[1:]}, {crowd}."
    if signals is not None:
        parts |= {
            "term_trend": round(signals.term_trend, 4),
            "terms_points": round(terms_points, 4),
            "named_trend": round(signals.named_trend, 4),
            "named_points": round(named_points, 4),
        }
        drivers = []
        if abs(named_points) >= DRIVER_MIN and signals.named:
            drivers.append(_named_why(signals))
        if abs(terms_points) >= DRIVER_MIN and signals.terms:
            drivers.append(_terms_why(signals))
        if drivers:
            said = "; ".join(drivers)
            why = f"{said[0].upper()}{said[1:]}; {why[0].lower()}{why[1:]}"
    return Axis("frontier", score, why, parts, raw)


def _named_why(signals: EmergenceInputs) -> str:
    """The named term in words: "'chain of thought', in 40 titles of the last three years, ..."."""
    title_s = "title" if signals.named_titles == 1 else "titles"
    return (
        f"'{signals.named}', in {signals.named_titles} {title_s} of the last three years, "
        f"{_change(signals.named_ratio, 'its')} in the last year"
    )


def _terms_why(signals: EmergenceInputs) -> str:
    """The term trend in words: "its rarest terms ('chain of thought') doubled their share"."""
    quoted = ", ".join(f"'{term}'" for term in signals.terms)
    ratio = math.exp(signals.term_trend)
    if len(signals.terms) == 1:
        return f"its rarest term ({quoted}) {_change(ratio, 'its')} in the last year"
    return f"its rarest terms ({quoted}) {_change(ratio, 'their')} in the last year"


def _change(ratio: float, whose: str) -> str:
    """A share ratio in words ("doubled their share", "lost 40% of its share")."""
    if ratio >= 2.5:
        return f"multiplied {whose} share by {ratio:.1f}"
    if ratio >= 1.9:
        return f"doubled {whose} share"
    if ratio >= 1.1:
        return f"grew {whose} share by {ratio - 1:.0%}"
    if ratio > 1 / 1.1:
        return f"kept {whose} share"
    return f"lost {1 - ratio:.0%} of {whose} share"


REACH_SIMILARITY = 0.5  # "close enough to build on" for the default static embedding
REACH_FULL = 0.8  # reach at which the reach part is full


@dataclass(frozen=True)
class FanoutInputs:
    """Measurements behind the fanout axis."""

    reach: float  # fraction of the slice's recent papers within REACH_SIMILARITY (0-1)
    means_rate: float  # fraction of the k nearest that use the idea as a means (0-1)


def fanout(inputs: FanoutInputs) -> Axis:
    """High when a large part of the field sits close enough to build on the idea.

    Reach orders infrastructure methods above leaf applications (7 of 8 pairs in the
    calibration of docs/ideas.md); category spread and counts of topic clusters among
    the neighbours did not (categories still appear in the evidence).
    """
    # the square root spreads the many ideas that reach a few percent of the slice; a
    # linear scale capped early put most ideas of a field like cs.CL at the top
    reach_part = min(1.0, math.sqrt(max(0.0, inputs.reach) / REACH_FULL))
    means_part = min(1.0, inputs.means_rate / 0.8)
    value = 100 * (0.8 * reach_part + 0.2 * means_part)
    reach = f"{inputs.reach:.1%}" if inputs.reach < 0.1 else f"{inputs.reach:.0%}"
    return Axis(
        "fanout",
        _clip(value),
        f"{reach} of the slice's papers of the last three years are close to it, "
        f"and {inputs.means_rate:.0%} of its nearest papers use it as a means to another end.",
        {
            "reach": round(inputs.reach, 4),
            "means_rate": round(inputs.means_rate, 4),
        },
        value,
    )


@dataclass(frozen=True)
class HeadroomInputs:
    """Measurements behind the headroom axis."""

    strengths_recent: Sequence[float]  # best claim strength of each claiming paper, last 12 m
    strengths_before: Sequence[float]  # same, the 12 months before
    papers: int  # neighbours looked at
    efficiency_rate: float  # fraction of neighbours that mention speed, memory or cost
    youth: float = 1.0  # of the area's papers up to as-of, the fraction from the last 3 years


def headroom(inputs: HeadroomInputs) -> Axis:
    """High when recent neighbours still report large gains, or efficiency is untouched."""
    everything = list(inputs.strengths_recent) + list(inputs.strengths_before)
    claiming = len(everything)
    # claim mass: how much large gain the area reported lately. Size and number both
    # count, so one paper's "20x" cannot carry an area and a stream of tiny increments
    # stays low; CLAIM_MASS_FULL papers at full strength fill it
    strongest = sorted(everything, reverse=True)[:CLAIM_MASS_PAPERS]
    claim_part = min(1.0, sum(strongest) / CLAIM_MASS_FULL)
    trend = 0.0
    if inputs.strengths_recent and inputs.strengths_before:
        trend = _mean(inputs.strengths_recent) - _mean(inputs.strengths_before)
    efficiency_gap = 1.0 - min(1.0, inputs.efficiency_rate / 0.6)
    # efficiency nobody works on is headroom in a young area; in an area most of whose
    # papers are older than three years it more likely means efficiency does not matter
    youth = max(0.0, min(1.0, inputs.youth))
    value = 100 * (0.6 * claim_part + 0.3 * efficiency_gap * youth + 0.1 * (0.5 + trend))
    score = _clip(value)
    if not claiming:
        said = "no recent neighbour states a quantitative gain"
    else:
        big = sum(1 for s in everything if s >= 0.5)
        verb = "reports" if big == 1 else "report"
        said = f"{big} of {claiming} recent neighbours with numeric claims {verb} large gains"
        if trend > 0.1:
            said += " and the gains are growing"
        elif trend < -0.1:
            said += " and the gains are shrinking"
    area = (
        "a young area"
        if youth >= YOUNG_AREA
        else f"an established area ({1 - youth:.0%} of its papers are over three years old)"
    )
    return Axis(
        "headroom",
        score,
        f"{said.capitalize()}; {inputs.efficiency_rate:.0%} of its {inputs.papers} nearest "
        f"papers discuss efficiency, in {area}.",
        {
            "claim_mass": round(claim_part, 4),
            "claiming_papers": float(claiming),
            "trend": round(trend, 4),
            "efficiency_rate": round(inputs.efficiency_rate, 4),
            "youth": round(youth, 4),
        },
        value,
    )


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
