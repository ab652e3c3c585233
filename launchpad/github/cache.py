"""The conditional-request disk cache for GitHub GET answers, on cachecontrol.

GitHub answers a conditional GET (``If-None-Match``) with ``304 Not Modified`` when
nothing changed, and such answers do not count against the rate limit. cachecontrol
does the HTTP part (stores answers with their validators, sends the conditional headers,
turns a 304 into the stored answer and refreshes it); this module sets launchpad's
policy on top of it:

- **Freshness is launchpad's, not GitHub's.** GitHub marks answers ``Cache-Control:
  private, max-age=60``; an entry is served without asking GitHub only while it is
  younger than the client's ``cache_ttl`` (0 by default: every read revalidates).
- **Nothing secret on disk.** Only a short list of response headers is kept (no
  rate-limit headers, no request headers); ``Vary: Authorization`` is not recorded, so
  the token is not either; an answer whose body contains the token is not stored.
- **Only sound answers.** A 200 is stored only with a validator and a JSON body.
- **Disk.** One file per URL, named by a hash of it, written atomically and fsynced; an
  unreadable entry is a miss, and a folder that cannot be written only disables caching.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import weakref
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cachecontrol.cache import BaseCache
from cachecontrol.controller import CacheController
from cachecontrol.serialize import Serializer
from urllib3 import HTTPResponse
from urllib3.exceptions import DecodeError

from launchpad.atomicfile import atomic_write_bytes

if TYPE_CHECKING:
    from requests import PreparedRequest

__all__ = ["DiskCache", "GitHubCacheController", "GitHubSerializer"]

log = logging.getLogger(__name__)

# Response headers worth replaying from disk; rate-limit headers come from the live 304.
# ``date`` dates the entry for ``cache_ttl``; ``content-encoding`` decodes the stored body.
KEPT_HEADERS = frozenset(
    {
        "cache-control",
        "content-encoding",
        "content-type",
        "date",
        "etag",
        "last-modified",
        "link",
        "vary",
        "x-github-media-type",
    }
)
# Request headers GitHub varies on that carry credentials: never written to disk.
SECRET_VARY = frozenset({"authorization", "cookie", "x-github-otp"})


class DiskCache(BaseCache):
    """cachecontrol's store as files under ``root``, one per key, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` (a URL) lives: a hash, never the URL itself."""
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.root / digest[:2] / digest

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def set(
        self,
        key: str,
        value: bytes,
        expires: int | datetime | None = None,  # noqa: ARG002 - kept until replaced
    ) -> None:
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, value)
        except OSError as err:
            log.debug("cannot write the GitHub cache at %s: %s", self.root, err.strerror)

    def delete(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self.path(key).unlink()


class GitHubSerializer(Serializer):
    """cachecontrol's format, holding only the headers in ``KEPT_HEADERS``."""

    def serialize(self, data: dict[str, Any]) -> bytes:
        response = data["response"]
        headers = {
            name: value
            for name, value in response["headers"].items()
            if name.lower() in KEPT_HEADERS
        }
        for name, value in list(headers.items()):
            if name.lower() == "vary":  # kept so that a revalidated entry still varies
                headers[name] = ", ".join(_public(value.split(",")))
        response["headers"] = headers
        vary = data.get("vary") or {}
        data["vary"] = {name: vary[name] for name in _public(vary)}
        return super().serialize(data)

    def loads(
        self, request: PreparedRequest, data: bytes, body_file: Any = None
    ) -> HTTPResponse | None:
        try:
            return super().loads(request, data, body_file)
        except (ValueError, KeyError, TypeError, AttributeError):  # a damaged entry
            return None


class GitHubCacheController(CacheController):
    """cachecontrol's controller with launchpad's freshness and storage rules."""

    def __init__(self, cache: BaseCache, *, token: str | None, cache_ttl: float) -> None:
        super().__init__(
            cache, cache_etags=True, serializer=GitHubSerializer(), status_codes=(200,)
        )
        self.token = token
        self.cache_ttl = int(cache_ttl)  # cachecontrol counts whole seconds

    def cached_request(self, request: PreparedRequest) -> HTTPResponse | Literal[False]:
        """A stored answer younger than ``cache_ttl``, served without a request."""
        if self.cache_ttl <= 0:
            return False
        # A request max-age overrides the answer's own (GitHub's max-age=60).
        probe = request.copy()
        probe.headers["Cache-Control"] = f"max-age={self.cache_ttl}"
        return super().cached_request(probe)

    def cache_response(
        self,
        request: PreparedRequest,
        response_or_ref: HTTPResponse | weakref.ReferenceType[HTTPResponse],
        body: bytes | None = None,
        status_codes: Collection[int] | None = None,
    ) -> None:
        response = (
            response_or_ref() if isinstance(response_or_ref, weakref.ref) else response_or_ref
        )
        if response is None or body is None:
            return
        body = bytes(body)  # cachecontrol may hand over a memoryview of its buffer
        if not self._storable(response.headers, body):
            if request.url:
                self.cache.delete(self.cache_url(request.url))
            return
        super().cache_response(request, response, body, status_codes)

    def _storable(self, headers: Mapping[str, str], body: bytes) -> bool:
        lower = {name.lower(): value for name, value in headers.items()}
        if "etag" not in lower and "last-modified" not in lower:
            return False
        text = _decoded(body, lower.get("content-encoding", ""))
        if text is None or (self.token and self.token.encode() in text):
            return False
        try:
            json.loads(text)
        except ValueError:
            return False  # never keep a broken answer
        return True


def _public(names: Iterable[str]) -> list[str]:
    """Header names without those that carry credentials."""
    return [name.strip() for name in names if name.strip().lower() not in SECRET_VARY]


def _decoded(body: bytes, encoding: str) -> bytes | None:
    """The body as the client reads it (the stored one stays as GitHub sent it, e.g. gzip)."""
    if encoding.strip().lower() in {"", "identity"}:
        return body
    raw = HTTPResponse(
        body=io.BytesIO(body), headers={"content-encoding": encoding}, preload_content=False
    )
    try:
        return raw.read(decode_content=True)
    except DecodeError:
        return None
