"""The ``GitHub`` client: identity, creating and pushing repositories, and reads.

PyGithub does the talking (its objects, pagination and ``GithubRetry``);
``launchpad.github.transport`` adds retries, the rate-limit policy, the conditional-request
cache and request counting underneath it. Importing this module is cheap: PyGithub and
requests load when a client is made. It is long because it is the one seam: every write
launchpad makes and the reads PyGithub has no method for belong to this one client.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import (
    AuthError,
    ConflictError,
    ExternalError,
    InputError,
    NotFoundError,
)
from launchpad.github.errors import TOKEN_HINT, github_message, translate_errors
from launchpad.github.names import is_full_name

if TYPE_CHECKING:
    import github
    import github.Repository

    from launchpad.github.transport import Stats

__all__ = [
    "DEFAULT_API_URL",
    "CommunityProfile",
    "CreatedRepository",
    "GitHub",
    "token_from_env",
]

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
API_URL_VARIABLE = "GITHUB_API_URL"
USER_AGENT = "launchpad (+https://github.com/launchpad-research/launchpad)"
RECENT_CREATE_MINUTES = 10


def token_from_env() -> str | None:
    """The GitHub token from ``GITHUB_TOKEN``, then ``GH_TOKEN`` (None when neither is set)."""
    for name in TOKEN_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


@dataclass(frozen=True)
class CommunityProfile:
    """GitHub's community profile of a repository (PyGithub has no class for it)."""

    health_percentage: int
    files: dict[str, bool]  # code_of_conduct, contributing, issue_template, ... -> present
    description: str | None
    documentation: str | None


@dataclass(frozen=True)
class CreatedRepository:
    """What ``create_repository`` made."""

    full_name: str
    html_url: str
    clone_url: str
    default_branch: str


class GitHub:
    """A GitHub (or GitHub Enterprise) API client for one token."""

    def __init__(
        self,
        token: str | None,
        *,
        api_url: str = DEFAULT_API_URL,
        cache_dir: Path | None = None,
        timeout: float = 15.0,
        retries: int = 3,
        max_rate_limit_wait: float = 60.0,
        backoff: float = 0.5,
        cache_ttl: float = 0.0,
        min_write_interval: float = 1.0,
    ) -> None:
        """
        ``backoff``: urllib3's backoff factor (waits 0, 2x, 4x... between retries).
        ``cache_ttl``: serve cached answers younger than this many whole seconds without
        asking GitHub at all (0, the default, always revalidates with ``If-None-Match``;
        GitHub's own ``max-age=60`` is not used).
        ``min_write_interval``: seconds between writes (GitHub asks for about one).
        """
        import github
        import github.Auth

        from launchpad.config import launchpad_home
        from launchpad.github.cache import DiskCache
        from launchpad.github.pygithub import install_connection_class
        from launchpad.github.transport import (
            RETRIED_STATUSES,
            PolicyRetry,
            Stats,
            connection_class,
        )

        self._token = token.strip() if token else None
        self.api_url = _check_api_url(api_url)
        self.timeout = float(timeout)
        self.cache_dir = cache_dir if cache_dir is not None else launchpad_home() / "github-cache"
        self._stats: Stats = Stats()
        self._login: str | None = None
        retry = PolicyRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            backoff_factor=backoff,
            backoff_max=max(backoff * 8, 1.0),
            status_forcelist=list(RETRIED_STATUSES),
            raise_on_status=False,
            respect_retry_after_header=True,
            max_rate_limit_wait=max_rate_limit_wait,
        )
        self._gh = github.Github(
            base_url=self.api_url,
            auth=github.Auth.Token(self._token) if self._token else None,
            timeout=max(1, math.ceil(self.timeout)),
            retry=retry,
            per_page=100,
            user_agent=USER_AGENT,
            seconds_between_requests=None,
            seconds_between_writes=min_write_interval or None,
        )
        install_connection_class(
            self._gh.requester,
            connection_class(
                urllib.parse.urlsplit(self.api_url).scheme,
                stats=self._stats,
                cache=DiskCache(self.cache_dir),
                token=self._token,
                timeout=self.timeout,
                cache_ttl=cache_ttl,
            ),
        )

    @classmethod
    def from_env(cls, api_url: str | None = None, *, cache_dir: Path | None = None) -> GitHub:
        """Token from the environment; API URL: argument, ``GITHUB_API_URL``, github.com."""
        url = api_url or os.environ.get(API_URL_VARIABLE, "").strip() or DEFAULT_API_URL
        return cls(token_from_env(), api_url=url, cache_dir=cache_dir)

    def __repr__(self) -> str:  # never show the token
        return f"GitHub(api_url={self.api_url!r}, token={'set' if self._token else 'unset'})"

    def __enter__(self) -> GitHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._gh.close()

    # -- accounting -------------------------------------------------------------------

    @property
    def request_count(self) -> int:
        """HTTP requests actually sent (every attempt, 304s included; disk hits excluded)."""
        return self._stats.requests

    @property
    def not_modified_count(self) -> int:
        """Requests GitHub answered ``304 Not Modified`` (served from disk, not charged)."""
        return self._stats.not_modified

    @property
    def cache_hit_count(self) -> int:
        """Answers served from disk without a request (entries younger than ``cache_ttl``)."""
        return self._stats.cache_hits

    @property
    def pygithub(self) -> github.Github:
        """The underlying PyGithub client, for reads this module does not wrap."""
        return self._gh

    def translate_errors(
        self, what: str = "the request"
    ) -> contextlib.AbstractContextManager[None]:
        """``translate_errors`` with this client's timeout in its messages."""
        return translate_errors(what, timeout=self.timeout, api_url=self.api_url)

    # -- identity ---------------------------------------------------------------------

    def _require_token(self) -> str:
        if not self._token:
            raise AuthError("no GitHub token found", hint=TOKEN_HINT)
        return self._token

    def authenticated_login(self) -> str:
        """The login the token belongs to (AuthError without a token or with a bad one)."""
        self._require_token()
        if self._login is None:
            with self.translate_errors("the token's user (GET /user)"):
                login = self._gh.get_user().login
            if not isinstance(login, str) or not login:
                raise ExternalError("GitHub sent an answer without a login for the token's user")
            self._login = login
        return self._login

    # -- writing ----------------------------------------------------------------------

    def check_new_repository(self, name: str, *, owner: str | None) -> None:
        """Fail now if ``owner/name`` cannot be created: no such organisation, or taken.

        Reads only, so a caller can stop before it writes anything; :meth:`create_repository`
        still handles a name taken in between.
        """
        login = self.authenticated_login()
        target = owner or login
        if owner and owner.lower() != login.lower():
            with self.translate_errors(f"organisation {owner}"):
                self._organisation(owner, login)
        try:
            self.repository(f"{target}/{name}")
        except NotFoundError:
            return
        raise ConflictError(
            f"GitHub repository {target}/{name} already exists",
            hint="choose another name, or delete or rename the existing repository",
        )

    def _organisation(self, owner: str, login: str) -> Any:
        from github.GithubException import UnknownObjectException

        try:
            return self._gh.get_organization(owner)
        except UnknownObjectException as err:
            raise NotFoundError(
                f"GitHub has no organisation {owner!r}",
                hint=f"check the owner, or leave it out to create it under {login}",
            ) from err

    def create_repository(
        self,
        name: str,
        *,
        owner: str | None,
        description: str,
        private: bool,
        topics: Sequence[str],
        homepage: str | None,
    ) -> CreatedRepository:
        """Create ``owner/name`` (the token's own account when ``owner`` is None or its login).

        A name that already exists is a ConflictError; nothing is changed then.
        """
        from github.GithubException import GithubException

        login = self.authenticated_login()
        target = owner or login
        what = f"creating repository {target}/{name}"
        kwargs: dict[str, Any] = {"description": description, "private": private}
        if homepage:
            kwargs["homepage"] = homepage
        with self.translate_errors(what):
            if owner is None or owner.lower() == login.lower():
                account: Any = self._gh.get_user()
            else:
                account = self._organisation(owner, login)
            sent_before = self.request_count
            try:
                repo = account.create_repo(name, **kwargs)
            except GithubException as err:
                if err.status != 422 or "already exists" not in github_message(err):
                    raise
                retried = self.request_count - sent_before > 1
                repo = self._just_created(f"{target}/{name}") if retried else None
                if repo is None:
                    raise ConflictError(
                        f"GitHub repository {target}/{name} already exists",
                        hint="choose another name, or delete or rename the existing repository",
                    ) from err
        if topics:
            with self.translate_errors(f"setting the topics of {repo.full_name}"):
                repo.replace_topics([str(topic) for topic in topics])
        return CreatedRepository(
            full_name=repo.full_name,
            html_url=repo.html_url,
            clone_url=repo.clone_url,
            default_branch=repo.default_branch or "main",
        )

    def enable_pages(self, full_name: str) -> bool:
        """Turn on GitHub Pages deployed by Actions; False when it already was on (409).

        A plan or visibility without Pages (422, 404 or 403) raises, translated.
        """
        from github.GithubException import GithubException

        path = f"/repos/{_check_full_name(full_name)}/pages"
        with self.translate_errors(f"enabling GitHub Pages for {full_name}"):
            try:
                self._gh.requester.requestJsonAndCheck(
                    "POST", path, input={"build_type": "workflow"}
                )
            except GithubException as err:
                if err.status != 409:
                    raise
                return False
        return True

    def _just_created(self, full_name: str) -> Any | None:
        """The repository our own earlier, failed-looking attempt created, if it is that.

        When GitHub answers a create with 5xx after creating it, the retry is told
        "already exists". An empty repository created in the last few minutes is ours.
        """
        repo = self._gh.get_repo(full_name)
        age = datetime.now(timezone.utc) - repo.created_at.astimezone(timezone.utc)
        if repo.size == 0 and age < timedelta(minutes=RECENT_CREATE_MINUTES):
            log.info("%s was created by an attempt that seemed to fail; using it", full_name)
            return repo
        return None

    def push(self, repo_path: Path, clone_url: str, *, branch: str = "main") -> None:
        """Push ``branch`` of the local repository to ``clone_url`` and track it as origin.

        The token reaches git only through its environment (``launchpad.git.push``):
        never argv, ``.git/config``, logs or error messages. The remote URL stored as
        ``origin`` has no credentials.
        """
        from launchpad import git

        git.push(repo_path, clone_url, token=self._require_token(), branch=branch)

    # -- reading ----------------------------------------------------------------------

    def repository(self, full_name: str) -> github.Repository.Repository:
        """The PyGithub repository ``owner/name`` (NotFoundError when missing or hidden)."""
        _check_full_name(full_name)
        with self.translate_errors(f"repository {full_name}"):
            return self._gh.get_repo(full_name)

    def community_profile(self, full_name: str) -> CommunityProfile:
        """Health percentage and which community files GitHub found (cached like any GET)."""
        _check_full_name(full_name)
        with self.translate_errors(f"community profile of {full_name}"):
            _, data = self._gh.requester.requestJsonAndCheck(
                "GET", f"/repos/{full_name}/community/profile"
            )
        if not isinstance(data, dict):
            raise ExternalError(f"GitHub sent an unexpected community profile for {full_name}")
        files = data.get("files") or {}
        return CommunityProfile(
            health_percentage=int(data.get("health_percentage") or 0),
            files={str(key): value is not None for key, value in files.items()},
            description=data.get("description"),
            documentation=data.get("documentation"),
        )

    def discussions_count(self, full_name: str) -> int:
        """How many discussions ``owner/name`` has (GraphQL; 0 when discussions are off)."""
        owner, _, name = _check_full_name(full_name).partition("/")
        query = (
            "query($owner: String!, $name: String!) "
            "{ repository(owner: $owner, name: $name) { discussions { totalCount } } }"
        )
        self._require_token()  # GitHub's GraphQL API refuses anonymous requests
        with self.translate_errors(f"discussions of {full_name}"):
            _, data = self._gh.requester.graphql_query(query, {"owner": owner, "name": name})
        try:
            return int(data["data"]["repository"]["discussions"]["totalCount"])
        except (KeyError, TypeError, ValueError) as err:
            raise ExternalError(
                f"GitHub sent an unexpected answer for discussions of {full_name}"
            ) from err


def _check_full_name(full_name: str) -> str:
    if not is_full_name(full_name):
        raise InputError(f"{full_name!r} is not a GitHub repository name", hint="use OWNER/NAME")
    return full_name


def _check_api_url(api_url: str) -> str:
    url = api_url.strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(
            f"{api_url!r} is not a GitHub API URL",
            hint="use https://api.github.com or https://HOST/api/v3 for GitHub Enterprise",
        )
    if parts.username or parts.password:
        raise InputError("the GitHub API URL must not contain credentials", hint=TOKEN_HINT)
    return url
