"""The header arithmetic behind the rate-limit policy."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime

from launchpad.github import RateLimited
from launchpad.github.transport import retry_after, wait_from_headers

NOW = 1_800_000_000.0


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after({"Retry-After": "7"}, now=NOW) == 7.0
    date = format_datetime(datetime.fromtimestamp(NOW + 90, tz=timezone.utc), usegmt=True)
    assert retry_after({"retry-after": date}, now=NOW) == 90.0
    assert retry_after({"Retry-After": "soon"}, now=NOW) is None
    assert retry_after({}, now=NOW) is None


def test_a_spent_primary_limit_waits_for_its_reset() -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-Ratelimit-Reset": str(int(NOW) + 30)}
    assert wait_from_headers(headers, now=NOW) == 31.0  # one second of slack, like PyGithub
    assert wait_from_headers(headers | {"retry-after": "5"}, now=NOW) == 5.0
    assert wait_from_headers({"x-ratelimit-remaining": "12", "x-ratelimit-reset": "1"}) is None


def test_rate_limited_says_when() -> None:
    err = RateLimited(datetime(2026, 6, 1, 14, 5, tzinfo=timezone.utc))
    assert "2026-06-01 14:05:00 UTC" in err.message
    assert err.hint and "retry after 2026-06-01 14:05:00 UTC" in err.hint
    assert err.exit_code == 6
