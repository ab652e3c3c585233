"""Open-source milestones 0-6, measured from a checkout, its git history and GitHub.

The milestones are data (``milestones/m0.toml`` … ``m6.toml``, validated by
:mod:`.loader`); the checks they declare run through kinds registered in the
``launchpad.check_kinds`` entry-point group (:mod:`.registry`, launchpad's own in
:mod:`.kinds`), which ask by parameter name for fixtures (:mod:`.fixtures`) built from
the signal sources in :mod:`.sources`. :func:`evaluate` (:mod:`.runner`) is the whole
job and returns a :class:`~launchpad.milestones.model.Report`; :mod:`.report` and
:mod:`.badge` turn it into JSON, markdown and a badge. :mod:`.model` holds the plain
data every other module shares and imports none of them.
"""

from __future__ import annotations

from launchpad.milestones.model import (
    Outcome,
    Report,
    Status,
    Unavailable,
    failed,
    passed,
    skipped,
    unknown,
)
from launchpad.milestones.runner import RunOptions, evaluate

__all__ = [
    "Outcome",
    "Report",
    "RunOptions",
    "Status",
    "Unavailable",
    "evaluate",
    "failed",
    "passed",
    "skipped",
    "unknown",
]
