"""How launchpad's corpus scales with the number of papers, each figure beside a baseline.

For every size N (default 50,000) it writes N records as plain JSON lines, builds a corpus
from them with ``launchpad corpus build`` and measures, in the same run:

* build: wall seconds, abstracts/s, peak RSS (the largest process), corpus size on disk;
  baseline: reading and JSON-parsing the same input file (the floor of any build);
* cold ``launchpad score-idea IDEA --format json`` and ``launchpad corpus search QUERY
  --format json``: median wall seconds of fresh processes and their peak RSS;
* the search pass in-process (one query against every paper, top 50): median ms;
  baseline: a numpy float32 matrix-vector product plus top 50 over the same vectors
  loaded into memory (resident), so the ratio says how far the search is from memory
  bandwidth.

Up to 429,603 papers the records are a date-ordered, evenly spaced subset of the shared
arXiv parts; beyond that every record appears several times, copies re-identified as
``scaleJ/ID`` (same text and date): **synthetic copies for scale, not real papers**.

    python benchmarks/bench_scale.py [--sizes 50000,430000,1000000,2700000] [--repeat 5]

A 2.7M corpus needs about 9 GB of disk (4 GB of input, 5-6 GB of corpus) in ``--work``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench_score import default_data_dir, timed  # the same fresh-process timing

IDEA = "low-rank adapters for fine-tuning large language models"
QUERY = "speech translation for low-resource languages"
_SEARCH = """
import json, statistics, sys, time
from pathlib import Path
import numpy as np
from launchpad.corpus.store import Corpus

repeat = int(sys.argv[2])
with Corpus.open(Path(sys.argv[1])) as corpus:
    query = corpus.embedder().encode([sys.argv[3]])[0]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        sims = corpus.similarities(query[None, :])[0]
        top = np.argpartition(-sims, 49)[:50]
        timings.append(time.perf_counter() - start)
    resident = np.array(corpus.vectors, dtype=np.float32)  # a copy held in memory
    floor = []
    for _ in range(repeat):
        start = time.perf_counter()
        base = resident @ query
        np.argpartition(-base, 49)[:50]
        floor.append(time.perf_counter() - start)
    best = np.sort(base[np.argpartition(-base, 49)[:50]])
    assert np.allclose(np.sort(sims[top]), best, atol=1e-5)  # the same 50 (up to ties)
print(json.dumps({"search_ms": statistics.median(timings) * 1e3,
                  "resident_ms": statistics.median(floor) * 1e3}))
"""


def shared_lines(data: Path) -> list[bytes]:
    """Every line of the shared ``arxiv-cs-part-*.jsonl.gz`` files, in their (date) order."""
    parts = sorted(data.glob("arxiv-cs-part-*.jsonl.gz"))
    if not parts:
        raise SystemExit(f"no arxiv-cs-part-*.jsonl.gz in {data}")
    lines: list[bytes] = []
    for part in parts:
        with gzip.open(part, "rb") as handle:
            lines.extend(line for line in handle if line.strip())
    return lines


def records(lines: list[bytes], size: int) -> Iterator[bytes]:
    """``size`` records spread evenly over ``lines``; past their number, re-identified copies."""
    for index, line in enumerate(lines):
        copies = (index + 1) * size // len(lines) - index * size // len(lines)
        if not copies:
            continue
        yield line
        if copies > 1:
            record = json.loads(line)
            original = record["id"]
            for copy in range(1, copies):
                record["id"] = f"scale{copy}/{original}"
                yield (json.dumps(record) + "\n").encode()


def parse_floor(path: Path) -> float:
    """Seconds to read and JSON-parse every line of ``path`` (orjson, as the build does)."""
    import orjson

    start = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            orjson.loads(line)
    return time.perf_counter() - start


def measure(size: int, lines: list[bytes], work: Path, repeat: int) -> dict[str, float]:
    """Every figure for one size (the input and corpus are removed afterwards)."""
    source, corpus = work / f"input-{size}.jsonl", work / f"corpus-{size}"
    with source.open("wb") as handle:
        handle.writelines(records(lines, size))
    launchpad = [sys.executable, "-m", "launchpad"]
    try:
        floor = parse_floor(source)
        build_s, build_rss = timed(
            [*launchpad, "corpus", "build", "--from-jsonl", str(source), "--corpus", str(corpus)]
        )
        disk = sum(path.stat().st_size for path in corpus.iterdir() if path.is_file())
        source.unlink()
        score, search, peaks = [], [], []
        for _ in range(repeat):
            seconds, peak = timed(
                [*launchpad, "score-idea", IDEA, "--corpus", str(corpus), "--format", "json"]
            )
            score.append(seconds)
            peaks.append(peak)
            search_command = [
                "corpus",
                "search",
                QUERY,
                "--corpus",
                str(corpus),
                "--format",
                "json",
            ]
            search.append(timed([*launchpad, *search_command])[0])
        inproc = json.loads(
            subprocess.run(
                [sys.executable, "-c", _SEARCH, str(corpus), str(repeat), QUERY],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    finally:
        source.unlink(missing_ok=True)
        shutil.rmtree(corpus, ignore_errors=True)
    return {
        "papers": size,
        "build_s": round(build_s, 1),
        "build_per_s": round(size / build_s),
        "parse_floor_s": round(floor, 1),
        "build_peak_mb": round(build_rss / 2**20),
        "disk_mb": round(disk / 2**20),
        "score_cold_s": round(statistics.median(score), 3),
        "score_peak_mb": round(max(peaks) / 2**20),
        "search_cold_s": round(statistics.median(search), 3),
        "search_ms": round(inproc["search_ms"], 1),
        "resident_ms": round(inproc["resident_ms"], 1),
        "search_ratio": round(inproc["search_ms"] / inproc["resident_ms"], 2),
    }


def main() -> None:
    """Measure every size and print a markdown table (JSON lines with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000", help="comma-separated paper counts")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--work", type=Path, help="where inputs and corpora go (default: tmp)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print each size's figures as JSON")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    lines = shared_lines(args.data)
    columns = [
        "papers", "build_s", "build_per_s", "parse_floor_s", "build_peak_mb", "disk_mb",
        "score_cold_s", "score_peak_mb", "search_cold_s", "search_ms", "resident_ms",
        "search_ratio",
    ]  # fmt: skip
    if not args.json:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for size in sizes:
            figures = measure(size, lines, Path(tmp), args.repeat)
            if args.json:
                print(json.dumps(figures), flush=True)
            else:
                print("| " + " | ".join(str(figures[c]) for c in columns) + " |", flush=True)


if __name__ == "__main__":
    main()
