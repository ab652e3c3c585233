"""Kinds that read the package index."""

from __future__ import annotations

from launchpad.milestones.model import Outcome, failed, passed
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.index import PackageInfo


def index_releases(package_index: PackageInfo, min: int = 1) -> Outcome:
    """The distribution is on the package index with at least ``min`` releases."""
    if package_index.name is None:
        return failed("no distribution name declared (pyproject [project] name)")
    if not package_index.published:
        return failed(f"{package_index.name} is not on the package index")
    detail = (
        f"{package_index.name}: {package_index.releases} releases (latest {package_index.latest})"
    )
    return passed(detail) if package_index.releases >= min else failed(f"{detail}; need {min}")


KINDS: dict[str, KindFunction] = {"index-releases": index_releases}
