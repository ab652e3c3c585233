"""Fixtures for the GitHub seam's tests: a client pointed at the fake server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from launchpad.github import GitHub
from tests.fakegithub import FakeGitHub
from tests.github.helpers import ClientFactory, git


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "github-cache"


@pytest.fixture
def make_client(fake_github: FakeGitHub, cache_dir: Path) -> Iterator[ClientFactory]:
    """Build clients for the fake server; fast retries unless a test asks otherwise."""
    clients: list[GitHub] = []

    def make(token: str | None = "", **options: object) -> GitHub:
        settings: dict[str, object] = {
            "api_url": fake_github.api_url,
            "cache_dir": cache_dir,
            "timeout": 2.0,
            "backoff": 0.05,
            "min_write_interval": 0.0,
        } | options
        client = GitHub(fake_github.token if token == "" else token, **settings)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> GitHub:
    return make_client()


@pytest.fixture
def local_repo(tmp_path: Path) -> Path:
    """A local repository on ``main`` with one commit, like ``launchpad new`` makes."""
    path = tmp_path / "project"
    path.mkdir()
    git("init", "--quiet", "--initial-branch=main", cwd=path)
    (path / "README.md").write_text("# project\n")
    git("add", "README.md", cwd=path)
    git("commit", "--quiet", "-m", "Initial commit", cwd=path)
    return path
