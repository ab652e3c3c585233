"""The level at regular points of a repository's history, from git alone.

``launchpad milestones history`` answers "compare with yourself a year ago" on the first
run: no stored runs are needed, because each point is an ``--as-of`` evaluation of the
commit the branch stood at then. The log is read once (:class:`GitLog`) and every point
is a slice of it; file contents are shared between points by object id; points that
fall on the same commit are evaluated once. The core returns data; the CLI draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from launchpad.errors import ConfigError, InputError
from launchpad.milestones.runner import RunOptions, check_path, evaluate
from launchpad.milestones.sources.git import WINDOW_DAYS, GitLog, Snapshot, resolve_as_of
from launchpad.progress import NullProgress, Progress

EVERY = {"month": 1, "quarter": 3, "year": 12}  # months per period


@dataclass(frozen=True)
class Point:
    """The level at one point: a period's end (or now), and the commit it stood at."""

    date: date
    commit: str
    committed: datetime
    level: int | None  # None when the point could not be evaluated (see ``error``)
    level_upper: int | None
    met: tuple[int, ...]  # numbers of the milestones reached
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a point."""
        return {
            "date": self.date.isoformat(),
            "commit": self.commit,
            "committed_at": self.committed.isoformat(timespec="seconds"),
            "level": self.level,
            "level_upper": self.level_upper,
            "met": list(self.met),
            "error": self.error,
        }


@dataclass(frozen=True)
class Trajectory:
    """Points from the first commit (or ``since``) to HEAD, oldest first."""

    path: str
    every: str
    first_commit: datetime
    points: tuple[Point, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape (see docs/milestones.md)."""
        return {
            "path": self.path,
            "every": self.every,
            "first_commit": self.first_commit.isoformat(timespec="seconds"),
            "points": [p.to_dict() for p in self.points],
        }


def period_ends(first: date, last: date, every: str) -> list[date]:
    """The last day of each period (month, quarter, year) from ``first``'s up to ``last``."""
    months = EVERY[every]
    period = (first.year * 12 + first.month - 1) // months  # counted from year 0
    ends: list[date] = []
    while True:
        start = (period + 1) * months  # the next period's first month, from year 0
        end = date(start // 12, start % 12 + 1, 1) - timedelta(days=1)
        if end >= last:
            return ends
        ends.append(end)
        period += 1


def trajectory(
    path: Path,
    options: RunOptions | None = None,
    *,
    every: str = "quarter",
    points: int | None = None,
    since: date | None = None,
    progress: Progress | None = None,
    github_factory: Any = None,
) -> Trajectory:
    """The level at the end of every period since the first commit, and at HEAD."""
    if every not in EVERY:
        raise InputError(f"--every {every!r}", hint=f"use one of {', '.join(EVERY)}")
    if points is not None and points < 1:
        raise InputError(f"--points {points} must be at least 1")
    options = options or RunOptions()
    progress = progress or NullProgress()
    root = check_path(path)
    today = options.today or datetime.now(timezone.utc).date()
    # every bad repository is one clear error, in the words of this command
    head = resolve_as_of(root, "HEAD", today, needed_by="`milestones history`")
    log = head.log
    line = log.first_parent()
    first = datetime.fromtimestamp(line[-1].committed, tz=timezone.utc)
    if since is not None and since > today:
        raise InputError(f"--since {since} is in the future", hint=f"give a date up to {today}")
    planned = _plan(log, head, period_ends(first.date(), today, every), today, since)
    if points is not None:
        planned = planned[-points:]
    oldest = min(s.committed for _, s in planned)
    log.load_files(oldest - timedelta(days=WINDOW_DAYS + 1))  # one diff pass for every point
    done: dict[str, Point] = {}
    out = []
    progress.start("history", total=len(planned))
    for day, snapshot in planned:
        if snapshot.sha not in done:
            done[snapshot.sha] = _evaluate(root, options, snapshot, github_factory)
        out.append(replace(done[snapshot.sha], date=day))
        progress.advance()
    progress.finish()
    return Trajectory(str(root), every, first, tuple(out))


def _plan(
    log: GitLog, head: Snapshot, ends: list[date], today: date, since: date | None
) -> list[tuple[date, Snapshot]]:
    """(point date, commit) for each period end with a commit by then, then HEAD."""
    planned = []
    for end in ends:
        if since is not None and end < since:
            continue
        found = log.at_date(end)
        if found is not None:
            planned.append((end, found))
    planned.append((today, head))
    return planned


def _evaluate(root: Path, options: RunOptions, snapshot: Snapshot, github_factory: Any) -> Point:
    at = replace(options, as_of=snapshot, record_history=False, today=None)
    try:
        report = evaluate(root, at, github_factory=github_factory)
    except ConfigError as err:  # an old pyproject.toml that no longer parses or validates
        return Point(snapshot.day, snapshot.sha, snapshot.committed, None, None, (), err.message)
    met = tuple(m.milestone.number for m in report.milestones if m.reached)
    return Point(
        snapshot.day, snapshot.sha, snapshot.committed, report.level, report.level_upper, met
    )
