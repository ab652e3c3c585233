"""Kinds that read git history: commits, people, concentration, activity, tags, modules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from launchpad.milestones.model import MilestonesConfig, Outcome, count, failed, passed, unknown
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import RepoFiles
from launchpad.milestones.sources.git import GitHistory

# v1.2, 0.3.0, a package-prefixed pyserini-0.10.0 or fa4-v4.0.0, or a calendar v20230117.
VERSION_TAG = r"^(?:[A-Za-z][A-Za-z0-9_]*[-_])?v?(?:\d+(?:\.\d+)+|(?:19|20)\d{6}\b)"


def _window(days: int | None) -> str:
    return "all time" if days is None else f"last {days} days"


def git_commits(git: GitHistory, min: int) -> Outcome:
    """At least ``min`` commits on the current branch."""
    if git.total_commits >= min:
        return passed(count(git.total_commits, "commit"))
    return failed(f"{count(git.total_commits, 'commit')}, need {min}")


def _maintainers(git: GitHistory, config: MilestonesConfig) -> set[str]:
    """Configured maintainers (names, e-mails or logins), or else the top author."""
    if config.maintainers:
        return {m.lower() for m in config.maintainers}
    top = git.authors_all.most_common(1)
    return {top[0][0]} if top else set()


def _external(git: GitHistory, author: str, maintainers: set[str]) -> bool:
    return not (git.known.get(author, {author}) | {author}) & maintainers


def git_authors(
    git: GitHistory,
    config: MilestonesConfig,
    *,
    min: int,
    window_days: int | None = None,
    min_commits_each: int = 1,
    external_only: bool = False,
) -> Outcome:
    """At least ``min`` distinct authors (optionally non-maintainers) with enough commits."""
    authors = git.authors_since(window_days)
    maintainers = _maintainers(git, config)
    people = [
        a
        for a, n in authors.items()
        if n >= min_commits_each and (not external_only or _external(git, a, maintainers))
    ]
    who = "external author" if external_only else "author"
    each = f" with ≥{min_commits_each} commits" if min_commits_each > 1 else ""
    detail = f"{count(len(people), who)}{each}, {_window(window_days)}"
    return passed(detail) if len(people) >= min else failed(f"{detail}; need {min}")


def git_top_share(
    git: GitHistory, max_share: float, window_days: int = 365, min_commits: int = 10
) -> Outcome:
    """The most active author made at most ``max_share`` of the recent commits."""
    authors = git.authors_since(window_days)
    total = sum(authors.values())
    if total < min_commits:
        return failed(f"{count(total, 'commit')}, {_window(window_days)}; need {min_commits}")
    share = authors.most_common(1)[0][1] / total
    detail = f"top author made {share:.0%} of {total} commits, {_window(window_days)}"
    return passed(detail) if share <= max_share else failed(f"{detail}; max {max_share:.0%}")


def git_recent_activity(git: GitHistory, days: int = 180, min_commits: int = 1) -> Outcome:
    """At least ``min_commits`` commits in the last ``days`` days."""
    recent = len(git.since(days))
    if recent >= min_commits:
        return passed(f"{count(recent, 'commit')} in the last {days} days")
    last = git.last_commit
    when = f"last commit {last:%Y-%m-%d}" if last else "no commit in the last two years"
    return failed(f"{count(recent, 'commit')} in the last {days} days ({when})")


def git_tags(git: GitHistory, min: int = 1, pattern: str = VERSION_TAG) -> Outcome:
    """At least ``min`` tags that look like versions."""
    rx = re.compile(pattern)
    versions = [t.name for t in git.tags if rx.search(t.name)]
    if len(versions) >= min:
        return passed(f"{count(len(versions), 'version tag')} (latest {sorted(versions)[-1]})")
    return failed(f"{count(len(versions), 'version tag')}, need {min}")


def git_module_owners(
    git: GitHistory,
    files: RepoFiles,
    *,
    min_owners: int = 3,
    min_people_per_module: int = 2,
    min_modules: int = 3,
    window_days: int = 730,
    split_above: int = 6,
) -> Outcome:
    """Modules are owned by different people: distinct top authors across sub-packages.

    A sub-package with more than ``split_above`` sub-packages of its own is a framework
    in itself (``lightning/pytorch``); its sub-packages count as the modules.
    """
    package = files.main_package
    if package is None:
        return failed("no importable package")
    modules = []
    for module in _public(files.subpackages(package)):
        inner = _public(files.subpackages(module))
        modules += inner if len(inner) > split_above else [module]
    if len(modules) < min_modules:
        return failed(f"{count(len(modules), 'sub-package')} of {package}, need {min_modules}")
    per_module: dict[str, Counter[str]] = defaultdict(Counter)
    known = set(modules)
    depths = sorted({m.count("/") + 1 for m in modules})
    module_of: dict[str, tuple[str, ...]] = {}  # a path's modules: folder prefixes looked up
    inside = package + "/"  # every module is a folder of the package

    def modules_of(changed: str) -> tuple[str, ...]:
        if not changed.startswith(inside):
            return ()  # docs, tests, CI: most of what a commit changes
        parts = changed.split("/")
        prefixes = ("/".join(parts[:depth]) for depth in depths if depth < len(parts))
        return tuple(prefix for prefix in prefixes if prefix in known)

    for commit in git.since(window_days):
        touched: set[str] = set()
        for changed in commit.files:
            found = module_of.get(changed)
            if found is None:
                found = module_of[changed] = modules_of(changed)
            touched.update(found)
        for module in touched:
            per_module[module][commit.author] += 1
    owners = {counts.most_common(1)[0][0] for counts in per_module.values() if counts}
    shared = sum(1 for c in per_module.values() if len(c) >= min_people_per_module)
    detail = (
        f"{len(owners)} distinct module owners, {shared} of {len(modules)} modules with "
        f"≥{min_people_per_module} people, {_window(window_days)}"
    )
    if len(owners) >= min_owners and shared >= min_modules:
        return passed(detail)
    return failed(detail)


def _public(packages: list[str]) -> list[str]:
    return [p for p in packages if not p.rsplit("/", 1)[-1].startswith("_")]


def released(git: Any = None, github: Any = None, package_index: Any = None) -> Outcome:
    """Something others can pin: a version tag, a GitHub release or a package on the index."""
    if git is not None:
        versions = [t.name for t in git.tags if re.search(VERSION_TAG, t.name)]
        if versions:
            return passed(f"version tag {sorted(versions)[-1]}")
    if package_index is not None and package_index.published:
        return passed(f"{package_index.name} {package_index.latest} on the package index")
    if github is not None and github.releases():
        return passed(f"GitHub release {github.releases()[0].tag}")
    if git is None or github is None or package_index is None:
        return unknown("no version tag; GitHub releases or the package index not available")
    return failed("no version tag, GitHub release or published package")


KINDS: dict[str, KindFunction] = {
    "git-commits": git_commits,
    "git-authors": git_authors,
    "git-top-share": git_top_share,
    "git-recent-activity": git_recent_activity,
    "git-tags": git_tags,
    "git-module-owners": git_module_owners,
    "released": released,
}
