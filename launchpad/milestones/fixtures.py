"""Fixtures: what a check kind asks for by parameter name, each built once and lazily.

:data:`FIXTURES` is the one declaration of them: the registry reads it to tell a
kind's fixtures from its parameters, and :class:`Sources` builds each one with its
provider on first use during a run. A source that cannot be built (no git, offline, no
GitHub repository, rate limit) raises :class:`~launchpad.milestones.model.Unavailable`;
the runner turns that into an ``unknown`` result carrying the reason, so no check ever
passes for lack of data. The providers import the sources when called, so loading
milestone data never pays for GitPython or the GitHub client.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from launchpad.milestones.model import MilestonesConfig, Unavailable


@dataclass(frozen=True)
class SourceOptions:
    """How to reach the sources beyond the checkout."""

    offline: bool = False
    repo: str | None = None  # GitHub OWNER/NAME
    github_factory: Callable[[], Any] | None = None  # -> launchpad.github.GitHub
    index_url: str | None = None


class Sources:
    """The fixtures of one run: each built on first use and remembered (or why it failed)."""

    def __init__(
        self,
        root: Path,
        *,
        pyproject: dict[str, Any],
        config: MilestonesConfig,
        today: date,
        options: SourceOptions,
        tree: Any = None,
        snapshot: Any = None,
        git_log: Any = None,
    ) -> None:
        from launchpad.milestones.sources.tree import WorkingTree

        self.root = root
        self.tree = tree if tree is not None else WorkingTree(root)  # a sources.tree.Tree
        self.snapshot = snapshot  # sources.git.Snapshot of an --as-of run, else None
        self.git_log = git_log  # sources.git.GitLog a plain run started early, else None
        self.pyproject = pyproject
        self.config = config
        self.today = today
        self.options = options
        self._values: dict[str, Any] = {}
        self._missing: dict[str, str] = {}

    def get(self, name: str) -> Any:
        """The fixture ``name``; raises Unavailable (every time) if it cannot be built."""
        if name in self._values:
            return self._values[name]
        if name in self._missing:
            raise Unavailable(self._missing[name])
        try:
            value = FIXTURES[name].build(self)
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


@dataclass(frozen=True)
class Fixture:
    """One fixture: what a kind receives, and how a run builds it."""

    summary: str
    build: Callable[[Sources], Any]
    label: str | None = None  # names the source in a report note when it is unavailable


def _files(sources: Sources) -> Any:
    from launchpad.milestones.sources.files import RepoFiles

    return RepoFiles(sources.tree)


def _readme(sources: Sources) -> Any:
    from launchpad.milestones.sources.files import Readme

    return Readme.find(sources.get("files"))


def _docs(sources: Sources) -> Any:
    from launchpad.milestones.sources.files import Docs

    return Docs(sources.get("files"))


def _git(sources: Sources) -> Any:
    from launchpad.milestones.sources.git import GitHistory

    return GitHistory(sources.root, sources.today, at=sources.snapshot, log=sources.git_log)


def _github(sources: Sources) -> Any:
    from launchpad.milestones.sources.github import GitHubSignals

    options = sources.options
    if options.offline:
        raise Unavailable("offline (--offline)")
    if not options.repo:
        raise Unavailable(
            "no GitHub repository (pass --repo OWNER/NAME or add a github.com origin remote)"
        )
    if options.github_factory is None:
        raise Unavailable("no GitHub client configured")
    return GitHubSignals(options.github_factory, options.repo, sources.config, sources.today)


def _package_index(sources: Sources) -> Any:
    from launchpad.milestones.sources.index import lookup

    if sources.options.offline:
        raise Unavailable("offline (--offline)")
    return lookup(sources.pyproject, sources.get("files"), sources.options.index_url)


FIXTURES: Mapping[str, Fixture] = MappingProxyType(
    {
        "root": Fixture("Path of the checkout", lambda s: s.root),
        "files": Fixture("RepoFiles: the file listing with helpers", _files),
        "readme": Fixture("Readme: headings and text of the README", _readme),
        "docs": Fixture("Docs: headings of the documentation pages", _docs),
        "pyproject": Fixture(
            "dict: the parsed pyproject.toml ({} when absent)", lambda s: s.pyproject
        ),
        "git": Fixture(
            "GitHistory: commits, authors, tags, modules (unknown without git)", _git, "git"
        ),
        "github": Fixture(
            "GitHubSignals (unknown offline, without a repository or rate-limited)",
            _github,
            "GitHub",
        ),
        "package_index": Fixture("PackageInfo (unknown offline)", _package_index, "package index"),
        "config": Fixture("MilestonesConfig from [tool.launchpad.milestones]", lambda s: s.config),
        "today": Fixture("datetime.date of the evaluation", lambda s: s.today),
    }
)
