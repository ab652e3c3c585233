"""Time one-pass ``summarize`` against the standard library's two passes.

Run ``python benchmarks/bench_core.py`` (``--n`` values, ``--repeat`` runs, median kept);
``--markdown`` prints the README's results table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from golden_project import summarize


def _median_seconds(function: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000, help="values per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median is kept")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--quick", action="store_true", help="a tiny run (used by the tests)")
    args = parser.parse_args()
    if args.quick:
        args.n, args.repeat = 2_000, 1

    rng = random.Random(0)
    values = [rng.random() for _ in range(args.n)]
    ours = _median_seconds(lambda: summarize(values), args.repeat)
    baseline = _median_seconds(
        lambda: (statistics.fmean(values), statistics.variance(values)), args.repeat
    )
    rows = [("statistics.fmean + variance (baseline)", baseline), ("summarize (one pass)", ours)]
    if args.markdown:
        print("| method | values | median time (s) | speed-up vs baseline |")
        print("|---|---:|---:|---:|")
        for name, seconds in rows:
            print(f"| {name} | {args.n:,} | {seconds:.4f} | {baseline / seconds:.2f}x |")
    else:
        for name, seconds in rows:
            print(f"{name:40s} {seconds:8.4f} s  {baseline / seconds:5.2f}x")


if __name__ == "__main__":
    main()
