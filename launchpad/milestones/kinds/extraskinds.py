"""Integrations offered as optional extras, in whichever packaging metadata declares them.

PEP 621 projects list extras under ``[project.optional-dependencies]``; Poetry projects
under ``[tool.poetry.extras]``. Both are how a library says "install me with support for
that other library" (``pip install pkg[atari]``).
"""

from __future__ import annotations

from typing import Any

from launchpad.milestones.model import Outcome, count, failed, passed
from launchpad.milestones.registry import KindFunction

# Extras for working on the project itself, not for using it with something else.
_OWN = frozenset({"dev", "test", "tests", "docs", "doc", "lint", "all"})


def _extras(pyproject: dict[str, Any]) -> list[str]:
    declared = dict(pyproject.get("project", {}).get("optional-dependencies", {}))
    poetry = pyproject.get("tool", {}).get("poetry", {}).get("extras", {})
    if isinstance(poetry, dict):
        declared.update({name: deps for name, deps in poetry.items() if name not in declared})
    return [e for e in declared if e.lower() not in _OWN]


def optional_extras(pyproject: dict[str, Any], min_count: int = 2) -> Outcome:
    """Integrations offered as optional extras (``pip install pkg[extra]``)."""
    extras = _extras(pyproject)
    if len(extras) >= min_count:
        return passed(
            f"extras: {', '.join(extras[:3])}"
            + (f" (+{len(extras) - 3} more)" if len(extras) > 3 else "")
        )
    return failed(f"{count(len(extras), 'user-facing extra')}, need {min_count}")


KINDS: dict[str, KindFunction] = {"optional-extras": optional_extras}
