"""Corpus build throughput: abstracts per second end to end (parse + embed + store).

Builds a fresh corpus from every ``*.jsonl.gz`` part of the shared arXiv data with the
default static model, exactly as a user would (``launchpad corpus build`` in a child
process), and samples the process tree's resident memory while it runs. Then measures
the all-MiniLM-L6-v2 transformer through the same build path on a small sample, in the
same run, as the baseline for the ratio.

    python benchmarks/bench_corpus.py [--data DIR] [--baseline-sample 300] [--repeat 1]

Goal: >= 5,000 abstracts/s for the default on 2 cores, peak memory <= 2 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    """The shared arXiv data beside the checkout (or LAUNCHPAD_TEST_DATA)."""
    env = os.environ.get("LAUNCHPAD_TEST_DATA")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "data" / "arxiv"


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += proc.memory_info().rss
    return total


def build_with_cli(
    files: list[Path], corpus: Path, extra: list[str]
) -> tuple[dict[str, object], float, int, float]:
    """Run ``launchpad corpus build``.

    Returns its JSON report, the wall seconds, the peak RSS of its process tree, and the
    CPU seconds (user + system) it and its worker processes used.
    """
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "launchpad", "corpus", "build", "--corpus", str(corpus)]
    command += ["--format", "json", *extra, "--from-jsonl", *map(str, files)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {err.strip()}")
    return json.loads(out), wall, peak, cpu


def build_in_process(sample: Path, corpus: Path, model: str | None) -> float:
    """Abstracts/s of one build with an already-loaded model (load time excluded)."""
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.embed import load_embedder
    from launchpad.corpus.readers import JsonlSource

    load_embedder(model)  # cached: the build below reuses this instance
    report = build_corpus(corpus, [JsonlSource(sample)], model=model, workers=0)
    return report.rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--baseline-sample", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=1, help="full builds (median is shown)")
    args = parser.parse_args()

    parts = sorted(args.data.glob("arxiv-cs-part-*.jsonl.gz"))
    if not parts:
        raise SystemExit(f"no arxiv-cs-part-*.jsonl.gz in {args.data}")
    print(f"data: {len(parts)} parts, {sum(p.stat().st_size for p in parts) / 1e6:.1f} MB gzip")
    print(f"cpus: {os.cpu_count()}")

    rates, cpus, peaks, records = [], [], [], 0
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        for run in range(args.repeat):
            corpus = Path(tmp) / f"static-{run}"
            load = os.getloadavg()[0]
            report, wall, peak, cpu = build_with_cli(parts, corpus, [])
            records = int(report["read"])  # type: ignore[call-overload]
            rates.append(records / wall)
            cpus.append(cpu)
            peaks.append(peak)
            size = sum(f.stat().st_size for f in corpus.iterdir())
            print(
                f"static run {run + 1}: {records:,} abstracts in {wall:.1f} s wall, "
                f"{cpu:.1f} CPU s, peak RSS {peak / 2**30:.2f} GiB, corpus {size / 1e6:,.0f} MB "
                f"(load average before: {load:.1f})"
            )

        import gzip

        sample = Path(tmp) / "baseline.jsonl"
        with gzip.open(args.data / "sample-2k.jsonl.gz", "rt", encoding="utf-8") as handle:
            lines = [next(handle) for _ in range(args.baseline_sample)]
        sample.write_text("".join(lines), encoding="utf-8")
        minilm = build_in_process(sample, Path(tmp) / "minilm", "all-MiniLM-L6-v2")
        small = build_in_process(sample, Path(tmp) / "static-sample", None)
        print(
            f"same {args.baseline_sample}-abstract sample, model loaded beforehand, "
            f"in-process: MiniLM {minilm:,.1f}/s, static {small:,.0f}/s"
        )

    static = statistics.median(rates)
    per_cpu = records / statistics.median(cpus)
    cores = os.cpu_count() or 1
    print()
    print(
        f"default static model, end to end: {static:,.0f} abstracts/s wall (median of {len(rates)})"
    )
    print(f"  CPU cost: {per_cpu:,.0f} abstracts per CPU second ({cores} cores here)")
    print(f"MiniLM transformer (same path):   {minilm:,.1f} abstracts/s")
    print(f"ratio static / MiniLM:            {static / minilm:,.0f}x")
    print(f"peak memory (process tree):       {max(peaks) / 2**30:.2f} GiB (budget 2 GiB)")
    print(f"goal >= 5,000/s: {'met' if static >= 5000 else 'NOT met'}")


if __name__ == "__main__":  # the build uses worker processes (spawn)
    main()
