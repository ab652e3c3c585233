"""Ready-made repositories with realistic activity, for tests that need a lot of data.

Deterministic (seeded) so tests can assert exact figures. ``community_project`` looks like
a large community-run framework; ``paper_dump`` like a one-off paper's code release.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from tests.fakegithub.model import (
    FakeComment,
    FakeCommunity,
    FakeContributor,
    FakeFork,
    FakeLabel,
    FakeRelease,
    FakeRepo,
    FakeTag,
    FakeWorkflowRun,
)
from tests.fakegithub.payloads import sha_of
from tests.fakegithub.server import FakeGitHub

DEFAULT_LABELS = ("bug", "documentation", "enhancement", "good first issue", "help wanted")


def community_project(
    fake: FakeGitHub,
    full_name: str = "research-lab/framework",
    *,
    now: datetime | None = None,
    maintainers: Sequence[str] = ("alice", "bob"),
    stars: int = 250,
    externals: int = 40,
    issues: int = 60,
    pulls: int = 30,
    releases: int = 8,
    runs: int = 12,
    seed: int = 7,
) -> FakeRepo:
    """A mature project: many stars over two years, outside contributors, quick responses."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    created = now - timedelta(days=730)
    owner = full_name.split("/", 1)[0]
    if owner not in fake.users:
        fake.add_org(owner)
    for login in maintainers:
        if login not in fake.users:
            fake.add_user(login, name=login.title())
    outsiders = [f"contributor-{index:03d}" for index in range(externals)]
    repo = fake.add_repo(
        full_name,
        description="A modular framework for reproducible research",
        topics=("machine-learning", "research", "python"),
        homepage="https://framework.example.org",
        created_at=created,
        pushed_at=now - timedelta(hours=3),
        license_spdx="MIT",
        readme="# framework\n\n## Installation\n\npip install framework\n",
        has_discussions=True,
        discussions_count=42,
    )
    repo.labels = [FakeLabel(name) for name in DEFAULT_LABELS]
    repo.community = FakeCommunity(
        health_percentage=100,
        files=dict.fromkeys(
            (
                "code_of_conduct",
                "contributing",
                "issue_template",
                "pull_request_template",
                "license",
                "readme",
            ),
            True,
        ),
        documentation="https://framework.example.org/docs",
    )
    span = (now - created).total_seconds()
    # Stars arrive faster as the project matures (more of them in recent months).
    star_times = sorted(
        created + timedelta(seconds=span * rng.random() ** 0.7) for _ in range(stars)
    )
    for index, moment in enumerate(star_times):
        repo.add_stars([f"stargazer-{index:04d}"], moment, timedelta(0))
    if outsiders:
        repo.fork_list = [
            FakeFork(f"{outsiders[i % len(outsiders)]}/{repo.name}", star_times[i * 7 % stars])
            for i in range(stars // 12)
        ]
    commits = {login: rng.randint(300, 900) for login in maintainers}
    commits |= {login: rng.randint(1, 25) for login in outsiders}
    repo.contributors = [
        FakeContributor(login, count)
        for login, count in sorted(commits.items(), key=lambda item: -item[1])
    ]
    for index in range(releases):
        moment = created + timedelta(days=60 + index * 80)
        repo.releases.append(FakeRelease(f"v0.{index + 1}.0", moment, author=maintainers[0]))
        repo.tags.append(FakeTag(f"v0.{index + 1}.0", sha_of(full_name, index)))
    for index in range(issues):
        opened = now - timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
        author = rng.choice(outsiders) if outsiders else maintainers[0]
        issue = repo.add_issue(
            f"Issue {index + 1}: something to improve",
            author,
            opened,
            labels=[rng.choice(DEFAULT_LABELS)],
        )
        reply = opened + timedelta(hours=rng.uniform(1, 72))
        if reply < now:
            issue.comments.append(FakeComment(rng.choice(list(maintainers)), reply))
        if rng.random() < 0.6 and reply + timedelta(days=2) < now:
            issue.state, issue.closed_at = "closed", reply + timedelta(days=2)
    for index in range(pulls):
        opened = now - timedelta(days=rng.randint(1, 600))
        if outsiders and index % 3:
            author = rng.choice(outsiders)
        else:
            author = maintainers[index % len(maintainers)]
        pull = repo.add_issue(f"Add feature {index + 1}", author, opened, pull=True)
        review = opened + timedelta(hours=rng.uniform(2, 48))
        if review < now:
            pull.comments.append(FakeComment(maintainers[0], review, body="Looks good"))
        if rng.random() < 0.7 and review + timedelta(days=1) < now:
            pull.state = "closed"
            pull.closed_at = pull.merged_at = review + timedelta(days=1)
    for index in range(runs):
        repo.workflow_runs.append(
            FakeWorkflowRun(
                "CI",
                "success" if index else "failure",
                created_at=now - timedelta(days=index * 3 + 1),
                run_number=runs - index,
                head_sha=sha_of(full_name, "run", index),
            )
        )
    repo.workflow_runs.append(
        FakeWorkflowRun(
            "CI", "failure", head_branch="experiment", created_at=now - timedelta(hours=1)
        )
    )
    return repo


def paper_dump(
    fake: FakeGitHub, full_name: str = "someone/paper-code", *, now: datetime | None = None
) -> FakeRepo:
    """A one-off code release: one author, a handful of stars, an unanswered issue."""
    now = now or datetime.now(timezone.utc).replace(microsecond=0)
    created = now - timedelta(days=400)
    repo = fake.add_repo(full_name, description="Code for our paper", created_at=created)
    owner = full_name.split("/", 1)[0]
    repo.contributors = [FakeContributor(owner, 3)]
    repo.add_stars(
        ["reader-1", "reader-2", "reader-3"], created + timedelta(days=2), timedelta(days=30)
    )
    repo.add_issue("Cannot reproduce Table 2", "reader-2", created + timedelta(days=90))
    repo.community = FakeCommunity(health_percentage=14, files={"readme": True})
    repo.readme = "# paper-code\n"
    return repo
