"""Create the generated repository on GitHub and push it, through launchpad.github."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from launchpad.errors import AuthError, InputError, LaunchpadError, NotFoundError
from launchpad.scaffold.generate import Generated

if TYPE_CHECKING:
    from launchpad.github import CreatedRepository, GitHub

_TOPIC_RE = re.compile(r"[^a-z0-9-]+")
# GitHub's answers when the plan or visibility has no Pages (or the token may not enable it).
_REFUSED = (InputError, NotFoundError, AuthError)
_ENABLE_BY_HAND = "enable it in Settings > Pages with GitHub Actions as the source"


@dataclass(frozen=True)
class Published:
    """The created repository and what the user should know about it (e.g. no Pages)."""

    repository: CreatedRepository
    notes: tuple[str, ...] = ()


def topics(generated: Generated) -> list[str]:
    """GitHub topics: lower-case words with hyphens, at most 50 characters each."""
    kind = generated.answers.values.get("kind")
    raw = ["research", *([f"research-{kind}"] if kind else []), "python", "launchpad"]
    cleaned = [_TOPIC_RE.sub("-", t.lower()).strip("-")[:50] for t in raw]
    return list(dict.fromkeys(t for t in cleaned if t))


def publish(generated: Generated, client: GitHub, *, private: bool) -> Published:
    """Create ``owner/project`` (user or organisation) with description, topics, homepage;
    push; enable GitHub Pages for the docs workflow.
    """
    answers = generated.answers
    owner = str(answers["github_owner"])
    name = str(answers["project_name"])
    created = client.create_repository(
        name,
        owner=owner,
        description=str(answers["description"]),
        private=private,
        topics=topics(generated),
        homepage=f"https://{owner.lower()}.github.io/{name}/",
    )
    client.push(generated.path, created.clone_url, branch=generated.branch)
    note = _enable_pages(client, created.full_name, private=private)
    return Published(created, (note,) if note else ())


def _enable_pages(client: GitHub, full_name: str, *, private: bool) -> str | None:
    """Enable Pages after the push (the site needs the repository); a failure is a note.

    The repository exists by now, so nothing here may turn into an error that hides it.
    """
    try:
        client.enable_pages(full_name)
    except _REFUSED as err:
        if private:
            return (
                f"GitHub Pages is not available for this private repository on its plan "
                f"({full_name}): the docs workflow will fail to deploy and the README's docs "
                "link stays dead until you enable Pages or make the repository public"
            )
        return (
            f"GitHub Pages could not be enabled for {full_name} ({err.message}): the docs "
            f"workflow will fail to deploy until you {_ENABLE_BY_HAND}, or give the token "
            "the 'repo' scope (fine-grained: Pages write)"
        )
    except LaunchpadError as err:
        return (
            f"GitHub Pages is not enabled yet for {full_name} ({err.message}): "
            f"{_ENABLE_BY_HAND}, or the docs workflow enables it when the secret "
            "PAGES_ADMIN_TOKEN holds a token that may administer the repository"
        )
    return None
