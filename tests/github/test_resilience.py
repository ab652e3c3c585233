"""Retries, timeouts, rate limits and malformed answers, injected into the fake GitHub."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from launchpad.errors import ExternalError
from launchpad.github import GitHub, RateLimited
from tests.fakegithub import FakeGitHub
from tests.github.helpers import ClientFactory


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every time.sleep the client makes (urllib3's retry waits go through it)."""
    recorded: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        recorded.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr("urllib3.util.retry.time.sleep", sleep)
    return recorded


@pytest.mark.parametrize("status", [500, 502, 503])
def test_one_server_error_is_retried(client: GitHub, fake_github: FakeGitHub, status: int) -> None:
    fake_github.fail_next(status)
    assert client.authenticated_login() == fake_github.login
    assert [r.status for r in fake_github.requests] == [status, 200]
    assert client.request_count == 2


def test_persistent_server_errors_become_one_external_error(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    client = make_client(retries=2)
    fake_github.fail_next(500, count=10)
    with pytest.raises(ExternalError, match=r"HTTP 500") as caught:
        client.authenticated_login()
    assert fake_github.token not in str(caught.value)
    assert client.request_count == 3 == len(fake_github.requests)


def test_a_timeout_is_retried(make_client: ClientFactory, fake_github: FakeGitHub) -> None:
    client = make_client(timeout=0.3)
    fake_github.timeout_delay = 1.0
    fake_github.fail_next("timeout")
    assert client.authenticated_login() == fake_github.login
    assert client.request_count == 2


def test_repeated_timeouts_are_one_external_error(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    client = make_client(timeout=0.3, retries=2)
    fake_github.timeout_delay = 1.0
    fake_github.fail_next("timeout", count=3)
    started = time.monotonic()
    with pytest.raises(ExternalError, match=r"did not answer .* within 0.3 s") as caught:
        client.authenticated_login()
    assert time.monotonic() - started < 3.0
    assert type(caught.value) is ExternalError
    assert client.request_count == 3
    assert fake_github.token not in str(caught.value)


def test_a_post_is_not_sent_twice_after_a_timeout(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    client = make_client(timeout=0.3)
    client.authenticated_login()
    fake_github.timeout_delay = 1.0
    fake_github.fail_next("timeout", path_prefix="/user/repos")
    with pytest.raises(ExternalError, match="did not answer"):
        client.create_repository(
            "demo", owner=None, description="", private=False, topics=(), homepage=None
        )
    assert len([r for r in fake_github.requests if r.method == "POST"]) == 1


def test_far_rate_limit_reset_raises_at_once(
    client: GitHub, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    fake_github.add_repo("lab/tool")
    fake_github.set_rate_limit(remaining=0, reset_in=3600)
    started = time.monotonic()
    with pytest.raises(RateLimited) as caught:
        client.repository("lab/tool")
    assert time.monotonic() - started < 1.0
    assert sleeps == []
    expected = datetime.now(timezone.utc) + timedelta(seconds=3600)
    assert abs((caught.value.reset_at - expected).total_seconds()) < 5
    assert caught.value.reset_at.strftime("%H:%M") in caught.value.message
    assert caught.value.hint and "retry after" in caught.value.hint
    assert len(fake_github.requests) == 1


def test_far_rate_limit_while_paginating(client: GitHub, fake_github: FakeGitHub) -> None:
    data = fake_github.add_repo("lab/tool")
    data.add_stars(
        [f"user-{i}" for i in range(150)],
        datetime(2025, 1, 1, tzinfo=timezone.utc),
        timedelta(hours=1),
    )
    repo = client.repository("lab/tool")
    fake_github.fail_next(403, path_prefix="/repos/lab/tool/stargazers", reset_in=900)
    with pytest.raises(RateLimited), client.translate_errors("stargazers"):
        list(repo.get_stargazers())


def test_near_rate_limit_reset_is_waited_out(
    client: GitHub, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    fake_github.add_repo("lab/tool")
    fake_github.set_rate_limit(remaining=0, reset_in=1)
    started = time.monotonic()
    assert client.repository("lab/tool").full_name == "lab/tool"
    assert 0.5 < time.monotonic() - started < 10
    assert len(sleeps) == 1 and 0.5 < sleeps[0] <= 3.0
    assert [r.status for r in fake_github.requests] == [403, 200]


def test_retry_after_is_honoured(
    client: GitHub, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    fake_github.fail_next(429, headers={"retry-after": "1"})
    started = time.monotonic()
    assert client.authenticated_login() == fake_github.login
    assert time.monotonic() - started >= 1.0
    assert sleeps == [1.0]
    assert [r.status for r in fake_github.requests] == [429, 200]


def test_long_retry_after_raises_at_once(
    client: GitHub, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    fake_github.fail_next(429, headers={"retry-after": "600"})
    with pytest.raises(RateLimited) as caught:
        client.authenticated_login()
    assert sleeps == []
    expected = datetime.now(timezone.utc) + timedelta(seconds=600)
    assert abs((caught.value.reset_at - expected).total_seconds()) < 5


def test_a_long_retry_after_on_a_server_error_is_not_slept_out(
    client: GitHub, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    fake_github.fail_next(503, headers={"retry-after": "3600"})
    with pytest.raises(ExternalError, match="HTTP 503") as caught:
        client.authenticated_login()
    assert not isinstance(caught.value, RateLimited)
    assert sleeps == []


def test_max_rate_limit_wait_is_configurable(
    make_client: ClientFactory, fake_github: FakeGitHub, sleeps: list[float]
) -> None:
    client = make_client(max_rate_limit_wait=0.5)
    fake_github.fail_next(429, headers={"retry-after": "1"})
    with pytest.raises(RateLimited):
        client.authenticated_login()
    assert sleeps == []


def test_malformed_json_is_an_external_error(client: GitHub, fake_github: FakeGitHub) -> None:
    fake_github.add_repo("lab/tool")
    fake_github.fail_next("malformed")
    with pytest.raises(ExternalError, match="malformed") as caught:
        client.repository("lab/tool")
    assert type(caught.value) is ExternalError
    assert client.repository("lab/tool").full_name == "lab/tool"  # nothing broken was cached
    assert [r.status for r in fake_github.requests] == [200, 200]


def test_an_unreachable_server_is_one_external_error(make_client: ClientFactory) -> None:
    client = make_client(api_url="http://127.0.0.1:9/api/v3", retries=1)
    with pytest.raises(ExternalError, match=r"cannot reach GitHub at 127.0.0.1:9") as caught:
        client.authenticated_login()
    assert "refused" in caught.value.message.lower()
    assert client.request_count == 0  # nothing was written to the network
