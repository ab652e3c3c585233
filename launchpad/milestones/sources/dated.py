"""Count a GitHub listing's items before a moment without reading all of it.

Stargazers (with their dates) and forks (oldest first) are listed in date order, so
the number before a moment is found by bisecting the pages: about ``log2(pages)``
requests instead of one per page, which keeps a 50k-star repository within budget.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import Any

STAR_PROBES = 8  # bisection steps at most: 2**8 pages of 100 items


def aware(value: datetime | None) -> datetime | None:
    """``value`` with UTC as its zone when it has none."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class DatedPages:
    """A listing sorted oldest first, counted before a moment by bisecting its pages.

    About ``log2(pages)`` requests per count; pages already fetched are remembered, so a
    second count (the window's start after its end) costs little more.
    """

    def __init__(
        self,
        guard: Callable[[str], AbstractContextManager[None]],
        what: str,
        listing: Any,
        total: int,
        when: Callable[[Any], Any],
    ) -> None:
        self._guard = guard
        self._what = what
        self._listing = listing
        self._total = total
        self._when = when
        self._pages: dict[int, list[Any]] = {}

    def _at(self, item: Any) -> datetime:
        return aware(self._when(item)) or datetime.min.replace(tzinfo=timezone.utc)

    def _page(self, index: int) -> list[Any]:
        if index not in self._pages:
            self._pages[index] = self._listing.get_page(index)
        return self._pages[index]

    def before(self, moment: datetime) -> int:
        """How many items are dated before ``moment``."""
        if self._total == 0:
            return 0
        with self._guard(self._what):  # the source's error policy: failures are Unavailable
            first = self._page(0)
            per_page = max(len(first), 1)
            if not first or self._at(first[0]) >= moment:
                return 0
            low, high = 0, -(-self._total // per_page) - 1  # the first item >= moment is on
            last = self._page(high) if high else first  # a page in [low, high]
            if not last or self._at(last[-1]) < moment:
                return self._total
            for _ in range(STAR_PROBES):
                if high - low <= 1:
                    break
                middle = (low + high) // 2
                page = self._page(middle)
                if page and self._at(page[-1]) < moment:
                    low = middle
                else:
                    high = middle
            page = self._page(high) if high else first
            return min(self._total, high * per_page + sum(1 for i in page if self._at(i) < moment))
