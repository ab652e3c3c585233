"""The folded fast path finds exactly what the case-insensitive pattern finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchpad.ideas import claims
from launchpad.ideas.patterns import FoldedPattern

FRAGMENTS = [
    "We use",
    "USING",
    "Based On",
    "built upon",
    "Leveraging",
    "plug-and-play",
    "as a tool",
    "12x faster",
    "3.5 \u00d7 ",
    "Speed-Up of 4x",
    "by 15%",
    "improves",
    "Reduced",
    " BLEU",
    "F1",
    "+2.1 points",
    "memory",
    "Efficient",
    "FLOPs",
    "quantization",
    "Distilled",
    "pruning",
    "latency",
    " ",
    ". ",
    ";",
    "%",
    "1",
    "2.5",
    "fold",
    "times",
    "the model",
    "x ",
    "\u0130",
    "\u017f",
    "\u212a",
    "caf\u00e9",
    "ST",
    "\u017fpeed",
    "e\ufb03cient",
]
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
PATTERNS = [
    claims._MEANS,
    claims._EFFICIENCY,
    claims._ANY_CLAIM,
    *claims._SPEEDUP_PATTERNS,
    *claims._RELATIVE_PATTERNS,
    *claims._POINT_PATTERNS,
]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_every_pattern_agrees_with_its_case_insensitive_original(text: str) -> None:
    for pattern in PATTERNS:
        assert pattern.search(text) == (pattern.original.search(text) is not None)
        fast = [(m.start(), m.end(), m.groups()) for m in pattern.finditer(text)]
        slow = [(m.start(), m.end(), m.groups()) for m in pattern.original.finditer(text)]
        assert fast == slow


def test_a_missing_needle_means_no_match_and_a_present_one_is_confirmed() -> None:
    pattern = FoldedPattern(r"\bfast(?:er)?\b", ("fast",))
    assert not pattern.search("A SLOW method")
    assert pattern.search("A FASTER method")
    assert not pattern.search("breakfasts")  # the needle is there, the pattern is not


def test_non_ascii_text_takes_the_original_pattern() -> None:
    # "\u017f" (long s) folds to "s" under IGNORECASE but not under str.lower()
    pattern = FoldedPattern(r"speed", ("speed",))
    assert pattern.search("\u017fpeed")
    assert pattern.search("SPEED caf\u00e9")


@pytest.mark.parametrize("bad", [r"\S+", r"\Wx", r"[\D]", "caf\u00e9"])
def test_patterns_that_lowering_would_change_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be folded"):
        FoldedPattern(bad)


def test_needles_must_be_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        FoldedPattern("flops", ("FLOPs",))
