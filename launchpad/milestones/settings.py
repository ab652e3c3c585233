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

Unknown keys, unknown check ids and unknown parameters are errors, so a typo cannot
silently turn a check off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from launchpad.errors import ConfigError

KEYS = frozenset({"require", "repo", "maintainers", "ignore", "thresholds"})
_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
HINT = "see the Configuration section of docs/milestones.md"


@dataclass(frozen=True)
class MilestonesConfig:
    """The validated milestone settings of one repository."""

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


def parse(table: Mapping[str, Any], source: str) -> MilestonesConfig:
    """Validate the raw table (shape only; check ids are validated against the data later)."""
    where = f"[tool.launchpad.milestones] in {source}"
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r}",
            hint=f"allowed keys: {', '.join(sorted(KEYS))}",
        )
    require = table.get("require")
    if require is not None and (
        isinstance(require, bool) or not isinstance(require, int) or not 0 <= require <= 6
    ):
        raise ConfigError(f"{where}: require must be an integer from 0 to 6", hint=HINT)
    repo = table.get("repo")
    if repo is not None and (not isinstance(repo, str) or not _REPO.match(repo)):
        raise ConfigError(f"{where}: repo must look like 'owner/name'", hint=HINT)
    maintainers = table.get("maintainers", [])
    if not isinstance(maintainers, list) or not all(isinstance(m, str) and m for m in maintainers):
        raise ConfigError(f"{where}: maintainers must be a list of logins or emails", hint=HINT)
    ignore = table.get("ignore", {})
    if not isinstance(ignore, dict):
        raise ConfigError(f"{where}: ignore must be a table of check id = reason", hint=HINT)
    for check_id, reason in ignore.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(
                f"{where}: ignoring {check_id!r} needs a reason",
                hint=f'write {check_id} = "why this check does not apply"',
            )
    thresholds = table.get("thresholds", {})
    if not isinstance(thresholds, dict) or not all(
        isinstance(v, dict) for v in thresholds.values()
    ):
        raise ConfigError(
            f"{where}: thresholds must map check ids to tables of parameters",
            hint="e.g. thresholds.stars = { min = 20 }",
        )
    return MilestonesConfig(
        require=require,
        repo=repo,
        maintainers=tuple(maintainers),
        ignore={str(k): str(v).strip() for k, v in ignore.items()},
        thresholds={str(k): dict(v) for k, v in thresholds.items()},
        source=source,
    )


def from_pyproject(pyproject: Mapping[str, Any], source: str) -> MilestonesConfig:
    """Read the table from an already parsed pyproject.toml."""
    table: Any = pyproject.get("tool", {}).get("launchpad", {})
    table = table.get("milestones", {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.launchpad.milestones] in {source} must be a table", hint=HINT)
    return parse(table, source) if table else MilestonesConfig(source=source)
