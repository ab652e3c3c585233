"""What the ``corpus status`` and ``corpus search`` commands ask of a built corpus.

Each function opens the corpus, answers, and closes it again, returning plain data for
the command line (or a script) to render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchpad.corpus.store import Corpus, Paper
from launchpad.errors import InputError


def status(directory: Path) -> dict[str, Any]:
    """The manifest, the size on disk, and the papers per year and per category."""
    with Corpus.open(directory) as store:
        return {
            "directory": str(store.directory),
            **store.manifest.to_json(),
            "bytes_on_disk": store.size_on_disk(),
            "per_year": {str(year): count for year, count in store.year_counts().items()},
            "per_category": store.category_counts(),
            "per_primary_category": store.category_counts(primary_only=True),
        }


@dataclass(frozen=True)
class Hit:
    """A paper near the query, with its cosine similarity."""

    paper: Paper
    similarity: float


@dataclass(frozen=True)
class SearchResult:
    """The nearest papers, best first, and the asked-for categories no paper lists."""

    query: str
    hits: tuple[Hit, ...]
    ignored_categories: tuple[str, ...] = ()


def search(directory: Path, query: str, k: int, categories: Sequence[str] = ()) -> SearchResult:
    """The ``k`` papers nearest to ``query``, among those listing any of ``categories``.

    A category that no paper lists is ignored (and named in the result); when that is
    true of every one of them, the search is an InputError rather than empty.
    """
    with Corpus.open(directory) as store:
        absent = tuple(name for name in categories if not store.rows_in_categories([name]).any())
        if categories and len(absent) == len(categories):
            raise InputError(
                f"no paper in the corpus lists {', '.join(absent)}",
                hint="`launchpad corpus status` lists the corpus's categories",
            )
        mask = store.rows_in_categories(categories) if categories else None
        vector = store.embedder().encode([query])[0]
        rows, sims = store.search(vector, k, mask=mask)
        papers = store.papers(rows.tolist())
    hits = tuple(Hit(paper, sim) for paper, sim in zip(papers, sims.tolist(), strict=True))
    return SearchResult(query, hits, absent)
