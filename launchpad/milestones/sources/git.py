"""Signals from git history: read once, then sliced in memory at any commit.

:class:`GitLog` reads a repository's history in two ``git log`` passes: every
commit on the tip with its parents, dates and author (no diffs, so cheap even for
10,000 commits), and the changed file names of the non-merge commits since a date (the
diffs are the expensive part, so only the window that is asked for). :class:`GitHistory`
is that log seen from one commit: the commits reachable from it, every window ending at
its date, the tags made by then. A plain run sees it from HEAD; ``--as-of`` and
``milestones history`` see it from older commits, and the points of a history share one
log. Git runs through launchpad's git seam (:mod:`launchpad.git`): plain ``git`` calls for
the log, GitPython only for what ``--as-of`` reads from old commits. It is long because
the log, the points seen from it (``--as-of``) and the view of one point share the parsed
commits and change together.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from launchpad.errors import InputError, NotFoundError
from launchpad.milestones.model import AsOf, Unavailable

if TYPE_CHECKING:
    import git

    from launchpad.git import Located

WINDOW_DAYS = 730
SHALLOW = (
    "shallow clone: history is incomplete (fetch full history, e.g. "
    "actions/checkout with fetch-depth: 0)"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Commit:
    """One non-merge commit in the recent window."""

    at: datetime
    email: str
    name: str
    files: tuple[str, ...]

    @cached_property
    def author(self) -> str:
        """The identity used to count people (see :func:`person`); kept, as the checks
        ask for it once per commit each."""
        return person(self.name, self.email)


_NOREPLY = re.compile(r"^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$")


def person(name: str, email: str) -> str:
    """One key per person: the normalised name (people change e-mails more than names)."""
    return " ".join(name.lower().split()) or email.lower()


_BOT_NAME = re.compile(r"\[bot\]|\bbot\b|^generatedunixname\d*$|^github[- ]actions$", re.I)
_BOT_EMAIL = re.compile(r"\[bot\]|^(github-)?actions@github\.com$", re.I)


def is_bot(name: str, email: str) -> bool:
    """Automation is not a person.

    GitHub apps (``dependabot[bot]``), accounts named as bots ("xFormers Bot", "Pyre Bot
    Jr"), GitHub Actions, and the generated accounts of internal sync tools
    (``generatedunixname…``, which made pytorch3d's history look like several
    maintainers). A word that merely holds "bot" ("bottler") is a person.
    """
    return bool(_BOT_NAME.search(name.strip()) or _BOT_EMAIL.search(email.strip()))


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


class Logged(NamedTuple):
    """One commit as the first pass reads it (times in Unix seconds); a named tuple, as a
    run makes one per commit (5,000 in a large history) and a tuple is made fastest."""

    sha: str
    parents: tuple[str, ...]
    authored: int
    committed: int
    email: str
    name: str


_LOG = ("log", "--format=%H%x00%P%x00%at%x00%ct%x00%aE%x00%aN")
_TAGS = ("for-each-ref", "refs/tags", "--format=%(refname:short)%09%(creatordate:unix)")
_ORIGIN = ("config", "--get", "remote.origin.url")


def _files_query(since: datetime, tip: str) -> tuple[str, ...]:
    """The second pass: the changed files of the non-merge commits since ``since``."""
    return (
        "log", "--no-merges", "--no-renames", f"--since={since.isoformat()}", "--format=%x00%H",
        "--name-only", tip,
    )  # fmt: skip


def _utc(stamp: int) -> datetime:
    return datetime.fromtimestamp(stamp, tz=timezone.utc)


class GitLog:
    """A repository's history read once, for any number of commits to be seen from.

    ``blob_cache`` keeps file contents by object id, so the points of a history read a
    file that did not change between them once (see ``sources.committree``).
    """

    def __init__(self, located: Located, tip: str = "HEAD") -> None:
        self.located = located
        self.tip = tip
        self.blob_cache: dict[str, bytes] = {}
        self.blob_bytes = 0
        self._files: dict[str, tuple[str, ...]] = {}
        self._reachable: dict[str, frozenset[str]] = {}
        self._pending: dict[tuple[str, ...], Callable[[], str]] = {}

    @classmethod
    def open(cls, root: Path, tip: str = "HEAD") -> GitLog:
        """The log of the repository holding ``root`` (NotFoundError when there is none)."""
        from launchpad.git import locate

        return cls(locate(root), tip)

    def _git(self, *args: str) -> str:
        from launchpad.git import run_git

        pending = self._pending.pop(args, None)
        return pending() if pending is not None else run_git(self.located.path, *args)

    def prefetch(self, since: datetime) -> None:
        """Start the queries of a run seen from the tip side by side: the log, the changed
        files since ``since``, the tags and the origin (each is read when first asked)."""
        from launchpad.git import start_git

        for args in ((*_LOG, self.tip), _files_query(since, self.tip), _TAGS, _ORIGIN):
            if args not in self._pending:
                self._pending[args] = start_git(self.located.path, *args)

    def drain(self) -> None:
        """Wait for the prefetched queries nobody asked for (a repository without recent
        commits needs no file list), so no git process outlives the run."""
        from launchpad.git import GitCommandFailedError

        for pending in self._pending.values():
            with contextlib.suppress(GitCommandFailedError):  # e.g. no commit: none needed
                pending()
        self._pending.clear()

    @cached_property
    def repo(self) -> git.Repo:
        """The GitPython repository, for reading old commits' trees and blobs (``--as-of``)."""
        from launchpad.git import open_repository

        return open_repository(self.located.path, search_parent_directories=True)

    @property
    def bare(self) -> bool:
        """A bare repository: no working tree."""
        return self.located.bare

    @property
    def shallow(self) -> bool:
        """A shallow clone: commits before the cut are missing."""
        return self.located.shallow

    @cached_property
    def commits(self) -> dict[str, Logged]:
        """Every commit reachable from the tip, newest first (an empty repository: none)."""
        from launchpad.git import GitCommandFailedError

        try:
            out = self._git(*_LOG, self.tip)
        except GitCommandFailedError:  # no commit yet
            return {}
        found = {}
        make = Logged._make
        for line in out.splitlines():
            sha, parents, authored, committed, email, name = line.split("\0")
            found[sha] = make(
                (sha, tuple(parents.split()), int(authored), int(committed), email, name)
            )
        return found

    @property
    def head(self) -> str | None:
        """The sha of the tip (None before the first commit)."""
        return next(iter(self.commits), None)

    def first_parent(self) -> list[Logged]:
        """The tip's first-parent line, newest first: the branch as it moved."""
        line = []
        sha = self.head
        while sha is not None and sha in self.commits:
            commit = self.commits[sha]
            line.append(commit)
            sha = commit.parents[0] if commit.parents else None
        return line

    def reachable(self, sha: str) -> frozenset[str]:
        """The commits reachable from ``sha`` (itself included)."""
        if sha == self.head:
            return frozenset(self.commits)
        if sha not in self._reachable:
            seen: set[str] = set()
            stack = [sha]
            while stack:
                current = stack.pop()
                if current in seen or current not in self.commits:
                    continue
                seen.add(current)
                stack.extend(self.commits[current].parents)
            self._reachable[sha] = frozenset(seen)
        return self._reachable[sha]

    def load_files(self, since: datetime, tip: str | None = None) -> None:
        """Read the changed files of the non-merge commits since ``since`` (one pass)."""
        out = self._git(*_files_query(since, tip or self.tip))
        for block in out.split("\x00")[1:]:
            sha, _, rest = block.partition("\n")
            self._files[sha] = tuple(filter(None, rest.splitlines()))

    def files(self, commits: list[Logged], since: datetime, tip: str) -> list[tuple[str, ...]]:
        """The changed files of ``commits`` (all made since ``since``, reachable from ``tip``)."""
        if any(c.sha not in self._files for c in commits):
            self.load_files(since, tip)
            for commit in commits:  # git may leave one out (clock skew): never ask again
                self._files.setdefault(commit.sha, ())
        return [self._files[c.sha] for c in commits]

    @cached_property
    def tags(self) -> tuple[Tag, ...]:
        """Every tag with its creation date (the tagger's, else the commit's)."""
        out = self._git(*_TAGS)
        tags = []
        for line in out.splitlines():
            name, _, stamp = line.partition("\t")
            tags.append(Tag(name, _utc(int(stamp)) if stamp.isdigit() else None))
        return tuple(tags)

    @cached_property
    def origin_url(self) -> str | None:
        """The ``origin`` remote's URL, if there is one."""
        from launchpad.git import GitCommandFailedError

        try:  # exit 1: no such remote, or one without a URL
            return self._git(*_ORIGIN).strip() or None
        except GitCommandFailedError:
            return None

    def snapshot(self, sha: str) -> Snapshot:
        """The point of this history at commit ``sha``."""
        logged = self.commits.get(sha)
        if logged is None:  # not an ancestor of the tip: read the log from it instead
            return GitLog(self.located, sha).snapshot(sha)
        return Snapshot(sha, _utc(logged.committed), self)

    def at_date(self, day: date) -> Snapshot | None:
        """The last first-parent commit at or before the end of ``day`` (UTC), if any."""
        end = datetime.combine(day, time.max, tzinfo=timezone.utc).timestamp()
        for commit in self.first_parent():
            if commit.committed <= end:
                return self.snapshot(commit.sha)
        return None


@dataclass(frozen=True)
class Snapshot:
    """A commit to evaluate the repository at, and the log it is seen through."""

    sha: str
    committed: datetime  # the committer date: every window ends here
    log: GitLog = field(compare=False, repr=False)

    @property
    def day(self) -> date:
        """The evaluation date (UTC)."""
        return self.committed.date()

    def as_of(self) -> AsOf:
        """The point as a report records it."""
        return AsOf(
            commit=self.sha,
            date=self.day.isoformat(),
            committed_at=self.committed.isoformat(timespec="seconds"),
        )

    def to_dict(self) -> dict[str, str]:
        """The JSON shape: ``{"commit": sha, "date": YYYY-MM-DD, "committed_at": ISO}``."""
        return self.as_of().to_dict()


AS_OF_HINT = "give a date YYYY-MM-DD or a tag, branch or commit (anything git rev-parse takes)"


def resolve_as_of(
    root: Path, spec: str | Snapshot, today: date | None = None, *, needed_by: str = "--as-of"
) -> Snapshot:
    """The commit ``--as-of`` names: a DATE (the branch as it stood at the end of that
    day) or a REV. Every way it cannot be answered is one error with a hint, naming
    ``needed_by``: the option or command that asked for the past."""
    if isinstance(spec, Snapshot):
        return spec
    try:
        log = GitLog.open(root)
    except NotFoundError as err:
        raise NotFoundError(
            f"{root} is not a git repository: {needed_by} needs its git history",
            hint="run it in a clone of the repository",
        ) from err
    if log.shallow:
        raise NotFoundError(
            f"{root} is a shallow clone: the history {needed_by} needs is missing",
            hint="git fetch --unshallow (in CI: actions/checkout with fetch-depth: 0)",
        )
    if log.head is None:
        raise NotFoundError(f"{root} has no commit yet", hint="commit first, then go back")
    if _DATE.match(spec):
        return _at_date(log, spec, today or datetime.now(timezone.utc).date())
    from launchpad.git import resolve_commit

    sha = resolve_commit(log.repo, spec)
    if sha is None:
        raise NotFoundError(f"--as-of {spec!r}: unknown revision", hint=AS_OF_HINT)
    return log.snapshot(sha)


def _at_date(log: GitLog, spec: str, today: date) -> Snapshot:
    try:
        day = date.fromisoformat(spec)
    except ValueError as err:
        raise InputError(f"--as-of {spec!r} is not a date", hint=AS_OF_HINT) from err
    if day > today:
        raise InputError(
            f"--as-of {spec} is in the future", hint=f"give a date up to today ({today})"
        )
    found = log.at_date(day)
    if found is None:
        first = log.first_parent()[-1]
        raise InputError(
            f"--as-of {spec} is before the first commit ({_utc(first.committed).date()})",
            hint="give a later date, or `launchpad milestones history` for the whole history",
        )
    return found


def window_start(today: date, window_days: int = WINDOW_DAYS) -> datetime:
    """Where the recent window of a view ending ``today`` starts (midnight UTC)."""
    return datetime.combine(today - timedelta(days=window_days), time.min, tzinfo=timezone.utc)


def started(root: Path, today: date) -> GitLog | None:
    """The log of a plain run with its queries already running (None outside a repository).

    A run starts it before loading the milestone data and running the first checks, so
    git reads the history on the other core meanwhile; :class:`GitHistory` takes it as
    ``log``, and the run drains it at the end whether or not a check asked.
    """
    try:
        log = GitLog.open(root)
    except NotFoundError:
        return None
    if not (log.bare or log.shallow):  # GitHistory reads nothing from those
        log.prefetch(window_start(today))
    return log


class GitHistory:
    """Commits, authors and tags of the repository as seen from one commit.

    Without ``at`` the view is from HEAD with windows ending today (a plain run); with it,
    only commits reachable from ``at`` and made by its date count, and so do only the
    tags made by then. ``log`` is the tip's log already opened (see :func:`started`).
    """

    def __init__(
        self,
        root: Path,
        today: date,
        window_days: int = WINDOW_DAYS,
        *,
        at: Snapshot | None = None,
        log: GitLog | None = None,
    ) -> None:
        if at is not None:
            log = at.log
        elif log is None:
            try:
                log = GitLog.open(root)
            except NotFoundError as err:
                raise Unavailable("not a git repository") from err
        if log.bare:
            raise Unavailable("bare git repository (no working tree)")
        if log.shallow:
            raise Unavailable(SHALLOW)
        self.today = today
        self.window_start = window_start(today, window_days)
        if at is None:
            log.prefetch(self.window_start)
        end = None if at is None else int(at.committed.timestamp())
        tip = at.sha if at is not None else log.head
        seen = log.reachable(tip) if tip is not None else frozenset()
        made = [
            c for c in log.commits.values() if c.sha in seen and (end is None or c.authored <= end)
        ]
        self.total_commits = len(made)
        self.known: dict[str, set[str]] = {}  # person -> every identity seen for them
        self.authors_all: Counter[str] = Counter()
        start = self.window_start.timestamp()
        signatures: Counter[tuple[str, str]] = Counter()
        recent = []
        for commit in made:
            if len(commit.parents) <= 1:
                signatures[commit.name, commit.email] += 1
                if commit.authored >= start:
                    recent.append(commit)
        bots = set()
        for (name, email), made_by in signatures.items():  # once per signature, not commit
            if is_bot(name, email):
                bots.add((name, email))
                continue
            key = person(name, email)
            self.authors_all[key] += made_by
            self.known.setdefault(key, set()).update(identities(name, email))
        if bots:
            recent = [c for c in recent if (c.name, c.email) not in bots]
        # from the tip by name in a plain run: the query prefetch started
        files_tip = at.sha if at is not None else log.tip
        files = log.files(recent, self.window_start, files_tip) if recent and tip else []
        self.commits = tuple(
            Commit(_utc(c.authored), c.email.lower(), c.name, changed)
            for c, changed in zip(recent, files, strict=True)
        )
        self.tags = tuple(t for t in log.tags if end is None or (t.at and t.at.timestamp() <= end))
        self.origin_url = log.origin_url
        log.drain()

    def since(self, days: int) -> list[Commit]:
        """Non-merge commits of the last ``days`` days (at most the loaded window)."""
        start = datetime.combine(self.today - timedelta(days=days), time.min, tzinfo=timezone.utc)
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
