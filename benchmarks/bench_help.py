"""Cold start of `launchpad --help`: a new process each run, median of N runs.

Goal: at most 0.1 s median. The baseline, measured in the same run, is the bare
interpreter start ``python -c pass``; the difference is what launchpad's own imports
cost. The report also lists any heavy library that ``--help`` imported (there should
be none: torch, sentence-transformers, PyGithub, GitPython, numpy load lazily).

``--help``, ``-h`` and ``--version`` are answered by ``launchpad.__main__`` before typer
loads; every other command imports typer and its command's module. Runs use the bytecode
cache, as an installed wheel does (PYTHONDONTWRITEBYTECODE is dropped; the untimed first
run writes the cache).

It also sums ``python -X importtime`` for what each command imports before it does its
work (the CLI with typer, the command's module and the cores it calls), beside the
same figure for ``python -c pass``, with the three costliest top-level packages.

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

GOAL_SECONDS = 0.1
# what each command imports before its own work: the command's module and the cores it
# calls (typer 0.28 converts parameters without pydantic; a plain `milestones` run reads
# its validated data from a cache and imports pydantic only when the data changed)
COMMAND_IMPORTS = {
    "--help": [],
    "score-idea": [
        "launchpad.cli.ideas",
        "launchpad.ideas.score",
        "launchpad.corpus.static",
    ],
    "corpus search": [
        "launchpad.cli.corpus",
        "launchpad.corpus.query",
        "launchpad.corpus.static",
    ],
    "corpus build": ["launchpad.cli.corpus", "launchpad.corpus.build"],
    "milestones": ["launchpad.cli.milestones", "launchpad.milestones"],
    "new": ["launchpad.cli.new", "launchpad.scaffold"],
}
HEAVY = ("torch", "sentence_transformers", "github", "git", "numpy", "model2vec", "jinja2")


def launchpad_command() -> list[str]:
    """The installed console script beside this interpreter (or ``python -m launchpad``)."""
    script = shutil.which("launchpad", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "launchpad"]


def median_seconds(command: list[str], runs: int) -> tuple[float, list[float]]:
    """Median wall time of ``runs`` fresh processes (one untimed warm-up of the disk cache)."""
    env = _cached_env()
    subprocess.run(command, capture_output=True, check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def _cached_env() -> dict[str, str]:
    """The environment with the bytecode cache in use (read and written)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def heavy_imports() -> list[str]:
    """Heavy top-level packages that building the ``--help`` app imports."""
    code = (
        "import sys; from launchpad.cli import app; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [name for name in out.stdout.strip().split(",") if name]


def top_level_imports(code: str) -> list[tuple[str, float]]:
    """Top-level packages that ``python -X importtime -c code`` imports, with their ms."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_cached_env(),
    ).stderr
    found = []
    for line in err.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[1].strip().isdigit() and not fields[2].startswith("  "):
            found.append((fields[2].strip(), int(fields[1]) / 1000))
    return found


def import_profile(command: str, modules: list[str]) -> tuple[float, list[tuple[str, float]]]:
    """Import ms of what ``command`` loads (the entry point for ``--help``, else the CLI
    plus ``modules``; median of 3), and the three costliest packages."""
    first = ["launchpad.__main__"] if command == "--help" else ["launchpad.cli"]
    code = "; ".join(f"import {name}" for name in [*first, *modules])
    runs = []
    for _ in range(3):
        found = top_level_imports(code)
        runs.append((sum(ms for _, ms in found), sorted(found, key=lambda item: -item[1])[:3]))
    runs.sort(key=lambda item: item[0])
    return runs[1]


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
        "python_c_pass_imports_ms": round(sum(ms for _, ms in top_level_imports("pass")), 1),
        "imports_ms": {},
        "python": sys.version.split()[0],
    }
    for command, modules in COMMAND_IMPORTS.items():
        total, top = import_profile(command, modules)
        result["imports_ms"][command] = {  # type: ignore[index]
            "total": round(total, 1),
            "top": {name: round(ms, 1) for name, ms in top},
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"launchpad --help   median {help_median:.3f} s  (min {min(help_times):.3f} s)")
    print(f"python -c pass     median {base_median:.3f} s  (baseline, same run)")
    print(f"ratio {result['ratio_to_baseline']}x, overhead {result['overhead_s']:.3f} s")
    print(f"goal <= {GOAL_SECONDS} s: {'met' if result['meets_goal'] else 'NOT met'}")
    print(f"heavy imports at --help: {', '.join(result['heavy_imports']) or 'none'}")
    print(f"imports (python -X importtime): python -c pass {result['python_c_pass_imports_ms']} ms")
    for command, figures in result["imports_ms"].items():  # type: ignore[attr-defined]
        top = ", ".join(f"{name} {ms}" for name, ms in figures["top"].items())
        print(f"  {command:<14} {figures['total']:7.1f} ms  ({top})")


if __name__ == "__main__":
    main()
