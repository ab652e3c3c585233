"""The whole ``launchpad new`` and ``launchpad update`` jobs, one call each (copier's model).

:func:`new` resolves the answers (flags, the recorded answers file, prompts through the
caller's ``ask``, defaults, with the git identity as context), and when the repository is
to be published it logs in to GitHub and checks the owner and the free name before
anything is written; then it generates the repository and publishes it. The CLI only
parses, prompts and renders the :class:`Scaffolded` it returns.

:func:`update_project` finds the template a repository was made from (or takes another),
and merges its current release in with :func:`launchpad.scaffold.update.update`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import LaunchpadError
from launchpad.scaffold.answers import (
    Ask,
    check_answer,
    parse_data,
    read_answers_file,
    resolve_answers,
)
from launchpad.scaffold.generate import Generated, check_target, generate
from launchpad.scaffold.template import DEFAULT_TEMPLATE, Template, load_template

if TYPE_CHECKING:
    from launchpad.github import CreatedRepository, GitHub
    from launchpad.progress import Progress
    from launchpad.scaffold.update import Checked, Updated


@dataclass(frozen=True)
class Scaffolded:
    """What :func:`new` made: the local repository and, when published, the GitHub one.

    ``notes``: what the user should know but is no error (e.g. GitHub Pages is unavailable).
    """

    generated: Generated
    github: CreatedRepository | None = None
    notes: tuple[str, ...] = ()


def new(
    path: Path | None = None,
    *,
    template: str | Template = DEFAULT_TEMPLATE,
    data: Mapping[str, Any] | Sequence[str] = (),
    data_file: Path | None = None,
    github: bool | None = None,
    private: bool | None = None,
    github_api_url: str | None = None,
    ask: Ask | None = None,
    progress: Progress | None = None,
) -> Scaffolded:
    """Make a repository from ``template`` in ``path`` and publish it when asked to.

    ``path`` defaults to ``./PROJECT_NAME``; ``data`` holds answers by question name, or
    ``KEY=VALUE`` strings as given to ``--data``; ``github`` and ``private`` answer those
    questions. ``ask`` prompts for each question (None: never prompt). Every check that
    can fail without writing (the template, the answers, the target folder, the token,
    the owner, a taken name) runs before anything is written; if publishing fails, the
    local repository is complete and the error says so.
    """
    from launchpad.scaffold.gitinit import git_identity

    if not isinstance(template, Template):
        template = load_template(template)
    flags = _flags(data)
    if github is not None:
        flags["create_github"] = github
    if private is not None:
        flags["private"] = private
    recorded = read_answers_file(data_file) if data_file else {}
    if path is not None:
        check_target(path.expanduser().absolute())  # fail before asking anything
    target_name = path.expanduser().absolute().name if path is not None else ""
    context: dict[str, Any] = {**git_identity(), "target_name": target_name}

    with contextlib.ExitStack() as stack:
        client: GitHub | None = None
        wanted = flags.get("create_github", recorded.get("create_github", False))
        if check_answer(template.question("create_github"), wanted):
            client = stack.enter_context(_github_client(github_api_url))
            context["github_login"] = client.authenticated_login()  # no or bad token: stop

        answers = resolve_answers(
            template, flags=flags, recorded=recorded, context=context, ask=ask
        )
        if answers["create_github"] and client is None:
            client = stack.enter_context(_github_client(github_api_url))
            client.authenticated_login()
        publish_to = client if answers["create_github"] else None
        if publish_to is not None:
            # read-only checks first, so a taken name or a wrong owner leaves nothing behind
            publish_to.check_new_repository(
                str(answers["project_name"]), owner=str(answers["github_owner"])
            )

        target = path if path is not None else Path(str(answers["project_name"]))
        generated = generate(target, template, answers, progress=progress)
        if publish_to is None:
            return Scaffolded(generated)

        from launchpad.scaffold.publish import publish

        try:
            published = publish(generated, publish_to, private=bool(answers["private"]))
        except LaunchpadError as err:
            err.message = f"{err.message} (the local repository {generated.path} is complete)"
            raise
        return Scaffolded(generated, published.repository, published.notes)


def update_project(
    path: Path,
    *,
    template: str | Template | None = None,
    data: Mapping[str, Any] | Sequence[str] = (),
    force: bool = False,
) -> Updated:
    """Merge the current release of the recorded template (or ``template``) into ``path``.

    ``data`` changes answers, as in :func:`new`. Conflicts are not an error here: they
    are in :attr:`Updated.conflicts`, left in the files for the user as in any merge.
    A template older than the recorded one is refused unless ``force``.
    """
    from launchpad.scaffold.gitinit import git_identity
    from launchpad.scaffold.update import update

    where = path.expanduser().absolute()
    template = _update_template(where, template)
    flags = _flags(data)
    context = {**git_identity(), "target_name": where.name}
    return update(path, template, flags=flags, context=context, force=force)


def check_project(path: Path, *, template: str | Template | None = None) -> Checked:
    """Whether the recorded template (or ``template``) has a newer release; writes nothing."""
    from launchpad.scaffold.update import check

    return check(path, _update_template(path.expanduser().absolute(), template))


def _update_template(where: Path, template: str | Template | None) -> Template:
    """``template``, or the one recorded in the repository at ``where``."""
    from launchpad.scaffold.update import read_recorded

    if isinstance(template, Template):
        return template
    if template is None:
        meta, _ = read_recorded(where)
        template = str(meta["_template"])
    return load_template(template)


def _flags(data: Mapping[str, Any] | Sequence[str]) -> dict[str, Any]:
    return dict(data) if isinstance(data, Mapping) else dict(parse_data(tuple(data)))


def _github_client(api_url: str | None) -> GitHub:
    from launchpad.github import GitHub

    return GitHub.from_env(api_url)
