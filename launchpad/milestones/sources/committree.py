"""The files of a commit, as a :class:`~launchpad.milestones.sources.tree.Tree`.

One ``git ls-tree -r`` lists the commit; blobs are read through GitPython's single
``git cat-file --batch`` process and kept by object id in the log's cache, so the
points of a history read a file that did not change between them only once. The
listing skips the same folders as the working tree and comes in the same order, so
``--as-of HEAD`` on a clean checkout sees exactly what a plain run sees.
"""

from __future__ import annotations

import posixpath
import sys
from typing import Any

from launchpad.errors import ConfigError
from launchpad.milestones.sources.git import Snapshot
from launchpad.milestones.sources.tree import MAX_FILES, MAX_READ, SKIP_DIRS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

CACHE_BYTES = 64 * 1024 * 1024  # beyond this, blobs are read again rather than kept
_LINK = "120000"


def _skipped(folder: str) -> bool:
    return folder in SKIP_DIRS or folder.endswith(".egg-info")


def _walk_order(path: str) -> list[tuple[int, str]]:
    """Sort key of the working tree's walk: a folder's files, then its sub-folders."""
    *folders, name = path.split("/")
    return [(1, f) for f in folders] + [(0, name)]


class CommitTree:
    """The files of one commit, read from the object database, never the working tree."""

    def __init__(self, snapshot: Snapshot) -> None:
        from launchpad.git import tree_entries

        self.snapshot = snapshot
        self._repo = snapshot.log.repo
        self._blobs: dict[str, tuple[str, str]] = {}  # path -> (mode, object id)
        for mode, kind, sha, path in tree_entries(self._repo, snapshot.sha):
            if kind != "blob":  # a submodule is another repository
                continue
            if any(_skipped(folder) for folder in path.split("/")[:-1]):
                continue
            self._blobs[path] = (mode, sha)

    def listing(self) -> tuple[tuple[str, ...], bool]:
        """The commit's files in the working tree's walk order, at most :data:`MAX_FILES`."""
        paths = sorted(self._blobs, key=_walk_order)
        return tuple(paths[:MAX_FILES]), len(paths) > MAX_FILES

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        """The start of the file at this commit (a symbolic link is followed once)."""
        entry = self._blobs.get(path)
        if entry is not None and entry[0] == _LINK:
            target = self._blob(entry[1], MAX_READ)
            if target is None:
                return None
            linked = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.decode()))
            entry = self._blobs.get(linked)
            if entry is not None and entry[0] == _LINK:
                return None
        return None if entry is None else self._blob(entry[1], limit)

    def _blob(self, sha: str, limit: int) -> bytes | None:
        from launchpad.git import read_blob

        log = self.snapshot.log
        if limit > MAX_READ:  # more than the cache keeps: read it again
            return read_blob(self._repo, sha, limit)
        cached = log.blob_cache.get(sha)
        if cached is None:
            cached = read_blob(self._repo, sha, MAX_READ)
            if cached is None:
                return None
            if log.blob_bytes < CACHE_BYTES:
                log.blob_cache[sha] = cached
                log.blob_bytes += len(cached)
        return cached[:limit]

    def pyproject(self) -> dict[str, Any]:
        """The commit's pyproject.toml ({} when absent); malformed TOML is a ConfigError."""
        data = self.read("pyproject.toml")
        if data is None:
            return {}
        try:
            parsed: dict[str, Any] = tomllib.loads(data.decode("utf-8", errors="replace"))
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(
                f"pyproject.toml at {self.snapshot.sha[:12]} is not valid TOML: {err}",
                hint="evaluate a later commit, or fix the file in a new one",
            ) from err
        return parsed
