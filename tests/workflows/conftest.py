"""Fixtures for the workflow tests: launchpad's wheel and a virtual environment for it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

# The scaffold tests' project generator, to render the workflows under test.
from tests.scaffold.conftest import make_project, template  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parents[2]
# Entries of the running environment a borrowing venv must not see: launchpad itself
# (the editable checkout) would hide the wheel under test.
_OWN = ("launchpad", "_launchpad", "__editable__")


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; fail the test with its output when it fails."""
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=900
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def launchpad_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, with the installed hatchling (no download)."""
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    dist = tmp_path_factory.mktemp("dist")
    run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=REPO_ROOT,
    )
    (wheel,) = dist.glob("launchpad_research-*.whl")
    return wheel


@pytest.fixture(scope="session")
def bare_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv that sees the running environment's packages except launchpad.

    The packages are borrowed through a ``.pth`` line to a folder of links, so pip finds
    launchpad's dependencies installed and needs no index, while launchpad itself is
    missing until a step installs it.
    """
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=root)
    python = venv / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root
        ).strip()
    )
    borrowed = root / "borrowed"
    borrowed.mkdir()
    for folder in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(folder).iterdir():
            lowered = entry.name.lower()
            if lowered.startswith(_OWN) or entry.suffix == ".pth":
                continue
            link = borrowed / entry.name
            if not link.exists():
                link.symlink_to(entry)
    (site / "zz_borrowed.pth").write_text(f"{borrowed}\n", encoding="utf-8")
    return venv


def clean_env(venv: Path, **extra: str) -> dict[str, str]:
    """The environment of a runner step: this venv first on PATH, no index, no tokens."""
    keep = {"HOME", "LANG", "LC_ALL", "TMPDIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    env["PIP_NO_INDEX"] = "1"  # the steps install only what the test hands them
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env
