"""How launchpad's GitHub requests travel: retries, rate-limit policy, cache, counting.

PyGithub sends every request through a ``requests`` session owned by its connection
class, with a ``urllib3`` ``Retry`` object (PyGithub's ``GithubRetry``) mounted on the
session's adapter. launchpad keeps all of that and adds, for one ``Github`` instance only:

- ``PolicyRetry`` (a ``GithubRetry``): 5xx and timeouts are retried with exponential
  backoff; rate limits (403/429) are waited out only when the wait is short, otherwise
  ``RateLimitExceededExceedsMaxWait`` is raised at once; a POST is not re-sent after a
  read timeout (it may have been carried out).
- ``CachingAdapter`` (cachecontrol's ``CacheControlAdapter``, a ``requests``
  ``HTTPAdapter``): conditional GETs against the disk cache (``launchpad.github.cache``),
  and a count of every HTTP request that really goes out (one per attempt, counted where
  urllib3 writes the request, so retries and 304s count, and answers served from the
  disk cache do not). It also refuses answers PyGithub would choke on: an HTML page
  where JSON belongs (a captive portal, a proxy's error page) and redirects, which it
  follows itself on the same host (a renamed repository) up to ``MAX_REDIRECTS`` hops
  and refuses beyond (a loop) or to another host (the token must not travel there).
  Both raise :class:`UnexpectedAnswer`, which ``launchpad.github.errors`` reports.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any

import requests
from cachecontrol.adapter import CacheControlAdapter
from github.GithubException import GithubException, RateLimitExceededExceedsMaxWait
from github.GithubRetry import GithubRetry
from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass
from urllib3 import HTTPResponse
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import ConnectionPool, HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from launchpad.github.cache import DiskCache, GitHubCacheController

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH"})
RETRIED_STATUSES = (429, 500, 502, 503, 504)


class UnexpectedAnswer(requests.RequestException):
    """GitHub (or something in between) answered with what is not an API answer."""


@dataclass
class Stats:
    """Request accounting shared by everything one ``GitHub`` instance sends."""

    requests: int = 0  # HTTP requests written to the network (every attempt)
    not_modified: int = 0  # of which answered 304 and served from the cache
    cache_hits: int = 0  # answers served from disk without any request (fresh entries)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, name: str) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + 1)


def _lower(headers: Any) -> dict[str, str]:
    return {str(key).lower(): str(value).strip() for key, value in dict(headers or {}).items()}


def retry_after(headers: Any, *, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    text = _lower(headers).get("retry-after")
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError):
        return None
    return max(moment - (time.time() if now is None else now), 0.0)


def wait_from_headers(headers: Any, *, now: float | None = None) -> float | None:
    """Seconds GitHub asks us to wait: ``Retry-After``, else a spent primary limit's reset."""
    now = time.time() if now is None else now
    explicit = retry_after(headers, now=now)
    if explicit is not None:
        return explicit
    lower = _lower(headers)
    reset = lower.get("x-ratelimit-reset", "")
    if lower.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(int(reset) - now, 0.0) + 1.0
    return None


def reset_time(headers: Any, wait: float | None = None) -> datetime:
    """When a rate limit lifts, from the headers (or ``wait`` seconds from now)."""
    seconds = wait_from_headers(headers)
    if seconds is None:
        seconds = wait if wait is not None else 60.0
    return datetime.fromtimestamp(time.time() + seconds, tz=timezone.utc).replace(microsecond=0)


class PolicyRetry(GithubRetry):
    """``GithubRetry`` with launchpad's policy: never sleep long, never re-send a POST blind.

    ``GithubRetry`` already caps the primary rate-limit wait (``max_rate_limit_wait``)
    for 403 answers whose body says so. This adds the same cap to ``Retry-After`` (which
    urllib3 would otherwise sleep out, however long) and to 429 answers, which GitHub
    also uses for rate limits.
    """

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Retry:
        if (
            error is not None
            and (method or "").upper() not in IDEMPOTENT_METHODS
            and isinstance(error, (ReadTimeoutError, ProtocolError))
        ):
            # The server may have acted on it (created the repository): do not repeat it.
            raise error
        limit = self.max_rate_limit_wait
        if response is not None and response.status not in (403, 429):
            # urllib3 sleeps out any Retry-After (a 503 may send one): cap it too.
            wait = retry_after(response.headers)
            if wait is not None and limit is not None and wait > limit:
                raise GithubException(
                    response.status,
                    {"message": f"asked to retry after {wait:.0f} s"},
                    dict(response.headers),
                )
        if response is not None and response.status in (403, 429):
            wait = wait_from_headers(response.headers)
            if response.status == 429 and wait is None:
                wait = self.secondary_rate_wait
            if wait is not None and limit is not None and wait > limit:
                raise RateLimitExceededExceedsMaxWait(
                    response.status,
                    {"message": "rate limited"},
                    dict(response.headers),
                    wait=wait,
                )
            if response.status == 429:
                retry = super().increment(method, url, response, error, _pool, _stacktrace)
                backoff = max(wait or 0.0, retry.get_backoff_time())

                def get_backoff_time() -> float:
                    return backoff

                retry.get_backoff_time = get_backoff_time  # type: ignore[method-assign]
                return retry
        return super().increment(method, url, response, error, _pool, _stacktrace)


def _counting_pools(stats: Stats) -> dict[str, type[HTTPConnectionPool]]:
    """Connection-pool classes whose connections count each request they write."""

    class CountingHTTPConnection(HTTPConnection):
        def request(self, *args: Any, **kwargs: Any) -> None:
            super().request(*args, **kwargs)  # connects first: a refused connection sends nothing
            stats.add("requests")

    class CountingHTTPSConnection(HTTPSConnection):
        def request(self, *args: Any, **kwargs: Any) -> None:
            super().request(*args, **kwargs)  # connects first: a refused connection sends nothing
            stats.add("requests")

    class CountingHTTPConnectionPool(HTTPConnectionPool):
        ConnectionCls = CountingHTTPConnection

    class CountingHTTPSConnectionPool(HTTPSConnectionPool):
        ConnectionCls = CountingHTTPSConnection

    return {"http": CountingHTTPConnectionPool, "https": CountingHTTPSConnectionPool}


class CachingAdapter(CacheControlAdapter):
    """cachecontrol's adapter with launchpad's cache rules, counting what it does.

    ``request_count`` is counted by the connection pools (``_counting_pools``), so a
    revalidation is one request and a fresh hit none; this adds the 304s and hits.
    """

    # A write makes what is stored for its URL stale; POST too (cachecontrol skips it).
    invalidating_methods = {"POST", "PUT", "PATCH", "DELETE"}  # noqa: RUF012 - as the base

    def __init__(
        self,
        *,
        stats: Stats,
        cache: DiskCache,
        token: str | None,
        cache_ttl: float = 0.0,
        **kwargs: Any,
    ) -> None:
        self._stats = stats  # before HTTPAdapter's __init__, which builds the pools
        super().__init__(cache=cache, **kwargs)
        self.controller = GitHubCacheController(cache, token=token, cache_ttl=cache_ttl)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _counting_pools(self._stats)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _counting_pools(self._stats)
        return manager

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:
        if (request.method or "").upper() in self.invalidating_methods and request.url:
            # Before sending: a write that fails may still have been carried out.
            self.cache.delete(self.controller.cache_url(request.url))
        origin = urllib.parse.urlsplit(request.url or "").netloc
        for _ in range(MAX_REDIRECTS + 1):
            response = super().send(request, *args, **kwargs)
            if response.status_code not in REDIRECT_STATUSES:
                if not kwargs.get("stream"):
                    _check_is_api_answer(response)
                return response
            location = response.headers.get("location")
            if not location:
                raise UnexpectedAnswer(f"a redirect (HTTP {response.status_code}) to nowhere")
            target = urllib.parse.urljoin(request.url or "", location)
            if urllib.parse.urlsplit(target).netloc != origin:
                host = urllib.parse.urlsplit(target).netloc
                raise UnexpectedAnswer(f"a redirect to another host ({host})")
            request = request.copy()
            request.url = target
        raise UnexpectedAnswer(f"redirects in a loop (more than {MAX_REDIRECTS})")

    def build_response(
        self,
        request: requests.PreparedRequest,
        response: HTTPResponse,
        from_cache: bool = False,
        cacheable_methods: Collection[str] | None = None,
    ) -> requests.Response:
        revalidated = not from_cache and response.status == 304
        built = super().build_response(request, response, from_cache, cacheable_methods)
        if from_cache:
            self._stats.add("cache_hits")
        elif revalidated and getattr(built, "from_cache", False):
            self._stats.add("not_modified")
        return built


def _check_is_api_answer(response: requests.Response) -> None:
    """Raise when a successful answer carries a web page instead of the API's JSON."""
    if not 200 <= response.status_code < 300 or response.status_code == 204:
        return
    kind = response.headers.get("content-type", "").lower()
    if "html" in kind or response.content.lstrip()[:1] == b"<":
        raise UnexpectedAnswer(f"a web page ({kind or 'no content type'}) instead of JSON")


def connection_class(
    scheme: str,
    *,
    stats: Stats,
    cache: DiskCache,
    token: str | None,
    timeout: float,
    cache_ttl: float,
) -> type[HTTPRequestsConnectionClass] | type[HTTPSRequestsConnectionClass]:
    """PyGithub's connection class for ``scheme`` with launchpad's adapter mounted.

    The class is made for one ``GitHub`` instance (it closes over its cache and counter)
    and installed on that instance's ``Requester`` only, so other PyGithub users in the
    same process are unaffected.
    """
    base: Any = HTTPSRequestsConnectionClass if scheme == "https" else HTTPRequestsConnectionClass

    class LaunchpadConnection(base):  # type: ignore[misc]
        def __init__(self, host: str, port: int | None = None, **kwargs: Any) -> None:
            super().__init__(host, port, **kwargs)
            self.timeout = timeout  # PyGithub only takes whole seconds
            self.adapter = CachingAdapter(
                stats=stats,
                cache=cache,
                token=token,
                cache_ttl=cache_ttl,
                max_retries=self.retry,
                pool_connections=self.pool_size,
                pool_maxsize=self.pool_size,
            )
            self.session.mount(f"{self.protocol}://", self.adapter)

    return LaunchpadConnection
