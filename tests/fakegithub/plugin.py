"""pytest plugin: the ``fake_github`` fixture (registered in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakegithub.server import FakeGitHub


@pytest.fixture
def fake_github(tmp_path: Path) -> Iterator[FakeGitHub]:
    """A fake GitHub on 127.0.0.1:<free port>, stopped after the test."""
    with FakeGitHub(tmp_path / "fakegithub") as fake:
        yield fake
