"""The one rule for GitHub names: owners, repository names, ``OWNER/NAME``, remote URLs.

GitHub's own limits: a login is 1-39 letters, digits and single hyphens, neither first nor
last; a repository name is letters, digits,
``.``, ``_`` and ``-`` (at most 100), and never ``.`` or ``..``. Every place that
checks or parses such a name (the scaffold's owner question, the milestones ``repo``
setting, the client, the ``origin`` remote) uses these patterns, so a name one accepts
the others accept too.
"""

from __future__ import annotations

import re

__all__ = ["full_name_from_remote", "is_full_name", "is_owner"]

_OWNER = r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}"
_NAME = r"(?!\.\.?(?:$|/|\.git))[A-Za-z0-9._-]{1,100}"
_OWNER_RE = re.compile(rf"^{_OWNER}$")
_FULL_NAME_RE = re.compile(rf"^{_OWNER}/{_NAME}$")
# https://github.com/o/n(.git), git@github.com:o/n(.git), ssh://git@github.com/o/n
_REMOTE_RE = re.compile(rf"github\.com[:/]({_OWNER}/{_NAME}?)(?:\.git)?/?$")


def is_owner(login: str) -> bool:
    """Whether ``login`` can be a GitHub user or organisation."""
    return bool(_OWNER_RE.match(login))


def is_full_name(full_name: str) -> bool:
    """Whether ``full_name`` is a well-formed ``OWNER/NAME``."""
    return bool(_FULL_NAME_RE.match(full_name))


def full_name_from_remote(url: str) -> str | None:
    """``OWNER/NAME`` of a github.com remote URL (HTTPS or SSH), or None for any other."""
    match = _REMOTE_RE.search(url.strip())
    if match is None:
        return None
    full_name = match.group(1).removesuffix(".git")
    return full_name if is_full_name(full_name) else None
