"""Summarise a stream in two halves and merge them, as two workers would."""

from __future__ import annotations

import random

from golden_project import (
    RunningStats,
    ewma,
)


def main() -> None:
    rng = random.Random(0)
    latencies_ms = [rng.lognormvariate(3.0, 0.4) for _ in range(10_000)]

    first, second = RunningStats(), RunningStats()
    first.extend(latencies_ms[:5_000])
    second.extend(latencies_ms[5_000:])
    summary = first.merge(second).summary()

    print(f"requests: {summary.count}")
    print(f"mean latency: {summary.mean:.2f} ms (std {summary.std:.2f} ms)")
    print(f"range: {summary.minimum:.2f} .. {summary.maximum:.2f} ms")
    print(f"smoothed last value: {ewma(latencies_ms, alpha=0.05)[-1]:.2f} ms")


if __name__ == "__main__":
    main()
