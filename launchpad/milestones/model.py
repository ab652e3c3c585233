"""The plain data of a milestone run: checks as declared, and what happened to each.

Everything here is a frozen dataclass or an enum so that reports can be rendered as a
table, JSON or markdown by different front ends without any of them changing the data.
The signal sources (:mod:`launchpad.milestones.sources`) and the engine both build on
this module, and it imports neither, so neither can import the other through it.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Status(str, enum.Enum):
    """How a check ended. ``unknown`` never counts as ``pass``."""

    PASS = "pass"  # noqa: S105 - a status name, not a password
    FAIL = "fail"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"


class Unavailable(Exception):  # noqa: N818 - an outcome, not a fault
    """A signal source could not be read; ``reason`` says why in one line.

    The runner turns it into an ``unknown`` result carrying the reason, so no check
    ever passes for lack of data.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class MilestonesConfig:
    """The validated ``[tool.launchpad.milestones]`` settings of one repository."""

    require: int | None = None
    repo: str | None = None
    maintainers: tuple[str, ...] = ()
    ignore: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source: str = "default"

    def is_maintainer(self, *identities: str | None) -> bool:
        """Whether any of a person's login, name or email is a listed maintainer."""
        listed = {m.lower() for m in self.maintainers}
        return any(i and i.lower() in listed for i in identities)


@dataclass(frozen=True)
class Check:
    """One check as declared in ``milestones/mN.toml``."""

    id: str
    title: str
    kind: str
    milestone: int
    fix: str
    required: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    measures: str = ""


@dataclass(frozen=True)
class Milestone:
    """A milestone (``M0`` … ``M6``) and its checks, in file order."""

    number: int
    name: str
    summary: str
    checks: tuple[Check, ...]

    @property
    def label(self) -> str:
        """``M3``."""
        return f"M{self.number}"


@dataclass(frozen=True)
class Outcome:
    """What a check kind returns: a status and one line saying why."""

    status: Status
    detail: str = ""


def count(n: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun for a check's detail: ``1 commit``, ``3 commits``."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def passed(detail: str = "") -> Outcome:
    """The check passed; ``detail`` shows the evidence (e.g. ``MIT``, ``412 commits``)."""
    return Outcome(Status.PASS, detail)


def failed(detail: str = "") -> Outcome:
    """The check failed; ``detail`` shows what was found instead."""
    return Outcome(Status.FAIL, detail)


def unknown(reason: str) -> Outcome:
    """The check could not be evaluated (offline, no token, rate-limited, shallow clone)."""
    return Outcome(Status.UNKNOWN, reason)


def skipped(reason: str) -> Outcome:
    """The check does not apply to this repository."""
    return Outcome(Status.SKIPPED, reason)


@dataclass(frozen=True)
class Result:
    """A check and how it ended.

    ``blocked_by`` names the check whose failure kept this one from running; such a
    skip does not satisfy the milestone, while a skip for "not applicable" or an ignore
    with a recorded reason does.
    """

    check: Check
    status: Status
    detail: str = ""
    blocked_by: str | None = None
    ignored: bool = False

    @property
    def satisfied(self) -> bool:
        """Counts towards the level as it stands."""
        return self.status is Status.PASS or (
            self.status is Status.SKIPPED and self.blocked_by is None
        )

    @property
    def satisfiable(self) -> bool:
        """Would count towards the level if every unknown check passed."""
        return self.satisfied or self.status is Status.UNKNOWN


@dataclass(frozen=True)
class MilestoneResult:
    """The results of one milestone's checks."""

    milestone: Milestone
    results: tuple[Result, ...]

    @property
    def required(self) -> tuple[Result, ...]:
        """Results of the checks that decide the level."""
        return tuple(r for r in self.results if r.check.required)

    @property
    def reached(self) -> bool:
        """Every required check is satisfied."""
        return all(r.satisfied for r in self.required)

    @property
    def reachable(self) -> bool:
        """Every required check is satisfied or unknown."""
        return all(r.satisfiable for r in self.required)

    def count(self, status: Status) -> int:
        """How many checks ended with ``status``."""
        return sum(1 for r in self.results if r.status is status)


@dataclass(frozen=True)
class Action:
    """One next step: a failing check and how to fix it."""

    milestone: int
    check_id: str
    title: str
    fix: str
    required: bool


@dataclass(frozen=True)
class Trend:
    """One signal now and in an earlier stored run."""

    signal: str
    now: float
    then: float
    then_at: str  # ISO date of the earlier run
    period: str  # "year" or "quarter"

    @property
    def change(self) -> float:
        """Now minus then."""
        return self.now - self.then


@dataclass(frozen=True)
class Report:
    """Everything a run found, ready to render."""

    path: str
    repo: str | None
    evaluated_at: str  # ISO timestamp
    milestones: tuple[MilestoneResult, ...]
    level: int  # -1 when even M0 is not reached
    level_upper: int
    next_actions: tuple[Action, ...]
    signals: Mapping[str, float]
    trends: tuple[Trend, ...] = ()
    notes: tuple[str, ...] = ()
    required_level: int | None = None

    @property
    def results(self) -> tuple[Result, ...]:
        """Every result, milestone by milestone."""
        return tuple(r for m in self.milestones for r in m.results)

    @property
    def meets_requirement(self) -> bool:
        """True unless a required level is set and not reached."""
        return self.required_level is None or self.level >= self.required_level
