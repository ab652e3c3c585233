"""Months and quarters as integers, so volumes over time are plain numpy bincounts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def month_index(day: dt.date) -> int:
    """Months since 1970-01 (1970-01 is 0)."""
    return (day.year - 1970) * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    """The first day of month ``index``."""
    return dt.date(1970 + index // 12, index % 12 + 1, 1)


def month_label(index: int) -> str:
    """``YYYY-MM``."""
    return f"{1970 + index // 12}-{index % 12 + 1:02d}"


def quarter_label(month: int) -> str:
    """``YYYY-Qn`` of a month index."""
    return f"{1970 + month // 12}-Q{(month % 12) // 3 + 1}"


def months_of_days(days: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
    """Month index of each day count since 1970-01-01.

    Each day between the earliest and the latest is converted once and the rows look
    theirs up: at 2.7M papers that is 3x faster than converting every row through
    ``datetime64``, with the same months.
    """
    import numpy as np

    days = np.asarray(days, dtype=np.int64)
    first, last = (int(days.min()), int(days.max())) if days.size else (0, -1)
    if days.size <= last - first + 1:  # fewer rows than days: convert the rows
        return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)
    span = np.arange(first, last + 1, dtype=np.int64)
    table = span.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32)
    return table[days - first]


def parse_as_of(text: str, option: str = "--as-of") -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the last day it names.

    ``option`` names the option in the error (``--cutoffs`` takes a list of these).
    """
    from launchpad.errors import InputError

    value = text.strip()
    try:
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            year, month = parts
            dt.date(year, month, 1)  # validates the month
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if len(parts) == 3:
            return dt.date(*parts)
    except ValueError:
        pass
    raise InputError(
        f"{option} {text!r} is not a date", hint="use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-12-31"
    )
