"""Make the generated folder a git repository: branch ``main``, one first commit.

The commit is authored and committed by the answers' author, so the history starts
with the person who owns the project, not with whoever's git config happens to apply.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from launchpad.errors import ExternalError

BRANCH = "main"


def init_repository(path: Path, files: list[str], *, name: str, email: str, message: str) -> str:
    """``git init -b main``, add ``files``, commit; return the commit's hex sha."""
    import git

    try:
        repo = git.Repo.init(path, initial_branch=BRANCH)
    except git.GitCommandError as err:
        raise ExternalError(
            f"git init failed: {str(err.stderr).strip() or err}",
            hint="check that git >= 2.28 is installed",
        ) from err
    with repo:
        actor = git.Actor(name, email)
        # An explicit date: GitPython would otherwise parse GIT_AUTHOR_DATE and
        # GIT_COMMITTER_DATE itself, and it refuses formats git accepts.
        when = datetime.now(timezone.utc).astimezone().replace(microsecond=0)
        repo.index.add(files)
        commit = repo.index.commit(
            message,
            author=actor,
            committer=actor,
            author_date=when,
            commit_date=when,
            skip_hooks=True,
        )
        return str(commit.hexsha)


def git_identity() -> dict[str, str]:
    """user.name, user.email and github.user from git config ('' when unset)."""
    import subprocess

    values: dict[str, str] = {}
    for key, out in (
        ("user.name", "git_user_name"),
        ("user.email", "git_user_email"),
        ("github.user", "git_github_user"),
    ):
        try:
            result = subprocess.run(
                ["git", "config", "--get", key], capture_output=True, text=True, check=False
            )
        except OSError:
            result = None
        values[out] = result.stdout.strip() if result and result.returncode == 0 else ""
    return values
