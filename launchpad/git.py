"""The one seam to git: everything launchpad asks of git goes through this module.

GitPython does the work (``git.Repo`` and its command wrapper), so no module runs git by
hand. The operations are the ones launchpad needs: open a repository, make one with its
first commit, read the user's identity, build and merge a commit without touching the
working tree (``launchpad update``), and push with a token that lives only in git's
environment (never in argv, ``.git/config``, logs or error messages).

Read-only queries on the hot path of ``launchpad milestones`` (:func:`locate`,
:func:`run_git`) call ``git`` directly instead: importing GitPython and opening a
``git.Repo`` cost more than the few ``git log`` calls a run makes.

Importing this module is cheap: GitPython loads on first use.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from launchpad.errors import ExternalError, InputError, NotFoundError

if TYPE_CHECKING:
    import git

__all__ = [
    "BRANCH",
    "GitCommandFailedError",
    "Located",
    "Merged",
    "auth_env",
    "changed_paths",
    "commit_tree",
    "configured_identity",
    "find_commit",
    "git_identity",
    "init_repository",
    "is_dirty",
    "locate",
    "merge",
    "open_repository",
    "push",
    "read_blob",
    "redact",
    "resolve_commit",
    "run_git",
    "start_git",
    "tree_entries",
    "write_tree",
]

BRANCH = "main"
IDENTITY_KEYS = (
    ("user.name", "git_user_name"),
    ("user.email", "git_user_email"),
    ("github.user", "git_github_user"),
)


def open_repository(path: Path, *, search_parent_directories: bool = False) -> git.Repo:
    """The git repository at ``path`` (NotFoundError when there is none).

    The caller closes it (``with open_repository(path) as repo:``): GitPython keeps
    ``git cat-file`` processes alive until then.
    """
    import git

    try:
        return git.Repo(path, search_parent_directories=search_parent_directories)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as err:
        raise NotFoundError(f"{path} is not a git repository") from err


class GitCommandFailedError(Exception):
    """A ``git`` command run by :func:`run_git` exited with an error."""

    def __init__(self, args: Sequence[str], status: int, stderr: str) -> None:
        super().__init__(f"git {' '.join(args)} exited {status}: {stderr.strip()}")
        self.status = status
        self.stderr = stderr


# As GitPython runs git: English messages, whatever the user's locale.
_C_LOCALE = {"LANGUAGE": "C", "LC_ALL": "C"}


def run_git(cwd: Path, *args: str) -> str:
    """``git ARGS`` run in ``cwd``: stdout decoded as GitPython decodes it
    (GitCommandFailedError on a non-zero exit; NotFoundError when git is not installed)."""
    return start_git(cwd, *args)()


def start_git(cwd: Path, *args: str) -> Callable[[], str]:
    """Start ``git ARGS`` in ``cwd`` now; the returned call waits and gives what
    :func:`run_git` gives. Queries started together run side by side.

    A thread reads the output as git writes it: a pipe holds 64 KB, so a ``git log``
    nobody reads yet would stop there and do its work only when it is waited for."""
    try:
        process = subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            env={**os.environ, **_C_LOCALE},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError as err:
        if err.filename != "git":  # the folder, not git, is missing
            raise
        raise NotFoundError("git is not installed", hint="install git") from err

    output: list[tuple[bytes, bytes]] = []
    reader = threading.Thread(target=lambda: output.append(process.communicate()), daemon=True)
    reader.start()

    def result() -> str:
        reader.join()
        out, err = output[0]
        encoding = sys.getfilesystemencoding()
        if process.returncode != 0:
            stderr = err.decode(encoding, "surrogateescape")
            raise GitCommandFailedError(args, process.returncode, stderr)
        return out.decode(encoding, "surrogateescape")

    return result


@dataclass(frozen=True)
class Located:
    """The repository that holds a folder, as one ``git rev-parse`` saw it."""

    path: Path  # the folder git was asked about
    bare: bool
    shallow: bool


def locate(path: Path) -> Located:
    """The repository holding ``path`` (searching parent folders, as git does) with its
    bare and shallow flags, in one ``git rev-parse`` (NotFoundError when there is none)."""
    try:
        out = run_git(path, "rev-parse", "--is-bare-repository", "--is-shallow-repository")
    except (GitCommandFailedError, NotADirectoryError, FileNotFoundError) as err:
        raise NotFoundError(f"{path} is not a git repository") from err
    bare, shallow = (line.strip() == "true" for line in out.splitlines()[:2])
    return Located(path, bare, shallow)


def init_repository(
    path: Path, files: Sequence[str], *, name: str, email: str, message: str, branch: str = BRANCH
) -> str:
    """``git init -b BRANCH``, add ``files``, commit as ``name <email>``; return the sha."""
    import git

    try:
        repo = git.Repo.init(path, initial_branch=branch)
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
        repo.index.add(list(files))
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
    """user.name, user.email and github.user from git config ('' when unset or no git)."""
    try:
        import git
    except ImportError:  # GitPython refuses to load without a git executable
        return {out: "" for _, out in IDENTITY_KEYS}
    command = git.Git()
    return {out: _config_value(command, key) for key, out in IDENTITY_KEYS}


def configured_identity(repo: git.Repo) -> tuple[str, str]:
    """(user.name, user.email) as git would use them in ``repo`` ('' when unset)."""
    return _config_value(repo.git, "user.name"), _config_value(repo.git, "user.email")


def _config_value(command: git.Git, key: str) -> str:
    """``git config --get KEY`` as git resolves it (GIT_CONFIG_GLOBAL, includes, ...).

    GitPython's own config reader reads ``~/.gitconfig`` and misses those, so git is asked.
    """
    import git

    try:
        return str(command.config("--get", key)).strip()
    except git.CommandError:  # unset (exit 1), or git vanished
        return ""


def is_dirty(repo: git.Repo) -> bool:
    """True when the working tree or index differs from HEAD, untracked files included."""
    return repo.is_dirty(untracked_files=True)


def find_commit(repo: git.Repo, message: re.Pattern[str], rev: str = "HEAD") -> git.Commit | None:
    """The newest commit on ``rev``'s history whose message matches ``message``."""
    for commit in repo.iter_commits(rev):
        if message.search(str(commit.message)):
            return commit
    return None


def resolve_commit(repo: git.Repo, rev: str) -> str | None:
    """The full sha of the commit ``rev`` names (tag, branch, sha, ``HEAD~3``), else None."""
    import git

    if not rev or rev.startswith("-"):  # never let a revision become an option
        return None
    try:
        out = repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except git.GitCommandError:
        return None
    return str(out).strip() or None


def tree_entries(repo: git.Repo, commit: str) -> list[tuple[str, str, str, str]]:
    """(mode, type, object id, path) of every file in ``commit``'s tree, in one ``ls-tree``."""
    out = repo.git.ls_tree("-r", "-z", "--full-tree", commit, strip_newline_in_stdout=False)
    entries = []
    for record in str(out).split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, sha = meta.split(" ", 2)
        entries.append((mode, kind, sha, path))
    return entries


def read_blob(repo: git.Repo, sha: str, limit: int) -> bytes | None:
    """The first ``limit`` bytes of a blob through GitPython's one ``cat-file --batch``
    process (None when the object is missing, as in a partial clone)."""
    try:
        _, _, size, stream = repo.git.stream_object_data(sha)
    except ValueError:  # "<sha> missing"
        return None
    data = bytes(stream.read(min(size, limit)))
    del stream  # GitPython drains the rest, so the next read starts at a header
    return data


def write_tree(repo: git.Repo, fill: Callable[[Path], object]) -> str:
    """The tree object of a folder that ``fill`` writes, stored in ``repo``.

    The folder and the index are temporary: the repository's working tree and index
    are not touched.
    """
    with tempfile.TemporaryDirectory(prefix="launchpad-tree-") as folder:
        work = Path(folder) / "tree"
        work.mkdir()
        fill(work)
        env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        git_dir = str(Path(repo.git_dir).absolute())
        base = ["git", "--git-dir", git_dir, "--work-tree", str(work), "-C", str(work)]
        repo.git.execute([*base, "add", "--all", "--force", "."], env=env)
        tree = str(repo.git.execute([*base, "write-tree"], env=env)).strip()
        shutil.rmtree(work, ignore_errors=True)
    return tree


def commit_tree(
    repo: git.Repo, tree: str, *, parent: str, message: str, env: Mapping[str, str]
) -> str:
    """A commit of ``tree`` on ``parent`` (no branch moves); ``env`` may set the identity."""
    return str(repo.git.commit_tree(tree, "-p", parent, "-m", message, env=dict(env))).strip()


def changed_paths(repo: git.Repo, before: str, after: str) -> tuple[str, ...]:
    """Paths that differ between two commits, sorted."""
    diff = repo.commit(before).diff(after)
    return tuple(sorted(str(item.a_path or item.b_path) for item in diff))


@dataclass(frozen=True)
class Merged:
    """What ``merge`` did: the merge commit, or the paths left with conflict markers."""

    commit: str | None
    conflicts: tuple[str, ...]


def merge(repo: git.Repo, commit: str, *, message: str, env: Mapping[str, str]) -> Merged:
    """``git merge --no-ff`` of ``commit`` into the current branch.

    Conflicts are a result, not an error: git leaves the markers for the user.
    """
    import git

    try:
        repo.git.merge("--no-ff", "--no-edit", "-m", message, commit, env=dict(env))
    except git.GitCommandError as err:
        conflicts = tuple(sorted(str(name) for name in repo.index.unmerged_blobs()))
        if not conflicts:
            raise ExternalError(f"git merge failed: {str(err.stderr).strip()}") from err
        return Merged(None, conflicts)
    return Merged(repo.head.commit.hexsha, ())


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced by ``***``."""
    return text.replace(secret, "***") if secret else text


def auth_env(url_prefix: str, token: str) -> dict[str, str]:
    """Environment that gives git the token for ``url_prefix`` only, without prompts.

    An ``http.<prefix>.extraHeader`` through ``GIT_CONFIG_*`` (appended to any the
    caller already set), an empty credential helper so nothing stores it, and no prompts.
    """
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    start = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    entries = [
        (f"http.{url_prefix}.extraHeader", f"Authorization: Basic {basic}"),
        ("credential.helper", ""),  # no helper may store or prompt for credentials
    ]
    env = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", "GIT_ASKPASS": "true"}
    for offset, (key, value) in enumerate(entries):
        env[f"GIT_CONFIG_KEY_{start + offset}"] = key
        env[f"GIT_CONFIG_VALUE_{start + offset}"] = value
    env["GIT_CONFIG_COUNT"] = str(start + len(entries))
    return env


def push(repo_path: Path, url: str, *, token: str, branch: str = BRANCH) -> None:
    """Push ``branch`` to ``url`` with ``token`` and track it as ``origin``.

    The token reaches git through its environment only (``auth_env``, scoped to the
    URL's host); the ``origin`` stored in ``.git/config`` is the plain URL. A failed push
    is one ExternalError with git's last line, the token redacted.
    """
    import git

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username:
        raise InputError(
            f"cannot push to {redact(url, token)}: expected an http(s) URL without credentials"
        )
    with open_repository(repo_path) as repo:
        remote = _origin_for(repo, url)
        env = auth_env(f"{parts.scheme}://{parts.netloc}/", token)
        args = ["--porcelain", remote, f"refs/heads/{branch}:refs/heads/{branch}"]
        if remote == "origin":
            args.insert(0, "--set-upstream")
        try:
            repo.git.push(*args, env=env)
        except git.GitCommandError as err:
            stderr = redact(str(err.stderr or ""), token)
            lines = [line.strip() for line in stderr.splitlines() if line.strip()]
            detail = lines[-1].removeprefix("stderr: ").strip("'\" ") if lines else "no output"
            raise ExternalError(
                f"git push to {url} failed: {detail}",
                hint="check that the token may push to this repository",
            ) from None


def _origin_for(repo: git.Repo, url: str) -> str:
    """``origin`` when it is (or can be made) ``url``; else push to the URL itself."""
    if "origin" not in [remote.name for remote in repo.remotes]:
        repo.create_remote("origin", url)
        return "origin"
    if repo.remotes.origin.url == url:
        return "origin"
    return url
