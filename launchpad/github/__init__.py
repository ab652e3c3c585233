"""The one seam to GitHub: everything launchpad asks of GitHub goes through ``GitHub``.

PyGithub does the talking (its objects, pagination and ``GithubRetry``); this package
adds what launchpad promises on top (docs/github.md):

- the token comes from ``GITHUB_TOKEN`` or ``GH_TOKEN`` and is never printed, logged,
  cached or written into a repository; git gets it through its environment only;
- 5xx answers and timeouts are retried with a short backoff; a rate limit is waited out
  only when it lifts within ``max_rate_limit_wait`` seconds, otherwise ``RateLimited``
  says when to retry, at once;
- GET answers are kept in a conditional-request disk cache (cachecontrol) and
  revalidated (a ``304`` costs no rate limit); ``request_count`` counts what really went
  over the network;
- PyGithub's and requests' exceptions become launchpad errors with a hint.

``client`` holds the client, ``errors`` the translation of errors, ``transport`` the
retries and counting, ``cache`` the disk cache, ``pygithub`` the private attributes of
PyGithub launchpad relies on. Importing this package is cheap: PyGithub, requests,
cachecontrol and GitPython load on first use.
"""

from __future__ import annotations

from launchpad.github.client import (
    DEFAULT_API_URL,
    CommunityProfile,
    CreatedRepository,
    GitHub,
    token_from_env,
)
from launchpad.github.errors import RateLimited, translate_errors
from launchpad.github.pygithub import issue_pull_request

__all__ = [
    "DEFAULT_API_URL",
    "CommunityProfile",
    "CreatedRepository",
    "GitHub",
    "RateLimited",
    "issue_pull_request",
    "token_from_env",
    "translate_errors",
]
