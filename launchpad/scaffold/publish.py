"""Create the generated repository on GitHub and push it, through launchpad.github."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from launchpad.scaffold.generate import Generated

if TYPE_CHECKING:
    from launchpad.github import CreatedRepository, GitHub

_TOPIC_RE = re.compile(r"[^a-z0-9-]+")


def topics(generated: Generated) -> list[str]:
    """GitHub topics: lower-case words with hyphens, at most 50 characters each."""
    kind = generated.answers.values.get("kind")
    raw = ["research", *([f"research-{kind}"] if kind else []), "python", "launchpad"]
    cleaned = [_TOPIC_RE.sub("-", t.lower()).strip("-")[:50] for t in raw]
    return list(dict.fromkeys(t for t in cleaned if t))


def publish(generated: Generated, client: GitHub, *, private: bool) -> CreatedRepository:
    """Create ``owner/project`` (user or organisation) with description, topics, homepage; push."""
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
    return created
