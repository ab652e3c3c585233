"""A corpus build on the shared arXiv parts, this code against a baseline, alternating.

Each run builds a corpus from every ``arxiv-cs-part-*.jsonl.gz`` in a fresh process (as
``launchpad corpus build --from-jsonl`` does) and records: wall seconds, abstracts/s,
CPU-s of the main process and of its embedding workers, cores busy (all CPU-s over
wall-s), the CPU-s of the FTS5 inserts, and the peak RSS of the main process and of the
largest worker. Beside every run, in the same minute:

* the 1-minute load average before and after (the machine may be shared);
* the cores on offer: two processes that only spin for ``--probe`` seconds, their CPU-s
  over wall-s, so "cores busy" can be read against what the machine gave at the time;
* the floor: decompressing and JSON-parsing the same parts (orjson), one core.

``--baseline SRC`` names another checkout's source directory (the one holding its
``launchpad`` package): its runs put SRC first on ``PYTHONPATH``. Runs alternate
(baseline, this, baseline, this, ...) for ``--rounds`` rounds, and the table gives each
run and the medians.

    python benchmarks/bench_build.py [--baseline ../main] [--rounds 2] [--results out.jsonl]
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
from pathlib import Path

from bench_score import default_data_dir

_BUILD = """
import json, resource, sys, time
from pathlib import Path
import launchpad
from launchpad.corpus.build import build_corpus
from launchpad.corpus.readers import JsonlSource

if __name__ == "__main__":
    parts = [Path(p) for p in sys.argv[2:]]
    start = time.perf_counter()
    report = build_corpus(Path(sys.argv[1]), [JsonlSource(p) for p in parts])
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "code": str(Path(launchpad.__file__).parent.parent), "added": report.added,
        "wall_s": wall, "main_cpu_s": own.ru_utime + own.ru_stime,
        "workers_cpu_s": kids.ru_utime + kids.ru_stime, "fts_cpu_s": report.fts_seconds,
        "main_peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": kids.ru_maxrss / 1024,
    }))
"""

_SPIN = """
import sys, time
end = time.perf_counter() + float(sys.argv[1])
while time.perf_counter() < end:
    pass
print(time.process_time())
"""


def cores_on_offer(seconds: float) -> float:
    """CPU-s over wall-s of two processes that spin for ``seconds`` (2.0 on a quiet machine)."""
    spin = [sys.executable, "-c", _SPIN, str(seconds)]
    start = time.perf_counter()
    procs = [subprocess.Popen(spin, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    cpu = sum(float(proc.communicate()[0]) for proc in procs)
    return cpu / (time.perf_counter() - start)


def floor_seconds(parts: list[Path]) -> float:
    """Wall seconds to decompress and JSON-parse every line of ``parts``."""
    import orjson

    start = time.perf_counter()
    for part in parts:
        with gzip.open(part, "rb") as handle:
            for line in handle:
                if line.strip():
                    orjson.loads(line)
    return time.perf_counter() - start


def run(label: str, src: Path | None, parts: list[Path], work: Path, probe: float) -> dict:
    """One build of every part with the code in ``src`` (None: this checkout)."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    corpus = work / f"corpus-{label}"
    shutil.rmtree(corpus, ignore_errors=True)
    load_before = os.getloadavg()[0]
    offer = cores_on_offer(probe)
    floor = floor_seconds(parts)
    command = [sys.executable, "-c", _BUILD, str(corpus), *map(str, parts)]
    # run outside the checkout: `python -c` puts the working directory first on sys.path
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=work)
    built = json.loads(done.stdout)
    shutil.rmtree(corpus, ignore_errors=True)
    cpu = built["main_cpu_s"] + built["workers_cpu_s"]
    return {
        "label": label,
        "code": built["code"],
        "papers": built["added"],
        "wall_s": round(built["wall_s"], 1),
        "per_s": round(built["added"] / built["wall_s"]),
        "cores_busy": round(cpu / built["wall_s"], 2),
        "cores_on_offer": round(offer, 2),
        "cpu_s": round(cpu, 1),
        "main_cpu_s": round(built["main_cpu_s"], 1),
        "workers_cpu_s": round(built["workers_cpu_s"], 1),
        "fts_cpu_s": built["fts_cpu_s"],
        "main_peak_mb": round(built["main_peak_mb"]),
        "worker_peak_mb": round(built["worker_peak_mb"]),
        "floor_s": round(floor, 1),
        "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
    }


COLUMNS = [
    "label", "wall_s", "per_s", "cores_busy", "cores_on_offer", "cpu_s", "main_cpu_s",
    "workers_cpu_s", "fts_cpu_s", "main_peak_mb", "worker_peak_mb", "floor_s", "load",
]  # fmt: skip


def main() -> None:
    """Alternate baseline and this code for every round; print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="source directory of the code to compare")
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--probe", type=float, default=5.0, help="seconds of the cores probe")
    parser.add_argument("--work", type=Path, help="where the corpora go (default: tmp)")
    parser.add_argument("--results", type=Path, help="append each run's figures here")
    args = parser.parse_args()
    parts = sorted(args.data.glob("arxiv-cs-part-*.jsonl.gz"))
    if not parts:
        raise SystemExit(f"no arxiv-cs-part-*.jsonl.gz in {args.data}")
    variants: list[tuple[str, Path | None]] = [("this", None)]
    if args.baseline is not None:
        variants.insert(0, ("baseline", args.baseline.resolve()))
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        for _ in range(args.rounds):
            for label, src in variants:
                figures = run(label, src, parts, Path(tmp), args.probe)
                runs.append(figures)
                if args.results:
                    with args.results.open("a") as handle:
                        handle.write(json.dumps(figures) + "\n")
                print("| " + " | ".join(str(figures[c]) for c in COLUMNS) + " |", flush=True)
    for label, _ in variants:
        mine = [r for r in runs if r["label"] == label]
        medians = {c: statistics.median(r[c] for r in mine) for c in COLUMNS[1:-1]}
        print(
            f"| median {label} | " + " | ".join(f"{medians[c]:g}" for c in COLUMNS[1:-1]) + " | |"
        )


if __name__ == "__main__":
    main()
