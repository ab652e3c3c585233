"""Open-source milestones 0-6, measured from a checkout, its git history and GitHub.

The milestones are data (``milestones/m0.toml`` … ``m6.toml``); the checks they declare
run through kinds registered in the ``launchpad.check_kinds`` entry-point group.
:func:`evaluate` returns a :class:`~launchpad.milestones.model.Report`.
"""

from __future__ import annotations

from launchpad.milestones.model import Outcome, Report, Status, failed, passed, skipped, unknown
from launchpad.milestones.runner import RunOptions, evaluate

__all__ = [
    "Outcome",
    "Report",
    "RunOptions",
    "Status",
    "evaluate",
    "failed",
    "passed",
    "skipped",
    "unknown",
]
