"""Quantitative claims quoted from abstracts: what is found, what is not."""

from __future__ import annotations

import pytest

from launchpad.ideas.claims import (
    POINTS,
    RELATIVE,
    SPEEDUP,
    Claim,
    extract_claims,
    mentions_efficiency,
)


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Our kernel is 12x faster than the cuBLAS baseline on A100 GPUs.", SPEEDUP, 12.0),
        ("The method achieves a speedup of up to 3.5 times over FlashAttention.", SPEEDUP, 3.5),
        ("Decoding is 20-fold faster while matching the quality.", SPEEDUP, 20.0),
        ("This reduces the word error rate by 30% on LibriSpeech test-other.", RELATIVE, 30.0),
        ("We obtain a 3.2% improvement in accuracy over the strongest baseline.", RELATIVE, 3.2),
        ("Our model outperforms prior work by 8.5 points on average on GLUE.", POINTS, 8.5),
        ("It yields +2.1 BLEU over the Transformer on WMT14 En-De.", POINTS, 2.1),
        ("Retrieval with our index improves recall by up to 15% on MS MARCO.", RELATIVE, 15.0),
    ],
)
def test_claims_in_real_looking_sentences(sentence: str, kind: str, value: float) -> None:
    claims = extract_claims(sentence)
    assert [(c.kind, c.value) for c in claims] == [(kind, value)]
    assert str(value).rstrip("0").rstrip(".") in claims[0].quote


@pytest.mark.parametrize(
    "sentence",
    [
        "We collect 3,000 dialogues, 45% of which are annotated by two experts.",
        "The dataset covers 12 languages and 1.5 million sentences.",
        "Our model reaches 92.3% accuracy on SST-2.",  # a level, not an improvement
        "Experiments on 5 benchmarks show consistent gains.",
        "The model is 1x slower in the worst case.",
    ],
)
def test_no_claims_in_sentences_without_an_improvement(sentence: str) -> None:
    assert extract_claims(sentence) == []


def test_several_claims_in_one_abstract_keep_their_order() -> None:
    text = (
        "We propose a sparse attention kernel. It is 7x faster than dense attention and "
        "reduces memory by 60%, while improving F1 by 1.2 points on long-document QA."
    )
    assert [(c.kind, c.value) for c in extract_claims(text)] == [
        (SPEEDUP, 7.0),
        (RELATIVE, 60.0),
        (POINTS, 1.2),
    ]


def test_implausible_values_are_ignored() -> None:
    assert extract_claims("a 250% reduction in errors") == []  # a share above 95% is not a gain
    assert extract_claims("improves BLEU by 75 points") == []


def test_strength_maps_targets_to_one() -> None:
    assert Claim(SPEEDUP, 20.0, "").strength == 1.0
    assert Claim(RELATIVE, 30.0, "").strength == 1.0
    assert Claim(POINTS, 10.0, "").strength == 1.0
    assert Claim(SPEEDUP, 1.5, "").strength < Claim(SPEEDUP, 4.0, "").strength < 1.0
    assert Claim(RELATIVE, 3.0, "").strength == pytest.approx(0.1)


def test_efficiency_mentions() -> None:
    assert mentions_efficiency("We reduce inference latency on mobile devices.")
    assert mentions_efficiency("A quantized model with 4-bit weights.")
    assert not mentions_efficiency("We study gender bias in word embeddings.")
