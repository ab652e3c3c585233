"""A fake GitHub: the REST v3 endpoints launchpad uses, over real HTTP on 127.0.0.1.

It behaves like github.com where launchpad's behaviour depends on it: token auth,
``Link`` pagination honouring ``per_page``/``page``, ``x-ratelimit-*`` headers with a
primary rate limit that really runs out, ETags with ``304 Not Modified`` (not charged
against the rate limit, like GitHub) next to GitHub's ``Cache-Control: private,
max-age=60``, gzip-compressed answers on request (``compress``), and injectable faults.
Repositories created through the API are real bare git repositories, served for clone
and push over git's smart HTTP protocol by ``git http-backend`` with the same token auth.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.fakegithub.model import (
    FakeCommunity,
    FakeIssue,
    FakeLabel,
    FakeRepo,
    FakeUser,
)
from tests.fakegithub.payloads import Urls

API_PREFIX = "/api/v3"
GRAPHQL_PATH = "/api/graphql"
GIT_PREFIX = "/git"
STAR_MEDIA_TYPE = "star+json"  # application/vnd.github[.v3].star+json
DOCS = "https://docs.github.com/rest"
RATE_LIMIT_MESSAGE = (
    "API rate limit exceeded for user ID {id}. If you reach out to GitHub Support for help, "
    "please include the request ID 0000:1111:2222:3333."
)
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)
NAME_RE = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


@dataclass
class Request:
    """One request as the server saw it (headers with lower-case names)."""

    method: str
    path: str  # the full path, e.g. /api/v3/repos/o/r or /git/o/r.git/info/refs
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0  # the status answered (0 for a simulated timeout)

    @property
    def api_path(self) -> str | None:
        """The path below the REST root (``/repos/o/r``), or None for other requests."""
        if self.path.startswith(API_PREFIX + "/"):
            return self.path[len(API_PREFIX) :]
        return None


@dataclass
class Fault:
    kind: int | str
    count: int
    path_prefix: str | None
    headers: dict[str, str]
    reset_in: float
    after: bool = False


class HttpError(Exception):
    def __init__(
        self, status: int, message: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "documentation_url": DOCS} | extra
        self.body["status"] = str(status)
        self.headers = headers or {}


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent as is instead of JSON (faults, git)
    short: int = 0  # announce this many bytes more than are sent, then hang up (a fault)


Handler = Callable[["Call"], Reply]


@dataclass
class Call:
    """What a route handler gets: the parsed request and its path parameters."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str]
    login: str | None  # the authenticated user, None when anonymous

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError as err:
            raise HttpError(400, "Problems parsing JSON") from err
        if not isinstance(data, dict):
            raise HttpError(400, "Problems parsing JSON")
        return data


class FakeGitHub:
    """The server and the data it serves; start with ``start()`` or use as a context manager."""

    def __init__(self, root: Path, *, login: str = "octo-tester", token: str | None = None) -> None:
        self.root = root
        self.git_root = root / "git"
        self.git_root.mkdir(parents=True, exist_ok=True)
        self.login = login
        self.token = token or "ghp_fake" + hashlib.sha256(str(root).encode()).hexdigest()[:32]
        self.users: dict[str, FakeUser] = {}
        self.repos: dict[str, FakeRepo] = {}
        self.requests: list[Request] = []
        self.rate_limit = 5000
        self.rate_remaining = 5000
        self.rate_reset = time.time() + 3600
        self.timeout_delay = 2.0  # how long a "timeout" fault stalls before hanging up
        self.compress = False  # gzip JSON answers to clients that accept it, like GitHub
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.urls = Urls("", "", "")
        self.add_user(login, name="Octo Tester")
        self._routes = self._build_routes()

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        fake = self

        class _Handler(_RequestHandler):
            server_fake = fake

        self._server = _Server(("127.0.0.1", 0), _Handler)
        port = self._server.server_address[1]
        web = f"http://127.0.0.1:{port}"
        self.urls = Urls(api=web + API_PREFIX, web=web, git=web + GIT_PREFIX)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        return self.urls.api

    @property
    def web_url(self) -> str:
        return self.urls.web

    # -- test-side data ------------------------------------------------------------------

    def add_user(self, login: str, name: str | None = None) -> FakeUser:
        user = FakeUser(login, name=name)
        self.users[login] = user
        return user

    def add_org(self, login: str, name: str | None = None) -> FakeUser:
        org = FakeUser(login, name=name, type="Organization")
        self.users[login] = org
        return org

    def add_repo(
        self,
        full_name: str,
        *,
        description: str = "",
        topics: Sequence[str] = (),
        homepage: str | None = None,
        stars: int = 0,
        forks: int = 0,
        private: bool = False,
        created_at: datetime | None = None,
        **fields: Any,
    ) -> FakeRepo:
        """Add a repository to serve; ``fields`` are any other FakeRepo fields."""
        owner, name = full_name.split("/", 1)
        if owner not in self.users:
            self.add_user(owner)
        repo = FakeRepo(
            owner,
            name,
            description=description,
            topics=list(topics),
            homepage=homepage,
            stars=stars,
            forks=forks,
            private=private,
            **({"created_at": created_at} if created_at else {}),
            **fields,
        )
        self.repos[full_name.lower()] = repo
        return repo

    def repo(self, full_name: str) -> FakeRepo:
        return self.repos[full_name.lower()]

    def bare_repo_path(self, full_name: str) -> Path:
        """The bare git repository behind a repository created through the API."""
        repo = self.repo(full_name)
        return self.git_root / repo.owner / f"{repo.name}.git"

    def fail_next(
        self,
        status: int | str,
        *,
        count: int = 1,
        path_prefix: str | None = None,
        headers: dict[str, str] | None = None,
        reset_in: float = 3600.0,
        after: bool = False,
    ) -> None:
        """Answer the next ``count`` matching API requests with a fault.

        ``status``: an HTTP status (500, 502, 503, 403 = primary rate limit, 429 =
        secondary rate limit with Retry-After; any other 4xx/5xx with GitHub's error
        body), ``"timeout"`` (stall past the client's timeout, then hang up),
        ``"malformed"`` (200 with a broken JSON body), ``"truncated"`` (200 announcing
        more bytes than it sends, then hanging up), ``"html"`` (200 with an HTML page, as a
        captive portal or a proxy's error page sends) or ``"redirect-loop"`` (302 back to
        the same URL, for ever).
        ``path_prefix`` is matched against the path below the REST root (``/repos/o/r``).
        ``after``: carry the request out first, then answer with the fault (GitHub
        sometimes fails after it has acted, e.g. created the repository).
        """
        fault = Fault(status, count, path_prefix, dict(headers or {}), reset_in, after)
        with self._lock:
            self._faults.append(fault)

    def set_rate_limit(self, remaining: int, reset_in: float) -> None:
        """Set the primary rate limit: ``remaining`` requests until ``reset_in`` seconds."""
        with self._lock:
            self.rate_remaining = remaining
            self.rate_reset = time.time() + reset_in

    def api_requests(self, prefix: str = "") -> list[Request]:
        """Logged REST requests whose path below the REST root starts with ``prefix``."""
        with self._lock:
            return [r for r in self.requests if (r.api_path or "\0").startswith(prefix)]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- dispatch --------------------------------------------------------------------------

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path_prefix is None or path.startswith(fault.path_prefix):
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _rate_headers(self) -> dict[str, str]:
        with self._lock:
            return {
                "x-ratelimit-limit": str(self.rate_limit),
                "x-ratelimit-remaining": str(max(self.rate_remaining, 0)),
                "x-ratelimit-reset": str(int(self.rate_reset)),
                "x-ratelimit-used": str(self.rate_limit - max(self.rate_remaining, 0)),
                "x-ratelimit-resource": "core",
            }

    def _charge(self) -> None:
        with self._lock:
            self.rate_remaining -= 1

    def _rate_exhausted(self) -> bool:
        with self._lock:
            if time.time() >= self.rate_reset:
                self.rate_remaining = self.rate_limit
                self.rate_reset = time.time() + 3600
            return self.rate_remaining <= 0

    def _fault_reply(self, fault: Fault) -> Reply | None:
        """The reply for an injected fault (None for a timeout: hang up instead)."""
        kind = fault.kind
        if kind == "timeout":
            return None
        if kind == "malformed":
            return Reply(200, raw=b'{"login": "broken", "id": 12', headers=fault.headers)
        if kind == "truncated":
            # The announced length is the full body's; the connection closes half-way.
            return Reply(200, raw=b'[{"id": 1, "name": "trunc', headers=fault.headers, short=200)
        if kind == "html":
            page = b"<!DOCTYPE html><html><body><h1>Sign in to the network</h1></body></html>"
            headers = {"content-type": "text/html; charset=utf-8"} | fault.headers
            return Reply(200, raw=page, headers=headers)
        if kind == 403:
            user = self.users[self.login]
            reset = str(int(time.time() + fault.reset_in))
            headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset} | fault.headers
            err = HttpError(403, RATE_LIMIT_MESSAGE.format(id=user.id), headers=headers)
            return Reply(403, err.body, err.headers)
        if kind == 429:
            headers = {"retry-after": "1"} | fault.headers
            err = HttpError(429, SECONDARY_MESSAGE, headers=headers)
            return Reply(429, err.body, err.headers)
        if isinstance(kind, int):
            message = "Server Error" if kind >= 500 else "Injected error"
            return Reply(kind, {"message": message}, dict(fault.headers))
        raise ValueError(f"unknown fault {kind!r}")

    def handle_api(self, call: Call) -> Reply | None:
        """Answer one REST or GraphQL request (None: simulate a timeout)."""
        api_path = call.path[len(API_PREFIX) :] if call.path.startswith(API_PREFIX) else call.path
        fault = self._take_fault(api_path)
        if fault is not None:
            if fault.after:
                with contextlib.suppress(HttpError):
                    self._dispatch(call, api_path)
            if fault.kind == "timeout":
                time.sleep(self.timeout_delay)
                return None
            if fault.kind == "redirect-loop":
                query = urllib.parse.urlencode(call.query)
                here = self.urls.web + call.path + (f"?{query}" if query else "")
                headers = {"location": here, "content-type": "text/html"} | fault.headers
                # Every later request to this path loops too, as a misconfigured proxy does.
                self.fail_next("redirect-loop", count=1, path_prefix=api_path.split("?")[0])
                return Reply(302, raw=b"", headers=self._rate_headers() | headers)
            reply = self._fault_reply(fault)
            assert reply is not None
            reply.headers = self._rate_headers() | reply.headers
            return reply
        try:
            reply = self._dispatch(call, api_path)
        except HttpError as err:
            reply = Reply(err.status, err.body, err.headers)
        if reply.status == 403 and "rate limit" in str((reply.body or {}).get("message", "")):
            return Reply(reply.status, reply.body, self._rate_headers() | reply.headers)
        if call.method == "GET" and reply.status == 200 and reply.raw is None:
            body = _dumps(reply.body)
            etag = 'W/"' + hashlib.sha256(body).hexdigest()[:40] + '"'
            reply.headers["etag"] = etag
            # What GitHub sends: a client may reuse an answer for 60 s without asking.
            scope = "private" if call.login else "public"
            reply.headers["cache-control"] = f"{scope}, max-age=60, s-maxage=60"
            if etag in call.headers.get("if-none-match", ""):
                # GitHub does not charge a conditional request answered with 304.
                return Reply(304, raw=b"", headers=self._rate_headers() | {"etag": etag})
            reply.raw = body
        self._charge()
        reply.headers = self._rate_headers() | reply.headers
        return reply

    def _dispatch(self, call: Call, api_path: str) -> Reply:
        if call.login is None and (call.method != "GET" or api_path == "/user"):
            raise HttpError(401, "Requires authentication")
        if self._rate_exhausted():
            user = self.users[self.login]
            raise HttpError(403, RATE_LIMIT_MESSAGE.format(id=user.id))
        handler, params = self._route(call.method, call.path)
        call.params = params
        return handler(call)

    def _route(self, method: str, path: str) -> tuple[Handler, dict[str, str]]:
        for verb, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match and verb == method:
                return handler, {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
        raise HttpError(404, "Not Found")

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Handler]]:
        repo = API_PREFIX + r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
        table: list[tuple[str, str, Handler]] = [
            ("GET", API_PREFIX + "/user", self._get_user),
            ("GET", API_PREFIX + r"/users/(?P<login>[^/]+)", self._get_named_user),
            ("GET", API_PREFIX + r"/orgs/(?P<org>[^/]+)", self._get_org),
            ("GET", API_PREFIX + "/rate_limit", self._get_rate_limit),
            ("POST", API_PREFIX + "/user/repos", self._create_user_repo),
            ("POST", API_PREFIX + r"/orgs/(?P<org>[^/]+)/repos", self._create_org_repo),
            ("GET", repo, self._get_repo),
            ("PATCH", repo, self._patch_repo),
            ("GET", repo + "/topics", self._get_topics),
            ("PUT", repo + "/topics", self._put_topics),
            ("GET", repo + "/releases", self._list_releases),
            ("GET", repo + "/tags", self._list_tags),
            ("GET", repo + "/contributors", self._list_contributors),
            ("GET", repo + "/stargazers", self._list_stargazers),
            ("GET", repo + "/forks", self._list_forks),
            ("GET", repo + "/issues", self._list_issues),
            ("GET", repo + r"/issues/(?P<number>\d+)", self._get_issue),
            ("GET", repo + r"/issues/(?P<number>\d+)/comments", self._list_comments),
            ("GET", repo + "/pulls", self._list_pulls),
            ("GET", repo + r"/pulls/(?P<number>\d+)", self._get_pull),
            ("GET", repo + "/actions/runs", self._list_runs),
            ("GET", repo + "/community/profile", self._get_community),
            ("GET", repo + "/labels", self._list_labels),
            ("GET", repo + "/readme", self._get_readme),
            ("GET", repo + "/license", self._get_license),
            ("POST", repo + "/pages", self._create_pages),
            ("POST", GRAPHQL_PATH, self._graphql),
        ]
        return [(verb, re.compile(path), handler) for verb, path, handler in table]

    # -- endpoint helpers ------------------------------------------------------------------

    def _repo_of(self, call: Call) -> FakeRepo:
        repo = self.repos.get(f"{call.params['owner']}/{call.params['name']}".lower())
        if repo is None or (repo.private and call.login is None):
            raise HttpError(404, "Not Found")
        return repo

    def _repo_json(self, repo: FakeRepo) -> dict[str, Any]:
        return self.urls.repo(repo, self.users)

    def _paginate(self, call: Call, items: list[Any]) -> tuple[list[Any], dict[str, str]]:
        """One page of ``items`` and GitHub's ``Link`` header for the others."""
        try:
            per_page = min(max(int(call.query.get("per_page", 30)), 1), 100)
            page = max(int(call.query.get("page", 1)), 1)
        except ValueError as err:
            raise HttpError(422, "Invalid page parameters") from err
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]

        def link(number: int, rel: str) -> str:
            query = dict(call.query) | {"page": str(number)}
            url = f"{self.urls.web}{call.path}?{urllib.parse.urlencode(query)}"
            return f'<{url}>; rel="{rel}"'

        links = []
        if page > 1:
            links += [link(page - 1, "prev"), link(1, "first")]
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        return chunk, ({"link": ", ".join(links)} if links else {})

    def _page(self, call: Call, items: list[Any]) -> Reply:
        chunk, headers = self._paginate(call, items)
        return Reply(200, chunk, headers)

    # -- endpoints ---------------------------------------------------------------------------

    def _get_user(self, call: Call) -> Reply:
        assert call.login is not None
        user = self.users[call.login]
        return Reply(200, self.urls.full_user(user, authenticated=True), {"x-oauth-scopes": "repo"})

    def _get_named_user(self, call: Call) -> Reply:
        user = self.users.get(call.params["login"])
        if user is None:
            raise HttpError(404, "Not Found")
        if user.type == "Organization":
            return Reply(200, self.urls.org(user))
        return Reply(200, self.urls.full_user(user))

    def _get_org(self, call: Call) -> Reply:
        org = self.users.get(call.params["org"])
        if org is None or org.type != "Organization":
            raise HttpError(404, "Not Found")
        return Reply(200, self.urls.org(org))

    def _get_rate_limit(self, call: Call) -> Reply:
        with self._lock:
            core = {
                "limit": self.rate_limit,
                "remaining": self.rate_remaining,
                "reset": int(self.rate_reset),
                "used": self.rate_limit - self.rate_remaining,
            }
        return Reply(200, {"resources": {"core": core}, "rate": core})

    def _create_user_repo(self, call: Call) -> Reply:
        assert call.login is not None
        return self._create_repo(call.login, call.json())

    def _create_org_repo(self, call: Call) -> Reply:
        org = self.users.get(call.params["org"])
        if org is None or org.type != "Organization":
            raise HttpError(404, "Not Found")
        return self._create_repo(org.login, call.json())

    def _create_repo(self, owner: str, data: dict[str, Any]) -> Reply:
        name = data.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name) or name in {".", ".."}:
            raise HttpError(
                422,
                "Repository creation failed.",
                errors=[
                    {
                        "resource": "Repository",
                        "code": "custom",
                        "field": "name",
                        "message": "name is invalid",
                    }
                ],
            )
        full_name = f"{owner}/{name}"
        with self._lock:
            if full_name.lower() in self.repos:
                raise HttpError(
                    422,
                    "Repository creation failed.",
                    errors=[
                        {
                            "resource": "Repository",
                            "code": "custom",
                            "field": "name",
                            "message": "name already exists on this account",
                        }
                    ],
                )
            repo = self.add_repo(
                full_name,
                description=data.get("description") or "",
                homepage=data.get("homepage") or None,
                private=bool(data.get("private", False)),
                created_at=datetime.now(timezone.utc).replace(microsecond=0),
            )
            repo.language = None
        bare = self.bare_repo_path(full_name)
        bare.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "git",
                "init",
                "--quiet",
                "--bare",
                f"--initial-branch={repo.default_branch}",
                str(bare),
            ],
            check=True,
            env=_git_env(),
            capture_output=True,
        )
        return Reply(201, self._repo_json(repo), {"location": f"{self.urls.api}/repos/{full_name}"})

    def _get_repo(self, call: Call) -> Reply:
        return Reply(200, self._repo_json(self._repo_of(call)))

    def _patch_repo(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        data = call.json()
        for key in ("description", "homepage", "private", "default_branch", "has_discussions"):
            if key in data:
                setattr(repo, key, data[key] if data[key] is not None or key == "homepage" else "")
        return Reply(200, self._repo_json(repo))

    def _get_topics(self, call: Call) -> Reply:
        return Reply(200, {"names": list(self._repo_of(call).topics)})

    def _put_topics(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        names = call.json().get("names")
        if not isinstance(names, list) or not all(
            isinstance(n, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,49}", n) for n in names
        ):
            raise HttpError(
                422, "Validation Failed", errors=[{"field": "names", "code": "invalid"}]
            )
        repo.topics = list(dict.fromkeys(names))
        return Reply(200, {"names": list(repo.topics)})

    def _list_releases(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        items = sorted(repo.releases, key=lambda r: r.created_at, reverse=True)
        return self._page(call, [self.urls.release(repo, r, self.users) for r in items])

    def _list_tags(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        return self._page(call, [self.urls.tag(repo, t.name, t.sha) for t in repo.tags])

    def _list_contributors(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        items = sorted(repo.contributors, key=lambda c: c.contributions, reverse=True)
        return self._page(
            call, [self.urls.contributor(c.login, c.contributions, self.users) for c in items]
        )

    def _list_stargazers(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        # One page is cut first, then only its stars are rendered: 50k stars stay quick.
        stars, headers = self._paginate(call, sorted(repo.stargazers, key=lambda s: s.starred_at))
        if STAR_MEDIA_TYPE in call.headers.get("accept", ""):
            items = [
                {"starred_at": _iso(s.starred_at), "user": self.urls.user(s.login, self.users)}
                for s in stars
            ]
        else:
            items = [self.urls.user(s.login, self.users) for s in stars]
        return Reply(200, items, headers)

    def _list_forks(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        forks = sorted(repo.fork_list, key=lambda f: f.created_at, reverse=True)
        if call.query.get("sort") == "oldest":
            forks.reverse()
        return self._page(
            call, [self.urls.fork(f.full_name, f.created_at, self.users) for f in forks]
        )

    def _filter_issues(self, call: Call, items: list[FakeIssue]) -> list[FakeIssue]:
        state = call.query.get("state", "open")
        if state not in {"open", "closed", "all"}:
            raise HttpError(
                422, "Validation Failed", errors=[{"field": "state", "code": "invalid"}]
            )
        if state != "all":
            items = [i for i in items if i.state == state]
        if "since" in call.query:
            since = _parse_time(call.query["since"])
            items = [i for i in items if i.last_update >= since]
        if "labels" in call.query:
            wanted = set(call.query["labels"].split(","))
            items = [i for i in items if wanted <= set(i.labels)]
        if "creator" in call.query:
            items = [i for i in items if i.author == call.query["creator"]]
        sort = call.query.get("sort", "created")
        keys: dict[str, Callable[[FakeIssue], Any]] = {
            "created": lambda i: i.created_at,
            "updated": lambda i: i.last_update,
            "comments": lambda i: len(i.comments),
            "popularity": lambda i: len(i.comments),
            "long-running": lambda i: i.created_at,
        }
        if sort not in keys:
            raise HttpError(422, "Validation Failed", errors=[{"field": "sort", "code": "invalid"}])
        default_direction = "desc" if sort == "created" or call.path.endswith("/issues") else "asc"
        direction = call.query.get("direction", default_direction)
        return sorted(items, key=keys[sort], reverse=direction == "desc")

    def _list_issues(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        chunk, headers = self._paginate(call, self._filter_issues(call, repo.issues))
        return Reply(200, [self.urls.issue(repo, i, self.users) for i in chunk], headers)

    def _issue_of(self, call: Call, *, pull: bool = False) -> tuple[FakeRepo, FakeIssue]:
        repo = self._repo_of(call)
        number = int(call.params["number"])
        for issue in repo.issues:
            if issue.number == number and (issue.is_pull or not pull):
                return repo, issue
        raise HttpError(404, "Not Found")

    def _get_issue(self, call: Call) -> Reply:
        repo, issue = self._issue_of(call)
        return Reply(200, self.urls.issue(repo, issue, self.users))

    def _list_comments(self, call: Call) -> Reply:
        repo, issue = self._issue_of(call)
        comments = sorted(issue.comments, key=lambda c: c.created_at)
        if "since" in call.query:
            since = _parse_time(call.query["since"])
            comments = [c for c in comments if c.created_at >= since]
        return self._page(call, [self.urls.comment(repo, issue, c, self.users) for c in comments])

    def _list_pulls(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        pulls = self._filter_issues(call, [i for i in repo.issues if i.is_pull])
        repo_json = self._repo_json(repo)
        return self._page(call, [self.urls.pull(repo, p, self.users, repo_json) for p in pulls])

    def _get_pull(self, call: Call) -> Reply:
        repo, issue = self._issue_of(call, pull=True)
        return Reply(
            200, self.urls.pull(repo, issue, self.users, self._repo_json(repo), detail=True)
        )

    def _list_runs(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        runs = sorted(repo.workflow_runs, key=lambda r: r.created_at, reverse=True)
        if "branch" in call.query:
            runs = [r for r in runs if r.head_branch == call.query["branch"]]
        if "event" in call.query:
            runs = [r for r in runs if r.event == call.query["event"]]
        if "status" in call.query:
            status = call.query["status"]
            runs = [r for r in runs if status in {r.status, r.conclusion}]
        if call.query.get("created", "").startswith("<="):  # GitHub's date-range syntax
            day = call.query["created"][2:]
            runs = [r for r in runs if _iso(r.created_at)[:10] <= day]
        chunk, headers = self._paginate(call, runs)
        repo_json = self._repo_json(repo)
        body = {
            "total_count": len(runs),
            "workflow_runs": [self.urls.workflow_run(repo, r, repo_json) for r in chunk],
        }
        return Reply(200, body, headers)

    def _get_community(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        if not isinstance(repo.community, FakeCommunity):
            raise HttpError(404, "Not Found")
        return Reply(200, self.urls.community(repo))

    def _list_labels(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        labels: list[FakeLabel] = repo.labels
        return self._page(call, [self.urls.label(repo, label) for label in labels])

    def _get_readme(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        if repo.readme is None:
            raise HttpError(404, "Not Found")
        return Reply(200, self.urls.content_file(repo, "README.md", repo.readme))

    def _get_license(self, call: Call) -> Reply:
        repo = self._repo_of(call)
        if repo.license_spdx is None:
            raise HttpError(404, "Not Found")
        return Reply(200, self.urls.license_file(repo))

    def _create_pages(self, call: Call) -> Reply:
        """``POST /repos/o/r/pages``: 201 once, 409 after; 422 for private on a free plan."""
        repo = self._repo_of(call)
        build_type = call.json().get("build_type", "legacy")
        if build_type not in ("workflow", "legacy"):
            raise HttpError(422, "Invalid request.", errors=[{"field": "build_type"}])
        owner = self.users.get(repo.owner)
        with self._lock:
            if repo.pages_build_type is not None:
                raise HttpError(409, "GitHub Pages is already enabled.")
            if repo.private and owner is not None and owner.plan == "free":
                raise HttpError(
                    422,
                    "Your current plan does not support GitHub Pages for this repository.",
                )
            repo.pages_build_type = build_type
        site = f"https://{repo.owner.lower()}.github.io/{repo.name}/"
        body = {
            "url": f"{self.urls.api}/repos/{repo.full_name}/pages",
            "status": None,
            "cname": None,
            "custom_404": False,
            "html_url": site,
            "build_type": build_type,
            "source": {"branch": repo.default_branch, "path": "/"},
            "public": not repo.private,
            "https_enforced": True,
        }
        return Reply(201, body)

    def _graphql(self, call: Call) -> Reply:
        """Answers ``repository(owner:, name:) { discussions { totalCount } }`` queries."""
        data = call.json()
        query = str(data.get("query", ""))
        variables = data.get("variables") or {}
        owner = variables.get("owner")
        name = variables.get("name")
        match = re.search(r'repository\(\s*owner:\s*"([^"]+)"\s*,\s*name:\s*"([^"]+)"', query)
        if match:
            owner, name = match.groups()
        repo = self.repos.get(f"{owner}/{name}".lower())
        if "discussions" not in query or repo is None:
            message = f"Could not resolve to a Repository with the name '{owner}/{name}'."
            body = {
                "data": {"repository": None},
                "errors": [{"type": "NOT_FOUND", "path": ["repository"], "message": message}],
            }
            return Reply(200, body)
        count = repo.discussions_count if repo.has_discussions else 0
        return Reply(200, {"data": {"repository": {"discussions": {"totalCount": count}}}})

    # -- git smart HTTP ---------------------------------------------------------------------

    def handle_git(self, call: Call) -> Reply:
        """Serve a bare repository through ``git http-backend``, requiring the token."""
        if call.login is None:
            return Reply(
                401,
                raw=b"Authentication required\n",
                headers={"www-authenticate": 'Basic realm="GitHub"', "content-type": "text/plain"},
            )
        rest = call.path[len(GIT_PREFIX) :]
        match = re.match(r"^/([^/]+)/([^/]+?\.git)(/.*)$", rest)
        if not match or not (self.git_root / match[1] / match[2]).is_dir():
            return Reply(404, raw=b"Repository not found\n", headers={"content-type": "text/plain"})
        env = _git_env() | {
            "GIT_PROJECT_ROOT": str(self.git_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": rest,
            "QUERY_STRING": urllib.parse.urlencode(call.query),
            "REQUEST_METHOD": call.method,
            "CONTENT_TYPE": call.headers.get("content-type", ""),
            "CONTENT_LENGTH": str(len(call.body)),
            "REMOTE_USER": call.login,
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        if "content-encoding" in call.headers:
            env["HTTP_CONTENT_ENCODING"] = call.headers["content-encoding"]
        if "git-protocol" in call.headers:
            env["GIT_PROTOCOL"] = call.headers["git-protocol"]
        result = subprocess.run(
            ["git", "http-backend"],
            input=call.body,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        head, _, body = result.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, body = result.stdout.partition(b"\n\n")
        status = 200
        headers: dict[str, str] = {}
        for line in head.decode("latin-1").splitlines():
            key, _, value = line.partition(":")
            if key.lower() == "status":
                status = int(value.split()[0])
            elif key:
                headers[key.strip().lower()] = value.strip()
        if status == 200 and call.path.endswith("/git-receive-pack"):
            repo = self.repos.get(f"{match[1]}/{match[2][:-4]}".lower())
            if repo is not None:
                repo.pushed_at = datetime.now(timezone.utc).replace(microsecond=0)
        return Reply(status, raw=body, headers=headers)

    def authenticate(self, headers: dict[str, str]) -> tuple[str | None, bool]:
        """(login, ok): who the Authorization header names; ok False for a bad token."""
        value = headers.get("authorization", "")
        if not value:
            return None, True
        scheme, _, credential = value.partition(" ")
        token = credential.strip()
        if scheme.lower() == "basic":
            try:
                token = base64.b64decode(token).decode().partition(":")[2]
            except (ValueError, UnicodeDecodeError):
                return None, False
        elif scheme.lower() not in {"token", "bearer"}:
            return None, False
        if token and token == self.token:
            return self.login, True
        return None, False

    def log(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (after their own timeout) are normal here, not errors."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    server_fake: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the fake keeps its own request log."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        fake = self.server_fake
        parsed = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in self.headers.items()}
        record = Request(self.command, parsed.path, query, headers)
        fake.log(record)
        body = self._read_body()
        login, ok = fake.authenticate(headers)
        call = Call(self.command, parsed.path, query, headers, body, {}, login)
        if parsed.path.startswith(GIT_PREFIX + "/"):
            reply: Reply | None = fake.handle_git(call)
        elif not ok:
            err = HttpError(401, "Bad credentials")
            reply = Reply(401, err.body, fake._rate_headers())
        else:
            reply = fake.handle_api(call)
        if reply is None:  # simulated timeout: stall, then hang up without an answer
            self.close_connection = True
            return
        record.status = reply.status
        payload = reply.raw if reply.raw is not None else _dumps(reply.body)
        self.send_response(reply.status)
        headers_out = {
            "content-type": "application/json; charset=utf-8",
            "server": "fakegithub",
            "x-github-media-type": "github.v3; format=json",
            "x-github-request-id": f"FAKE:{len(fake.requests)}",
            "vary": "Accept, Authorization, Cookie, X-GitHub-OTP",
        } | reply.headers
        if reply.status == 304:
            headers_out.pop("content-type", None)
        elif (
            fake.compress
            and payload
            and "gzip" in headers.get("accept-encoding", "")
            and not parsed.path.startswith(GIT_PREFIX + "/")
        ):
            payload = gzip.compress(payload)
            headers_out["content-encoding"] = "gzip"
        for key, value in headers_out.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload) + reply.short))
        self.end_headers()
        if reply.short:
            self.wfile.write(payload)
            self.wfile.flush()
            self.close_connection = True
            return
        if self.command != "HEAD":
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise HttpError(
            422, "Validation Failed", errors=[{"field": "since", "code": "invalid"}]
        ) from err


def _git_env() -> dict[str, str]:
    """A clean environment for the server's own git processes."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "HOME": os.devnull,
    }


__all__ = ["FakeGitHub", "Fault", "Request"]
