"""Which papers a build keeps: categories (an archive stands for all of its own), dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from launchpad.corpus.records import Record


def matches(category: str, wanted: Sequence[str]) -> bool:
    """True when ``category`` is one of ``wanted`` or in one of its archives (``cs``)."""
    return any(category == item or category.startswith(item + ".") for item in wanted)


@dataclass(frozen=True)
class Filters:
    """Which records to keep: any listed category (or archive prefix), a date window."""

    categories: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    def keep(self, record: Record) -> bool:
        """True when ``record`` passes every filter."""
        if self.since is not None and record.published < self.since:
            return False
        if self.until is not None and record.published > self.until:
            return False
        if not self.categories:
            return True
        return any(matches(category, self.categories) for category in record.categories)

    def describe(self) -> str:
        """A short human description for manifests and reports."""
        parts = []
        if self.categories:
            parts.append("categories=" + ",".join(self.categories))
        if self.since:
            parts.append(f"since={self.since}")
        if self.until:
            parts.append(f"until={self.until}")
        return " ".join(parts)
