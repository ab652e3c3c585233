"""Loading and validating ``milestones/m0.toml`` … ``m6.toml``.

The data is validated as a whole (``launchpad milestones lint``): known keys, unique
ids, registered kinds, parameters the kind accepts (and all it needs), ``requires``
naming a check declared before it (so the order is a valid evaluation order and
cycles cannot exist).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchpad.errors import ConfigError, NotFoundError
from launchpad.milestones.model import Check, Milestone
from launchpad.milestones.registry import Kind, kinds

MILESTONE_KEYS = frozenset({"number", "name", "summary", "checks"})
CHECK_KEYS = frozenset({"id", "title", "kind", "fix", "required", "params", "requires", "measures"})
_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_FILE = re.compile(r"^m(\d)\.toml$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the milestone data."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


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


def _check_params(name: str, check_id: str, kind: Kind, params: Mapping[str, Any]) -> list[Problem]:
    problems = [
        Problem(name, f"check {check_id!r}: kind {kind.name!r} has no parameter {key!r}")
        for key in params
        if key not in kind.params
    ]
    problems.extend(
        Problem(name, f"check {check_id!r}: kind {kind.name!r} needs parameter {key!r}")
        for key, has_default in kind.params.items()
        if not has_default and key not in params
    )
    for key, value in params.items():
        wrong = kind.param_problem(key, value) if key in kind.params else None
        if wrong:
            problems.append(Problem(name, f"check {check_id!r}: parameter {key!r} {wrong}"))
    return problems


def validate(directory: Path) -> tuple[list[Milestone], list[Problem]]:
    """Parse every file; return the milestones and every problem found."""
    raw, problems = _read_all(directory)
    registry = kinds()
    milestones: list[Milestone] = []
    seen: dict[str, int] = {}
    for name, data in raw:
        number = int(_FILE.match(name).group(1))  # type: ignore[union-attr]
        for key in sorted(set(data) - MILESTONE_KEYS):
            problems.append(Problem(name, f"unknown key {key!r}"))
        if data.get("number") != number:
            problems.append(Problem(name, f"number must be {number} (from the file name)"))
        for key in ("name", "summary"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                problems.append(Problem(name, f"{key} must be a non-empty string"))
        checks: list[Check] = []
        entries = data.get("checks", [])
        if not isinstance(entries, list) or not entries:
            problems.append(Problem(name, "declares no [[checks]]"))
            entries = []
        for index, entry in enumerate(entries):
            check = _parse_check(
                name, number, index, entry, registry=registry, seen=seen, problems=problems
            )
            if check is not None:
                checks.append(check)
                seen[check.id] = number
        milestones.append(
            Milestone(
                number, str(data.get("name", "")), str(data.get("summary", "")), tuple(checks)
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
) -> Check | None:
    where = f"check #{index + 1}"
    if not isinstance(entry, dict):
        problems.append(Problem(name, f"{where} is not a table"))
        return None
    check_id = entry.get("id")
    if not isinstance(check_id, str) or not _ID.match(check_id):
        problems.append(Problem(name, f"{where}: id must be lower-case words joined by '-'"))
        return None
    where = f"check {check_id!r}"
    before = len(problems)
    problems.extend(
        Problem(name, f"{where}: unknown key {key!r}") for key in sorted(set(entry) - CHECK_KEYS)
    )
    if check_id in seen:
        problems.append(Problem(name, f"{where}: id already used in m{seen[check_id]}.toml"))
    problems.extend(
        Problem(name, f"{where}: {key} must be a non-empty string")
        for key in ("title", "fix", "kind")
        if not isinstance(entry.get(key), str) or not entry[key].strip()
    )
    params = entry.get("params", {})
    if not isinstance(params, dict):
        problems.append(Problem(name, f"{where}: params must be a table"))
        params = {}
    kind = registry.get(str(entry.get("kind")))
    if isinstance(entry.get("kind"), str) and kind is None:
        problems.append(Problem(name, f"{where}: unknown kind {entry['kind']!r}"))
    if kind is not None:
        problems.extend(_check_params(name, check_id, kind, params))
    required = entry.get("required", True)
    if not isinstance(required, bool):
        problems.append(Problem(name, f"{where}: required must be true or false"))
    requires = entry.get("requires", [])
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        problems.append(Problem(name, f"{where}: requires must be a list of check ids"))
        requires = []
    for dependency in requires:
        if dependency == check_id:
            problems.append(Problem(name, f"{where}: requires itself"))
        elif dependency not in seen:
            problems.append(
                Problem(
                    name,
                    f"{where}: requires {dependency!r}, which is not declared before it "
                    "(same or earlier milestone)",
                )
            )
    if len(problems) > before:
        return None
    return Check(
        id=check_id,
        title=entry["title"].strip(),
        kind=entry["kind"],
        milestone=number,
        fix=" ".join(entry["fix"].split()),
        required=required,
        params=dict(params),
        requires=tuple(requires),
        measures=" ".join(str(entry.get("measures", "")).split()),
    )


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
