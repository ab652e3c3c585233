"""Month arithmetic on day counts: the fast path gives datetime64's months."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from launchpad.ideas.timeline import months_of_days

# year 1 to 9999: every date a record can carry
DAY = st.integers(min_value=-719_162, max_value=2_932_896)


def _expected(values: np.ndarray) -> list[int]:
    return values.astype("datetime64[D]").astype("datetime64[M]").astype(np.int32).tolist()


@settings(max_examples=100, deadline=None)
@given(DAY, st.lists(st.integers(min_value=0, max_value=60), max_size=300))
def test_many_rows_over_few_days_take_the_table_and_agree(start: int, offsets: list[int]) -> None:
    values = np.asarray([min(start + o, 2_932_896) for o in offsets], dtype=np.int32)
    got = months_of_days(values)
    assert got.dtype == np.int32
    assert got.tolist() == _expected(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(DAY, max_size=50))
def test_few_rows_over_many_days_agree(days: list[int]) -> None:
    values = np.asarray(days, dtype=np.int32)
    assert months_of_days(values).tolist() == _expected(values)


def test_month_boundaries() -> None:
    # 1969-12-31, 1970-01-01, 1970-01-31, 1970-02-01, 2000-02-29, 2000-03-01
    values = np.asarray([-1, 0, 30, 31, 11016, 11017] * 100, dtype=np.int32)
    assert months_of_days(values).tolist() == [-1, 0, 0, 1, 361, 362] * 100
