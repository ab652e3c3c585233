"""Quality cost of the static default: top-50 neighbour overlap with the MiniLM transformer.

Both models embed the same random sample of real abstracts (title + abstract). The
queries are real too: titles of other papers from the corpus, held out of the sample,
which read like the short idea texts ``score-idea`` is given. For each query, the
overlap is |top-50 static ∩ top-50 MiniLM| / 50; also shown is how much of the MiniLM
top-50 a larger static candidate set covers (what a static-then-rerank search gets).

    python benchmarks/quality_static_vs_minilm.py [--data DIR] [--docs 5000] [--queries 200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """The shared arXiv data beside the checkout (or LAUNCHPAD_TEST_DATA)."""
    env = os.environ.get("LAUNCHPAD_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data" / "arxiv"


def load_records(data: Path) -> list[dict[str, str]]:
    """Every record of the parts (id, title, abstract)."""
    records = []
    for part in sorted(data.glob("arxiv-cs-part-*.jsonl.gz")):
        with gzip.open(part, "rt", encoding="utf-8") as handle:
            for line in handle:
                item = json.loads(line)
                records.append(
                    {"id": item["id"], "title": item["title"], "abstract": item["abstract"]}
                )
    return records


def top(matrix: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Row indices of the k most similar documents per query, best first."""
    sims = queries @ matrix.T
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1)
    return np.take_along_axis(part, order, axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    from launchpad.corpus.embed import document_text, load_embedder

    records = load_records(args.data)
    rng = random.Random(args.seed)
    chosen = rng.sample(records, args.docs + args.queries)
    docs, held_out = chosen[: args.docs], chosen[args.docs :]
    texts = [document_text(r["title"], r["abstract"]) for r in docs]
    queries = [r["title"] for r in held_out]
    print(f"{len(records):,} records; {len(docs):,} documents, {len(queries)} title queries")

    static = load_embedder()
    started = time.perf_counter()
    static_docs = static.encode(texts)
    static_seconds = time.perf_counter() - started
    static_queries = static.encode(queries)

    minilm = load_embedder("all-MiniLM-L6-v2")
    started = time.perf_counter()
    minilm_docs = minilm.encode(texts, batch_size=64)
    minilm_seconds = time.perf_counter() - started
    minilm_queries = minilm.encode(queries)

    k = 50
    reference = top(minilm_docs, minilm_queries, k)
    overlaps = {}
    for depth in (50, 100, 200):
        candidates = top(static_docs, static_queries, depth)
        overlaps[depth] = [
            len(set(candidates[i]) & set(reference[i])) / k for i in range(len(queries))
        ]
    top10 = [
        len(set(top(static_docs, static_queries, k)[i]) & set(reference[i, :10])) / 10
        for i in range(len(queries))
    ]
    chance = k / len(docs)
    print(f"static embedding:  {len(texts) / static_seconds:,.0f} docs/s")
    print(f"MiniLM embedding:  {len(texts) / minilm_seconds:,.1f} docs/s")
    print(
        f"top-50 overlap static vs MiniLM: mean {statistics.mean(overlaps[50]):.1%}, "
        f"median {statistics.median(overlaps[50]):.1%} (chance {chance:.1%})"
    )
    print(f"MiniLM top-10 found in static top-50: mean {statistics.mean(top10):.1%}")
    for depth in (100, 200):
        print(
            f"MiniLM top-50 covered by static top-{depth}: "
            f"mean {statistics.mean(overlaps[depth]):.1%}"
        )


if __name__ == "__main__":
    main()
