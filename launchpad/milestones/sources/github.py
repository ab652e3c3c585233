"""Signals from the GitHub API, through the one GitHub seam (:mod:`launchpad.github`).

Each part (releases, workflow runs, issues, stargazers, ...) is fetched on first use
and remembered, with a fixed request budget: lists are read newest first and stop at
the window's edge or a page cap, star growth is found by bisecting the stargazer pages,
and first responses are measured on a small sample. A rate limit marks this source
unavailable for the rest of the run (every GitHub check becomes unknown, with the time
to retry) instead of waiting.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from typing import Any

from launchpad.errors import LaunchpadError
from launchpad.milestones.model import MilestonesConfig, Unavailable

INSIDERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
MAX_ISSUES = 300
STAR_PROBES = 8
WINDOW_DAYS = 365


@dataclass(frozen=True)
class ReleaseInfo:
    """One GitHub release."""

    tag: str
    published_at: datetime | None
    body_chars: int
    prerelease: bool


@dataclass(frozen=True)
class IssueInfo:
    """One issue or pull request from the issues listing."""

    number: int
    author: str
    association: str
    created_at: datetime
    is_pull: bool
    comments: int
    merged_at: datetime | None


@dataclass(frozen=True)
class RunInfo:
    """The latest workflow run on the default branch."""

    name: str
    status: str
    conclusion: str | None
    created_at: datetime | None


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return _aware(datetime.fromisoformat(value.replace("Z", "+00:00")))


def _starred_at(star: Any) -> datetime:
    return _aware(star.starred_at) or datetime.min.replace(tzinfo=timezone.utc)


class GitHubSignals:
    """Lazy, memoised reads of one repository on GitHub."""

    def __init__(
        self,
        factory: Callable[[], Any],
        full_name: str,
        config: MilestonesConfig,
        today: date,
    ) -> None:
        self.full_name = full_name
        self.config = config
        self.today = today
        self._dead: str | None = None
        with self._guard():
            self.client = factory()
            self.repo = self.client.repository(full_name)
            self.stars = int(self.repo.stargazers_count)
            self.forks = int(self.repo.forks_count)
            self.topics = list(self.repo.topics or [])
            self.homepage = self.repo.homepage or None
            self.description = self.repo.description or None
            self.has_discussions = bool(self.repo.has_discussions)
            self.default_branch = str(self.repo.default_branch or "main")
            self.owner = str(self.repo.owner.login).lower()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn GitHub failures into Unavailable; after a rate limit, stop asking."""
        if self._dead:
            raise Unavailable(self._dead)
        from launchpad.github import RateLimited, translate_errors

        try:
            with translate_errors():
                yield
        except RateLimited as err:
            when = err.reset_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            self._dead = f"GitHub rate limit reached; retry after {when}"
            raise Unavailable(self._dead) from err
        except LaunchpadError as err:
            raise Unavailable(f"GitHub: {err.message}") from err

    @property
    def request_count(self) -> int:
        """HTTP requests sent so far (cache hits excluded)."""
        return int(getattr(self.client, "request_count", 0)) if hasattr(self, "client") else 0

    def _start(self, days: int) -> datetime:
        return datetime.combine(self.today - timedelta(days=days), time.min, tzinfo=timezone.utc)

    def is_external(self, login: str, association: str = "NONE") -> bool:
        """Not the owner, a member, a collaborator, a listed maintainer or a bot."""
        low = login.lower()
        return not (
            low == self.owner
            or association in INSIDERS
            or low.endswith("[bot]")
            or self.config.is_maintainer(low)
        )

    def releases(self) -> list[ReleaseInfo]:
        """Published releases, newest first (first page)."""
        return self._releases

    @cached_property
    def _releases(self) -> list[ReleaseInfo]:
        with self._guard():
            page = self.repo.get_releases().get_page(0)
            return [
                ReleaseInfo(
                    r.tag_name,
                    _aware(r.published_at),
                    len((r.body or "").strip()),
                    bool(r.prerelease),
                )
                for r in page
                if not r.draft
            ]

    def latest_run(self) -> RunInfo | None:
        """The most recent workflow run on the default branch (None if there is none)."""
        return self._latest_run

    @cached_property
    def _latest_run(self) -> RunInfo | None:
        with self._guard():
            page = self.repo.get_workflow_runs(branch=self.default_branch).get_page(0)
            if not page:
                return None
            run = page[0]
            return RunInfo(str(run.name), str(run.status), run.conclusion, _aware(run.created_at))

    def issues(self) -> list[IssueInfo]:
        """Issues and pull requests opened in the last year, newest first (capped)."""
        return self._issues

    @cached_property
    def _issues(self) -> list[IssueInfo]:
        from launchpad.github import issue_pull_request

        start = self._start(WINDOW_DAYS)
        found: list[IssueInfo] = []
        with self._guard():
            listing = self.repo.get_issues(state="all", sort="created", direction="desc")
            for issue in listing:
                created = _aware(issue.created_at)
                if created is None or created < start:
                    break
                # Never ``raw_data`` or a missing attribute: either fetches the issue again.
                pull = issue_pull_request(issue)
                found.append(
                    IssueInfo(
                        number=int(issue.number),
                        author=str(issue.user.login if issue.user else ""),
                        association=str(issue.author_association or "NONE"),
                        created_at=created,
                        is_pull=pull is not None,
                        comments=int(issue.comments or 0),
                        merged_at=_aware(pull.merged_at) if pull is not None else None,
                    )
                )
                if len(found) >= MAX_ISSUES:
                    break
        return found

    def external_issue_authors(self, days: int = WINDOW_DAYS) -> set[str]:
        """Distinct external people who opened issues in the last ``days`` days."""
        start = self._start(days)
        return {
            i.author.lower()
            for i in self.issues()
            if not i.is_pull and i.created_at >= start and self.is_external(i.author, i.association)
        }

    def merged_external_pulls(self, days: int = WINDOW_DAYS) -> list[IssueInfo]:
        """Pull requests by external authors opened in the window and merged."""
        start = self._start(days)
        return [
            i
            for i in self.issues()
            if i.is_pull
            and i.merged_at is not None
            and i.created_at >= start
            and self.is_external(i.author, i.association)
        ]

    def first_response_hours(self, sample: int = 8) -> list[float]:
        """Hours to the first reply by someone else, on the newest external issues.

        An issue nobody answered counts with its age so far, so silence is not rewarded.
        """
        now = datetime.now(timezone.utc)
        hours = []
        candidates = [
            i for i in self.issues() if not i.is_pull and self.is_external(i.author, i.association)
        ][:sample]
        with self._guard():
            for issue in candidates:
                reply = None
                if issue.comments:
                    _, comments = self.repo.requester.requestJsonAndCheck(
                        "GET", f"{self.repo.url}/issues/{issue.number}/comments"
                    )
                    for comment in comments or []:
                        who = str((comment.get("user") or {}).get("login", ""))
                        if who.lower() != issue.author.lower() and not who.endswith("[bot]"):
                            reply = _parse_time(comment.get("created_at"))
                            break
                end = reply or now
                hours.append(max(0.0, (end - issue.created_at).total_seconds() / 3600))
        return hours

    def stars_gained(self, days: int = WINDOW_DAYS) -> int:
        """Stars given in the last ``days`` days, by bisecting the stargazer pages."""
        if self.stars == 0:
            return 0
        start = self._start(days)
        with self._guard():
            listing = self.repo.get_stargazers_with_dates()
            fetched: dict[int, list[Any]] = {}

            def page_at(index: int) -> list[Any]:
                if index not in fetched:
                    fetched[index] = listing.get_page(index)
                return fetched[index]

            first = page_at(0)
            per_page = max(len(first), 1)
            if not first or _starred_at(first[0]) >= start:
                return self.stars
            page_count = -(-self.stars // per_page)
            low, high = 0, page_count - 1  # the first star >= start lies on a page in [low, high]
            last = page_at(high) if high else first
            if not last or _starred_at(last[-1]) < start:
                return 0
            for _ in range(STAR_PROBES):
                if high - low <= 1:
                    break
                middle = (low + high) // 2
                page = page_at(middle)
                if page and _starred_at(page[-1]) < start:
                    low = middle
                else:
                    high = middle
            page = page_at(high) if high else first
            before = sum(1 for s in page if _starred_at(s) < start)
            return max(0, self.stars - (high * per_page + before))

    @cached_property
    def community(self) -> Any:
        """GitHub's community profile (``launchpad.github.CommunityProfile``)."""
        with self._guard():
            return self.client.community_profile(self.full_name)

    @cached_property
    def labels(self) -> list[str]:
        """Label names (first page)."""
        with self._guard():
            return [str(label.name) for label in self.repo.get_labels().get_page(0)]

    def signals(self) -> dict[str, float]:
        """Numbers worth tracking across runs (only what was already fetched)."""
        out: dict[str, float] = {"github.stars": self.stars, "github.forks": self.forks}
        if "_issues" in self.__dict__:
            out["github.external_issue_authors"] = len(self.external_issue_authors())
            out["github.merged_external_prs"] = len(self.merged_external_pulls())
        if "_response" in self.__dict__:
            out["github.median_first_response_hours"] = self.__dict__["_response"]
        return out

    def median_first_response(self, sample: int = 8) -> float | None:
        """Median hours to first response (None without external issues); remembered."""
        if "_response" not in self.__dict__:
            hours = self.first_response_hours(sample)
            if not hours:
                return None
            self.__dict__["_response"] = statistics.median(hours)
        return float(self.__dict__["_response"])
