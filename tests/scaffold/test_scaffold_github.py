"""`launchpad new --github` against the fake GitHub: the push lands, the token stays secret."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import ExitCode
from tests.fakegithub import FakeGitHub

runner = CliRunner()


def _new(fake: FakeGitHub, target: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app,
        ["new", str(target), "--defaults", "--github", "--github-api-url", fake.api_url, *args],
    )
    return result.exit_code, result.stdout, result.stderr


def _files_containing(root: Path, secret: str) -> list[str]:
    needle = secret.encode()
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def test_creates_the_repository_and_pushes_the_first_commit(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    target = tmp_path / "pushed-artifact"
    code, out, err = _new(fake_github, target, "--private", "-d", "kind=model", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    full_name = f"{fake_github.login}/pushed-artifact"
    assert report["github"]["full_name"] == full_name

    created = fake_github.repo(full_name)
    assert created.private is True
    assert created.description == report["answers"]["description"]
    assert "research-model" in created.topics
    assert created.homepage == f"https://{fake_github.login}.github.io/pushed-artifact/"

    local = git.Repo(target)
    remote = git.Repo(fake_github.bare_repo_path(full_name))
    with local, remote:
        assert remote.commit("main").hexsha == report["commit"] == local.head.commit.hexsha
        assert remote.commit("main").tree.hexsha == local.head.commit.tree.hexsha
        origin = local.remotes.origin.url
        assert origin.startswith(fake_github.web_url)
        assert "@" not in origin
        assert local.active_branch.tracking_branch() is not None

    token = fake_github.token
    assert _files_containing(target, token) == []  # not in the files, not in .git/config
    assert token not in (target / ".git" / "config").read_text()
    assert token not in out
    assert token not in err


def test_owner_defaults_to_the_token_login_and_can_be_an_organisation(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GH_TOKEN", fake_github.token)
    fake_github.add_org("frontier-lab")
    code, out, err = _new(
        fake_github,
        tmp_path / "lab-artifact",
        "-d",
        "github_owner=frontier-lab",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["github"]["full_name"] == "frontier-lab/lab-artifact"
    assert fake_github.repo("frontier-lab/lab-artifact").private is False
    readme = (tmp_path / "lab-artifact" / "README.md").read_text()
    assert "https://github.com/frontier-lab/lab-artifact" in readme

    code, out, err = _new(fake_github, tmp_path / "mine", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["answers"]["github_owner"] == fake_github.login


def test_a_taken_name_or_unknown_owner_stops_before_anything_is_written(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    fake_github.add_repo(f"{fake_github.login}/taken-name")
    code, _, err = _new(fake_github, tmp_path / "taken-name")
    assert code == ExitCode.CONFLICT
    assert "already exists" in err
    assert not (tmp_path / "taken-name").exists()
    code, _, err = _new(fake_github, tmp_path / "orphan", "-d", "github_owner=no-such-org")
    assert code == ExitCode.NOT_FOUND
    assert "no organisation 'no-such-org'" in err
    assert not (tmp_path / "orphan").exists()
    assert not [r for r in fake_github.requests if r.method in ("POST", "PUT")]


def test_a_name_taken_after_the_check_keeps_the_local_repository(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.github import GitHub

    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    checked: list[str] = []

    def check_then_lose_the_race(self: GitHub, name: str, *, owner: str | None) -> None:
        checked.append(name)
        fake_github.add_repo(f"{fake_github.login}/{name}")  # someone else was quicker

    monkeypatch.setattr(GitHub, "check_new_repository", check_then_lose_the_race)
    code, _, err = _new(fake_github, tmp_path / "raced")
    assert checked == ["raced"]
    assert code == ExitCode.CONFLICT
    assert "already exists" in err
    assert "the local repository" in err
    assert (tmp_path / "raced" / ".git").is_dir()


def test_a_rejected_token_stops_before_anything_is_written(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_wrong_token_value")
    work = tmp_path / "work"
    work.mkdir()
    code, _, err = _new(fake_github, work / "nope")
    assert code == ExitCode.EXTERNAL
    assert "ghp_wrong_token_value" not in err
    assert list(work.iterdir()) == []
    assert fake_github.repos == {}


def _pages_requests(fake: FakeGitHub, full_name: str) -> list[int]:
    return [r.status for r in fake.api_requests(f"/repos/{full_name}/pages")]


def test_github_enables_pages_for_the_docs_workflow(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    code, out, err = _new(fake_github, tmp_path / "paged", "--format", "json")
    assert code == 0, err
    full_name = f"{fake_github.login}/paged"
    assert fake_github.repo(full_name).pages_build_type == "workflow"
    assert _pages_requests(fake_github, full_name) == [201]  # one request, after the push
    paths = [r.path for r in fake_github.requests]
    pushed = max(i for i, path in enumerate(paths) if path.endswith("/git-receive-pack"))
    assert paths.index(f"/api/v3/repos/{full_name}/pages") > pushed
    assert json.loads(out)["notes"] == []
    assert "Pages" not in err


def test_a_private_repository_on_a_plan_without_pages_gets_a_note(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    fake_github.users[fake_github.login].plan = "free"
    code, out, err = _new(fake_github, tmp_path / "hidden", "--private", "--format", "json")
    assert code == 0, err
    full_name = f"{fake_github.login}/hidden"
    created = fake_github.repo(full_name)
    assert created.private is True
    assert created.pages_build_type is None
    assert _pages_requests(fake_github, full_name) == [422]
    report = json.loads(out)
    assert report["github"]["full_name"] == full_name
    [note] = report["notes"]
    assert "GitHub Pages is not available for this private repository on its plan" in note
    assert "enable Pages or make the repository public" in note
    assert "note:" in err
    assert "GitHub Pages is not available" in " ".join(err.split())
    with git.Repo(fake_github.bare_repo_path(full_name)) as remote:
        assert remote.commit("main").hexsha == report["commit"]


def test_pages_already_enabled_is_fine(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.github import GitHub

    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    push = GitHub.push

    def push_then_someone_enables_pages(self: GitHub, path: Path, url: str, **kw: str) -> None:
        push(self, path, url, **kw)
        fake_github.repo(f"{fake_github.login}/{path.name}").pages_build_type = "workflow"

    monkeypatch.setattr(GitHub, "push", push_then_someone_enables_pages)
    code, out, err = _new(fake_github, tmp_path / "twice", "--format", "json")
    assert code == 0, err
    assert _pages_requests(fake_github, f"{fake_github.login}/twice") == [409]
    assert json.loads(out)["notes"] == []
    assert "Pages" not in err

    with GitHub(fake_github.token, api_url=fake_github.api_url) as client:
        assert client.enable_pages(f"{fake_github.login}/twice") is False


def test_a_failure_to_enable_pages_keeps_the_repository_and_says_what_to_do(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    full_name = f"{fake_github.login}/refused"
    fake_github.fail_next(404, path_prefix=f"/repos/{full_name}/pages")
    code, out, err = _new(fake_github, tmp_path / "refused", "--format", "json")
    assert code == 0, err
    assert fake_github.repo(full_name).pages_build_type is None
    [note] = json.loads(out)["notes"]
    assert f"GitHub Pages could not be enabled for {full_name}" in note
    assert "Settings > Pages" in note
