"""PyGithub's, requests' and JSON errors as launchpad errors with a hint.

The messages name what was asked of GitHub and what GitHub said, never the token:
GitHub's own messages do not echo it, and network errors only name the host.
"""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from launchpad.errors import (
    AuthError,
    ExternalError,
    InputError,
    LaunchpadError,
    NotFoundError,
)

__all__ = ["TOKEN_HINT", "RateLimited", "github_message", "translate_errors"]

TOKEN_HINT = "set GITHUB_TOKEN (or GH_TOKEN) to a token with the 'repo' scope"  # noqa: S105


class RateLimited(ExternalError):  # noqa: N818 - a state GitHub reports, named as it does
    """GitHub's rate limit is spent and lifts later than launchpad is willing to wait."""

    def __init__(self, reset_at: datetime, *, hint: str | None = None) -> None:
        self.reset_at = reset_at
        when = reset_at.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        super().__init__(
            f"GitHub's API rate limit is exhausted until {when}",
            hint=hint or f"retry after {when}, or use a token with a higher limit",
        )


def github_message(err: Any) -> str:
    """GitHub's own one-line message from a PyGithub exception."""
    data = getattr(err, "data", None)
    message = getattr(err, "message", None)
    if not message and isinstance(data, dict):
        message = data.get("message")
    if isinstance(data, dict) and isinstance(data.get("errors"), list):
        details = [
            str(e.get("message") or e.get("code")) for e in data["errors"] if isinstance(e, dict)
        ]
        if details:
            message = f"{message or 'rejected'}: {'; '.join(details)}"
    return " ".join(str(message or "no message").split())


def _from_github(err: Any, what: str) -> LaunchpadError:
    """A PyGithub ``GithubException`` as a launchpad error."""
    from github.GithubException import (
        BadCredentialsException,
        RateLimitExceededException,
        UnknownObjectException,
    )

    from launchpad.github.transport import reset_time, wait_from_headers

    status = int(getattr(err, "status", 0) or 0)
    headers = getattr(err, "headers", None) or {}
    message = github_message(err)
    if isinstance(err, RateLimitExceededException) or (
        status in (403, 429) and wait_from_headers(headers) is not None
    ):
        return RateLimited(reset_time(headers, getattr(err, "wait", None)))
    if isinstance(err, BadCredentialsException) or status == 401:
        return AuthError(f"GitHub rejected the token ({what}): {message}", hint=TOKEN_HINT)
    if status == 403:
        return AuthError(
            f"GitHub refused {what}: {message}",
            hint="check that the token has the 'repo' scope and access to this owner",
        )
    if isinstance(err, UnknownObjectException) or status == 404:
        return NotFoundError(
            f"not found on GitHub: {what}", hint="check the name and the token's access"
        )
    if status == 422:
        return InputError(f"GitHub rejected {what}: {message}")
    return ExternalError(
        f"GitHub failed on {what} (HTTP {status}): {message}", hint="try again later"
    )


def _from_transport(
    err: Exception, what: str, timeout: float, api_url: str | None
) -> ExternalError:
    """A network failure (after retries) as one ExternalError."""
    reason: Any = err.args[0] if err.args else err
    reason = getattr(reason, "reason", reason)
    text = str(reason)
    where = f" at {urllib.parse.urlsplit(api_url).netloc}" if api_url else ""
    if "IncompleteRead" in text or "Response ended prematurely" in text:
        return ExternalError(
            f"GitHub{where} cut its answer to {what} short (the connection closed mid-answer)",
            hint="try again later; a proxy or a flaky network can do this",
        )
    if "timed out" in text.lower() or "timeout" in type(reason).__name__.lower():
        return ExternalError(
            f"GitHub{where} did not answer {what} within {timeout:g} s (retried)",
            hint="check the network or GitHub's status page, then try again",
        )
    if "too many" in text and "error responses" in text:
        return ExternalError(f"GitHub kept failing on {what} ({text})", hint="try again later")
    detail = text.rsplit(": ", 1)[-1].strip(" )'\"") or type(reason).__name__
    return ExternalError(
        f"cannot reach GitHub{where} for {what}: {detail}",
        hint="check the network and the GitHub API URL (--github-api-url, GITHUB_API_URL)",
    )


@contextlib.contextmanager
def translate_errors(
    what: str = "the request", *, timeout: float = 15.0, api_url: str | None = None
) -> Iterator[None]:
    """Turn PyGithub, requests and JSON errors raised inside the block into launchpad errors.

    Use it around anything that may reach GitHub, including iterating a PyGithub
    ``PaginatedList`` (each page is fetched lazily).
    """
    import requests
    from github.GithubException import GithubException

    from launchpad.github.transport import UnexpectedAnswer

    try:
        yield
    except LaunchpadError:
        raise
    except GithubException as err:
        raise _from_github(err, what) from err
    except UnexpectedAnswer as err:
        raise ExternalError(
            f"GitHub sent {err} for {what}",
            hint="check the GitHub API URL (--github-api-url, GITHUB_API_URL) and any proxy",
        ) from err
    except requests.RequestException as err:
        raise _from_transport(err, what, timeout, api_url) from err
    except json.JSONDecodeError as err:
        raise ExternalError(
            f"GitHub sent a malformed answer to {what}", hint="try again later"
        ) from err
