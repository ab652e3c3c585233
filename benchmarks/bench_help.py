"""Cold start of `launchpad --help`: a new process each run, median of N runs.

Goal: at most 0.3 s median. The baseline, measured in the same run, is the bare
interpreter start ``python -c pass``; the difference is what launchpad's own imports
cost. The report also lists any heavy library that ``--help`` imported (there should
be none: torch, sentence-transformers, PyGithub, GitPython, numpy load lazily).

    python benchmarks/bench_help.py [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 0.3
HEAVY = ("torch", "sentence_transformers", "github", "git", "numpy", "model2vec", "jinja2")


def launchpad_command() -> list[str]:
    """The installed console script beside this interpreter (or ``python -m launchpad``)."""
    script = shutil.which("launchpad", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "launchpad"]


def median_seconds(command: list[str], runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` fresh processes (one untimed warm-up of the disk cache)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, capture_output=True, check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def heavy_imports() -> list[str]:
    """Heavy top-level packages that building the ``--help`` app imports."""
    code = (
        "import sys; from launchpad.cli import app; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in out.stdout.strip().split(",") if name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    help_median, help_times = median_seconds([*launchpad_command(), "--help"], args.runs)
    base_median, _ = median_seconds([sys.executable, "-c", "pass"], args.runs)
    result = {
        "runs": args.runs,
        "launchpad_help_median_s": round(help_median, 4),
        "launchpad_help_min_s": round(min(help_times), 4),
        "python_c_pass_median_s": round(base_median, 4),
        "overhead_s": round(help_median - base_median, 4),
        "ratio_to_baseline": round(help_median / base_median, 2),
        "goal_s": GOAL_SECONDS,
        "meets_goal": help_median <= GOAL_SECONDS,
        "heavy_imports": heavy_imports(),
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"launchpad --help   median {help_median:.3f} s  (min {min(help_times):.3f} s)")
    print(f"python -c pass     median {base_median:.3f} s  (baseline, same run)")
    print(f"ratio {result['ratio_to_baseline']}x, overhead {result['overhead_s']:.3f} s")
    print(f"goal <= {GOAL_SECONDS} s: {'met' if result['meets_goal'] else 'NOT met'}")
    print(f"heavy imports at --help: {', '.join(result['heavy_imports']) or 'none'}")


if __name__ == "__main__":
    main()
