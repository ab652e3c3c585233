"""The ETag disk cache for GitHub GET responses.

GitHub answers a conditional GET (``If-None-Match``) with ``304 Not Modified`` when
nothing changed, and such answers do not count against the rate limit. Storing each
response with its validators lets a repeated run revalidate instead of re-downloading.

An entry is one JSON file named by a hash of the request URL and ``Accept`` header:
never of credentials. Only a short list of response headers is kept (never request
headers), and a body that contains the token is not stored at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# Response headers worth replaying from disk; rate-limit headers come from the live 304.
KEPT_HEADERS = (
    "content-type",
    "etag",
    "last-modified",
    "link",
    "cache-control",
    "x-github-media-type",
)
FORMAT = 1


@dataclass(frozen=True)
class CacheEntry:
    """One stored response."""

    url: str
    status: int
    headers: dict[str, str]
    body: str
    stored_at: float

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class EtagCache:
    """Responses on disk, one file per (URL, Accept) pair, written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(url: str, accept: str) -> str:
        return hashlib.sha256(f"{FORMAT}\n{url}\n{accept}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def load(self, key: str) -> CacheEntry | None:
        path = self._path(key)
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return CacheEntry(
                url=str(data["url"]),
                status=int(data["status"]),
                headers={str(k): str(v) for k, v in data["headers"].items()},
                body=str(data["body"]),
                stored_at=float(data["stored_at"]),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            log.debug("dropping unreadable cache entry %s", path.name)
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def store(self, key: str, url: str, status: int, headers: dict[str, str], body: str) -> None:
        """Write an entry atomically (temporary file + rename); failures only disable caching."""
        kept = {name: headers[name] for name in KEPT_HEADERS if name in headers}
        entry = {
            "url": url,
            "status": status,
            "headers": kept,
            "body": body,
            "stored_at": time.time(),
        }
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            tmp = Path(name)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, separators=(",", ":"))
                tmp.replace(path)
            except BaseException:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                raise
        except OSError as err:
            log.debug("cannot write the GitHub cache at %s: %s", self.root, err.strerror)

    def touch(self, key: str, entry: CacheEntry) -> None:
        """Mark an entry as just revalidated (a 304 proved it current)."""
        self.store(key, entry.url, entry.status, entry.headers, entry.body)

    def drop(self, key: str) -> None:
        with contextlib.suppress(OSError):
            self._path(key).unlink()
