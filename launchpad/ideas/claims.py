"""Quantitative claims in abstracts: speed-ups, relative gains, absolute point gains.

Headroom is judged from what recent papers near an idea report. A field still finding
"12x faster" or "reduces error by 35%" has room left; one whose papers report "+0.3 BLEU"
is squeezed. Extraction is deliberately conservative (regular expressions over explicit
numbers next to an improvement word) so every claim can be quoted back as evidence.
Beside the claims, two plainer things an abstract says: that it talks about efficiency
at all (headroom) and that it builds on an existing method or tool (fanout).
"""

from __future__ import annotations

from dataclasses import dataclass

from launchpad.ideas.patterns import FoldedPattern

SPEEDUP = "speedup"  # value is a factor (12.0 means 12x)
RELATIVE = "relative"  # value is a percentage (30.0 means 30%)
POINTS = "points"  # value is absolute points (accuracy, F1, BLEU, ...)

_NUM = r"(\d+(?:\.\d+)?)"
_BETTER = (
    r"(?:faster|speed-?ups?|acceleration|fewer|less|smaller|cheaper|reduction|"
    r"compression|more efficient|lower (?:latency|memory|cost))"
)
_SPEEDUP_PATTERNS = [
    FoldedPattern(rf"{_NUM}\s*(?:x|\u00d7|-fold|fold|times)\s+{_BETTER}"),
    FoldedPattern(
        rf"(?:speed-?ups?|acceleration) of (?:up to |about |over )?{_NUM}\s*(?:x|\u00d7|times)\b",
        ("speed", "acceleration"),
    ),
    FoldedPattern(rf"\b(?:up to|over|by|achieves|achieving)\s+(?:a\s+)?{_NUM}\s*(?:x|\u00d7)\s"),
]
_GAIN = (
    r"(?:improvements?|gains?|reduction|increase|boost|better|higher|lower|fewer|"
    r"improv\w*|reduc\w*|outperform\w*|faster|decrease)"
)
# (?=[...]), each alternative's first letter, only saves time: a search fails fast at
# most positions instead of trying every alternative there
_RELATIVE_PATTERNS = [
    FoldedPattern(rf"{_NUM}\s*%\s*(?:relative\s+|absolute\s+)?{_GAIN}", ("%",)),
    FoldedPattern(
        r"(?=[bcdilor])"
        rf"(?:improv\w*|reduc\w*|outperform\w*|increas\w*|boost\w*|lower\w*|cut\w*|decreas\w*)"
        rf"[^.;%]{{0,60}}?\bby\s+(?:up to\s+|over\s+|about\s+|roughly\s+)?{_NUM}\s*%",
        ("%",),
    ),
]
_POINT_PATTERNS = [
    FoldedPattern(
        rf"(?:\+\s*|by\s+(?:up to\s+|over\s+|about\s+)?){_NUM}\s*"
        r"(?:absolute\s+)?(?:points?|pp|p\.p\.|BLEU|ROUGE|F1|accuracy points|percentage points)",
    ),
]
_EFFICIENCY = FoldedPattern(  # the same look-ahead
    r"(?=[cdefilmpqst])\b(?:faster|speed-?ups?|latency|throughput|efficien\w*|memory|compute|FLOPs|"
    r"inference cost|cheaper|lightweight|compress\w*|quantiz\w*|distill\w*|pruning)\b",
    # every alternative holds one of these
    (
        "faster",
        "speed",
        "latency",
        "throughput",
        "efficien",
        "memory",
        "compute",
        "flops",
        "inference cost",
        "cheaper",
        "lightweight",
        "compress",
        "quantiz",
        "distill",
        "pruning",
    ),
)
# an abstract that builds on a method: fanout's sign that an idea is used (the same look-ahead)
_MEANS = FoldedPattern(
    r"(?=[abdloptuw])\b(?:we (?:use|apply|employ|adopt|leverage)|using|based on|leverag\w+|"
    r"built (?:up)?on|on top of|applied to|apply(?:ing)? it to|downstream|as a (?:tool|"
    r"backbone|component|building block|plug-in)|plug-and-play|toolkit|library|off-the-shelf)\b",
    # every alternative holds one of these
    (
        "we ",
        "using",
        "based on",
        "leverag",
        "built ",
        "on top of",
        "applied to",
        "it to",
        "downstream",
        "as a ",
        "plug-and-play",
        "toolkit",
        "library",
        "off-the-shelf",
    ),
)
_ANY_CLAIM = FoldedPattern(
    r"\d\s*(?:absolute\s+)?(?:%|x\b|\u00d7|-?fold|times|points?|pp\b|p\.p\.|BLEU|ROUGE|F1|accuracy)",
)
# Percentages above this are usually not improvements (dataset shares, accuracies).
_MAX_RELATIVE = 95.0
_MAX_SPEEDUP = 10_000.0
_MAX_POINTS = 40.0


@dataclass(frozen=True)
class Claim:
    """One quantitative improvement claim quoted from an abstract."""

    kind: str  # SPEEDUP, RELATIVE or POINTS
    value: float
    quote: str

    @property
    def strength(self) -> float:
        """The claim on one 0-1 scale: 1.0 = "20x faster" or "30% better" or more."""
        if self.kind == SPEEDUP:
            return min(1.0, max(0.0, (self.value - 1.0) / 19.0))
        if self.kind == RELATIVE:
            return min(1.0, self.value / 30.0)
        return min(1.0, self.value / 10.0)  # ten absolute points is a large jump


def _quote(text: str, start: int, end: int) -> str:
    left = max(0, start - 40)
    right = min(len(text), end + 20)
    snippet = text[left:right].strip()
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def extract_claims(text: str) -> list[Claim]:
    """All improvement claims in ``text``, one per matched number, in order of appearance."""
    if not _ANY_CLAIM.search(text):  # cheap pre-check: most abstracts have no claim
        return []
    found: dict[int, Claim] = {}
    for kind, patterns, limit in (
        (SPEEDUP, _SPEEDUP_PATTERNS, _MAX_SPEEDUP),
        (RELATIVE, _RELATIVE_PATTERNS, _MAX_RELATIVE),
        (POINTS, _POINT_PATTERNS, _MAX_POINTS),
    ):
        for pattern in patterns:
            for match in pattern.finditer(text):
                start = match.start(1)
                if start in found:
                    continue
                value = float(match.group(1))
                if kind == SPEEDUP and value <= 1.0:
                    continue
                if value <= 0 or value > limit:
                    continue
                found[start] = Claim(kind, value, _quote(text, match.start(), match.end()))
    return [found[key] for key in sorted(found)]


def mentions_efficiency(text: str) -> bool:
    """Whether an abstract talks about speed, memory or cost at all."""
    return _EFFICIENCY.search(text)


def builds_on_methods(text: str) -> bool:
    """Whether an abstract says it uses, applies or builds on a method or tool."""
    return _MEANS.search(text)
