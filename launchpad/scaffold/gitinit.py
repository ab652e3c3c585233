"""Make the generated folder a git repository: branch ``main``, one first commit.

The commit is authored and committed by the answers' author, so the history starts
with the person who owns the project, not with whoever's git config happens to apply.
The git work itself is done by :mod:`launchpad.git`; these names stay importable here.
"""

from __future__ import annotations

from launchpad.git import BRANCH, git_identity, init_repository

__all__ = ["BRANCH", "git_identity", "init_repository"]
