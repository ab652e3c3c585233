"""How fast and how lean `launchpad milestones --offline` is on a 5,000-commit repository.

The benchmark builds its own repository with ``git fast-import`` (5,000 commits by 40
authors over three years, a package with sub-packages, README, docs and the usual
community files), then runs the installed ``launchpad milestones PATH --offline
--format json --no-history`` several times as a separate process and reports:

- the median wall time (goal: at most 0.5 s) and its ratio to a baseline measured in the
  same run, ``git log --oneline | wc -l`` on the same repository;
- the peak resident memory of the launchpad process (goal: at most 500 MB);
- with ``--github``: the HTTP requests a cold and a warm run send to a large project on
  the fake GitHub server (tests/fakegithub; goal: at most 30 per warm run).

    python benchmarks/bench_milestones.py [--commits 5000] [--runs 5] [--github]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS_GOAL = 0.5
RSS_GOAL_MB = 500.0
REQUESTS_GOAL = 30

STATIC_FILES = {
    "README.md": "# bench\n\n## Installation\n\n    pip install bench\n\n## Quickstart\n\n"
    "```python\nimport bench\n```\n\n## Benchmarks\n\nFast.\n\n## Citation\n\nSee CITATION.cff.\n"
    + "".join(f"Line {i}.\n" for i in range(20)),
    "LICENSE": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n",
    "pyproject.toml": '[project]\nname = "bench"\nversion = "1.0"\ndependencies = ["numpy"]\n'
    '[project.scripts]\nbench = "bench.cli:main"\n',
    "CITATION.cff": "cff-version: 1.2.0\ntitle: bench\nauthors:\n  - name: A\n",
    "CONTRIBUTING.md": "# Contributing\n",
    "mkdocs.yml": "site_name: bench\n",
    ".github/workflows/ci.yml": "on: push\n",
    "bench/__init__.py": '__all__ = ["run"]\n',
}
MODULES = ["data", "models", "training", "evaluation", "serving", "utils", "plugins", "cli"]


def generate(path: Path, commits: int, authors: int, seed: int = 1) -> None:
    """A repository with ``commits`` commits, built in one ``git fast-import`` stream."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    now = datetime.now(timezone.utc)
    start = now - timedelta(days=3 * 365)
    step = (now - start) / commits
    people = [(f"Author {i}", f"author{i}@example.org") for i in range(authors)]
    weights = [1 / (i + 1) for i in range(authors)]  # a few people make most commits
    chunks: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode()
        chunks.append(b"data %d\n" % len(raw) + raw + b"\n")

    for number in range(1, commits + 1):
        name, email = rng.choices(people, weights)[0]
        stamp = int((start + step * number).timestamp())
        chunks.append(b"commit refs/heads/main\nmark :%d\n" % number)
        chunks.append(f"author {name} <{email}> {stamp} +0000\n".encode())
        chunks.append(f"committer {name} <{email}> {stamp} +0000\n".encode())
        data(f"change {number}")
        if number > 1:
            chunks.append(b"from :%d\n" % (number - 1))
        if number == 1:
            files = dict(STATIC_FILES)
            files |= {f"bench/{m}/__init__.py": "" for m in MODULES}
            files |= {f"tests/test_{m}.py": "def test_ok():\n    pass\n" for m in MODULES}
        else:
            module = rng.choice(MODULES)
            files = {
                f"bench/{module}/file{rng.randrange(40)}.py": f"VALUE = {number}\n",
                f"docs/{module}.md": f"# {module}\n\nRevision {number}.\n",
            }
        for file_path, text in files.items():
            chunks.append(f"M 100644 inline {file_path}\n".encode())
            data(text)
    for version in range(1, 11):
        mark = commits * version // 10
        chunks.append(f"reset refs/tags/v1.{version}.0\nfrom :{mark}\n\n".encode())
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(chunks), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True)


def timed(command: list[str], *, pipeline: bool = False) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of one command run in a fresh child process."""
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "command = json.loads(sys.argv[1])\n"
        "start = time.perf_counter()\n"
        "subprocess.run(command, shell=json.loads(sys.argv[2]), check=True,"
        " stdout=subprocess.DEVNULL)\n"
        "elapsed = time.perf_counter() - start\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    argument = command[0] if pipeline else command
    out = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(argument), json.dumps(pipeline)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rss = out.stdout.split()
    return float(seconds), float(rss)


def github_requests(tmp: Path) -> dict[str, int]:
    """Requests of a cold and a warm run against a large project on the fake server."""
    sys.path.insert(0, str(ROOT))
    from launchpad.github import GitHub
    from launchpad.milestones import RunOptions, evaluate
    from tests.fakegithub import FakeGitHub
    from tests.fakegithub.builders import community_project

    checkout = tmp / "repo"
    counts: dict[str, int] = {}
    with FakeGitHub(tmp / "fake") as fake:
        community_project(fake, "lab/framework", stars=3000, externals=150, issues=800, pulls=400)
        clients: list[GitHub] = []

        def factory() -> GitHub:
            client = GitHub(fake.token, api_url=fake.api_url, cache_dir=tmp / "cache")
            clients.append(client)
            return client

        options = RunOptions(repo="lab/framework", record_history=False, index_url=fake.api_url)
        for label in ("cold", "warm"):
            evaluate(checkout, options, github_factory=factory)
            counts[label] = clients[-1].request_count
            counts[f"{label}_not_modified"] = clients[-1].not_modified_count
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--github", action="store_true", help="also count GitHub requests")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    launchpad = shutil.which("launchpad") or str(Path(sys.executable).with_name("launchpad"))

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        repo = tmp / "repo"
        started = time.perf_counter()
        generate(repo, args.commits, args.authors)
        print(f"generated {args.commits} commits in {time.perf_counter() - started:.1f} s")
        env_home = tmp / "home"
        os.environ["LAUNCHPAD_HOME"] = str(env_home)
        command = [launchpad, "milestones", str(repo), "--offline", "-f", "json", "--no-history"]
        check = subprocess.run(command, capture_output=True, text=True, check=False)
        if check.returncode != 0:
            sys.exit(f"launchpad milestones failed: {check.stderr.strip()}")
        level = json.loads(check.stdout)["level"]
        runs = [timed(command) for _ in range(args.runs)]
        baseline = [
            timed([f"git -C {repo} log --oneline | wc -l"], pipeline=True)[0]
            for _ in range(args.runs)
        ]
        seconds = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        base = statistics.median(baseline)
        result: dict[str, object] = {
            "commits": args.commits,
            "level": level,
            "median_seconds": round(seconds, 3),
            "baseline_git_log_seconds": round(base, 3),
            "ratio_to_baseline": round(seconds / base, 1),
            "peak_rss_mb": round(rss, 1),
            "runs": args.runs,
        }
        if args.github:
            result["github_requests"] = github_requests(tmp)

    print(f"launchpad milestones --offline: median {seconds:.2f} s over {args.runs} runs "
          f"(goal ≤ {SECONDS_GOAL:g} s), {seconds / base:.1f}x `git log --oneline | wc -l` "
          f"({base:.2f} s)")  # fmt: skip
    print(f"peak RSS {rss:.0f} MB (goal ≤ {RSS_GOAL_MB:.0f} MB); level M{level}")
    if args.github:
        print(f"GitHub requests: {result['github_requests']} (goal ≤ {REQUESTS_GOAL} warm)")
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / "bench_milestones.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
