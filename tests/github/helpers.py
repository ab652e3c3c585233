"""Helpers shared by the GitHub seam's tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from launchpad.github import GitHub

ClientFactory = Callable[..., GitHub]


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git and return its output (fails the test on a non-zero exit)."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()
