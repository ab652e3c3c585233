"""Wall time of `launchpad new --defaults`: a new process each run, median of N runs.

Goal: at most 1.5 s median. The baseline, measured in the same run on the very tree
launchpad generated, is what git alone needs for the same result: ``git init``,
``git add -A`` and ``git commit`` as three processes. The difference is the cost of
starting launchpad, resolving the answers and rendering the templates.

    python benchmarks/bench_new.py [--runs 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

GOAL_SECONDS = 1.5


def launchpad_command() -> list[str]:
    """The installed console script beside this interpreter (or ``python -m launchpad``)."""
    script = shutil.which("launchpad", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "launchpad"]


def timed(action: Callable[[int], None], runs: int) -> list[float]:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": str(work / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        env.pop("GITHUB_TOKEN", None)
        env.pop("GH_TOKEN", None)
        (work / "gitconfig").write_text(
            "[user]\n\tname = Bench Mark\n\temail = bench@example.org\n"
        )
        command = launchpad_command()

        def new(run: int) -> None:
            subprocess.run(
                [*command, "new", str(work / f"new-{run}"), "--defaults"],
                capture_output=True,
                check=True,
                env=env,
            )

        new(-1)  # warm-up: disk cache and bytecode
        new_times = timed(new, args.runs)

        tree = work / "tree"
        shutil.copytree(work / "new-0", tree, ignore=shutil.ignore_patterns(".git"))

        def git_only(run: int) -> None:
            target = work / f"git-{run}"
            shutil.copytree(tree, target)
            start = time.perf_counter()
            for step in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
                subprocess.run(["git", *step], cwd=target, capture_output=True, check=True, env=env)
            git_seconds.append(time.perf_counter() - start)

        git_seconds: list[float] = []
        timed(git_only, args.runs)
        files = sum(1 for p in tree.rglob("*") if p.is_file())

    new_median = statistics.median(new_times)
    git_median = statistics.median(git_seconds)
    result = {
        "runs": args.runs,
        "files": files,
        "launchpad_new_median_s": round(new_median, 4),
        "launchpad_new_min_s": round(min(new_times), 4),
        "git_init_add_commit_median_s": round(git_median, 4),
        "ratio_to_baseline": round(new_median / git_median, 2),
        "goal_s": GOAL_SECONDS,
        "meets_goal": new_median <= GOAL_SECONDS,
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"launchpad new --defaults   median {new_median:.3f} s  ({files} files)")
    print(f"git init + add + commit    median {git_median:.3f} s  (baseline, same tree)")
    print(f"ratio {result['ratio_to_baseline']}x")
    print(f"goal <= {GOAL_SECONDS} s: {'met' if result['meets_goal'] else 'NOT met'}")


if __name__ == "__main__":
    main()
