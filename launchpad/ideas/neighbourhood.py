"""An idea's neighbourhood in a consistent slice of the corpus, and its volume over time.

The slice is the set of papers used for both the neighbourhood and the normalisation
(e.g. everything listing cs.CL), cut at a horizon: for scoring the horizon is the as-of
date, so a later paper does not exist for any computation. The neighbourhood is tight on
purpose (broad neighbourhoods are dominated by the older topic an idea grows out of): the
``k`` papers nearest to the idea among those of the last ``window`` months, and, for
volumes over time, every paper of the slice at least as similar as the k-th of those (the
radius ``tau``). Papers whose title or abstract contain every content word of the idea
get a small similarity bonus (lexical + dense hybrid), which keeps the neighbourhood on
the idea rather than on its parent topic.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from launchpad.errors import InputError
from launchpad.ideas.timeline import month_index, month_label, months_of_days, quarter_label

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.store import Corpus

K_NEAREST = 50  # papers that define the neighbourhood
WINDOW_MONTHS = 36  # ... taken from the months before the as-of date
RECENT_MONTHS = 12  # "recent" for momentum
LEXICAL_BONUS = 0.05  # similarity added to papers that contain every content word

_STOP = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "without",
        "via",
        "using",
        "use",
        "based",
        "towards",
        "toward",
        "new",
        "novel",
        "approach",
        "approaches",
        "method",
        "methods",
        "study",
        "we",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "can",
        "how",
        "what",
        "which",
    }
)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


@dataclass(frozen=True)
class SliceView:
    """The rows of one consistent slice up to a horizon, with their months."""

    categories: tuple[str, ...]
    rows: npt.NDArray[np.int64]  # corpus rows, in row order
    months: npt.NDArray[np.int32]  # month index of each row
    first_month: int
    last_month: int  # inclusive: the horizon
    volume: npt.NDArray[np.int64]  # papers per month, index 0 = first_month

    def volume_between(self, start: int, end: int) -> int:
        """Papers of the slice in months ``start..end`` (inclusive)."""
        lo = max(start, self.first_month) - self.first_month
        hi = min(end, self.last_month) - self.first_month
        return int(self.volume[lo : hi + 1].sum()) if hi >= lo else 0


def volume_jump(view: SliceView, as_of_month: int) -> float:
    """How unevenly the slice's volume is spread over the three years of the window.

    The ratio of the largest to the smallest yearly volume. Far above 1 it means the
    corpus's coverage of the slice changed inside the window (a source started or ended),
    which would pass for growth or decline of every idea.
    """
    years = [
        view.volume_between(as_of_month - 12 * (i + 1) + 1, as_of_month - 12 * i)
        for i in range(WINDOW_MONTHS // 12)
    ]
    return max(years) / max(min(years), 1)


def open_slice(corpus: Corpus, categories: Sequence[str], *, until: dt.date) -> SliceView:
    """The slice of ``corpus`` listing any of ``categories`` (all when empty), up to ``until``."""
    import numpy as np

    days_until = (until - dt.date(1970, 1, 1)).days
    published = np.asarray(corpus.published)
    keep = published <= days_until
    if categories:
        unknown = [name for name in categories if name not in set(corpus.category_names)]
        if len(unknown) == len(categories):
            raise InputError(
                f"no paper in the corpus lists {', '.join(categories)}",
                hint="use arXiv codes such as cs.CL,cs.LG (see `launchpad corpus status`)",
            )
        keep &= corpus.rows_in_categories(list(categories))
    rows = np.flatnonzero(keep).astype(np.int64)
    if len(rows) == 0:
        raise InputError(
            f"no papers in {', '.join(categories) or 'the corpus'} up to {until}",
            hint="choose a later --as-of or other --categories (see `launchpad corpus status`)",
        )
    months = months_of_days(published[rows])
    first, last = int(months.min()), month_index(until)
    volume = np.bincount(months - first, minlength=last - first + 1).astype(np.int64)
    return SliceView(tuple(categories), rows, months, first, last, volume)


def slice_similarities(
    corpus: Corpus, view: SliceView, queries: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Cosine similarity (m, len(view.rows)) of each query to each paper of the slice.

    Only the slice's rows are read: in a corpus built in date order, rows after the
    horizon are never touched (see :mod:`launchpad.corpus.vectors`).
    """
    return corpus.similarities(queries, view.rows)


def content_words(idea: str) -> list[str]:
    """The idea's words that carry meaning (no stop words), lower case, in order."""
    seen: list[str] = []
    for word in _WORD.findall(idea.lower()):
        if word not in _STOP and word not in seen:
            seen.append(word)
    return seen


def lexical_query(idea: str) -> str | None:
    """An FTS5 query matching papers that contain every content word (or its singular).

    Exact tokens rather than prefix queries: prefix expansion over the whole index costs
    ten times more and adds little beyond the plural.
    """
    words = content_words(idea)[:8]
    if len(words) < 2:
        return None
    terms = [
        f'("{word}" OR "{word[:-1]}")' if len(word) > 4 and word.endswith("s") else f'"{word}"'
        for word in words
    ]
    return " AND ".join(terms)


def lexical_mask(corpus: Corpus, view: SliceView, idea: str) -> npt.NDArray[np.bool_]:
    """Which slice papers match :func:`lexical_query` of ``idea``."""
    import numpy as np

    query = lexical_query(idea)
    mask = np.zeros(len(view.rows), dtype=bool)
    if query is None:
        return mask
    hits = corpus.lexical_rows(query, limit=20_000)
    # both in row order: look each hit up in the slice (np.isin would sort the whole slice)
    where = np.searchsorted(view.rows, hits)
    inside = where < len(view.rows)
    inside[inside] = view.rows[where[inside]] == hits[inside]
    mask[where[inside]] = True
    return mask


@dataclass(frozen=True)
class Neighbourhood:
    """One idea's neighbourhood as of a month, with its monthly volume."""

    as_of_month: int
    top_local: npt.NDArray[np.int64]  # indices into the slice of the k nearest (window)
    top_sims: npt.NDArray[np.float32]
    tau: float  # similarity of the k-th nearest: the neighbourhood's radius
    counts: npt.NDArray[np.int64]  # papers with sim >= tau per month (slice months)
    lexical_hits: int  # papers of the window that contain every content word

    def count_between(self, view: SliceView, start: int, end: int) -> int:
        """Neighbourhood papers in months ``start..end`` (inclusive)."""
        lo = max(start, view.first_month) - view.first_month
        hi = min(end, view.last_month) - view.first_month
        return int(self.counts[lo : hi + 1].sum()) if hi >= lo else 0

    def share_between(self, view: SliceView, start: int, end: int) -> float:
        """The neighbourhood's share of the slice's papers in months ``start..end``."""
        volume = view.volume_between(start, end)
        return self.count_between(view, start, end) / volume if volume else 0.0


def window_rows(
    view: SliceView, as_of_month: int, window: int = WINDOW_MONTHS
) -> npt.NDArray[np.int64]:
    """Indices into the slice of its papers of the ``window`` months up to ``as_of_month``."""
    import numpy as np

    return np.flatnonzero((view.months <= as_of_month) & (view.months > as_of_month - window))


def neighbourhood(
    view: SliceView,
    sims: npt.NDArray[np.float32],
    as_of_month: int,
    *,
    lexical: npt.NDArray[np.bool_] | None = None,
    k: int = K_NEAREST,
    window: int = WINDOW_MONTHS,
    window_idx: npt.NDArray[np.int64] | None = None,
) -> Neighbourhood:
    """The neighbourhood of one idea (``sims`` to every slice paper) as of ``as_of_month``.

    Volumes are counted over every month of the view, also after ``as_of_month`` when the
    view reaches further (that is how the backtest sees what happened next).
    ``window_idx``: :func:`window_rows` of the same view, month and window, when the
    caller keeps them for many ideas.
    """
    import numpy as np

    row = sims
    hits_lex = 0
    if lexical is not None and lexical.any():
        row = sims + LEXICAL_BONUS * lexical.astype(np.float32)
    if window_idx is None:
        window_idx = window_rows(view, as_of_month, window)
    kk = min(k, len(window_idx))
    if kk == 0:
        raise InputError(
            f"no papers in the {window} months up to {month_label(as_of_month)}",
            hint="choose a later --as-of or wider --categories",
        )
    if lexical is not None:
        hits_lex = int(lexical[window_idx].sum())
    local = row[window_idx]
    top = np.argpartition(-local, kk - 1)[:kk]
    top = top[np.argsort(-local[top], kind="stable")]
    tau = float(local[top[-1]])
    inside = row >= tau
    counts = np.bincount(view.months[inside] - view.first_month, minlength=len(view.volume)).astype(
        np.int64
    )
    return Neighbourhood(
        as_of_month,
        window_idx[top].astype(np.int64),
        local[top].astype(np.float32),
        tau,
        counts,
        hits_lex,
    )


def quarterly_share(
    view: SliceView, hood: Neighbourhood, *, quarters: int = 16
) -> list[dict[str, Any]]:
    """The neighbourhood's share of the slice per quarter, the last ``quarters`` to as-of."""
    end = hood.as_of_month
    end_q = end - (end % 3)  # first month of the as-of quarter
    out = []
    for q in range(quarters - 1, -1, -1):
        start = end_q - 3 * q
        if start + 2 < view.first_month:
            continue
        stop = min(start + 2, end)
        out.append(
            {
                "quarter": quarter_label(start),
                "papers": hood.count_between(view, start, stop),
                "slice_papers": view.volume_between(start, stop),
                "share": round(hood.share_between(view, start, stop), 6),
            }
        )
    return out
