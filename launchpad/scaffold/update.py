"""Apply a newer template release to a generated repository, as a real git merge.

Every pristine render of a template version is a commit whose message carries the
trailer ``Launchpad-Template: NAME VERSION``; the first commit made by ``launchpad new``
is one. An update renders the current template with the recorded answers into a new
pristine commit whose parent is the previous pristine commit (built with git plumbing in
a temporary index: the working tree and index are not touched), then merges it into the
current branch. Git's three-way merge does the rest: template changes land where the
project did not change the same lines; where both changed them, git leaves conflict
markers for the user, exactly as in any merge. The pristine commits stay reachable from
the branch through the merge, so the next update finds its base by itself.

An older template than the recorded one would silently revert the repository (deleted
files, older action pins), so :func:`update` refuses it unless forced; :func:`check`
compares the versions without touching anything, for a scheduled CI job.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from launchpad import git
from launchpad.errors import ConfigError, ConflictError, InputError, NotFoundError
from launchpad.scaffold.answers import ANSWERS_FILE, Answers, read_answers_file, resolve_answers
from launchpad.scaffold.generate import TRAILER, render_project, template_trailer
from launchpad.scaffold.template import Template


@dataclass(frozen=True)
class Updated:
    """What an update did."""

    path: Path
    template: str
    from_version: str
    to_version: str
    answers: Answers
    pristine_commit: str | None  # the new pristine render (None when nothing changed)
    merge_commit: str | None  # None when nothing changed or conflicts wait for the user
    changed_files: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        """True when the template had nothing new for this repository."""
        return self.pristine_commit is None


@dataclass(frozen=True)
class Checked:
    """How a repository's recorded template version compares with an available one."""

    path: Path
    template: str
    recorded_version: str
    available_version: str
    comparison: int  # -1: the template is newer, 0: current, 1: the repository is newer

    @property
    def update_available(self) -> bool:
        """True when the available template is newer than the recorded one."""
        return self.comparison < 0


def read_recorded(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(metadata, answers) from the repository's answers file."""
    import yaml

    answers_file = path / ANSWERS_FILE
    if not answers_file.is_file():
        raise NotFoundError(
            f"{path} has no {ANSWERS_FILE}",
            hint="only repositories made by `launchpad new` can be updated",
        )
    meta = yaml.safe_load(answers_file.read_text(encoding="utf-8")) or {}
    if not isinstance(meta, dict) or not meta.get("_template") or not meta.get("_version"):
        raise InputError(f"{answers_file} does not name its template and version")
    return {k: v for k, v in meta.items() if str(k).startswith("_")}, read_answers_file(
        answers_file
    )


def update(
    path: Path,
    template: Template,
    *,
    flags: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    force: bool = False,
) -> Updated:
    """Merge the render of ``template`` (with the recorded answers) into ``path``.

    An older ``template`` than the recorded one is refused before anything is written,
    unless ``force``.
    """
    path = path.expanduser().absolute()
    meta, recorded = read_recorded(path)
    checked = _compare(path, meta, template)
    if checked.comparison > 0 and not force:
        raise ConflictError(
            f"{path} has template {template.name} {checked.recorded_version}, newer than "
            f"{checked.available_version}: updating would downgrade it",
            hint="upgrade launchpad, or pass --force to downgrade anyway",
        )
    old_version = checked.recorded_version
    created = _created(meta)
    answers = resolve_answers(template, flags=flags, recorded=recorded, context=context)
    with git.open_repository(path) as repo:
        if repo.working_tree_dir is None or Path(repo.working_tree_dir).resolve() != path.resolve():
            raise InputError(f"{path} is not the top of its git repository")
        if git.is_dirty(repo):
            raise ConflictError(
                f"{path} has uncommitted changes",
                hint="commit or stash them first, so the update can be reviewed and undone",
            )
        base = _pristine_commit(repo, template.name, old_version)
        tree = git.write_tree(
            repo, lambda folder: render_project(template, answers, folder, created=created)
        )
        if tree in {repo.head.commit.tree.hexsha, base.tree.hexsha}:
            return Updated(
                path, template.name, old_version, template.version, answers, None, None, (), ()
            )
        message = (
            f"Render of the {template.name} template {template.version}\n\n"
            f"{template_trailer(template)}\n"
        )
        env = _identity_env(repo, answers)
        pristine = git.commit_tree(repo, tree, parent=base.hexsha, message=message, env=env)
        merged = git.merge(
            repo,
            pristine,
            message=f"Update to the {template.name} template {template.version}",
            env=env,
        )
        return Updated(
            path,
            template.name,
            old_version,
            template.version,
            answers,
            pristine,
            merged.commit,
            git.changed_paths(repo, base.hexsha, pristine),
            merged.conflicts,
        )


def check(path: Path, template: Template) -> Checked:
    """Compare the template version recorded in ``path`` with ``template``; write nothing."""
    path = path.expanduser().absolute()
    meta, _ = read_recorded(path)
    return _compare(path, meta, template)


def _compare(path: Path, meta: Mapping[str, Any], template: Template) -> Checked:
    from packaging.version import InvalidVersion, Version

    if meta["_template"] != template.name:
        raise InputError(
            f"{path} was made from template {meta['_template']!r}, not {template.name!r}",
            hint=f"pass --template {meta['_template']}",
        )
    recorded = str(meta["_version"])
    try:
        old, new = Version(recorded), Version(template.version)
    except InvalidVersion as err:
        raise ConfigError(f"a template version is not a version number: {err}") from err
    comparison = (old > new) - (old < new)
    return Checked(path, template.name, recorded, template.version, comparison)


def _created(meta: Mapping[str, Any]) -> date:
    value = meta.get("_created")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return date.today()


def _pristine_commit(repo: Any, name: str, version: str) -> Any:
    """The newest commit on HEAD's history that is the pristine render of ``name version``."""
    wanted = re.compile(rf"^{re.escape(TRAILER)}: {re.escape(name)} {re.escape(version)}$", re.M)
    commit = git.find_commit(repo, wanted)
    if commit is None:
        raise NotFoundError(
            f"no commit in the history is the render of template {name} {version}",
            hint=f"the first commit of a `launchpad new` repository carries '{TRAILER}: ...'",
        )
    return commit


def _identity_env(repo: Any, answers: Answers) -> dict[str, str]:
    """The user's git identity when configured, else the project's author from the answers."""
    env: dict[str, str] = {}
    name, email = git.configured_identity(repo)
    if not (name and email) and not os.environ.get("GIT_AUTHOR_NAME"):
        for role in ("AUTHOR", "COMMITTER"):
            env[f"GIT_{role}_NAME"] = str(answers["author_name"])
            env[f"GIT_{role}_EMAIL"] = str(answers["author_email"])
    return env
