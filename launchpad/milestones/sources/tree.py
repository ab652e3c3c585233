"""Where the files of a check come from: the working tree, or a commit's tree.

:class:`~launchpad.milestones.sources.files.RepoFiles` queries a :class:`Tree` and never
touches the disk itself, so the same checks read a checkout as it is now or as it
stood at a past commit (``launchpad milestones --as-of``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "node_modules", "__pycache__",
        ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages",
        "build", "dist", ".eggs", "_build", "site", ".ipynb_checkpoints",
    }
)  # fmt: skip
MAX_FILES = 60_000
MAX_READ = 512 * 1024


class Tree(Protocol):
    """A listing of files and a way to read the start of one."""

    def listing(self) -> tuple[tuple[str, ...], bool]:
        """Sorted POSIX relative paths of the files, and whether the list was cut short."""
        ...

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        """The first ``limit`` bytes of ``path`` (None when it cannot be read)."""
        ...


class WorkingTree:
    """The files on disk under ``root``, skipping tool and build folders."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def listing(self) -> tuple[tuple[str, ...], bool]:
        """Walk the checkout in sorted order, stopping at :data:`MAX_FILES`."""
        found: list[str] = []
        for directory, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(
                d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")
            )
            rel = os.path.relpath(directory, self.root)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                found.append(prefix + name)
                if len(found) >= MAX_FILES:
                    return tuple(found), True
        return tuple(found), False

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        """The start of the file, or None for a folder, a broken link or no permission."""
        try:
            with (self.root / path).open("rb") as handle:
                return handle.read(limit)
        except OSError:
            return None
