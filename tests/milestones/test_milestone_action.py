"""action.yml: the composite GitHub Action's metadata and its shell step, run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.milestones.helpers import M3_FILES, make_repo

ACTION = Path(__file__).resolve().parents[2] / "action.yml"


@pytest.fixture(scope="module")
def action() -> dict[str, object]:
    return yaml.safe_load(ACTION.read_text())  # type: ignore[no-any-return]


def test_metadata(action: dict[str, object]) -> None:
    assert action["runs"]["using"] == "composite"  # type: ignore[index]
    assert {"path", "require", "repo", "github-token", "offline", "badge"} <= set(
        action["inputs"]  # type: ignore[arg-type]
    )
    assert {"level", "level-upper", "report"} <= set(action["outputs"])  # type: ignore[arg-type]
    for step in action["runs"]["steps"]:  # type: ignore[index]
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{ inputs." not in step["run"]  # inputs go through env, not into the script


def run_step(action: dict[str, object], tmp_path: Path, **env: str) -> tuple[int, str, Path]:
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "milestones")  # type: ignore[index]
    outputs = tmp_path / "github_output"
    summary = tmp_path / "step_summary"
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        "LP_REPO": "",
        "LP_REQUIRE": "",
        "LP_OFFLINE": "true",
        "LP_BADGE": "",
        **env,
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert summary.read_text().startswith("## launchpad milestones"), done.stderr
    return done.returncode, done.stdout, outputs


def test_step_passes_and_sets_outputs(action: dict[str, object], tmp_path: Path) -> None:
    repo = tmp_path / "widget"
    make_repo(repo, M3_FILES, tags=["v1.0", "v1.1"])
    badge = tmp_path / "badge.json"
    code, stdout, outputs = run_step(
        action, tmp_path, LP_PATH=str(repo), LP_REQUIRE="2", LP_BADGE=str(badge)
    )
    assert code == 0, stdout
    text = outputs.read_text()
    assert "level=3\n" in text and "level-upper=3\n" in text
    assert "M3 makes the case confirmed" in stdout
    assert badge.is_file()


def test_step_fails_below_the_required_level(action: dict[str, object], tmp_path: Path) -> None:
    repo = tmp_path / "widget"
    make_repo(repo, M3_FILES)
    code, _, outputs = run_step(action, tmp_path, LP_PATH=str(repo), LP_REQUIRE="4")
    assert code == 3
    assert "level=" in outputs.read_text()
