"""GitHub answering badly: every fault makes the affected checks unknown, with a reason.

The fake GitHub (127.0.0.1) injects each fault on one endpoint, then on every endpoint;
the run must still produce a report, the other checks must be unaffected, and nothing
may surface as an internal error.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.milestones.model import Status
from tests.fakegithub import FakeGitHub, FakeRelease, FakeWorkflowRun
from tests.milestones.helpers import NOW, make_repo
from tests.milestones.test_milestone_github import (
    COMMUNITY_README,
    FULL_NAME,
    M3_FILES,
    by_id,
    client_factory,
    community_commits,
    community_repo,
    run,
)

# Every 4xx and 5xx family GitHub (or a proxy in front of it) answers with, besides the
# rate limits (403/429) that tests/milestones covers.
STATUSES = [400, 404, 405, 409, 410, 418, 422, 451, 500, 501, 502, 503, 504, 599]
SHAPES = ["malformed", "truncated", "html", "redirect-loop"]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One checkout for the module: the tests only read it."""
    root = tmp_path_factory.mktemp("faults") / "widget"
    # The tags of the fake GitHub's releases: a GitHub release is a tag.
    make_repo(
        root,
        {**M3_FILES, "README.md": COMMUNITY_README},
        community_commits(),
        tags=["v0.1.0", "v1.0.0"],
    )
    return root


@pytest.mark.parametrize("fault", [*SHAPES, *STATUSES])
def test_a_fault_on_one_endpoint_makes_only_its_check_unknown(
    fault: str | int, fake_github: FakeGitHub, checkout: Path, tmp_path: Path
) -> None:
    community_repo(fake_github)
    fake_github.fail_next(fault, count=10, path_prefix=f"/repos/{FULL_NAME}/labels")
    _, factory = client_factory(fake_github, tmp_path / "cache")
    results = by_id(run(checkout, factory))
    labels = results["triage-labels"]
    assert labels.status is Status.UNKNOWN  # type: ignore[attr-defined]
    assert "labels of ada/widget" in labels.detail  # type: ignore[attr-defined]
    assert "failed: " not in labels.detail  # type: ignore[attr-defined] # no crashed kind
    assert results["forks"].status is Status.PASS  # type: ignore[attr-defined]
    assert results["github-releases"].status is Status.PASS  # type: ignore[attr-defined]


@pytest.mark.parametrize("fault", ["truncated", "html", "redirect-loop", 404, 500, 451])
def test_a_fault_everywhere_still_gives_a_report(
    fault: str | int,
    fake_github: FakeGitHub,
    checkout: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    community_repo(fake_github)
    fake_github.fail_next(fault, count=1000)
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    result = CliRunner().invoke(
        app,
        ["milestones", str(checkout), "--repo", FULL_NAME, "--github-api-url",
         fake_github.api_url, "-f", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    checks = {c["id"]: c for m in data["milestones"] for c in m["checks"]}
    assert checks["forks"]["status"] == "unknown"
    assert checks["forks"]["detail"].startswith("GitHub")
    assert checks["license"]["status"] == "pass"
    assert "internal error" not in result.output


def test_the_messages_say_what_happened(
    fake_github: FakeGitHub, checkout: Path, tmp_path: Path
) -> None:
    community_repo(fake_github)
    expected = {
        "truncated": "cut its answer to the labels of ada/widget short",
        "html": "a web page (text/html; charset=utf-8) instead of JSON",
        "redirect-loop": "redirects in a loop",
    }
    for fault, words in expected.items():
        fake_github.fail_next(fault, count=1, path_prefix=f"/repos/{FULL_NAME}/labels")
        _, factory = client_factory(fake_github, tmp_path / f"cache-{fault}")
        detail = by_id(run(checkout, factory))["triage-labels"].detail  # type: ignore[attr-defined]
        assert words in detail, (fault, detail)


def test_huge_pagination_stays_within_the_request_budget(
    fake_github: FakeGitHub, checkout: Path, tmp_path: Path
) -> None:
    """A busy repository (50k stars, 3k issues): a capped read is unknown, never a fail."""
    from tests.fakegithub.builders import community_project

    community_project(fake_github, FULL_NAME, stars=50_000, externals=300, issues=2000, pulls=1000)
    clients, factory = client_factory(fake_github, tmp_path / "cache")
    results = by_id(run(checkout, factory))
    assert clients[-1].request_count <= 40
    merged = results["merged-external-prs"]
    assert merged.status is not Status.FAIL, merged.detail  # type: ignore[attr-defined]
    if merged.status is Status.UNKNOWN:  # type: ignore[attr-defined]
        assert "the newest 300 issues and pull requests" in merged.detail  # type: ignore[attr-defined]
    assert results["stars-growth"].status is Status.PASS  # type: ignore[attr-defined]


def test_a_capped_read_below_the_goal_is_unknown(
    fake_github: FakeGitHub, checkout: Path, tmp_path: Path
) -> None:
    """300 recent outside issues hide older merged pull requests: unknown, with the reach."""
    repo = community_repo(fake_github)
    for i in range(320):
        repo.add_issue(f"report {i}", f"reader{i}", NOW - timedelta(hours=i + 1))
    _, factory = client_factory(fake_github, tmp_path / "cache")
    merged = by_id(run(checkout, factory))["merged-external-prs"]
    assert merged.status is Status.UNKNOWN, merged.detail  # type: ignore[attr-defined]
    assert "the newest 300 issues and pull requests (back to" in merged.detail  # type: ignore[attr-defined]


def test_a_past_evaluation_does_not_see_the_future(
    fake_github: FakeGitHub, checkout: Path, tmp_path: Path
) -> None:
    repo = community_repo(fake_github)
    repo.releases.append(FakeRelease("v2.0.0", NOW - timedelta(days=2), NOW - timedelta(days=2)))
    repo.workflow_runs.append(FakeWorkflowRun("CI", "failure", "main", NOW - timedelta(days=150)))
    _, factory = client_factory(fake_github, tmp_path / "cache")
    today = run(checkout, factory)
    past_day: date = (NOW - timedelta(days=100)).date()
    past = run(checkout, factory, today=past_day)
    now_results, past_results = by_id(today), by_id(past)

    assert now_results["github-releases"].detail == "3 releases (latest v2.0.0)"  # type: ignore[attr-defined]
    assert past_results["github-releases"].detail == "1 release, need 2"  # type: ignore[attr-defined]
    assert now_results["ci-green"].status is Status.PASS  # type: ignore[attr-defined]
    assert past_results["ci-green"].detail == "'CI' on main ended failure"  # type: ignore[attr-defined]

    end = past_day + timedelta(days=1)
    stars_then = sum(1 for s in repo.stargazers if s.starred_at.date() < end)
    start = past_day - timedelta(days=365)
    gained_then = sum(1 for s in repo.stargazers if start <= s.starred_at.date() < end)
    assert past_results["stars-growth"].detail == (  # type: ignore[attr-defined]
        f"{stars_then} stars, {gained_then} in the last 365 days"
    )
    issues_then = {
        i.author for i in repo.issues if not i.is_pull and start <= i.created_at.date() < end
    }
    assert past_results["issue-authors"].detail.startswith(  # type: ignore[attr-defined]
        f"{len(issues_then)} external issue author"
    )
    merged_then = [
        i
        for i in repo.issues
        if i.is_pull
        and i.merged_at is not None
        and i.merged_at.date() < end
        and start <= i.created_at.date()
        and i.author != "ada"
    ]
    assert past_results["merged-external-prs"].detail.startswith(  # type: ignore[attr-defined]
        f"{len(merged_then)} merged external pull request"
    )
    assert len(merged_then) < 6  # the check really saw less than today
