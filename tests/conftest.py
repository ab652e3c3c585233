"""Fixtures shared by every test.

The autouse fixture isolates each test from the developer's machine: no LAUNCHPAD_*
settings, no GitHub tokens, a private launchpad home and user config, and git identity
set through the environment so tests never read or write ~/.gitconfig.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# The fake GitHub server and its ``fake_github`` fixture.
pytest_plugins = ["tests.fakegithub.plugin"]

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


FIXTURE_DATA = REPO_ROOT / "tests" / "data" / "arxiv"  # the committed 2,000-record sample


def arxiv_data_dir() -> Path:
    """Where the real arXiv metadata is: LAUNCHPAD_TEST_DATA, else the full corpus shared
    beside the checkout, else the committed sample (tests/data/arxiv)."""
    env = os.environ.get("LAUNCHPAD_TEST_DATA")
    if env:
        return Path(env)
    shared = REPO_ROOT.parent / "shared" / "data" / "arxiv"
    return shared if (shared / "sample-2k.jsonl.gz").is_file() else FIXTURE_DATA


@pytest.fixture
def arxiv_dir() -> Path:
    """Folder with the real arXiv metadata; CI must have it, elsewhere the test skips."""
    path = arxiv_data_dir()
    if not (path / "sample-2k.jsonl.gz").is_file():
        if IN_CI:
            pytest.fail(f"real arXiv test data not found at {path} (set LAUNCHPAD_TEST_DATA)")
        pytest.skip("real arXiv test data not available (set LAUNCHPAD_TEST_DATA)")
    return path


@pytest.fixture
def sample_2k(arxiv_dir: Path) -> Path:
    """2,000 real arXiv records (JSON lines, gzip)."""
    return arxiv_dir / "sample-2k.jsonl.gz"


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    for name in list(os.environ):
        if name.startswith("LAUNCHPAD_") and name != "LAUNCHPAD_TEST_DATA":
            monkeypatch.delenv(name)
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("launchpad-home")
    monkeypatch.setenv("LAUNCHPAD_HOME", str(home / "data"))
    monkeypatch.setenv("LAUNCHPAD_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (home / "gitconfig").write_text(
        "[user]\n\tname = Ada Tester\n\temail = ada@example.org\n[init]\n\tdefaultBranch = main\n"
    )
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    yield


def require_module(name: str) -> None:
    """Skip when an optional module is missing, except in CI where it must be there."""
    try:
        __import__(name)
    except ImportError:
        if IN_CI:
            pytest.fail(f"{name} must be installed in CI (see .ci/run)")
        pytest.skip(f"{name} not installed")
