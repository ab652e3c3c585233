"""Creating repositories and pushing to them, against the fake GitHub."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
from pathlib import Path

import pytest

from launchpad.errors import AuthError, ConflictError, ExternalError, InputError, NotFoundError
from launchpad.github import DEFAULT_API_URL, GitHub, token_from_env
from tests.fakegithub import FakeGitHub
from tests.github.helpers import ClientFactory, cache_files, git


def _create(client: GitHub, name: str = "demo", owner: str | None = None) -> object:
    return client.create_repository(
        name,
        owner=owner,
        description="A research artifact",
        private=False,
        topics=["machine-learning", "research"],
        homepage="https://demo.example.org",
    )


def test_create_user_repository(client: GitHub, fake_github: FakeGitHub) -> None:
    created = client.create_repository(
        "demo",
        owner=None,
        description="A research artifact",
        private=True,
        topics=["machine-learning", "research"],
        homepage="https://demo.example.org",
    )
    assert created.full_name == f"{fake_github.login}/demo"
    assert created.clone_url == f"{fake_github.web_url}/git/{fake_github.login}/demo.git"
    assert created.html_url == f"{fake_github.web_url}/{fake_github.login}/demo"
    assert created.default_branch == "main"
    stored = fake_github.repo(created.full_name)
    assert stored.description == "A research artifact"
    assert stored.homepage == "https://demo.example.org"
    assert stored.topics == ["machine-learning", "research"]
    assert stored.private is True
    assert (fake_github.bare_repo_path(created.full_name) / "HEAD").is_file()
    posts = [r.api_path for r in fake_github.requests if r.method == "POST"]
    assert posts == ["/user/repos"]


def test_owner_equal_to_login_is_a_user_repository(client: GitHub, fake_github: FakeGitHub) -> None:
    created = _create(client, owner=fake_github.login.upper())
    assert created.full_name == f"{fake_github.login}/demo"  # type: ignore[attr-defined]
    assert [r.api_path for r in fake_github.requests if r.method == "POST"] == ["/user/repos"]


def test_create_organisation_repository(client: GitHub, fake_github: FakeGitHub) -> None:
    fake_github.add_org("research-lab")
    created = _create(client, owner="research-lab")
    assert created.full_name == "research-lab/demo"  # type: ignore[attr-defined]
    assert fake_github.repo("research-lab/demo").topics == ["machine-learning", "research"]
    posts = [r.api_path for r in fake_github.requests if r.method == "POST"]
    assert posts == ["/orgs/research-lab/repos"]


def test_unknown_organisation_is_not_found(client: GitHub, fake_github: FakeGitHub) -> None:
    with pytest.raises(NotFoundError, match="no organisation 'nowhere'"):
        _create(client, owner="nowhere")
    assert not [r for r in fake_github.requests if r.method == "POST"]


def test_a_new_repository_is_checked_without_writing(
    client: GitHub, fake_github: FakeGitHub
) -> None:
    fake_github.add_org("frontier-lab")
    fake_github.add_repo(f"{fake_github.login}/taken")
    client.check_new_repository("free", owner=None)
    client.check_new_repository("free", owner=fake_github.login)
    client.check_new_repository("free", owner="frontier-lab")
    with pytest.raises(ConflictError, match="taken already exists"):
        client.check_new_repository("taken", owner=None)
    with pytest.raises(NotFoundError, match="no organisation 'nowhere'"):
        client.check_new_repository("free", owner="nowhere")
    assert {r.method for r in fake_github.requests} == {"GET"}


def test_existing_name_is_a_conflict(client: GitHub, fake_github: FakeGitHub) -> None:
    fake_github.add_repo(f"{fake_github.login}/demo", description="already here")
    with pytest.raises(ConflictError) as caught:
        _create(client)
    assert caught.value.hint and "another name" in caught.value.hint
    assert fake_github.repo(f"{fake_github.login}/demo").description == "already here"
    assert not [r for r in fake_github.requests if r.method == "PUT"]


def test_a_create_that_failed_after_acting_is_recovered(
    client: GitHub, fake_github: FakeGitHub
) -> None:
    fake_github.fail_next(502, path_prefix="/user/repos", after=True)
    created = _create(client)
    assert created.full_name == f"{fake_github.login}/demo"  # type: ignore[attr-defined]
    posts = [r.status for r in fake_github.requests if r.method == "POST"]
    assert posts == [502, 422]  # the retry was told "already exists"
    assert fake_github.repo(f"{fake_github.login}/demo").topics == ["machine-learning", "research"]


def test_invalid_topic_is_an_input_error(client: GitHub) -> None:
    with pytest.raises(InputError, match="topics"):
        client.create_repository(
            "demo", owner=None, description="", private=False, topics=["Not Valid"], homepage=None
        )


def _files_containing(root: Path, needles: list[bytes]) -> list[Path]:
    return [
        path
        for path in root.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


def test_push_lands_and_the_token_is_nowhere_on_disk(
    client: GitHub, fake_github: FakeGitHub, local_repo: Path, cache_dir: Path
) -> None:
    created = _create(client)
    client.push(local_repo, created.clone_url)  # type: ignore[attr-defined]
    client.repository(created.full_name)  # type: ignore[attr-defined]  # fills the cache

    bare = fake_github.bare_repo_path(created.full_name)  # type: ignore[attr-defined]
    assert git("--git-dir", str(bare), "rev-parse", "refs/heads/main") == git(
        "rev-parse", "HEAD", cwd=local_repo
    )
    assert git("config", "--get", "remote.origin.url", cwd=local_repo) == created.clone_url  # type: ignore[attr-defined]
    assert git("rev-parse", "--abbrev-ref", "main@{upstream}", cwd=local_repo) == "origin/main"
    pushes = [r for r in fake_github.requests if r.path.endswith("/git-receive-pack")]
    assert [r.status for r in pushes] == [200]
    assert pushes[0].headers["authorization"].startswith("Basic ")

    token = fake_github.token.encode()
    encoded = base64.b64encode(b"x-access-token:" + token)
    assert cache_files(cache_dir), "the cache should hold the repository"
    for root in (local_repo, bare, cache_dir):
        assert _files_containing(root, [token, encoded]) == []


def test_push_with_a_rejected_token_fails_without_leaking_it(
    make_client: ClientFactory, fake_github: FakeGitHub, local_repo: Path
) -> None:
    fake_github.add_repo(f"{fake_github.login}/demo")
    bare = fake_github.bare_repo_path(f"{fake_github.login}/demo")
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    wrong = "ghp_wrongwrongwrongwrongwrongwrong0000"
    clone_url = f"{fake_github.web_url}/git/{fake_github.login}/demo.git"
    with pytest.raises(ExternalError) as caught:
        make_client(wrong).push(local_repo, clone_url)
    assert "git push" in caught.value.message
    assert wrong not in str(caught.value)
    assert base64.b64encode(f"x-access-token:{wrong}".encode()).decode() not in str(caught.value)
    assert git("--git-dir", str(bare), "for-each-ref") == ""
    assert _files_containing(local_repo, [wrong.encode()]) == []


def test_the_fake_refuses_an_anonymous_push(fake_github: FakeGitHub, local_repo: Path) -> None:
    fake_github.add_repo(f"{fake_github.login}/demo")
    bare = fake_github.bare_repo_path(f"{fake_github.login}/demo")
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    result = subprocess.run(
        ["git", "push", f"{fake_github.web_url}/git/{fake_github.login}/demo.git", "main"],
        cwd=local_repo,
        capture_output=True,
        text=True,
        env={"GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin", "HOME": str(local_repo)},
        check=False,
    )
    assert result.returncode != 0
    assert git("--git-dir", str(bare), "for-each-ref") == ""


def test_push_needs_a_git_repository(client: GitHub, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="not a git repository"):
        client.push(tmp_path, "http://127.0.0.1:1/git/o/r.git")


def test_push_refuses_credentials_in_the_url(client: GitHub, local_repo: Path) -> None:
    with pytest.raises(InputError) as caught:
        client.push(local_repo, "https://user:secret-value@example.org/o/r.git")
    assert "secret-value" in str(caught.value) or "without credentials" in str(caught.value)


def test_bad_token_is_an_auth_error(make_client: ClientFactory) -> None:
    with pytest.raises(AuthError, match="rejected the token") as caught:
        make_client("ghp_not_the_right_token").authenticated_login()
    assert "ghp_not_the_right_token" not in str(caught.value)


def test_missing_token_is_an_auth_error_without_any_request(
    make_client: ClientFactory, fake_github: FakeGitHub
) -> None:
    client = make_client(None)
    with pytest.raises(AuthError, match="no GitHub token"):
        client.authenticated_login()
    with pytest.raises(AuthError):
        _create(client)
    assert fake_github.requests == []
    assert client.request_count == 0


def test_missing_repository_is_not_found(client: GitHub) -> None:
    with pytest.raises(NotFoundError, match="nobody/nothing"):
        client.repository("nobody/nothing")


def test_repository_name_is_checked(client: GitHub, fake_github: FakeGitHub) -> None:
    with pytest.raises(InputError):
        client.repository("no-slash")
    assert fake_github.requests == []


def test_token_and_api_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert token_from_env() is None
    monkeypatch.setenv("GH_TOKEN", "second")
    assert token_from_env() == "second"
    monkeypatch.setenv("GITHUB_TOKEN", "first")
    assert token_from_env() == "first"
    assert GitHub.from_env(cache_dir=tmp_path).api_url == DEFAULT_API_URL
    monkeypatch.setenv("GITHUB_API_URL", "https://ghe.example.org/api/v3/")
    client = GitHub.from_env(cache_dir=tmp_path)
    assert client.api_url == "https://ghe.example.org/api/v3"
    assert "first" not in repr(client)
    assert GitHub.from_env("http://127.0.0.1:9/api/v3").api_url == "http://127.0.0.1:9/api/v3"


@pytest.mark.parametrize(
    "url", ["ftp://example.org", "api.github.com", "https://u:p@ghe.example.org"]
)
def test_bad_api_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError):
        GitHub(None, api_url=url)


def test_a_large_push_lands_and_can_be_cloned_back(
    client: GitHub, fake_github: FakeGitHub, local_repo: Path, tmp_path: Path
) -> None:
    # Over git's 1 MiB post buffer the pack is sent with chunked transfer encoding.
    (local_repo / "weights.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    git("add", "weights.bin", cwd=local_repo)
    git("commit", "--quiet", "-m", "Add weights", cwd=local_repo)
    created = _create(client)
    client.push(local_repo, created.clone_url)  # type: ignore[attr-defined]
    pushes = [r for r in fake_github.requests if r.path.endswith("/git-receive-pack")]
    assert pushes[-1].headers.get("transfer-encoding") == "chunked"

    header = base64.b64encode(f"x-access-token:{fake_github.token}".encode()).decode()
    clone = tmp_path / "clone"
    git(
        "-c",
        f"http.extraHeader=Authorization: Basic {header}",
        "clone",
        "--quiet",
        created.clone_url,  # type: ignore[attr-defined]
        str(clone),
    )
    assert (clone / "weights.bin").read_bytes() == (local_repo / "weights.bin").read_bytes()
    assert git("rev-parse", "HEAD", cwd=clone) == git("rev-parse", "HEAD", cwd=local_repo)


@pytest.mark.parametrize("fault", [500, "timeout", "malformed", 403, 429], ids=str)
def test_no_error_message_contains_the_token(
    make_client: ClientFactory, fake_github: FakeGitHub, fault: int | str
) -> None:
    client = make_client(timeout=0.3, retries=1)
    fake_github.timeout_delay = 0.6
    fake_github.fail_next(fault, count=5, headers={"retry-after": "900"} if fault == 429 else None)
    with pytest.raises(ExternalError) as caught:
        client.authenticated_login()
    text = f"{caught.value} {caught.value.hint} {caught.value!r}"
    assert fake_github.token not in text
    assert fake_github.token[-12:] not in text


def test_debug_logs_never_contain_the_token(
    client: GitHub, fake_github: FakeGitHub, local_repo: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_github.fail_next(502)
    created = _create(client)
    client.push(local_repo, created.clone_url)  # type: ignore[attr-defined]
    client.repository(created.full_name)  # type: ignore[attr-defined]
    assert "POST" in caplog.text  # PyGithub did log its requests
    encoded = base64.b64encode(f"x-access-token:{fake_github.token}".encode()).decode()
    assert fake_github.token not in caplog.text
    assert encoded not in caplog.text
