"""``[tool.launchpad.milestones]`` in the checked repository's pyproject.toml.

::

    [tool.launchpad.milestones]
    require = 2                          # the level CI requires (--require wins)
    repo = "owner/name"                  # GitHub repository, if not the origin remote
    maintainers = ["ada", "ada@example.org"]   # logins, names or emails: not external
    [tool.launchpad.milestones.ignore]
    code-of-conduct = "covered by the organisation-wide policy"
    [tool.launchpad.milestones.thresholds]
    stars = { min = 20 }                 # override a check's params

:func:`table` (a strict pydantic model, built on first use: most checkouts have no such
table, and a run need not build it) validates the shape; the first problem becomes one
:class:`~launchpad.errors.ConfigError` line with a hint. Unknown keys, unknown check ids
and unknown parameters are errors, so a typo cannot silently turn a check off (check
ids and parameters are validated against the milestone data by :func:`validate_config`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from launchpad.errors import ConfigError
from launchpad.milestones.model import Milestone, MilestonesConfig
from launchpad.milestones.registry import kinds

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

__all__ = ["HINT", "KEYS", "MilestonesConfig", "from_pyproject", "parse", "table"]

HINT = "see the Configuration section of docs/milestones.md"
# The keys of the table (a test holds them equal to the model's fields).
KEYS = frozenset({"require", "repo", "maintainers", "ignore", "thresholds"})


def _full_name(value: str) -> str:
    from launchpad.github.names import is_full_name

    if not is_full_name(value):
        raise ValueError("not OWNER/NAME")
    return value


@cache
def table() -> type[BaseModel]:
    """The model of the raw table as TOML gives it."""
    from pydantic import AfterValidator, BaseModel, ConfigDict, Field

    class Table(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

        require: Annotated[int, Field(ge=0, le=6)] | None = None
        repo: Annotated[str, AfterValidator(_full_name)] | None = None
        maintainers: list[Annotated[str, Field(min_length=1)]] = []
        ignore: dict[str, Annotated[str, Field(pattern=r"\S")]] = {}
        thresholds: dict[str, dict[str, Any]] = {}

    return Table


# What is wrong, by key, in the words of docs/milestones.md: (message, hint).
_PROBLEMS: Mapping[str, tuple[str, str]] = {
    "require": ("require must be an integer from 0 to 6", HINT),
    "repo": ("repo must look like 'owner/name'", HINT),
    "maintainers": ("maintainers must be a list of logins or emails", HINT),
    "ignore": ("ignore must be a table of check id = reason", HINT),
    "thresholds": (
        "thresholds must map check ids to tables of parameters",
        "e.g. thresholds.stars-growth = { min_total = 20 }",
    ),
}


def _error(err: ValidationError, where: str) -> ConfigError:
    """The first problem as one line; an unknown key comes first (it is likely a typo)."""
    errors = sorted(err.errors(), key=lambda e: e["type"] != "extra_forbidden")
    loc = errors[0]["loc"]
    key = str(loc[0])
    if errors[0]["type"] == "extra_forbidden":
        return ConfigError(
            f"{where}: unknown key {key!r}", hint=f"allowed keys: {', '.join(sorted(KEYS))}"
        )
    if key == "ignore" and len(loc) > 1:
        check_id = str(loc[1])
        return ConfigError(
            f"{where}: ignoring {check_id!r} needs a reason",
            hint=f'write {check_id} = "why this check does not apply"',
        )
    message, hint = _PROBLEMS[key]
    return ConfigError(f"{where}: {message}", hint=hint)


def parse(raw: Mapping[str, Any], source: str) -> MilestonesConfig:
    """Validate the raw table (shape only; check ids are validated against the data later)."""
    from pydantic import ValidationError

    try:
        valid: Any = table().model_validate(raw)
    except ValidationError as err:
        raise _error(err, f"[tool.launchpad.milestones] in {source}") from None
    return MilestonesConfig(
        require=valid.require,
        repo=valid.repo,
        maintainers=tuple(valid.maintainers),
        ignore={k: v.strip() for k, v in valid.ignore.items()},
        thresholds={k: dict(v) for k, v in valid.thresholds.items()},
        source=source,
    )


def from_pyproject(pyproject: Mapping[str, Any], source: str) -> MilestonesConfig:
    """Read the table from an already parsed pyproject.toml."""
    tool: Any = pyproject.get("tool", {})
    table: Any = tool.get("launchpad", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.launchpad] in {source} must be a table", hint=HINT)
    table = table.get("milestones", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.launchpad.milestones] in {source} must be a table", hint=HINT)
    return parse(table, source) if table else MilestonesConfig(source=source)


def validate_config(config: MilestonesConfig, milestones: tuple[Milestone, ...]) -> None:
    """Ignored and thresholded check ids must exist; threshold params must be accepted."""
    checks = {c.id: c for m in milestones for c in m.checks}
    criteria = {c.id for m in milestones for c in m.criteria}
    registry = kinds()
    for check_id in config.ignore:
        if check_id not in checks and check_id not in criteria:
            raise ConfigError(
                f"unknown check or criterion id {check_id!r} in "
                f"[tool.launchpad.milestones.ignore] ({config.source})",
                hint="`launchpad milestones --format json` lists every criterion and check id",
            )
    for check_id, params in config.thresholds.items():
        if check_id not in checks:
            raise ConfigError(
                f"unknown check id {check_id!r} in [tool.launchpad.milestones.thresholds] "
                f"({config.source})",
                hint="`launchpad milestones --format json` lists every check id",
            )
        kind = registry[checks[check_id].kind]
        accepted = kind.params
        for name, value in params.items():
            if name not in accepted:
                raise ConfigError(
                    f"check {check_id!r} has no threshold {name!r} ({config.source})",
                    hint=f"its parameters: {', '.join(sorted(accepted)) or 'none'}",
                )
            wrong = kind.param_problem(name, value) or _pattern_problem(name, value)
            if wrong:
                default = checks[check_id].params.get(name)
                raise ConfigError(
                    f"threshold {name!r} of check {check_id!r} {wrong} ({config.source})",
                    hint=f"the default is {name} = {_toml(default)}"
                    if default is not None
                    else "see the Configuration section of docs/milestones.md",
                )


def _pattern_problem(name: str, value: Any) -> str | None:
    """Why a configured ``paths`` list cannot be matched (None when it can)."""
    if name != "paths" or not isinstance(value, list):
        return None
    from launchpad.milestones.sources.files import path_matcher

    try:
        path_matcher(tuple(str(v) for v in value))
    except ConfigError as err:
        return f"has a pattern that cannot be used: {err.message}"
    return None


def _toml(value: Any) -> str:
    """A parameter value written the way it goes into pyproject.toml."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)
