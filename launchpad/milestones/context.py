"""Fixtures: the signal sources a kind asks for by parameter name, built lazily once.

A source that cannot be built (no git, offline, no GitHub repository, rate limit)
raises :class:`Unavailable`; the runner turns that into an ``unknown`` result carrying
the reason, so no check ever passes for lack of data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from launchpad.milestones.settings import MilestonesConfig


class Unavailable(Exception):  # noqa: N818 - an outcome, not a fault
    """A signal source could not be read; ``reason`` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SourceOptions:
    """How to reach the sources beyond the checkout."""

    offline: bool = False
    repo: str | None = None  # GitHub OWNER/NAME
    github_factory: Callable[[], Any] | None = None  # -> launchpad.github.GitHub
    index_url: str | None = None


class Sources:
    """Builds each fixture on first use and remembers it (or why it is unavailable)."""

    def __init__(
        self,
        root: Path,
        *,
        pyproject: dict[str, Any],
        config: MilestonesConfig,
        today: date,
        options: SourceOptions,
    ) -> None:
        self.root = root
        self.options = options
        self._values: dict[str, Any] = {
            "root": root,
            "pyproject": pyproject,
            "config": config,
            "today": today,
        }
        self._missing: dict[str, str] = {}

    def get(self, name: str) -> Any:
        """The fixture ``name``; raises Unavailable (every time) if it cannot be built."""
        if name in self._values:
            return self._values[name]
        if name in self._missing:
            raise Unavailable(self._missing[name])
        try:
            value = getattr(self, f"_build_{name}")()
        except Unavailable as err:
            self._missing[name] = err.reason
            raise
        self._values[name] = value
        return value

    def peek(self, name: str) -> Any:
        """The fixture if it was built, else None (never builds)."""
        return self._values.get(name)

    def reason(self, name: str) -> str | None:
        """Why ``name`` is unavailable, if it was tried and failed."""
        return self._missing.get(name)

    def _build_files(self) -> Any:
        from launchpad.milestones.files import RepoFiles

        return RepoFiles(self.root)

    def _build_readme(self) -> Any:
        from launchpad.milestones.files import Readme

        return Readme.find(self.get("files"))

    def _build_docs(self) -> Any:
        from launchpad.milestones.files import Docs

        return Docs(self.get("files"))

    def _build_git(self) -> Any:
        from launchpad.milestones.gitsource import GitHistory

        return GitHistory(self.root, self._values["today"])

    def _build_github(self) -> Any:
        from launchpad.milestones.githubsource import GitHubSignals

        if self.options.offline:
            raise Unavailable("offline (--offline)")
        if not self.options.repo:
            raise Unavailable(
                "no GitHub repository (pass --repo OWNER/NAME or add a github.com origin remote)"
            )
        if self.options.github_factory is None:
            raise Unavailable("no GitHub client configured")
        return GitHubSignals(
            self.options.github_factory,
            self.options.repo,
            self._values["config"],
            self._values["today"],
        )

    def _build_package_index(self) -> Any:
        from launchpad.milestones.index import lookup

        if self.options.offline:
            raise Unavailable("offline (--offline)")
        return lookup(self._values["pyproject"], self.get("files"), self.options.index_url)

    def signals(self) -> dict[str, float]:
        """Numbers from every source that was built, for the run history."""
        out: dict[str, float] = {}
        for value in self._values.values():
            method = getattr(value, "signals", None)
            if callable(method):
                try:
                    out.update(method())
                except Unavailable:
                    continue
        return out
