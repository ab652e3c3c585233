"""The fake server's data model: plain dataclasses a test fills in before it runs.

Everything is kept as lists so a test can append, and every time is an aware UTC
datetime. The JSON shapes are built from these in ``payloads.py``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

_ids = itertools.count(1000)


def next_id() -> int:
    """Unique numeric ids, like GitHub's."""
    return next(_ids)


def utc(*args: int) -> datetime:
    """Shorthand for an aware UTC datetime: ``utc(2024, 5, 1)``."""
    return datetime(*args, tzinfo=timezone.utc)  # type: ignore[misc]


DEFAULT_CREATED = utc(2024, 1, 15, 9, 30)


@dataclass
class FakeUser:
    login: str
    name: str | None = None
    type: str = "User"  # or "Organization"
    plan: str = "pro"  # "free": no GitHub Pages for private repositories, like GitHub
    id: int = field(default_factory=next_id)
    created_at: datetime = DEFAULT_CREATED


@dataclass
class FakeLabel:
    name: str
    color: str = "ededed"
    description: str | None = None
    id: int = field(default_factory=next_id)


@dataclass
class FakeComment:
    author: str
    created_at: datetime
    body: str = "Thanks!"
    id: int = field(default_factory=next_id)


@dataclass
class FakeIssue:
    """An issue, or a pull request when ``is_pull`` (GitHub lists both under /issues)."""

    number: int
    title: str
    author: str
    created_at: datetime
    state: str = "open"
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    comments: list[FakeComment] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    body: str = ""
    is_pull: bool = False
    merged_at: datetime | None = None
    head_ref: str = "feature"
    base_ref: str = "main"
    draft: bool = False
    id: int = field(default_factory=next_id)

    @property
    def last_update(self) -> datetime:
        times = [self.created_at, *(c.created_at for c in self.comments)]
        times += [t for t in (self.closed_at, self.merged_at, self.updated_at) if t]
        return max(times)


@dataclass
class FakeRelease:
    tag_name: str
    created_at: datetime
    published_at: datetime | None = None
    name: str | None = None
    body: str = ""
    draft: bool = False
    prerelease: bool = False
    author: str | None = None
    id: int = field(default_factory=next_id)


@dataclass
class FakeTag:
    name: str
    sha: str = "0" * 40


@dataclass
class FakeWorkflowRun:
    name: str
    conclusion: str | None  # "success", "failure", ... or None while running
    head_branch: str = "main"
    created_at: datetime = DEFAULT_CREATED
    status: str = "completed"  # "queued", "in_progress", "completed"
    event: str = "push"
    head_sha: str = "0" * 40
    run_number: int = 1
    id: int = field(default_factory=next_id)


@dataclass
class FakeContributor:
    login: str
    contributions: int


@dataclass
class FakeStar:
    login: str
    starred_at: datetime


@dataclass
class FakeFork:
    full_name: str
    created_at: datetime = DEFAULT_CREATED


COMMUNITY_FILES = (
    "code_of_conduct",
    "contributing",
    "issue_template",
    "pull_request_template",
    "license",
    "readme",
)


@dataclass
class FakeCommunity:
    health_percentage: int = 0
    files: dict[str, bool] = field(default_factory=dict)  # keys from COMMUNITY_FILES
    description: str | None = None
    documentation: str | None = None


@dataclass
class FakeRepo:
    """One repository; fill the lists, the endpoints serve them."""

    owner: str
    name: str
    description: str = ""
    topics: list[str] = field(default_factory=list)
    homepage: str | None = None
    private: bool = False
    created_at: datetime = DEFAULT_CREATED
    pushed_at: datetime | None = None
    default_branch: str = "main"
    language: str | None = "Python"
    license_spdx: str | None = None  # e.g. "MIT"; served by /license and in the repo JSON
    readme: str | None = None  # text of README.md, served by /readme
    has_discussions: bool = False
    discussions_count: int = 0
    stars: int = 0  # stargazers_count when ``stargazers`` is empty
    forks: int = 0  # forks_count when ``fork_list`` is empty
    releases: list[FakeRelease] = field(default_factory=list)
    tags: list[FakeTag] = field(default_factory=list)
    workflow_runs: list[FakeWorkflowRun] = field(default_factory=list)
    issues: list[FakeIssue] = field(default_factory=list)  # pull requests too (is_pull=True)
    contributors: list[FakeContributor] = field(default_factory=list)
    stargazers: list[FakeStar] = field(default_factory=list)
    fork_list: list[FakeFork] = field(default_factory=list)
    labels: list[FakeLabel] = field(default_factory=list)
    community: FakeCommunity = field(default_factory=FakeCommunity)
    pages_build_type: str | None = None  # "workflow" or "legacy" once Pages is on
    id: int = field(default_factory=next_id)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def stargazers_count(self) -> int:
        return len(self.stargazers) or self.stars

    @property
    def forks_count(self) -> int:
        return len(self.fork_list) or self.forks

    @property
    def open_issues_count(self) -> int:
        return sum(1 for issue in self.issues if issue.state == "open")

    def add_issue(
        self,
        title: str,
        author: str,
        created_at: datetime,
        *,
        pull: bool = False,
        **kwargs: object,
    ) -> FakeIssue:
        """Append an issue (or pull request) with the next free number."""
        number = max((i.number for i in self.issues), default=0) + 1
        issue = FakeIssue(
            number=number,
            title=title,
            author=author,
            created_at=created_at,
            is_pull=pull,
            **kwargs,  # type: ignore[arg-type]
        )
        self.issues.append(issue)
        return issue

    def add_stars(self, logins: list[str], start: datetime, every: timedelta) -> None:
        """Stargazers starring one after another, ``every`` apart."""
        for index, login in enumerate(logins):
            self.stargazers.append(FakeStar(login, start + index * every))
