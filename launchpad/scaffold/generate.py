"""Generate a repository: check the target, render into a temporary folder, commit, move.

Everything happens in a hidden temporary folder beside the target; only a complete
repository (files, recorded answers, first commit) is renamed into place, in one step.
Any failure, Ctrl-C and SIGTERM included, removes the temporary folder: nothing is left
behind and nothing that was there is touched. A SIGKILL leaves it; its name carries the
process id, and the next run beside it removes those of processes that are gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from launchpad.atomicfile import pid_prefix, remove_stale
from launchpad.errors import ConfigError, ConflictError, InputError, NotFoundError, StorageError
from launchpad.progress import NullProgress, Progress
from launchpad.scaffold.answers import ANSWERS_FILE, Answers
from launchpad.scaffold.gitinit import BRANCH, init_repository
from launchpad.scaffold.rendering import render_tree
from launchpad.scaffold.template import Template

VERSIONS_FILE = "versions.yml"  # the template's Python matrix and tool versions
TMP_SUFFIX = ".launchpad-tmp"
TRAILER = "Launchpad-Template"


@dataclass(frozen=True)
class Generated:
    """A generated repository: where it is, what made it, what it holds."""

    path: Path
    template: str
    template_version: str
    answers: Answers
    files: tuple[str, ...]
    branch: str
    commit: str | None


def check_target(target: Path) -> None:
    """Refuse a target that is a file or a non-empty folder, or whose parent is missing."""
    if target.is_symlink() or target.is_file():
        raise ConflictError(f"{target} exists and is not a folder", hint="choose another PATH")
    if target.is_dir() and any(target.iterdir()):
        raise ConflictError(
            f"{target} exists and is not empty",
            hint="choose another PATH, or remove the folder first",
        )
    if not target.parent.is_dir():
        raise NotFoundError(
            f"the parent folder {target.parent} does not exist", hint="create it first"
        )


def render_context(
    template: Template, answers: Answers, *, today: date | None = None
) -> dict[str, Any]:
    """What the template files see: the answers plus a few derived values."""
    from launchpad import __version__

    day = today or date.today()
    minimum = str(answers["python_min"])
    pinned = template_versions(template)
    versions = [v for v in pinned["python"] if _vtuple(v) >= _vtuple(minimum)]
    return {
        **answers.values,
        "template_name": template.name,
        "template_version": template.version,
        "launchpad_version": __version__,
        "year": day.year,
        "today": day.isoformat(),
        "python_versions": versions,
        "python_max": versions[-1],
        "versions": pinned,
        "repo_url": f"https://github.com/{answers['github_owner']}/{answers['project_name']}",
        "docs_url": f"https://{answers['github_owner'].lower()}.github.io/{answers['project_name']}/",
    }


def template_versions(template: Template) -> dict[str, Any]:
    """The template's ``versions.yml``: one file to raise when the ecosystem moves."""
    import yaml

    path = template.root / VERSIONS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    if not isinstance(data, dict) or not data.get("python"):
        raise ConfigError(f"{path} must list the supported Python versions under 'python'")
    return {**data, "python": [str(v) for v in data["python"]]}


def _move_children(source: Path, target: Path) -> None:
    """Fill the existing empty folder ``target`` (it may be someone's working directory).

    Each entry is one rename; if one fails, the entries already moved are taken back
    out, so the folder is left empty as it was found.
    """
    moved: list[Path] = []
    try:
        for child in sorted(source.iterdir()):
            destination = target / child.name
            child.rename(destination)
            moved.append(destination)
    except BaseException:
        for path in moved:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _vtuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def answers_document(template: Template, answers: Answers, created: date) -> str:
    """The recorded answers file: template, version, creation date and the answers.

    ``_created`` is the day of the first render; updates render with it again, so dates
    in the files (the release date in CITATION.cff, CHANGELOG.md) do not drift.
    """
    import yaml

    head = {
        "_template": template.name,
        "_version": template.version,
        "_created": created.isoformat(),
    }
    body = {q.name: answers[q.name] for q in template.questions if q.record}
    return (
        "# Written by `launchpad new`; `launchpad update` reads it to re-apply the template.\n"
        + yaml.safe_dump(head, sort_keys=False)
        + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
    )


def render_project(
    template: Template,
    answers: Answers,
    destination: Path,
    *,
    created: date,
    progress: Progress | None = None,
) -> list[str]:
    """Render the files and the answers file into the existing folder ``destination``."""
    context = render_context(template, answers, today=created)
    files = render_tree(template, context, destination, progress=progress)
    document = answers_document(template, answers, created)
    (destination / ANSWERS_FILE).write_text(document, encoding="utf-8")
    return sorted([*files, ANSWERS_FILE])


def template_trailer(template: Template) -> str:
    """The commit trailer that marks a pristine render of a template version."""
    return f"{TRAILER}: {template.name} {template.version}"


def generate(
    target: Path,
    template: Template,
    answers: Answers,
    *,
    git: bool = True,
    today: date | None = None,
    progress: Progress | None = None,
) -> Generated:
    """Render ``template`` with ``answers`` into the new folder ``target``."""
    progress = progress or NullProgress()
    target = target.expanduser().absolute()
    if target.name in {"", ".", ".."}:
        raise InputError(f"{target} is not a folder name", hint="give PATH a new folder name")
    check_target(target)
    # A run killed by SIGKILL cannot clean up after itself; the next run does.
    remove_stale(target.parent, f".{target.name}.", TMP_SUFFIX)
    try:
        staging = Path(
            tempfile.mkdtemp(
                prefix=pid_prefix(f".{target.name}."), suffix=TMP_SUFFIX, dir=target.parent
            )
        )
    except OSError as err:
        raise StorageError(
            f"cannot write in {target.parent}: {err.strerror}",
            hint="choose a folder you can write to",
        ) from err
    try:
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a repository is not
        files = render_project(
            template, answers, staging, created=today or date.today(), progress=progress
        )
        commit = None
        if git:
            progress.start("first commit")
            commit = init_repository(
                staging,
                files,
                name=str(answers["author_name"]),
                email=str(answers["author_email"]),
                message=(
                    f"Initial commit from the {template.name} template {template.version}\n\n"
                    f"{template_trailer(template)}\n"
                ),
            )
            progress.finish()
        check_target(target)  # it may have appeared while we worked
        if target.is_dir():
            _move_children(staging, target)
            staging.rmdir()
        else:
            staging.rename(target)
    except OSError as err:  # disk full, permissions changed under us...
        shutil.rmtree(staging, ignore_errors=True)
        raise StorageError.writing(target, err, kept="nothing was left behind") from err
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Generated(
        path=target,
        template=template.name,
        template_version=template.version,
        answers=answers,
        files=tuple(files),
        branch=BRANCH,
        commit=commit,
    )
