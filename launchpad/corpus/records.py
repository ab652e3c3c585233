"""One paper as every source yields it, and the cleaning all sources share.

Every source yields :class:`Record` for a good line and :class:`Malformed` for a bad
one, so a build can count and report bad input without stopping. The readers are in
:mod:`launchpad.corpus.readers` (files) and :mod:`launchpad.corpus.oai` (OAI-PMH).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from launchpad.corpus.categories import is_category

_VERSION = re.compile(r"v\d+$")


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as read from a source; ``categories`` has the primary first."""

    id: str
    title: str
    abstract: str
    categories: tuple[str, ...]
    published: dt.date


@dataclass(frozen=True, slots=True)
class Malformed:
    """A line or record that could not be used, and why (``where`` is file:line)."""

    where: str
    reason: str


class Source(Protocol):
    """A stream of records; ``label`` goes into the manifest."""

    label: str

    def records(self) -> Iterator[Record | Malformed]:
        """Yield every record in source order."""

    def size_hint(self) -> int | None:
        """About how many records ``records`` will yield (for progress), if cheap to know."""


def clean_text(text: str) -> str:
    """Collapse whitespace runs (the snapshot keeps the line breaks of the submission).

    Already-clean ASCII text (most of it) is recognised by a few fast scans.
    """
    if (
        text.isascii()
        and "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and "\x0b" not in text
        and "\x0c" not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return " ".join(text.split())


def normalise_id(raw: str) -> str:
    """An arXiv id without URL prefix or version suffix."""
    text = raw.strip()
    for prefix in ("http://arxiv.org/abs/", "https://arxiv.org/abs/", "oai:arXiv.org:", "arXiv:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return _VERSION.sub("", text)


# Category strings repeat from paper to paper (33,374 distinct in the 429,603 shared ones)
_KNOWN_LISTS: dict[str, tuple[str, ...]] = {}
_KNOWN_LIMIT = 1 << 16  # a bound on the memory, for sources that never repeat


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        known = _KNOWN_LISTS.get(value)
        if known is None:
            known = _category_codes(value.split())
            if len(_KNOWN_LISTS) < _KNOWN_LIMIT:
                _KNOWN_LISTS[value] = known
        return known
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return _category_codes([part for item in value for part in item.split()])
    raise ValueError("categories must be a list of strings or a space-separated string")


def _category_codes(items: list[str]) -> tuple[str, ...]:
    # Some sources mix ACM (I.2.7) and MSC (68T50) classes or subject words into the
    # list: keep arXiv category codes only.
    kept = [item for item in items if is_category(item)]
    if not kept:
        raise ValueError("no arXiv categories")
    return tuple(dict.fromkeys(kept))


def make_record(
    paper_id: Any, title: Any, abstract: Any, categories: Any, published: dt.date
) -> Record:
    """Validate and normalise the fields of one paper (raises ValueError)."""
    if not isinstance(paper_id, str) or not paper_id.strip():
        raise ValueError("missing id")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("missing title")
    if not isinstance(abstract, str) or not abstract.strip():
        raise ValueError("missing abstract")
    return Record(
        normalise_id(paper_id),
        clean_text(title),
        clean_text(abstract),
        _categories(categories),
        published,
    )
