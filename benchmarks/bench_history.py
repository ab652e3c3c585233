"""How fast `launchpad milestones history`, `--as-of` and a plain offline run are.

On a repository given as an argument (a clone of a real project), or else on one the
benchmark generates (5,000 commits by 40 authors over three years, see
``bench_milestones.generate``), each command runs several times as a separate process
and the benchmark reports its median wall time, its peak resident memory and its ratio
to a baseline measured in the same run: ``git log --format=%H%x00%an%x00%ae%x00%at``,
one pass over the history that any tool reading it pays.

Goals: ``history --points 12`` ≤ 10 s; a plain offline run ≤ 1 s median and ≤ 500 MB
peak; ``--as-of`` (a year before HEAD) ≤ 1.5 s.

    python benchmarks/bench_history.py [REPO] [--runs 5] [--commits 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench_milestones import generate, timed

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"plain": (1.0, 500.0), "as_of": (1.5, 500.0), "history": (10.0, 500.0)}


def measure(command: list[str], runs: int) -> dict[str, float]:
    """Median wall seconds and peak RSS (MB) of ``runs`` runs after one warm-up."""
    timed(command)
    samples = [timed(command) for _ in range(runs)]
    return {
        "median_seconds": round(statistics.median(s[0] for s in samples), 3),
        "peak_rss_mb": round(max(s[1] for s in samples), 1),
    }


def year_before_head(repo: Path) -> str:
    """The date a year before the last commit (YYYY-MM-DD), for ``--as-of``."""
    out = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%ct"],
        capture_output=True,
        text=True,
        check=True,
    )
    last = datetime.fromtimestamp(int(out.stdout), tz=timezone.utc)
    return (last - timedelta(days=365)).date().isoformat()


def run(repo: Path, runs: int, home: Path) -> dict[str, object]:
    """Every measurement on ``repo``."""
    launchpad = shutil.which("launchpad") or str(Path(sys.executable).with_name("launchpad"))
    os.environ["LAUNCHPAD_HOME"] = str(home)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with compiled bytecode, as installed
    commits = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    as_of = year_before_head(repo)
    base = [launchpad, "milestones"]
    commands = {
        "plain": [*base, str(repo), "--offline", "-f", "json", "--no-history"],
        "as_of": [*base, str(repo), "--offline", "-f", "json", "--as-of", as_of],
        "history": [*base, "history", str(repo), "--offline", "--points", "12", "-f", "json"],
    }
    levels = {}
    for name, command in commands.items():
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"{shlex.join(command)} failed: {done.stderr.strip()}")
        data = json.loads(done.stdout)
        levels[name] = [p["level"] for p in data["points"]] if name == "history" else data["level"]
    baseline = f"git -C {shlex.quote(str(repo))} log --format=%H%x00%an%x00%ae%x00%at > /dev/null"
    result: dict[str, object] = {"commits": int(commits), "as_of": as_of, "levels": levels}
    base_seconds = statistics.median(
        timed([baseline], pipeline=True)[0] for _ in range(max(runs, 3))
    )
    result["baseline_git_log_seconds"] = round(base_seconds, 3)
    for name, command in commands.items():
        figures = measure(command, runs if name != "history" else max(3, runs // 2))
        figures["ratio_to_baseline"] = round(figures["median_seconds"] / base_seconds, 1)
        result[name] = figures
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("repo", nargs="?", type=Path, help="a clone (default: generate one)")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        repo = args.repo
        if repo is None:
            repo = tmp / "repo"
            generate(repo, args.commits, args.authors)
        result = run(repo.resolve(), args.runs, tmp / "home")
    base = result["baseline_git_log_seconds"]
    print(f"{result['commits']} commits; baseline git log {base} s")
    for name, (seconds_goal, rss_goal) in GOALS.items():
        figures: dict[str, float] = result[name]  # type: ignore[assignment]
        print(
            f"{name:8} median {figures['median_seconds']:.2f} s (goal ≤ {seconds_goal:g} s, "
            f"{figures['ratio_to_baseline']}x git log), peak RSS {figures['peak_rss_mb']:.0f} MB "
            f"(goal ≤ {rss_goal:.0f} MB)"
        )
    print(f"levels: {result['levels']}")
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / "bench_history.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
