"""Every use of PyGithub's private attributes, in one place, and what is built on them.

PyGithub has no public hook for either of these. They are tested against PyGithub 2.10,
the range pyproject.toml allows (``pygithub>=2.10,<2.11``; older releases also lack the
``max_rate_limit_wait`` that ``transport.PolicyRetry`` builds on). Before widening the
range, run tests/github against the new release.
"""

from __future__ import annotations

from typing import Any

# The connection class ``Requester`` builds its requests session from (name-mangled).
CONNECTION_CLASS = "_Requester__connectionClass"
# The JSON an object was built from: what a listing sent, without lazy completion.
RAW_DATA = "_rawData"


def install_connection_class(requester: Any, connection_class: type[Any]) -> None:
    """Make one ``Requester`` send through ``connection_class`` (other clients keep theirs)."""
    if not hasattr(requester, CONNECTION_CLASS):  # pragma: no cover - PyGithub changed
        raise RuntimeError("this PyGithub version does not expose its connection class")
    setattr(requester, CONNECTION_CLASS, connection_class)


def raw_data(obj: Any) -> dict[str, Any] | None:
    """The JSON a PyGithub object was built from (None when it has none).

    Unlike PyGithub's ``raw_data`` property, reading it never fetches the object again.
    """
    raw = getattr(obj, RAW_DATA, None)
    return raw if isinstance(raw, dict) else None


def issue_pull_request(issue: Any) -> Any | None:
    """The ``pull_request`` part of an issue from a listing, without another request.

    GitHub's ``/issues`` lists pull requests too, marked by a ``pull_request`` key that
    plain issues lack. PyGithub treats a missing key as "not loaded yet" and fetches the
    whole issue again, so ``issue.pull_request`` costs one request per plain issue; this
    reads what the listing already holds (None for a plain issue).
    """
    raw = raw_data(issue)
    if raw is not None and raw.get("pull_request") is None:
        return None
    return issue.pull_request
