"""The ``[[criteria]]`` tables of a milestone file: their shape, and each linked to the
checks that are evidence for it.

A file without ``[[criteria]]`` is read as the first release wrote them: each check is
its own criterion, hard when ``required`` (the default) and advice otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from launchpad.milestones.model import Check, Criterion
from launchpad.milestones.problems import Problem, messages

ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
Text = Annotated[str, Field(pattern=r"\S")]  # a string with something in it


class CriterionEntry(BaseModel):
    """One ``[[criteria]]`` table."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, Field(pattern=ID)]
    title: Text
    fix: Text
    weight: Annotated[float, Field(ge=0, le=100)] = 1.0
    hard: bool = False
    measures: str = ""

    @field_validator("weight", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        """An integer weight is a weight (strict mode would refuse ``2`` for a float)."""
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


CRITERION_PROBLEMS: Mapping[str, str] = {
    "id": "id must be lower-case words joined by '-'",
    "title": "{key} must be a non-empty string",
    "fix": "{key} must be a non-empty string",
    "weight": "weight must be a number from 0 to 100",
    "hard": "hard must be true or false",
    "measures": "measures must be a string",
}


def parse_criteria(
    name: str, number: int, entries: Any, problems: list[Problem]
) -> dict[str, Criterion] | None:
    """The declared criteria by id (None when the file declares none: the first format)."""
    if not isinstance(entries, list) or not entries:
        return None
    out: dict[str, Criterion] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(Problem(name, f"criterion #{index + 1} is not a table"))
            continue
        try:
            valid = CriterionEntry.model_validate(entry)
        except ValidationError as err:
            wrong = messages(err, CRITERION_PROBLEMS)
            label = (
                f"criterion {entry['id']!r}"
                if "id" not in wrong and isinstance(entry.get("id"), str)
                else f"criterion #{index + 1}"
            )
            problems.extend(Problem(name, f"{label}: {message}") for message in wrong.values())
            continue
        if valid.id in out:
            problems.append(Problem(name, f"criterion {valid.id!r}: id already used"))
            continue
        out[valid.id] = Criterion(
            id=valid.id,
            title=valid.title.strip(),
            milestone=number,
            fix=" ".join(valid.fix.split()),
            evidence=(),
            weight=valid.weight,
            hard=valid.hard,
            measures=" ".join(valid.measures.split()),
        )
    return out


def link(
    name: str,
    number: int,
    declared: dict[str, Criterion] | None,
    checks: list[Check],
    problems: list[Problem],
) -> tuple[Criterion, ...]:
    """Each criterion with the ids of its evidence; in the first format, one per check."""
    if declared is None:
        return tuple(
            Criterion(
                id=c.id,
                title=c.title,
                milestone=number,
                fix=c.fix,
                evidence=(c.id,),
                weight=1.0 if c.required else 0.0,
                hard=c.required,
                measures=c.measures,
            )
            for c in checks
        )
    linked = []
    for criterion in declared.values():
        evidence = tuple(c.id for c in checks if c.criterion == criterion.id)
        if not evidence:
            problems.append(
                Problem(name, f"criterion {criterion.id!r}: no check is evidence for it")
            )
        linked.append(replace(criterion, evidence=evidence))
    return tuple(linked)


def criterion_problems(
    entry: dict[str, Any],
    named: str | None,
    criteria: dict[str, Criterion] | None,
    criterion: Criterion | None,
) -> list[str]:
    """A check names a declared criterion (``named``) when its file declares criteria, and
    only then; without criteria it needs its own ``fix``."""
    if criteria is None:
        if named is not None:
            return [f"criterion {named!r} is not declared in [[criteria]]"]
        if not entry.get("fix"):
            return ["fix must be a non-empty string"]
        return []
    found = []
    if named is None:
        found.append('names no criterion (add criterion = "...")')
    elif criterion is None:
        found.append(f"criterion {named!r} is not declared in [[criteria]]")
    if "required" in entry:
        found.append("required is not used with [[criteria]]: give the criterion a weight")
    return found
