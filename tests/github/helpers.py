"""Helpers shared by the GitHub seam's tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack

from launchpad.github import GitHub
from launchpad.github.cache import DiskCache

ClientFactory = Callable[..., GitHub]


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git and return its output (fails the test on a non-zero exit)."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def cache_files(cache_dir: Path) -> list[Path]:
    """Every file in the GitHub cache directory."""
    return sorted(path for path in cache_dir.rglob("*") if path.is_file())


def stored_entry(cache_dir: Path, url: str) -> dict[str, Any]:
    """The cache entry for ``url``, decoded from cachecontrol's format (version 4)."""
    data = DiskCache(cache_dir).get(url)
    assert data is not None, f"nothing stored for {url}"
    assert data.startswith(b"cc=4,")
    entry: dict[str, Any] = msgpack.loads(data[len(b"cc=4,") :], raw=False)
    return entry
