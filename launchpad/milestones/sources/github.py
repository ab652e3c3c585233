"""Signals from the GitHub API, through the one GitHub seam (:mod:`launchpad.github`).

Each part (releases, workflow runs, issues, stargazers, ...) is fetched on first use
and remembered, with a fixed request budget: lists are read newest first and stop at
the window's edge or a page cap, star growth is found by bisecting the stargazer pages,
and first responses are measured on a small sample. A rate limit marks this source
unavailable for the rest of the run (every GitHub check becomes unknown, with the time
to retry) instead of waiting.

``today`` is the evaluation date, a past one under ``--as-of``: every dated event
(releases, stars, issues and pull requests, merges, workflow runs, replies) counts only
when it happened on or before that day, so a past evaluation does not see the future.
A listing cut short by its cap says so (``issues_complete``), so a count it did not
reach is unknown, never a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from typing import Any

from launchpad.errors import LaunchpadError
from launchpad.milestones.model import MilestonesConfig, Unavailable
from launchpad.milestones.sources.dated import DatedPages, aware

INSIDERS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
MAX_ISSUES = 300
MAX_SCANNED = 1000  # items read past ones newer than ``today`` (an --as-of evaluation)
RELEASES_READ = 30  # one page: the newest releases on or before ``today``
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


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    return aware(datetime.fromisoformat(value.replace("Z", "+00:00")))


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
        # The first moment after the evaluation day: events from then on are the future.
        self.end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=timezone.utc)
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
    def _guard(self, what: str = "") -> Iterator[None]:
        """Turn GitHub failures into Unavailable; after a rate limit, stop asking."""
        if self._dead:
            raise Unavailable(self._dead)
        from launchpad.github import RateLimited, translate_errors

        try:
            with translate_errors(f"the {what} of {self.full_name}" if what else self.full_name):
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

    def _past(self, moment: datetime | None) -> bool:
        """``moment`` is on or before the evaluation day (an undated event counts)."""
        return moment is None or moment < self.end

    def releases(self) -> list[ReleaseInfo]:
        """Published releases on or before ``today``, newest first (the newest 30)."""
        return self._releases

    @cached_property
    def _releases(self) -> list[ReleaseInfo]:
        found: list[ReleaseInfo] = []
        with self._guard("releases"):
            for scanned, release in enumerate(self.repo.get_releases()):
                published = aware(release.published_at)
                if not release.draft and published is not None and self._past(published):
                    body = len((release.body or "").strip())
                    found.append(
                        ReleaseInfo(release.tag_name, published, body, bool(release.prerelease))
                    )
                if len(found) >= RELEASES_READ or scanned + 1 >= MAX_SCANNED:
                    break
        return found

    def latest_run(self) -> RunInfo | None:
        """The most recent workflow run on the default branch (None if there is none)."""
        return self._latest_run

    @cached_property
    def _latest_run(self) -> RunInfo | None:
        from github.GithubObject import NotSet

        # GitHub filters runs by creation date itself; the check below covers any gap.
        past = self.end <= datetime.now(timezone.utc)
        created = f"<={self.today.isoformat()}" if past else NotSet
        with self._guard("workflow runs"):
            runs = self.repo.get_workflow_runs(branch=self.default_branch, created=created)
            for scanned, run in enumerate(runs):
                started = aware(run.created_at)
                if self._past(started):
                    return RunInfo(str(run.name), str(run.status), run.conclusion, started)
                if scanned + 1 >= MAX_SCANNED:
                    break
        return None

    def issues(self) -> list[IssueInfo]:
        """Issues and pull requests opened in the year up to ``today``, newest first (capped).

        ``issues_complete`` says whether the cap was reached before the year's start.
        """
        return self._issues[0]

    @property
    def issues_complete(self) -> bool:
        """Whether :meth:`issues` holds every issue of the year, not only the newest."""
        return self._issues[1]

    def issues_reach(self) -> str:
        """What a capped read covered, for a reason: ``the newest 300 (back to DATE)``."""
        listed = self.issues()
        back = f" (back to {listed[-1].created_at.date().isoformat()})" if listed else ""
        return f"the newest {len(listed)} issues and pull requests{back}"

    @cached_property
    def _issues(self) -> tuple[list[IssueInfo], bool]:
        from launchpad.github import issue_pull_request

        start = self._start(WINDOW_DAYS)
        found: list[IssueInfo] = []
        complete = True
        with self._guard("issues"):
            listing = self.repo.get_issues(state="all", sort="created", direction="desc")
            for scanned, issue in enumerate(listing):
                created = aware(issue.created_at)
                if created is None or created < start:
                    break
                if self._past(created):
                    # Never ``raw_data`` or a missing attribute: either fetches it again.
                    pull = issue_pull_request(issue)
                    merged = aware(pull.merged_at) if pull is not None else None
                    found.append(
                        IssueInfo(
                            number=int(issue.number),
                            author=str(issue.user.login if issue.user else ""),
                            association=str(issue.author_association or "NONE"),
                            created_at=created,
                            is_pull=pull is not None,
                            comments=int(issue.comments or 0),
                            merged_at=merged if merged is not None and self._past(merged) else None,
                        )
                    )
                if len(found) >= MAX_ISSUES or scanned + 1 >= MAX_SCANNED:
                    complete = False
                    break
        return found, complete

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
        now = min(datetime.now(timezone.utc), self.end)
        hours = []
        candidates = [
            i for i in self.issues() if not i.is_pull and self.is_external(i.author, i.association)
        ][:sample]
        with self._guard("issue comments"):
            for issue in candidates:
                reply = None
                if issue.comments:
                    _, comments = self.repo.requester.requestJsonAndCheck(
                        "GET", f"{self.repo.url}/issues/{issue.number}/comments"
                    )
                    for comment in comments or []:
                        who = str((comment.get("user") or {}).get("login", ""))
                        when = _parse_time(comment.get("created_at"))
                        if when is not None and not self._past(when):
                            break  # comments come oldest first: the rest are later still
                        if who.lower() != issue.author.lower() and not who.endswith("[bot]"):
                            reply = when
                            break
                end = reply or now
                hours.append(max(0.0, (end - issue.created_at).total_seconds() / 3600))
        return hours

    def stars_on(self) -> int:
        """Stars at the end of ``today`` (the current count unless evaluating the past)."""
        if self._is_present():
            return self.stars
        return self._stars.before(self.end)

    def stars_gained(self, days: int = WINDOW_DAYS) -> int:
        """Stars given in the ``days`` days up to ``today``, by bisecting the stargazer pages."""
        return max(0, self.stars_on() - self._stars.before(self._start(days)))

    def forks_on(self) -> int:
        """Forks at the end of ``today`` (the current count unless evaluating the past)."""
        if self._is_present():
            return self.forks
        return self._forks.before(self.end)

    def _is_present(self) -> bool:
        return self.end > datetime.now(timezone.utc)

    @cached_property
    def _stars(self) -> DatedPages:
        with self._guard("stargazers"):
            listing = self.repo.get_stargazers_with_dates()
        return DatedPages(self._guard, "stargazers", listing, self.stars, lambda s: s.starred_at)

    @cached_property
    def _forks(self) -> DatedPages:
        with self._guard("forks"):
            listing = self.repo.get_forks(sort="oldest")
        return DatedPages(self._guard, "forks", listing, self.forks, lambda f: f.created_at)

    @cached_property
    def community(self) -> Any:
        """GitHub's community profile (``launchpad.github.CommunityProfile``)."""
        with self._guard("community profile"):
            return self.client.community_profile(self.full_name)

    @cached_property
    def labels(self) -> list[str]:
        """Label names (first page)."""
        with self._guard("labels"):
            return [str(label.name) for label in self.repo.get_labels().get_page(0)]

    def signals(self) -> dict[str, float]:
        """Numbers worth tracking across runs (only what was already fetched)."""
        if self._is_present():
            out: dict[str, float] = {"github.stars": self.stars, "github.forks": self.forks}
        else:  # counts as of the past cost requests: only those already made
            out = {}
            if "_stars" in self.__dict__:
                out["github.stars"] = self.stars_on()
            if "_forks" in self.__dict__:
                out["github.forks"] = self.forks_on()
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
            import statistics  # with fractions and decimal: not for offline runs

            self.__dict__["_response"] = statistics.median(hours)
        return float(self.__dict__["_response"])
