"""Loading and validating ``milestones/m0.toml`` … ``m6.toml``.

The data is validated as a whole (``launchpad milestones lint``): the shape of each
file, criterion and check (pydantic models, strict), then what needs the whole set:
unique ids, every check naming a criterion of its file and every criterion having
evidence, registered kinds, parameters the kind accepts (and all it needs, of the
types it annotates), ``requires`` naming a check declared before it (so the order is a
valid evaluation order and cycles cannot exist). Every problem is one line naming the
file.

A file without ``[[criteria]]`` is read as the first release wrote them: each check is
its own criterion, hard when ``required`` (the default) and advice otherwise, so older
custom milestone folders keep their meaning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from launchpad.errors import ConfigError, NotFoundError
from launchpad.milestones.criteria import ID, Text, criterion_problems, link, parse_criteria
from launchpad.milestones.model import Check, Criterion, Milestone
from launchpad.milestones.problems import Problem, messages
from launchpad.milestones.registry import Kind, kinds

_FILE = re.compile(r"^m(\d)\.toml$")


class CheckEntry(BaseModel):
    """One ``[[checks]]`` table."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, Field(pattern=ID)]
    title: Text
    kind: Text
    fix: Text | None = None
    required: bool | None = None
    params: dict[str, Any] = {}
    requires: list[str] = []
    measures: str = ""
    criterion: Annotated[str, Field(pattern=ID)] | None = None


class MilestoneFile(BaseModel):
    """One ``milestones/mN.toml``; criteria and checks are validated one by one."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    number: int
    name: Text
    summary: Text
    threshold: Annotated[float, Field(gt=0, le=1)] = 1.0
    criteria: list[Any] = []
    checks: Annotated[list[Any], Field(min_length=1)]

    @field_validator("threshold", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        """``threshold = 1`` is the float 1.0."""
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("number")
    @classmethod
    def _matches_file_name(cls, value: int, info: ValidationInfo) -> int:
        """``m3.toml`` declares ``number = 3`` (the file name is passed as context)."""
        if value != (info.context or {}).get("number", value):
            raise ValueError("number does not match the file name")
        return value


# What is wrong with a key, in the words `launchpad milestones lint` prints.
MILESTONE_PROBLEMS: Mapping[str, str] = {
    "number": "number must be {number} (from the file name)",
    "name": "{key} must be a non-empty string",
    "summary": "{key} must be a non-empty string",
    "threshold": "threshold must be a number above 0 and at most 1",
    "criteria": "criteria must be a list of [[criteria]] tables",
    "checks": "declares no [[checks]]",
}
CHECK_PROBLEMS: Mapping[str, str] = {
    "id": "id must be lower-case words joined by '-'",
    "title": "{key} must be a non-empty string",
    "kind": "{key} must be a non-empty string",
    "fix": "{key} must be a non-empty string",
    "required": "required must be true or false",
    "params": "params must be a table",
    "requires": "requires must be a list of check ids",
    "measures": "measures must be a string",
    "criterion": "criterion must be the id of a [[criteria]] table",
}


def default_dir() -> Path:
    """The milestones shipped with launchpad."""
    from launchpad.resources import data_dir

    return data_dir("milestones")


def _read_all(directory: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    from launchpad.config import read_toml

    if not directory.is_dir():
        raise NotFoundError(
            f"milestones folder {directory} does not exist",
            hint="pass a folder of m0.toml … files, or leave it out to use launchpad's own",
        )
    problems: list[Problem] = []
    files = sorted(p for p in directory.iterdir() if p.suffix == ".toml")
    raw: list[tuple[str, dict[str, Any]]] = []
    for path in files:
        if not _FILE.match(path.name):
            problems.append(Problem(path.name, "file names must be m0.toml … m9.toml"))
            continue
        try:
            raw.append((path.name, read_toml(path)))
        except ConfigError as err:
            problems.append(Problem(path.name, err.message.replace(str(path), "").strip(": ")))
    if not files:
        problems.append(Problem(str(directory), "no milestone files (m0.toml …)"))
    return raw, problems


def validate(directory: Path) -> tuple[list[Milestone], list[Problem]]:
    """Parse every file; return the milestones and every problem found."""
    raw, problems = _read_all(directory)
    registry = kinds()
    milestones: list[Milestone] = []
    seen: dict[str, int] = {}
    for name, data in raw:
        number = int(_FILE.match(name).group(1))  # type: ignore[union-attr]
        try:
            MilestoneFile.model_validate(data, context={"number": number})
        except ValidationError as err:
            wrong = messages(err, MILESTONE_PROBLEMS, number)
            problems.extend(Problem(name, message) for message in wrong.values())
        declared = parse_criteria(name, number, data.get("criteria", []), problems)
        checks: list[Check] = []
        entries = data.get("checks", [])
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            check = _parse_check(
                name,
                number,
                index,
                entry,
                registry=registry,
                seen=seen,
                problems=problems,
                criteria=declared,
            )
            if check is not None:
                checks.append(check)
                seen[check.id] = number
        criteria = link(name, number, declared, checks, problems)
        threshold = data.get("threshold", 1.0)
        milestones.append(
            Milestone(
                number,
                str(data.get("name", "")),
                str(data.get("summary", "")),
                tuple(checks),
                criteria,
                float(threshold) if isinstance(threshold, int | float) else 1.0,
            )
        )
    numbers = [m.number for m in milestones]
    if numbers and numbers != list(range(len(numbers))):
        problems.append(
            Problem(str(directory), "milestones must be numbered 0, 1, 2 … without gaps")
        )
    return milestones, problems


def _parse_check(
    name: str,
    number: int,
    index: int,
    entry: Any,
    *,
    registry: Mapping[str, Kind],
    seen: Mapping[str, int],
    problems: list[Problem],
    criteria: dict[str, Criterion] | None,
) -> Check | None:
    if not isinstance(entry, dict):
        problems.append(Problem(name, f"check #{index + 1} is not a table"))
        return None
    try:
        valid: CheckEntry | None = CheckEntry.model_validate(entry)
        wrong: dict[str, str] = {}
    except ValidationError as err:
        valid, wrong = None, messages(err, CHECK_PROBLEMS)
    if "id" in wrong:
        problems.append(Problem(name, f"check #{index + 1}: {wrong['id']}"))
        return None
    errors = list(wrong.values())
    check_id = entry["id"]
    if check_id in seen:
        errors.append(f"id already used in m{seen[check_id]}.toml")
    kind = registry.get(str(entry.get("kind")))
    if isinstance(entry.get("kind"), str) and kind is None:
        errors.append(f"unknown kind {entry['kind']!r}")
    if kind is not None:
        errors.extend(kind.problems({} if "params" in wrong else entry.get("params", {})))
    for dependency in () if "requires" in wrong else entry.get("requires", ()):
        if dependency == check_id:
            errors.append("requires itself")
        elif dependency not in seen:
            errors.append(
                f"requires {dependency!r}, which is not declared before it "
                "(same or earlier milestone)"
            )
    criterion = criteria.get(valid.criterion or "") if criteria and valid else None
    if valid is not None:
        errors.extend(criterion_problems(entry, valid.criterion, criteria, criterion))
    problems.extend(Problem(name, f"check {check_id!r}: {message}") for message in errors)
    if errors or valid is None:
        return None
    fix = valid.fix or (criterion.fix if criterion else "")
    return Check(
        id=check_id,
        title=valid.title.strip(),
        kind=valid.kind,
        milestone=number,
        fix=" ".join(fix.split()),
        required=criterion.counts if criterion else valid.required is not False,
        params=dict(valid.params),
        requires=tuple(valid.requires),
        measures=" ".join(valid.measures.split()),
        criterion=criterion.id if criterion else check_id,
    )


@dataclass(frozen=True)
class Lint:
    """What ``launchpad milestones lint`` found in one folder of milestone data."""

    directory: Path
    milestones: tuple[Milestone, ...]
    problems: tuple[Problem, ...]
    kinds: int  # how many kinds are registered

    @property
    def checks(self) -> int:
        """How many checks the milestones declare."""
        return sum(len(m.checks) for m in self.milestones)


def lint(directory: Path | None = None) -> Lint:
    """Validate a folder of milestone data (default: launchpad's own)."""
    directory = directory or default_dir()
    milestones, problems = validate(directory)
    return Lint(directory, tuple(milestones), tuple(problems), len(kinds()))


def load(directory: Path | None = None) -> tuple[Milestone, ...]:
    """The validated milestones; the first problem becomes a ConfigError."""
    lint = "launchpad milestones lint" + (f" {directory}" if directory else "")
    directory = directory or default_dir()
    milestones, problems = validate(directory)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(
            f"invalid milestone data: {problems[0]}{more}",
            hint=f"run `{lint}` to see every problem",
        )
    return tuple(milestones)
