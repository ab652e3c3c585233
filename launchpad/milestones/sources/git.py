"""Signals from git history, read in a few bounded passes through GitPython.

One ``git log --no-merges --name-only`` pass covers the recent window every kind looks
at (two years by default); all-time figures come from ``rev-list --count`` and
``shortlog -sne``, which git computes without Python touching every commit. A
5,000-commit history therefore costs well under a second. The repository is opened
through launchpad's git seam (:mod:`launchpad.git`); the history passes run on the
GitPython object it returns, and no other milestones module touches git.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from launchpad.milestones.model import Unavailable

WINDOW_DAYS = 730


@dataclass(frozen=True)
class Commit:
    """One non-merge commit in the recent window."""

    at: datetime
    email: str
    name: str
    files: tuple[str, ...]

    @property
    def author(self) -> str:
        """The identity used to count people (see :func:`person`)."""
        return person(self.name, self.email)


_NOREPLY = re.compile(r"^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$")


def person(name: str, email: str) -> str:
    """One key per person: the normalised name (people change e-mails more than names)."""
    return " ".join(name.lower().split()) or email.lower()


def is_bot(name: str, email: str) -> bool:
    """Automation (dependabot, pre-commit-ci, github-actions, ...) is not a person."""
    return "[bot]" in name.lower() or "[bot]" in email.lower()


def identities(name: str, email: str) -> set[str]:
    """What a maintainer list may name a person by: name, e-mail, GitHub login."""
    out = {person(name, email), email.lower()}
    login = _NOREPLY.match(email.lower())
    if login:
        out.add(login.group(1))
    return out - {""}


@dataclass(frozen=True)
class Tag:
    """A tag and the date of what it points to."""

    name: str
    at: datetime | None


class GitHistory:
    """Commits, authors and tags of the repository that holds the checkout."""

    def __init__(self, root: Path, today: date, window_days: int = WINDOW_DAYS) -> None:
        import git

        from launchpad.errors import NotFoundError
        from launchpad.git import open_repository

        try:
            self.repo = open_repository(root, search_parent_directories=True)
        except NotFoundError as err:
            raise Unavailable("not a git repository") from err
        if self.repo.bare:
            raise Unavailable("bare git repository (no working tree)")
        self.today = today
        self.window_start = datetime.combine(
            today - timedelta(days=window_days), datetime.min.time(), tzinfo=timezone.utc
        )
        cmd: Any = self.repo.git
        if cmd.rev_parse("--is-shallow-repository").strip() == "true":
            raise Unavailable(
                "shallow clone: history is incomplete (fetch full history, e.g. "
                "actions/checkout with fetch-depth: 0)"
            )
        try:
            self.total_commits = int(cmd.rev_list("--count", "HEAD"))
        except git.GitCommandError:  # no commit yet
            self.total_commits = 0
        self.known: dict[str, set[str]] = {}  # person -> every identity seen for them
        self.authors_all = self._shortlog(cmd) if self.total_commits else Counter()
        self.commits = self._window(cmd) if self.total_commits else ()
        self.tags = self._tags(cmd)
        try:
            self.origin_url: str | None = self.repo.remotes.origin.url
        except (AttributeError, IndexError, ValueError):
            self.origin_url = None

    def _shortlog(self, cmd: Any) -> Counter[str]:
        authors: Counter[str] = Counter()
        for line in cmd.shortlog("-sne", "--no-merges", "HEAD").splitlines():
            count, _, who = line.strip().partition("\t")
            name, _, rest = who.partition(" <")
            email = rest.rstrip(">")
            if is_bot(name, email):
                continue
            key = person(name, email)
            authors[key] += int(count)
            self.known.setdefault(key, set()).update(identities(name, email))
        return authors

    def _window(self, cmd: Any) -> tuple[Commit, ...]:
        out = cmd.log(
            "--no-merges",
            "--no-renames",
            f"--since={self.window_start.isoformat()}",
            "--format=%x00%at%x09%aE%x09%aN",
            "--name-only",
            "HEAD",
        )
        commits = []
        for block in out.split("\x00")[1:]:
            header, _, rest = block.partition("\n")
            stamp, email, name = [*header.split("\t"), "", ""][:3]
            if is_bot(name, email):
                continue
            self.known.setdefault(person(name, email), set()).update(identities(name, email))
            commits.append(
                Commit(
                    datetime.fromtimestamp(int(stamp), tz=timezone.utc),
                    email.lower(),
                    name,
                    tuple(f for f in rest.splitlines() if f),
                )
            )
        return tuple(commits)

    @staticmethod
    def _tags(cmd: Any) -> tuple[Tag, ...]:
        out = cmd.for_each_ref("refs/tags", "--format=%(refname:short)%09%(creatordate:unix)")
        tags = []
        for line in out.splitlines():
            name, _, stamp = line.partition("\t")
            when = datetime.fromtimestamp(int(stamp), tz=timezone.utc) if stamp.isdigit() else None
            tags.append(Tag(name, when))
        return tuple(tags)

    def since(self, days: int) -> list[Commit]:
        """Non-merge commits of the last ``days`` days (at most the loaded window)."""
        start = datetime.combine(
            self.today - timedelta(days=days), datetime.min.time(), tzinfo=timezone.utc
        )
        return [c for c in self.commits if c.at >= start]

    def authors_since(self, days: int | None) -> Counter[str]:
        """Commits per author, all time (``None``) or in the last ``days`` days."""
        if days is None:
            return Counter(self.authors_all)
        return Counter(c.author for c in self.since(days))

    @property
    def last_commit(self) -> datetime | None:
        """When the newest commit of the window was made."""
        return max((c.at for c in self.commits), default=None)

    def signals(self) -> dict[str, float]:
        """Numbers worth tracking across runs."""
        year = self.authors_since(365)
        return {
            "git.commits": self.total_commits,
            "git.authors": len(self.authors_all),
            "git.commits_last_year": sum(year.values()),
            "git.authors_last_year": len(year),
            "git.tags": len(self.tags),
        }
