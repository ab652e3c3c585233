"""`launchpad score-idea` speed and memory on a corpus built from all the shared arXiv data.

Measures, in one run:

* cold: a fresh ``launchpad score-idea IDEA --format json`` process, from start to its
  printed result (median of ``--repeat`` runs), next to ``launchpad --version`` started
  the same way (the interpreter + CLI floor) as the baseline;
* peak resident memory of that process (the vectors are memory-mapped);
* batch: ideas scored per second in one process (``Scorer.score`` on ``--batch`` ideas,
  the corpus already open), the path ``--file ideas.txt`` takes.

    python benchmarks/bench_score.py [--corpus DIR | --data DIR] [--repeat 7] [--batch 200]

Without ``--corpus`` a corpus is first built from every ``*.jsonl.gz`` part of ``--data``
into a temporary folder (a few minutes). Goals: cold <= 1 s median, batch >= 30 ideas/s,
peak RSS <= 800 MB. "Cold" is a cold process, not a cold disk cache: the first run
warms the page cache and is reported separately.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
IDEAS = [
    "late interaction retrieval with BERT",
    "low-rank adapters for fine-tuning large language models",
    "detecting hallucinations in abstractive summarisation",
    "graph neural networks for molecule property prediction",
    "speculative decoding for faster language model inference",
]
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "dt = time.perf_counter() - t\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(p.returncode, dt, use.ru_maxrss * 1024, use.ru_utime + use.ru_stime)\n"
)


def default_data_dir() -> Path:
    """The shared arXiv data beside the checkout (or LAUNCHPAD_TEST_DATA)."""
    env = os.environ.get("LAUNCHPAD_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data" / "arxiv"


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one fresh process running ``command``."""
    seconds, peak, _ = measured(command)
    return seconds, peak


def measured(command: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and CPU seconds of one fresh process running ``command``."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"command failed: {' '.join(command)}")
    return float(out[1]), int(out[2]), float(out[3])


def build(data: Path, target: Path) -> None:
    """Build the full corpus with the CLI, as a user would."""
    parts = sorted(data.glob("arxiv-cs-part-*.jsonl.gz"))
    if not parts:
        raise SystemExit(f"no arxiv-cs-part-*.jsonl.gz in {data}")
    args = [sys.executable, "-m", "launchpad", "corpus", "build", "--corpus", str(target)]
    for part in parts:
        args += ["--from-jsonl", str(part)]
    subprocess.run([*args, "--format", "json"], check=True, capture_output=True)


def batch_rate(corpus_dir: Path, count: int) -> tuple[float, float]:
    """Ideas per second through ``Scorer.score`` (titles of random corpus papers): per wall
    second and per CPU second (the second moves less on a machine shared with other work).

    The scorer takes the cached percentile reference's look-ups first, as ``--file`` does.
    """
    import numpy as np

    from launchpad.corpus.store import Corpus
    from launchpad.ideas import reference
    from launchpad.ideas.score import Scorer

    with Corpus.open(corpus_dir) as corpus:
        rows = np.random.default_rng(3).choice(len(corpus), count, replace=False)
        ideas = [p.title for p in corpus.papers(sorted(rows.tolist()))]
        scorer = Scorer(corpus, measure_relevance=True)
        cutoff = reference.reference_date(scorer.as_of, scorer.corpus_last)
        reference.seed(scorer, reference.load(corpus, (), cutoff, scorer=scorer)[0])
        scorer.score(ideas[:4])  # load the model and warm the caches
        start, cpu = time.perf_counter(), time.process_time()
        scored = scorer.score(ideas)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if len(scored) != count:
        raise SystemExit(f"scored {len(scored)} of {count} ideas")
    return count / seconds, count / cpu


def main() -> None:
    """Run the measurements and print them (and JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="an existing full corpus")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            print(f"building the corpus from {args.data} ...", file=sys.stderr)
            build(args.data, corpus)
        launchpad = [sys.executable, "-m", "launchpad"]
        first = timed([*launchpad, "score-idea", IDEAS[0], "--corpus", str(corpus)])[0]
        cold, rss, floor, cpu = [], [], [], []
        for i in range(args.repeat):
            idea = IDEAS[i % len(IDEAS)]
            seconds, peak, used = measured(
                [*launchpad, "score-idea", idea, "--corpus", str(corpus), "--format", "json"]
            )
            cold.append(seconds)
            rss.append(peak)
            cpu.append(used)
            floor.append(timed([*launchpad, "--version"])[0])
        rate, cpu_rate = batch_rate(corpus, args.batch)
    figures = {
        "first_run_s": round(first, 3),
        "cold_median_s": round(statistics.median(cold), 3),
        "cold_min_s": round(min(cold), 3),
        "cold_max_s": round(max(cold), 3),
        "cold_cpu_median_s": round(statistics.median(cpu), 3),
        "version_floor_median_s": round(statistics.median(floor), 3),
        "ratio_to_floor": round(statistics.median(cold) / statistics.median(floor), 2),
        "peak_rss_mb": round(max(rss) / 2**20),
        "batch_ideas_per_s": round(rate, 1),
        "batch_ideas_per_cpu_s": round(cpu_rate, 1),
        "load_average": round(os.getloadavg()[0], 2),
        "repeat": args.repeat,
        "batch": args.batch,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"score-idea cold: median {figures['cold_median_s']} s "
        f"(min {figures['cold_min_s']}, max {figures['cold_max_s']}, first {first:.2f} s; "
        f"CPU {figures['cold_cpu_median_s']} s); "
        f"`launchpad --version` {figures['version_floor_median_s']} s "
        f"(x{figures['ratio_to_floor']}); goal <= 1 s"
    )
    print(f"peak RSS {figures['peak_rss_mb']} MB (goal <= 800 MB)")
    print(
        f"batch: {figures['batch_ideas_per_s']} ideas/s (goal >= 30), "
        f"{figures['batch_ideas_per_cpu_s']} per CPU second; load average "
        f"{figures['load_average']}"
    )


if __name__ == "__main__":
    main()
