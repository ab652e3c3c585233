"""The ETag disk cache: warm reads cost nothing against the rate limit, writes invalidate."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from launchpad.github import GitHub
from launchpad.github.cache import DiskCache
from tests.fakegithub import FakeGitHub
from tests.fakegithub.builders import community_project
from tests.github.helpers import ClientFactory, cache_files, stored_entry

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def _read_everything(client: GitHub, full_name: str) -> list[object]:
    """A milestones-like read: the repository and several paginated lists."""
    repo = client.repository(full_name)
    with client.translate_errors("reading"):
        return [
            repo.full_name,
            repo.stargazers_count,
            [(s.user.login, s.starred_at) for s in repo.get_stargazers_with_dates()],
            [(i.number, i.state, i.comments) for i in repo.get_issues(state="all")],
            [r.tag_name for r in repo.get_releases()],
            [c.login for c in repo.get_contributors()],
        ]


def test_a_warm_read_is_revalidated_and_not_charged(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    community_project(fake_github, "lab/framework", now=NOW, stars=250, issues=150)
    cold = make_client()
    first = _read_everything(cold, "lab/framework")
    cold_requests = cold.request_count
    remaining_after_cold = fake_github.rate_remaining
    assert cold_requests == 1 + 3 + 2 + 1 + 1  # repo, 3 star pages, 2 issue pages, ...
    assert cold.not_modified_count == 0

    warm = make_client()  # a later run: a new process, the same cache directory
    assert _read_everything(warm, "lab/framework") == first
    assert warm.request_count == cold_requests
    assert warm.not_modified_count == cold_requests  # every answer came from disk
    assert fake_github.rate_remaining == remaining_after_cold  # 304s are free
    assert all(r.status == 304 for r in fake_github.requests[cold_requests:])
    assert all("if-none-match" in r.headers for r in fake_github.requests[cold_requests:])


def test_fresh_entries_cost_no_request_at_all(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    community_project(fake_github, "lab/framework", now=NOW, stars=250)
    first = _read_everything(make_client(), "lab/framework")
    sent = len(fake_github.requests)
    warm = make_client(cache_ttl=600)
    assert _read_everything(warm, "lab/framework") == first
    assert warm.request_count == 0
    assert warm.cache_hit_count == sent
    assert len(fake_github.requests) == sent


def test_a_change_on_github_is_seen(make_client: ClientFactory, fake_github: FakeGitHub) -> None:
    data = fake_github.add_repo("lab/tool", description="before")
    assert make_client().repository("lab/tool").description == "before"
    data.description = "after"
    client = make_client()
    assert client.repository("lab/tool").description == "after"
    assert client.not_modified_count == 0


def test_a_write_invalidates_the_cached_answer(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    fake_github.add_repo(f"{fake_github.login}/tool", description="before")
    client = make_client(cache_ttl=600)
    repo = client.repository(f"{fake_github.login}/tool")
    with client.translate_errors("edit"):
        repo.edit(description="after")
    assert client.repository(f"{fake_github.login}/tool").description == "after"
    assert client.cache_hit_count == 0


def test_the_cache_holds_no_credentials(
    client: GitHub, fake_github: FakeGitHub, cache_dir: Path
) -> None:
    fake_github.add_repo("lab/tool")
    leaky = fake_github.add_repo("lab/leaky", description=f"oops {fake_github.token}")
    client.repository("lab/tool")
    assert client.repository("lab/leaky").description == leaky.description
    url = f"{fake_github.api_url}/repos/lab/tool"
    assert cache_files(cache_dir) == [DiskCache(cache_dir).path(url)]
    entry = stored_entry(cache_dir, url)
    assert set(entry["vary"]) == {"Accept"}  # GitHub also varies on Authorization
    assert entry["response"]["status"] == 200
    for path in cache_files(cache_dir):
        data = path.read_bytes().lower()
        assert fake_github.token.encode() not in data
        assert b"authorization" not in data
        assert b"x-ratelimit" not in data


def test_a_compressed_answer_is_checked_for_the_token_once_decoded(
    client: GitHub, fake_github: FakeGitHub, cache_dir: Path
) -> None:
    fake_github.compress = True
    fake_github.add_repo("lab/tool", description="plain")
    fake_github.add_repo("lab/leaky", description=f"oops {fake_github.token}")
    assert client.repository("lab/leaky").description.startswith("oops")
    assert cache_files(cache_dir) == []
    assert client.repository("lab/tool").description == "plain"
    entry = stored_entry(cache_dir, f"{fake_github.api_url}/repos/lab/tool")
    assert entry["response"]["headers"]["content-encoding"] == "gzip"
    assert client.repository("lab/tool").description == "plain"  # replayed from disk
    assert client.not_modified_count == 1


def test_githubs_max_age_does_not_skip_the_revalidation(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    import requests

    fake_github.add_repo("lab/tool")
    answer = requests.get(
        f"{fake_github.api_url}/repos/lab/tool",
        headers={"Authorization": f"token {fake_github.token}"},
        timeout=5,
    )
    assert answer.headers["cache-control"] == "private, max-age=60, s-maxage=60"
    make_client().repository("lab/tool")
    warm = make_client()  # cache_ttl=0: GitHub's 60 s of freshness are not trusted
    warm.repository("lab/tool")
    assert (warm.request_count, warm.not_modified_count, warm.cache_hit_count) == (1, 1, 0)


def test_a_corrupt_entry_is_a_miss(
    client: GitHub, fake_github: FakeGitHub, cache_dir: Path
) -> None:
    fake_github.add_repo("lab/tool")
    client.repository("lab/tool")
    (entry,) = cache_files(cache_dir)
    entry.write_text("{not json")
    assert client.repository("lab/tool").full_name == "lab/tool"
    assert [r.status for r in fake_github.requests] == [200, 200]
    stored = stored_entry(cache_dir, f"{fake_github.api_url}/repos/lab/tool")
    assert stored["response"]["status"] == 200


def test_an_unwritable_cache_only_disables_caching(
    make_client: ClientFactory, fake_github: FakeGitHub, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    client = make_client(cache_dir=blocker / "cache")
    fake_github.add_repo("lab/tool")
    assert client.repository("lab/tool").full_name == "lab/tool"
    assert client.repository("lab/tool").full_name == "lab/tool"
    assert client.not_modified_count == 0


def test_default_cache_lives_in_launchpad_home(fake_github: FakeGitHub) -> None:
    from launchpad.config import launchpad_home

    client = GitHub(fake_github.token, api_url=fake_github.api_url)
    assert client.cache_dir == launchpad_home() / "github-cache"
    fake_github.add_repo("lab/tool", created_at=NOW - timedelta(days=1))
    client.repository("lab/tool")
    assert cache_files(client.cache_dir)
    client.close()
