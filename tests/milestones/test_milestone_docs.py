"""docs/milestones.md: every command in it runs, and every check is documented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from launchpad.milestones.loader import load
from tests.milestones.helpers import M3_FILES, make_repo

DOCS = Path(__file__).resolve().parents[2] / "docs"


def console_commands(text: str) -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", text, re.DOTALL)
    return [
        line[2:].split("  #", 1)[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("$ launchpad")
    ]


def test_every_criterion_and_check_is_documented() -> None:
    """docs/milestones.md ends with the section generated from the milestone data."""
    import runpy

    generator = runpy.run_path(
        str(DOCS.parent / "scripts" / "milestone_docs.py"), run_name="milestone_docs"
    )
    text = (DOCS / "milestones.md").read_text()
    assert text.endswith(generator["section"]()), "run python scripts/milestone_docs.py"
    for milestone in load():
        assert f"### M{milestone.number} {milestone.name}" in text
        for check in milestone.checks:
            assert f"`{check.id}`" in text, check.id


@pytest.mark.slow
def test_documented_commands_run(tmp_path: Path) -> None:
    repo = tmp_path / "widget"
    make_repo(repo, M3_FILES, tags=["v0.1.0", "v1.0.0"])
    commands = console_commands((DOCS / "milestones.md").read_text())
    assert len(commands) >= 6
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LAUNCHPAD_PACKAGE_INDEX_URL": "http://127.0.0.1:9/pypi",  # never the real index
    }
    (repo / "public").mkdir()
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (command, done.stderr)
    assert (repo / "milestones.json").stat().st_size > 0
    assert (repo / "milestone-badge.json").is_file()


def test_documented_configuration_is_valid(tmp_path: Path) -> None:
    from launchpad.milestones import RunOptions, evaluate

    text = (DOCS / "milestones.md").read_text()
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", text, re.DOTALL) if "maintainers" in b]
    assert len(blocks) == 1
    (tmp_path / "pyproject.toml").write_text(blocks[0])
    report = evaluate(tmp_path, RunOptions(offline=True, record_history=False))
    ignored = {r.check.id for r in report.results if r.ignored}
    assert ignored == {"code-of-conduct", "paper-linked"}
    assert report.required_level == 2
