"""The labelled set the relevance thresholds were chosen on, and the figures it gives.

Genuine ideas are named methods and topics of cs.CL that exist in the corpus by 2019-06;
unrelated ones are from outside computer science. The set was written down before any
of it was scored; the ideas of tests/ideas/test_relevance.py are kept out of it.

    python benchmarks/relevance_thresholds.py --corpus DIR [--as-of 2019-06] [--categories cs.CL]

Prints, per idea, the similarity and overlap with their percentiles in the slice's
reference sample, whether it got the notice, and its three calibrated scores.
"""

from __future__ import annotations

import argparse
from pathlib import Path

GENUINE = [
    "retrieval-augmented question answering",
    "pretrained transformer language models fine-tuned for text classification",
    "neural machine translation with attention",
    "unsupervised machine translation with back-translation",
    "BERT for extractive question answering",
    "word embeddings for low-resource languages",
    "named entity recognition with BiLSTM-CRF",
    "abstractive summarization with pointer-generator networks",
    "sentiment analysis of tweets",
    "dependency parsing with graph neural networks",
    "contextual word representations from language models",
    "adversarial examples for text classifiers",
    "gender bias in word embeddings",
    "neural dialogue generation with reinforcement learning",
    "multilingual sentence embeddings for cross-lingual transfer",
    "knowledge graph embedding for link prediction",
    "end-to-end speech recognition with sequence-to-sequence models",
    "reading comprehension datasets",
    "subword tokenization with byte pair encoding",
    "natural language inference with sentence encoders",
    "hate speech detection on social media",
    "semantic role labeling",
]
UNRELATED = [
    "a cheaper recipe for sourdough bread",
    "training dogs to herd sheep",
    "the migration routes of monarch butterflies",
    "improving the fuel efficiency of cargo ships",
    "a new glaze for porcelain pottery",
    "knitting patterns for winter scarves",
    "tectonic plate movement under Iceland",
    "growing tomatoes in cold climates",
    "the history of the Roman aqueducts",
    "repairing potholes in asphalt roads",
]


def main() -> None:
    """Score the labelled set and print one line per idea."""
    from launchpad.ideas import score_ideas
    from launchpad.ideas.timeline import parse_as_of

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--as-of", default="2019-06")
    parser.add_argument("--categories", default="cs.CL")
    args = parser.parse_args()
    cats = tuple(c for c in args.categories.split(",") if c)
    scored = score_ideas(
        GENUINE + UNRELATED, corpus=args.corpus, as_of=parse_as_of(args.as_of), categories=cats
    )
    label = dict.fromkeys(GENUINE, "genuine") | dict.fromkeys(UNRELATED, "unrelated")
    rows = sorted(scored, key=lambda s: (label[s.idea], s.idea))
    print(f"{'label':9} {'sim':>6} {'p':>5} {'lex':>6} {'p':>5} N  fr fa he  idea")
    for s in rows:
        r = s.relevance
        if r is None or r.similarity_percentile is None or r.overlap_percentile is None:
            raise SystemExit(f"{s.idea}: not judged against a reference")
        print(
            f"{label[s.idea]:9} {r.similarity:6.3f} {r.similarity_percentile:5.1f} "
            f"{r.overlap:6.3f} {r.overlap_percentile:5.1f} {'N' if r.notice else '-'}  "
            f"{s.frontier.score:2d} {s.fanout.score:2d} {s.headroom.score:2d}  {s.idea}"
        )


if __name__ == "__main__":
    main()
