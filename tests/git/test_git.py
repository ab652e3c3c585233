"""launchpad.git, the one seam to git: open, first commit, identity, update commits, push env."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from launchpad import git
from launchpad.errors import ExternalError, InputError, NotFoundError


def run_git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository on ``main`` whose first commit holds README.md."""
    path = tmp_path / "project"
    path.mkdir()
    (path / "README.md").write_text("# project\n")
    git.init_repository(
        path, ["README.md"], name="Grace Author", email="grace@example.org", message="First\n"
    )
    return path


def test_importing_the_seams_loads_no_git_or_http_library() -> None:
    code = (
        "import sys, launchpad.git, launchpad.github\n"
        "heavy = ('git', 'github', 'requests', 'urllib3', 'cachecontrol')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_init_repository_makes_main_with_one_commit_by_the_author(project: Path) -> None:
    assert run_git("rev-parse", "--abbrev-ref", "HEAD", cwd=project) == "main"
    assert run_git("rev-list", "--count", "HEAD", cwd=project) == "1"
    who = run_git("log", "-1", "--format=%an <%ae>|%cn <%ce>", cwd=project)
    assert who == "Grace Author <grace@example.org>|Grace Author <grace@example.org>"
    assert run_git("ls-files", cwd=project) == "README.md"
    with git.open_repository(project) as repo:
        assert not git.is_dirty(repo)


def test_init_repository_returns_the_commit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a\n")
    sha = git.init_repository(tmp_path, ["a.txt"], name="A", email="a@example.org", message="m")
    assert sha == run_git("rev-parse", "HEAD", cwd=tmp_path)


def test_open_repository_needs_a_repository(tmp_path: Path, project: Path) -> None:
    with pytest.raises(NotFoundError, match="not a git repository"):
        git.open_repository(tmp_path / "missing")
    with pytest.raises(NotFoundError, match="not a git repository"):
        git.open_repository(tmp_path)
    inner = project / "src"
    inner.mkdir()
    with pytest.raises(NotFoundError):
        git.open_repository(inner)
    with git.open_repository(inner, search_parent_directories=True) as repo:
        assert Path(str(repo.working_tree_dir)).resolve() == project.resolve()


def test_git_identity_reads_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Ada Tester\n\temail = ada@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    assert git.git_identity() == {
        "git_user_name": "Ada Tester",
        "git_user_email": "ada@example.org",
        "git_github_user": "",
    }
    config.write_text("[github]\n\tuser = ada-gh\n")
    assert git.git_identity() == {
        "git_user_name": "",
        "git_user_email": "",
        "git_github_user": "ada-gh",
    }


def test_git_identity_is_importable_from_the_scaffold() -> None:
    from launchpad.scaffold.gitinit import BRANCH, git_identity, init_repository

    assert (BRANCH, git_identity, init_repository) == (
        "main",
        git.git_identity,
        git.init_repository,
    )


def test_configured_identity(project: Path) -> None:
    with git.open_repository(project) as repo:
        assert git.configured_identity(repo) == ("Ada Tester", "ada@example.org")
        run_git("config", "user.name", "Local Name", cwd=project)
        assert git.configured_identity(repo)[0] == "Local Name"


def test_a_commit_built_beside_the_work_tree_merges_into_the_branch(project: Path) -> None:
    with git.open_repository(project) as repo:
        first = repo.head.commit.hexsha
        (project / "NOTES.md").write_text("mine\n")
        run_git("add", "NOTES.md", cwd=project)
        run_git("commit", "-q", "-m", "Notes", cwd=project)

        def fill(folder: Path) -> None:
            (folder / "README.md").write_text("# project\n\nnew text\n")
            (folder / "LICENSE").write_text("MIT\n")

        tree = git.write_tree(repo, fill)
        assert not git.is_dirty(repo)  # neither the work tree nor the index moved
        side = git.commit_tree(repo, tree, parent=first, message="Side\n\nTrailer: x 1\n", env={})
        assert git.changed_paths(repo, first, side) == ("LICENSE", "README.md")
        assert git.find_commit(repo, re.compile(r"^Trailer: x 1$", re.M), side).hexsha == side
        assert git.find_commit(repo, re.compile("^Trailer"), "HEAD") is None

        merged = git.merge(repo, side, message="Merge side", env={})
        assert merged.conflicts == ()
        assert merged.commit == repo.head.commit.hexsha
        assert (project / "LICENSE").read_text() == "MIT\n"
        assert (project / "NOTES.md").read_text() == "mine\n"


def test_a_conflicting_merge_leaves_the_markers(project: Path) -> None:
    with git.open_repository(project) as repo:
        first = repo.head.commit.hexsha
        (project / "README.md").write_text("# project\n\nours\n")
        run_git("commit", "-q", "-am", "Ours", cwd=project)
        tree = git.write_tree(
            repo, lambda folder: (folder / "README.md").write_text("# project\n\ntheirs\n")
        )
        side = git.commit_tree(repo, tree, parent=first, message="Theirs", env={})
        merged = git.merge(repo, side, message="Merge", env={})
        assert merged == git.Merged(None, ("README.md",))
        assert "<<<<<<<" in (project / "README.md").read_text()


def test_a_failed_merge_without_conflicts_is_an_external_error(project: Path) -> None:
    with git.open_repository(project) as repo, pytest.raises(ExternalError, match="git merge"):
        git.merge(repo, "0" * 40, message="Merge", env={})


def test_auth_env_scopes_the_token_and_appends_to_existing_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GIT_CONFIG_COUNT", "2")
    env = git.auth_env("https://git.example.org/", "ghp_secret")
    assert env["GIT_CONFIG_COUNT"] == "4"
    assert env["GIT_CONFIG_KEY_2"] == "http.https://git.example.org/.extraHeader"
    assert env["GIT_CONFIG_VALUE_2"].startswith("Authorization: Basic ")
    assert (env["GIT_CONFIG_KEY_3"], env["GIT_CONFIG_VALUE_3"]) == ("credential.helper", "")
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert "ghp_secret" not in "".join(env.values())  # only its base64 form, in the header


def test_push_refuses_urls_that_git_must_not_get(project: Path) -> None:
    with pytest.raises(InputError, match="without credentials") as caught:
        git.push(project, "https://me:ghp_secret@example.org/o/r.git", token="ghp_secret")
    assert "ghp_secret" not in str(caught.value)
    with pytest.raises(InputError):
        git.push(project, "ssh://example.org/o/r.git", token="t")
    with pytest.raises(NotFoundError):
        git.push(project / "nowhere", "https://example.org/o/r.git", token="t")


def test_a_failed_push_names_git_s_reason_without_the_token(project: Path) -> None:
    unreachable = "http://127.0.0.1:9/o/r.git"
    with pytest.raises(ExternalError, match=r"git push to .* failed") as caught:
        git.push(project, unreachable, token="ghp_secret_value")
    assert "ghp_secret_value" not in f"{caught.value} {caught.value.hint}"
    assert "ghp_secret_value" not in (project / ".git" / "config").read_text()
    assert run_git("config", "--get", "remote.origin.url", cwd=project) == unreachable
    assert os.environ.get("GIT_CONFIG_COUNT") is None  # the token env was git's only


def test_redact() -> None:
    assert git.redact("token ghp_x in ghp_x", "ghp_x") == "token *** in ***"
    assert git.redact("nothing", None) == "nothing"


def test_a_started_query_runs_to_the_end_before_anyone_waits(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its output is read as git writes it: more than a pipe holds (64 KB) must not stop
    git until the caller asks, or a query started early does its work only then."""
    (project / "big.txt").write_text(("y" * 99 + "\n") * 3_000)  # 300 KB
    run_git("add", "big.txt", cwd=project)
    run_git("commit", "-q", "-m", "Big", cwd=project)
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recording(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        process = popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process  # type: ignore[no-any-return]

    monkeypatch.setattr(subprocess, "Popen", recording)
    result = git.start_git(project, "show", "HEAD:big.txt")
    assert started[0].wait(timeout=10) == 0  # finished with nobody reading it
    assert len(result()) == 300_000
