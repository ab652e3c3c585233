"""How launchpad's corpus scales with the number of papers, each figure beside a baseline.

For every size N (default 50,000) it writes N records as plain JSON lines, builds a corpus
from them with ``launchpad corpus build`` and measures, in the same run:

* build (``build_corpus`` in a fresh process, as ``launchpad corpus build`` runs it): wall
  seconds, abstracts/s, cores busy (CPU-s of the build and its workers over wall-s), CPU-s
  of the full-text index inserts per paper, peak RSS (the largest process), corpus size
  on disk; baseline: reading and JSON-parsing the same input file (the floor of any build);
* cold ``launchpad score-idea IDEA --format json`` and ``launchpad corpus search QUERY
  --format json``: median wall seconds of fresh processes and their peak RSS;
* the search pass in-process (one query against every paper, top 50): median ms;
  baseline: a numpy float32 matrix-vector product plus top 50 over the same vectors
  loaded into memory (resident), so the ratio says how far the search is from memory
  bandwidth.

Up to 429,603 papers the records are a date-ordered, evenly spaced subset of the shared
arXiv parts; beyond that every record appears several times, copies re-identified as
``scaleJ/ID`` (same text and date): **synthetic copies for scale, not real papers**.

The machine's 1-minute load average is recorded before and after each size: on a shared
machine it says how far the wall times are from a quiet one's. With ``--results FILE``
each size's figures are appended to FILE as one JSON line and sizes already there are
skipped, so a long run can be resumed or taken one size at a time.

    python benchmarks/bench_scale.py [--sizes 50000,430000,1000000,2700000] [--repeat 5]
        [--results scale.jsonl] [--keep DIR]

A 2.7M corpus needs about 13 GB of disk (3.7 GB of input, 8.9 GB of corpus) in ``--work``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
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


_BUILD = """
import json, resource, sys, time
from pathlib import Path
from launchpad.corpus.build import build_corpus
from launchpad.corpus.readers import JsonlSource

start, cpu = time.perf_counter(), time.process_time()
report = build_corpus(Path(sys.argv[2]), [JsonlSource(Path(sys.argv[1]))])
wall = time.perf_counter() - start
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": wall, "added": report.added, "fts_seconds": report.fts_seconds,
    "cpu_seconds": time.process_time() - cpu + kids.ru_utime + kids.ru_stime,
    "peak_kb": max(own.ru_maxrss, kids.ru_maxrss),
}))
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


def measure(
    size: int, lines: list[bytes], work: Path, repeat: int, keep: Path | None = None
) -> dict[str, float | str]:
    """Every figure for one size (the input is removed afterwards, the corpus unless kept)."""
    source, corpus = work / f"input-{size}.jsonl", work / f"corpus-{size}"
    with source.open("wb") as handle:
        handle.writelines(records(lines, size))
    launchpad = [sys.executable, "-m", "launchpad"]
    load_before = os.getloadavg()[0]
    try:
        floor = parse_floor(source)
        built = json.loads(
            subprocess.run(
                [sys.executable, "-c", _BUILD, str(source), str(corpus)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        if built["added"] != size:
            raise SystemExit(f"the build added {built['added']} papers, not {size}")
        build_s = built["seconds"]
        disk = sum(path.stat().st_size for path in corpus.iterdir() if path.is_file())
        source.unlink()
        # score-idea's first call on a corpus builds the percentile reference (256 ideas
        # scored in batches); the budget is for a cold run with it cached, so it is built
        # and measured on its own first.
        reference_s, reference_peak = timed(
            [*launchpad, "ideas", "reference", "--corpus", str(corpus)]
        )
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
        if keep is not None and corpus.is_dir():
            kept = keep / f"corpus-{size}"
            shutil.rmtree(kept, ignore_errors=True)
            keep.mkdir(parents=True, exist_ok=True)
            shutil.move(corpus, kept)  # a copy when KEEP is on another file system
        shutil.rmtree(corpus, ignore_errors=True)
    return {
        "papers": size,
        "build_s": round(build_s, 1),
        "build_per_s": round(size / build_s),
        "cores_busy": round(built["cpu_seconds"] / build_s, 2),
        "fts_us_per_paper": round(built["fts_seconds"] / size * 1e6, 1),
        "parse_floor_s": round(floor, 1),
        "build_peak_mb": round(built["peak_kb"] / 1024),
        "disk_mb": round(disk / 2**20),
        "reference_s": round(reference_s, 1),
        "reference_peak_mb": round(reference_peak / 2**20),
        "score_cold_s": round(statistics.median(score), 3),
        "score_peak_mb": round(max(peaks) / 2**20),
        "search_cold_s": round(statistics.median(search), 3),
        "search_ms": round(inproc["search_ms"], 1),
        "resident_ms": round(inproc["resident_ms"], 1),
        "search_ratio": round(inproc["search_ms"] / inproc["resident_ms"], 2),
        "load_avg": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
    }


COLUMNS = [
    "papers", "build_s", "build_per_s", "cores_busy", "fts_us_per_paper", "parse_floor_s",
    "build_peak_mb", "disk_mb", "reference_s", "reference_peak_mb", "score_cold_s",
    "score_peak_mb", "search_cold_s", "search_ms", "resident_ms", "search_ratio", "load_avg",
]  # fmt: skip


def main() -> None:
    """Measure every size and print a markdown table (JSON lines with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000", help="comma-separated paper counts")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--work", type=Path, help="where inputs and corpora go (default: tmp)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print each size's figures as JSON")
    parser.add_argument(
        "--results", type=Path, help="append each size's figures here; skip sizes already there"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="move each size's corpus to KEEP/corpus-SIZE instead of deleting it, "
        "to profile it afterwards",
    )
    args = parser.parse_args()
    sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    done: dict[int, dict[str, float | str]] = {}
    if args.results and args.results.is_file():
        for line in args.results.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                done[int(row["papers"])] = row
    if not args.json:
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS))
    lines: list[bytes] | None = None
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for size in sizes:
            figures = done.get(size)
            if figures is None:
                lines = lines if lines is not None else shared_lines(args.data)
                figures = measure(size, lines, Path(tmp), args.repeat, args.keep)
                if args.results:
                    with args.results.open("a") as handle:
                        handle.write(json.dumps(figures) + "\n")
            if args.json:
                print(json.dumps(figures), flush=True)
            else:
                print(
                    "| " + " | ".join(str(figures.get(c, "")) for c in COLUMNS) + " |", flush=True
                )


if __name__ == "__main__":
    main()
