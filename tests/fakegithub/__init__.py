"""A fake GitHub HTTP server for tests: real HTTP on 127.0.0.1, GitHub's JSON shapes.

Use the ``fake_github`` fixture (``tests.fakegithub.plugin``), fill its data model
(``add_repo`` returns a ``FakeRepo`` whose lists the endpoints serve), and point
``launchpad.github.GitHub(api_url=fake_github.api_url)`` at it.
"""

from tests.fakegithub.model import (
    FakeComment,
    FakeCommunity,
    FakeContributor,
    FakeFork,
    FakeIssue,
    FakeLabel,
    FakeRelease,
    FakeRepo,
    FakeStar,
    FakeTag,
    FakeUser,
    FakeWorkflowRun,
    utc,
)
from tests.fakegithub.server import FakeGitHub, Request

__all__ = [
    "FakeComment",
    "FakeCommunity",
    "FakeContributor",
    "FakeFork",
    "FakeGitHub",
    "FakeIssue",
    "FakeLabel",
    "FakeRelease",
    "FakeRepo",
    "FakeStar",
    "FakeTag",
    "FakeUser",
    "FakeWorkflowRun",
    "Request",
    "utc",
]
