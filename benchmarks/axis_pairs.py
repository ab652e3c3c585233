"""Do fanout and headroom order ideas the way a researcher would? A recorded pairs check.

Each pair is (should score higher, should score lower) on one axis, written by hand:

* fanout: an infrastructure method that many other problems build on, next to a leaf
  application of the same field;
* headroom: a problem whose recent papers still report large gains or barely discuss
  efficiency, next to a long-benchmarked task where recent papers report small increments.

Every pair is scored in the cs.CL slice as of each cutoff, and the script prints, per
axis and cutoff, how many pairs the axis orders right (ties count as wrong) next to a
baseline on the same ideas: for fanout the entropy of the neighbours' categories (the
first signal one would try), for headroom the share of recent neighbours with a numeric
claim. The fanout pairs were written after fanout's formula was fixed. The headroom
tuning pairs chose its current formula; the held-out pairs were written before that
formula was run on them. It is a sanity check with a few dozen comparisons, not a
backtest: `launchpad ideas backtest` is the proof for frontier (docs/ideas.md has the
figures).

    python benchmarks/axis_pairs.py --corpus DIR [--cutoffs 2019-12-31,2022-12-31,2025-12-31]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from launchpad.ideas import IdeaScore

FANOUT_PAIRS = [
    (
        "contrastive pre-training of sentence embeddings",
        "detecting sarcasm in Reddit comments",
    ),
    (
        "subword tokenization for neural language models",
        "automatic grading of short answers in biology exams",
    ),
    (
        "parameter-efficient fine-tuning of pretrained transformers",
        "classifying the political leaning of news articles",
    ),
    (
        "multilingual pretrained encoders for cross-lingual transfer",
        "emotion detection in Hindi song lyrics",
    ),
    (
        "knowledge distillation for compressing language models",
        "predicting the helpfulness of Amazon product reviews",
    ),
    (
        "active learning to reduce annotation cost",
        "recognising medication names in Spanish clinical notes",
    ),
    (
        "benchmarks for evaluating natural language understanding",
        "generating Chinese classical poetry",
    ),
    (
        "weak supervision from labelling functions",
        "identifying cyberbullying in Instagram comments",
    ),
]

HEADROOM_TUNING = [
    (
        "accelerating inference of large language models",
        "part-of-speech tagging of English newswire text",
    ),
    (
        "quantization of large language models to low bit widths",
        "dependency parsing of the English Penn Treebank",
    ),
    (
        "long-context language modelling with linear-time attention",
        "sentiment classification of movie reviews",
    ),
    (
        "on-device speech recognition with small models",
        "named entity recognition on the CoNLL-2003 benchmark",
    ),
    (
        "reducing the memory footprint of training large language models",
        "English to German news translation on WMT benchmarks",
    ),
    (
        "faster retrieval for retrieval-augmented generation",
        "word sense disambiguation with WordNet",
    ),
]


HEADROOM_HELD_OUT = [
    (
        "code generation from natural language descriptions",
        "spelling correction for English text",
    ),
    (
        "chain-of-thought reasoning in large language models",
        "constituency parsing of English sentences",
    ),
    ("text-to-SQL semantic parsing", "coreference resolution on the OntoNotes benchmark"),
    (
        "machine translation for low-resource African languages",
        "English to French translation on WMT14",
    ),
    (
        "solving math word problems with language models",
        "semantic role labelling on CoNLL-2005",
    ),
    (
        "language model agents that use external tools",
        "question classification on the TREC dataset",
    ),
    ("end-to-end speech translation", "stemming and lemmatization for English"),
    (
        "vision-language models for document understanding",
        "sentence boundary detection in English",
    ),
]


def _entropy(counts: list[tuple[str, int]]) -> float:
    total = sum(n for _, n in counts)
    return -sum(n / total * math.log(n / total) for _, n in counts if n) if total else 0.0


def _category_entropy(score: IdeaScore) -> float:
    return _entropy(score.evidence.categories)


def _claim_share(score: IdeaScore) -> float:
    # the neighbourhood always has the same size, so the count orders like the share
    return score.headroom.parts.get("claiming_papers", 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a built corpus directory")
    parser.add_argument("--categories", default="cs.CL")
    parser.add_argument("--cutoffs", default="2019-12-31,2022-12-31,2025-12-31")
    args = parser.parse_args()

    from launchpad.corpus.store import Corpus
    from launchpad.ideas import Scorer

    corpus = Corpus.open(args.corpus)
    categories = [c for c in args.categories.split(",") if c]
    cutoffs = [dt.date.fromisoformat(c) for c in args.cutoffs.split(",")]
    totals: dict[str, list[int]] = {}
    for cutoff in cutoffs:
        scorer = Scorer(corpus, as_of=cutoff, categories=categories)
        for label, axis, pairs, baseline_name, baseline in (
            ("fanout", "fanout", FANOUT_PAIRS, "category entropy", _category_entropy),
            ("headroom tuning", "headroom", HEADROOM_TUNING, "claim share", _claim_share),
            ("headroom held out", "headroom", HEADROOM_HELD_OUT, "claim share", _claim_share),
        ):
            ideas = [idea for pair in pairs for idea in pair]
            scored = dict(zip(ideas, scorer.score(ideas), strict=True))
            right = base_right = 0
            print(f"\n{label}, {'/'.join(categories)} as of {cutoff}")
            for high, low in pairs:
                a, b = getattr(scored[high], axis).score, getattr(scored[low], axis).score
                ok = a > b
                right += ok
                base_right += baseline(scored[high]) > baseline(scored[low])
                mark = "ok  " if ok else "MISS"
                print(f"  {mark} {a:3d} > {b:3d}  {high!r} vs {low!r}")
            print(
                f"  {label}: {right}/{len(pairs)} right; {baseline_name}: {base_right}/{len(pairs)}"
            )
            tally = totals.setdefault(label, [0, 0, 0])
            tally[0] += right
            tally[1] += base_right
            tally[2] += len(pairs)
    print()
    for label, (right, base_right, n) in totals.items():
        print(f"{label}: {right}/{n} pair-cutoffs right (baseline {base_right}/{n})")


if __name__ == "__main__":
    main()
