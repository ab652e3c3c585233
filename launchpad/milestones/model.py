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
    """One kind of evidence as declared in ``milestones/mN.toml`` (a ``[[checks]]`` table).

    ``criterion`` names the criterion it is evidence for; ``required`` says whether that
    criterion counts towards the level (a criterion of weight 0 is advice only).
    """

    id: str
    title: str
    kind: str
    milestone: int
    fix: str
    required: bool = True
    params: Mapping[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    measures: str = ""
    criterion: str = ""


@dataclass(frozen=True)
class Criterion:
    """What a milestone asks for, met by *any* of its kinds of evidence.

    A ``hard`` criterion must be met for the milestone to be met; the others add their
    ``weight`` to the milestone's share. Weight 0 is advice: reported, never counted.
    """

    id: str
    title: str
    milestone: int
    fix: str
    evidence: tuple[str, ...]  # check ids, in file order
    weight: float = 1.0
    hard: bool = False
    measures: str = ""

    @property
    def counts(self) -> bool:
        """Whether it can move the level."""
        return self.hard or self.weight > 0


@dataclass(frozen=True)
class Milestone:
    """A milestone (``M0`` … ``M6``): its criteria, their evidence, and the share to reach."""

    number: int
    name: str
    summary: str
    checks: tuple[Check, ...]
    criteria: tuple[Criterion, ...] = ()
    threshold: float = 1.0  # share of the criteria's weight that must be met

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


class Verdict(str, enum.Enum):
    """How a criterion, or a whole milestone, stands."""

    MET = "met"
    PARTIAL = "partial"  # milestones only: some criteria met, not enough
    UNKNOWN = "unknown"  # no evidence for it, and some could not be evaluated
    NOT_MET = "not met"


@dataclass(frozen=True)
class CriterionResult:
    """A criterion and the results of its evidence."""

    criterion: Criterion
    evidence: tuple[Result, ...]

    @property
    def verdict(self) -> Verdict:
        """Met when any evidence is satisfied; unknown when none is but some is unknown."""
        if any(r.satisfied for r in self.evidence):
            return Verdict.MET
        if any(r.status is Status.UNKNOWN for r in self.evidence):
            return Verdict.UNKNOWN
        return Verdict.NOT_MET

    @property
    def found(self) -> tuple[Result, ...]:
        """The evidence for it."""
        return tuple(r for r in self.evidence if r.satisfied)

    @property
    def missing(self) -> tuple[Result, ...]:
        """The evidence looked for and not found (failed, or blocked)."""
        return tuple(r for r in self.evidence if not r.satisfiable)


@dataclass(frozen=True)
class MilestoneResult:
    """The results of one milestone: each check, and each criterion it is evidence for."""

    milestone: Milestone
    results: tuple[Result, ...]
    criteria: tuple[CriterionResult, ...] = ()

    @property
    def required(self) -> tuple[Result, ...]:
        """Results of the checks whose criterion counts towards the level."""
        return tuple(r for r in self.results if r.check.required)

    def _share(self, *verdicts: Verdict) -> float:
        counted = [c for c in self.criteria if not c.criterion.hard and c.criterion.weight > 0]
        total = sum(c.criterion.weight for c in counted)
        if total == 0:
            return 1.0
        return sum(c.criterion.weight for c in counted if c.verdict in verdicts) / total

    @property
    def share(self) -> float:
        """The weighted share of the (non-hard) criteria met, 0..1."""
        return self._share(Verdict.MET)

    @property
    def share_upper(self) -> float:
        """The share if every unknown criterion were met."""
        return self._share(Verdict.MET, Verdict.UNKNOWN)

    @property
    def hard(self) -> tuple[CriterionResult, ...]:
        """The criteria the milestone cannot be met without."""
        return tuple(c for c in self.criteria if c.criterion.hard)

    @property
    def reached(self) -> bool:
        """Every hard criterion is met and the share reaches the threshold."""
        return all(c.verdict is Verdict.MET for c in self.hard) and _at_least(
            self.share, self.milestone.threshold
        )

    @property
    def reachable(self) -> bool:
        """Reached if every unknown criterion came out met."""
        return all(c.verdict in (Verdict.MET, Verdict.UNKNOWN) for c in self.hard) and _at_least(
            self.share_upper, self.milestone.threshold
        )

    @property
    def verdict(self) -> Verdict:
        """Met; partial (some counted criteria met, or could be); not met."""
        if self.reached:
            return Verdict.MET
        counted = [c for c in self.criteria if c.criterion.counts]
        if any(c.verdict is Verdict.MET for c in counted):
            return Verdict.PARTIAL
        if self.reachable:
            return Verdict.UNKNOWN
        return Verdict.NOT_MET

    def count(self, status: Status) -> int:
        """How many checks ended with ``status``."""
        return sum(1 for r in self.results if r.status is status)


def _at_least(share: float, threshold: float) -> bool:
    """``share >= threshold``, forgiving float rounding (2/3 of the weight reaches 0.667)."""
    return share >= threshold - 1e-3


@dataclass(frozen=True)
class Action:
    """One next step: an unmet criterion and how to meet it."""

    milestone: int
    check_id: str  # the criterion's id
    title: str
    fix: str
    required: bool  # the criterion is hard


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
class AsOf:
    """The commit a run evaluated instead of the working tree (``--as-of``)."""

    commit: str
    date: str  # YYYY-MM-DD, UTC
    committed_at: str  # ISO timestamp of the committer date

    def to_dict(self) -> dict[str, str]:
        """The JSON shape: ``{"commit": sha, "date": YYYY-MM-DD, "committed_at": ISO}``."""
        return {"commit": self.commit, "date": self.date, "committed_at": self.committed_at}


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
    as_of: AsOf | None = None  # None: the working tree was evaluated

    @property
    def results(self) -> tuple[Result, ...]:
        """Every result, milestone by milestone."""
        return tuple(r for m in self.milestones for r in m.results)

    @property
    def meets_requirement(self) -> bool:
        """True unless a required level is set and not reached."""
        return self.required_level is None or self.level >= self.required_level
