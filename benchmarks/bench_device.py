"""Per-batch cost of all-MiniLM-L6-v2 in one process vs a ``--device cpu,cpu`` pool.

Embeds batches of 64 title + abstract texts of the shared sample through launchpad's
embedder, alternating the two placements batch by batch (paired, same load), and
prints the median wall seconds and CPU-seconds per batch (the pool's CPU is its
processes'), with the load average beside them. The pool's start-up is timed apart.

    python benchmarks/bench_device.py [--data DIR] [--batches 5]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BATCH = 64


def default_data_dir() -> Path:
    """The shared arXiv data beside the checkout (or LAUNCHPAD_TEST_DATA)."""
    env = os.environ.get("LAUNCHPAD_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data" / "arxiv"


def _children_cpu() -> float:
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def main() -> None:
    from launchpad.corpus.embed import document_text, load_embedder

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--batches", type=int, default=5)
    args = parser.parse_args()
    with gzip.open(args.data / "sample-2k.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    texts = [document_text(r["title"], r["abstract"]) for r in records]
    alone = load_embedder("all-MiniLM-L6-v2")
    pooled = alone.on(["cpu", "cpu"])  # type: ignore[attr-defined]
    alone.encode(texts[:BATCH], batch_size=BATCH)  # warm-up
    started = time.perf_counter()
    pooled.encode(texts[:BATCH], batch_size=BATCH)  # starts the pool
    start_seconds = time.perf_counter() - started
    figures: dict[str, list[tuple[float, float]]] = {"one process": [], "pool of 2": []}
    try:
        for i in range(1, args.batches + 1):
            batch = texts[i * BATCH : (i + 1) * BATCH]
            for label, embedder in (("one process", alone), ("pool of 2", pooled)):
                wall, cpu = time.perf_counter(), time.process_time() + _children_cpu()
                embedder.encode(batch, batch_size=BATCH)
                figures[label].append(
                    (
                        time.perf_counter() - wall,
                        time.process_time() + _children_cpu() - cpu,
                    )
                )
    finally:
        pooled.close()
    print(f"pool start-up (2 CPU processes, first batch included): {start_seconds:.1f} s")
    for label, rows in figures.items():
        wall = statistics.median(w for w, _ in rows)
        cpu = statistics.median(c for _, c in rows)
        print(
            f"{label}: median {wall:.2f} s wall, {cpu:.2f} CPU-s per batch of {BATCH} "
            f"({BATCH / wall:.1f} abstracts/s) over {len(rows)} batches"
        )
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
