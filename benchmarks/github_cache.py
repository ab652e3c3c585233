"""What the ETag cache saves on a milestones-like read of a large repository.

Runs the fake GitHub server (tests/fakegithub) on 127.0.0.1 with a large community
project, reads it the way ``launchpad milestones`` does (the repository, stargazers with
dates, every issue and pull request, releases, contributors, workflow runs on main,
community profile) and reports, for a cold run and warm runs with the same cache
directory: HTTP requests sent, how many GitHub would charge against the rate limit,
and the median wall time.

    python benchmarks/github_cache.py [--stars 3000] [--issues 800] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from launchpad.github import GitHub
from tests.fakegithub import FakeGitHub
from tests.fakegithub.builders import community_project

FULL_NAME = "research-lab/framework"


def read_like_milestones(client: GitHub) -> int:
    """Read what the GitHub checks need; returns how many objects were read."""
    repo = client.repository(FULL_NAME)
    with client.translate_errors("benchmark read"):
        items = [repo.stargazers_count, repo.homepage, repo.topics]
        items += [(s.user.login, s.starred_at) for s in repo.get_stargazers_with_dates()]
        items += [(i.number, i.user.login, i.created_at) for i in repo.get_issues(state="all")]
        items += [(p.number, p.merged_at) for p in repo.get_pulls(state="all")]
        items += [r.tag_name for r in repo.get_releases()]
        items += [c.login for c in repo.get_contributors()]
        items += [r.conclusion for r in repo.get_workflow_runs(branch="main")[:1]]
    items.append(client.community_profile(FULL_NAME).health_percentage)
    return len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--stars", type=int, default=3000)
    parser.add_argument("--issues", type=int, default=800)
    parser.add_argument("--pulls", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, FakeGitHub(Path(tmp) / "fake") as fake:
        community_project(
            fake, FULL_NAME, stars=args.stars, issues=args.issues, pulls=args.pulls, externals=150
        )
        cache = Path(tmp) / "cache"

        def run(**options: float) -> tuple[int, int, float]:
            """(requests sent, requests charged against the rate limit, seconds)."""
            before = fake.rate_remaining
            started = time.perf_counter()
            with GitHub(fake.token, api_url=fake.api_url, cache_dir=cache, **options) as client:
                read_like_milestones(client)
                sent = client.request_count
            return sent, before - fake.rate_remaining, time.perf_counter() - started

        cold = run()
        warm = [run() for _ in range(args.repeats)]
        fresh = [run(cache_ttl=3600) for _ in range(args.repeats)]

    print(f"repository: {args.stars} stars, {args.issues} issues, {args.pulls} pull requests")
    print(f"{'run':<28}{'requests':>10}{'charged':>10}{'median s':>10}")
    print(f"{'cold (empty cache)':<28}{cold[0]:>10}{cold[1]:>10}{cold[2]:>10.3f}")
    for label, runs in (("warm (revalidate, 304)", warm), ("warm (cache_ttl=3600)", fresh)):
        median = statistics.median(r[2] for r in runs)
        print(f"{label:<28}{runs[-1][0]:>10}{runs[-1][1]:>10}{median:>10.3f}")
    ratio = statistics.median(r[2] for r in warm) / cold[2]
    print(f"warm/cold time ratio (revalidate): {ratio:.2f}")


if __name__ == "__main__":
    main()
