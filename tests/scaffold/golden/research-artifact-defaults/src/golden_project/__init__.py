"""A research artifact with a small, tested Python API."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from golden_project.core import (
    RunningStats,
    Summary,
    ewma,
    summarize,
)

try:
    __version__ = version("golden-project")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["RunningStats", "Summary", "__version__", "ewma", "summarize"]
