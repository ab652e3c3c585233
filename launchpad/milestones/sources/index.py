"""The package index (PyPI's JSON API, or any server speaking it): published, releases.

The index URL comes from ``LAUNCHPAD_PACKAGE_INDEX_URL`` (default PyPI); tests point it
at a local server. Any network failure makes the source unavailable, never a failure.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from launchpad.milestones.model import Unavailable
from launchpad.milestones.sources.files import RepoFiles

DEFAULT_INDEX_URL = "https://pypi.org/pypi"
TIMEOUT = 10.0
_SETUP_NAME = re.compile(r"""name\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True)
class PackageInfo:
    """What the index says about the distribution the checkout declares."""

    name: str | None
    published: bool
    releases: int
    latest: str | None = None

    def signals(self) -> dict[str, float]:
        """Numbers worth tracking across runs."""
        return {"index.releases": self.releases}


def distribution_name(pyproject: dict[str, Any], files: RepoFiles) -> str | None:
    """The distribution name from pyproject, setup.cfg or setup.py (None if undeclared)."""
    name = pyproject.get("project", {}).get("name") or pyproject.get("tool", {}).get(
        "poetry", {}
    ).get("name")
    if isinstance(name, str) and name:
        return name
    for path in ("setup.cfg", "setup.py"):
        if path in files.paths:
            match = _SETUP_NAME.search(files.text(path))
            if match:
                return match.group(1)
    return None


def lookup(pyproject: dict[str, Any], files: RepoFiles, index_url: str | None) -> PackageInfo:
    """Ask the index about the checkout's distribution."""
    name = distribution_name(pyproject, files)
    if name is None:
        return PackageInfo(None, published=False, releases=0)
    base = index_url or os.environ.get("LAUNCHPAD_PACKAGE_INDEX_URL") or DEFAULT_INDEX_URL
    url = f"{base.rstrip('/')}/{name}/json"
    if not url.startswith(("http://", "https://")):
        raise Unavailable(f"package index URL must be http(s): {base}")
    import urllib.error  # only when the index is asked: an offline run never is
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            data = json.loads(response.read())
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return PackageInfo(name, published=False, releases=0)
        raise Unavailable(f"package index answered HTTP {err.code}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        raise Unavailable(f"package index unreachable ({err})") from err
    except ValueError as err:
        raise Unavailable("package index sent malformed JSON") from err
    releases = data.get("releases") or {}
    count = sum(1 for files_ in releases.values() if files_)
    latest = data.get("info", {}).get("version")
    return PackageInfo(name, published=count > 0 or bool(latest), releases=count, latest=latest)
