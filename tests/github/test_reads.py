"""Reading a repository's activity through PyGithub, as ``launchpad milestones`` does."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pytest

from launchpad.errors import InputError, NotFoundError
from launchpad.github import GitHub, issue_pull_request
from tests.fakegithub import FakeComment, FakeGitHub, FakeRelease, FakeWorkflowRun, utc
from tests.fakegithub.builders import community_project, paper_dump

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def test_repository_fields(client: GitHub, fake_github: FakeGitHub) -> None:
    community_project(fake_github, "lab/framework", now=NOW)
    repo = client.repository("lab/framework")
    assert repo.full_name == "lab/framework"
    assert repo.stargazers_count == 250
    assert repo.forks_count == 250 // 12
    assert repo.homepage == "https://framework.example.org"
    assert repo.topics == ["machine-learning", "research", "python"]
    assert repo.default_branch == "main"
    assert repo.license.spdx_id == "MIT"
    assert repo.has_discussions is True
    assert repo.created_at == NOW - timedelta(days=730)
    assert repo.owner.login == "lab"
    assert len(fake_github.api_requests()) == 1


def test_pagination_returns_every_item_with_few_requests(
    client: GitHub, fake_github: FakeGitHub
) -> None:
    community_project(fake_github, "lab/framework", now=NOW, stars=250)
    repo = client.repository("lab/framework")
    before = client.request_count
    stars = list(repo.get_stargazers_with_dates())
    assert len(stars) == 250
    assert len({s.user.login for s in stars}) == 250
    assert [s.starred_at for s in stars] == sorted(s.starred_at for s in stars)
    assert client.request_count - before == 3  # 100 per page
    pages = fake_github.api_requests("/repos/lab/framework/stargazers")
    assert [r.query.get("page", "1") for r in pages] == ["1", "2", "3"]
    assert all(r.query["per_page"] == "100" for r in pages)
    assert all("star+json" in r.headers["accept"] for r in pages)


def test_fake_paginates_with_link_headers(client: GitHub, fake_github: FakeGitHub) -> None:
    import requests

    community_project(fake_github, "lab/framework", now=NOW, stars=65)
    answer = requests.get(
        f"{fake_github.api_url}/repos/lab/framework/stargazers",
        params={"per_page": 30, "page": 2},
        headers={"Authorization": f"token {fake_github.token}"},
        timeout=5,
    )
    assert answer.status_code == 200
    assert len(answer.json()) == 30
    assert set(answer.links) == {"prev", "first", "next", "last"}
    assert answer.links["last"]["url"].endswith("page=3")
    assert int(answer.headers["x-ratelimit-remaining"]) < int(answer.headers["x-ratelimit-limit"])


def test_issues_pulls_and_comments(client: GitHub, fake_github: FakeGitHub) -> None:
    repo_data = fake_github.add_repo("lab/tool")
    issue = repo_data.add_issue("Crash on start", "outsider", utc(2026, 1, 10))
    issue.comments.append(FakeComment("maintainer", utc(2026, 1, 10, 5)))
    issue.comments.append(FakeComment("outsider", utc(2026, 1, 11)))
    merged = repo_data.add_issue(
        "Fix crash", "outsider", utc(2026, 1, 12), pull=True, labels=["bug"]
    )
    merged.state, merged.closed_at, merged.merged_at = "closed", utc(2026, 1, 13), utc(2026, 1, 13)
    repo_data.add_issue(
        "Old question", "someone", utc(2025, 3, 1), state="closed", closed_at=utc(2025, 3, 2)
    )

    repo = client.repository("lab/tool")
    before = client.request_count
    with client.translate_errors("issues"):
        everything = list(repo.get_issues(state="all"))
        recent = list(repo.get_issues(state="all", since=utc(2026, 1, 1)))
        pulls = list(repo.get_pulls(state="all"))
        comments = list(repo.get_issue(1).get_comments())
    assert [i.number for i in everything] == [2, 1, 3]  # newest first, like GitHub
    # GitHub omits ``pull_request`` on plain issues, so PyGithub would fetch each one
    # again to read it; issue_pull_request reads the listing only.
    parts = [issue_pull_request(i) for i in everything]
    assert [p is not None for p in parts] == [True, False, False]
    assert parts[0].merged_at == utc(2026, 1, 13)
    assert {i.number for i in recent} == {1, 2}
    assert everything[1].user.login == "outsider"
    assert everything[1].comments == 2
    assert everything[0].labels[0].name == "bug"
    assert [p.number for p in pulls] == [2]
    assert pulls[0].merged_at == utc(2026, 1, 13)
    assert pulls[0].user.login == "outsider"
    assert [(c.user.login, c.created_at) for c in comments] == [
        ("maintainer", utc(2026, 1, 10, 5)),
        ("outsider", utc(2026, 1, 11)),
    ]
    # Reading the usual attributes of listed objects costs no extra request.
    assert client.request_count - before == 5
    assert everything[1].pull_request is None
    assert client.request_count - before == 6


def test_releases_tags_runs_and_contributors(client: GitHub, fake_github: FakeGitHub) -> None:
    community_project(fake_github, "lab/framework", now=NOW, releases=3, runs=4)
    data = fake_github.repo("lab/framework")
    data.releases.append(FakeRelease("v1.0.0rc1", NOW, prerelease=True))
    data.workflow_runs.append(FakeWorkflowRun("Docs", None, status="in_progress", created_at=NOW))
    repo = client.repository("lab/framework")

    releases = list(repo.get_releases())
    assert [r.tag_name for r in releases] == ["v1.0.0rc1", "v0.3.0", "v0.2.0", "v0.1.0"]
    assert releases[0].prerelease is True
    assert [t.name for t in repo.get_tags()] == ["v0.1.0", "v0.2.0", "v0.3.0"]

    on_main = list(repo.get_workflow_runs(branch="main"))
    assert [r.head_branch for r in on_main] == ["main"] * 5
    assert on_main[0].status == "in_progress" and on_main[0].conclusion is None
    assert on_main[1].conclusion == "failure"  # the latest completed run on main
    completed = list(repo.get_workflow_runs(branch="main", status="completed"))
    assert len(completed) == 4
    assert repo.get_workflow_runs(branch="experiment").totalCount == 1

    contributors = list(repo.get_contributors())
    counts = [c.contributions for c in contributors]
    assert counts == sorted(counts, reverse=True)
    assert {c.login for c in contributors[:2]} == {"alice", "bob"}
    assert len(contributors) == 42


def test_forks_labels_topics_readme_license(client: GitHub, fake_github: FakeGitHub) -> None:
    community_project(fake_github, "lab/framework", now=NOW, stars=60)
    repo = client.repository("lab/framework")
    forks = list(repo.get_forks())
    assert len(forks) == 5
    assert all(f.fork for f in forks)
    assert "good first issue" in {label.name for label in repo.get_labels()}
    assert repo.get_topics() == ["machine-learning", "research", "python"]
    readme = repo.get_readme()
    assert "## Installation" in base64.b64decode(readme.content).decode()
    assert repo.get_license().license.spdx_id == "MIT"


def test_missing_readme_is_not_found(client: GitHub, fake_github: FakeGitHub) -> None:
    fake_github.add_repo("lab/empty")
    repo = client.repository("lab/empty")
    with pytest.raises(NotFoundError), client.translate_errors("the README of lab/empty"):
        repo.get_readme()


def test_community_profile(client: GitHub, fake_github: FakeGitHub) -> None:
    community_project(fake_github, "lab/framework", now=NOW)
    paper_dump(fake_github, "someone/paper-code", now=NOW)
    full = client.community_profile("lab/framework")
    assert full.health_percentage == 100
    assert all(full.files[key] for key in ("code_of_conduct", "contributing", "license", "readme"))
    sparse = client.community_profile("someone/paper-code")
    assert sparse.health_percentage == 14
    assert sparse.files["readme"] is True
    assert sparse.files["contributing"] is False
    with pytest.raises(NotFoundError):
        client.community_profile("nobody/nothing")


def test_discussions_count(client: GitHub, fake_github: FakeGitHub) -> None:
    community_project(fake_github, "lab/framework", now=NOW)
    paper_dump(fake_github, "someone/paper-code", now=NOW)
    assert client.discussions_count("lab/framework") == 42
    assert client.discussions_count("someone/paper-code") == 0
    with pytest.raises(NotFoundError):
        client.discussions_count("nobody/nothing")
    with pytest.raises(InputError):
        client.discussions_count("not a name")
