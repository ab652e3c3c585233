"""`launchpad milestones`: formats, exit codes and bad input, in-process and as a script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from tests.milestones.helpers import M3_FILES, make_repo, people_commits, write_files

runner = CliRunner()


@pytest.fixture
def widget(tmp_path: Path) -> Path:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES, people_commits(30, 4), tags=["v0.1.0", "v1.0.0"])
    return root


def invoke(*args: str) -> object:
    return runner.invoke(app, ["milestones", *args])


def test_json_shape(widget: Path) -> None:
    result = invoke(str(widget), "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["level"] == 3
    assert data["level_upper"] >= data["level"]
    assert [m["number"] for m in data["milestones"]] == list(range(7))
    check = data["milestones"][0]["checks"][0]
    assert {"id", "status", "title", "required", "detail", "fix"} <= set(check)
    assert {c["status"] for m in data["milestones"] for c in m["checks"]} <= {
        "pass", "fail", "unknown", "skipped"
    }  # fmt: skip
    assert len(data["next_actions"]) == 3
    assert data["signals"]["git.commits"] == 31
    assert data["signals"]["git.authors"] == 5


def test_require_gates_with_exit_code_3(widget: Path) -> None:
    assert invoke(str(widget), "--offline", "--require", "3", "-f", "json").exit_code == 0
    result = invoke(str(widget), "--offline", "--require", "4", "-f", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["meets_requirement"] is False
    assert "M4 is required" in result.stderr


def test_require_from_config(tmp_path: Path) -> None:
    root = tmp_path / "r"
    config = M3_FILES["pyproject.toml"] + "[tool.launchpad.milestones]\nrequire = 5\n"
    make_repo(root, {**M3_FILES, "pyproject.toml": config}, tags=["v1.0", "v1.1"])
    assert invoke(str(root), "--offline").exit_code == 3
    assert invoke(str(root), "--offline", "--require", "1").exit_code == 0


def test_table_output_and_default_command(widget: Path) -> None:
    result = invoke(str(widget), "--offline")
    assert result.exit_code == 0, result.output
    assert "M3 makes the case confirmed" in result.stdout
    assert "Next actions" in result.stdout
    explicit = invoke("check", str(widget), "--offline")
    assert explicit.exit_code == 0 and "M3 makes the case confirmed" in explicit.stdout


def test_markdown_and_step_summary(
    widget: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("previous step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke(str(widget), "--offline", "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## launchpad milestones: M3 makes the case confirmed")
    text = summary.read_text()
    assert text.startswith("previous step\n## launchpad milestones")
    assert "| M0 usable |" in text


def test_not_a_git_repository_runs_file_checks(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write_files(root, M3_FILES)
    result = invoke(str(root), "--offline", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    checks = {c["id"]: c for m in data["milestones"] for c in m["checks"]}
    assert checks["license"]["status"] == "pass"
    assert checks["bus-factor"]["status"] == "unknown"
    assert checks["bus-factor"]["detail"] == "not a git repository"
    assert any("git checks are unknown: not a git repository" in n for n in data["notes"])


def test_shallow_clone_makes_git_checks_unknown(widget: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    git.Repo.clone_from(widget.as_uri(), shallow, depth=1)
    result = invoke(str(shallow), "--offline", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    checks = {c["id"]: c for m in data["milestones"] for c in m["checks"]}
    assert checks["active-maintainers"]["status"] == "unknown"
    assert "shallow clone" in checks["active-maintainers"]["detail"]
    assert data["level_upper"] > data["level"] or data["level"] >= 1


def test_bare_repository_is_one_line_usage_error(widget: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare.git"
    git.Repo.clone_from(widget.as_uri(), bare, bare=True)
    result = invoke(str(bare), "--offline")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "bare git repository" in lines[0]


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "nope"), "--offline")
    assert result.exit_code == 4
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("repo", ["not a repo", "../../etc", "octo/..", "-octo/x"])
def test_a_malformed_repo_is_a_usage_error(tmp_path: Path, repo: str) -> None:
    result = invoke(str(tmp_path), "--offline", "--repo", repo)
    assert result.exit_code == 2
    assert "is not a GitHub repository" in result.stderr
    assert "OWNER/NAME" in result.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[tool.launchpad.milestones\n", "not valid TOML"),
        (
            '[tool.launchpad.milestones.ignore]\nno-such-check = "why"\n',
            "unknown check or criterion id 'no-such-check'",
        ),
        (
            '[tool.launchpad.milestones.thresholds]\nbus-factor = { max_share = "high" }\n',
            "threshold 'max_share' of check 'bus-factor' must be float",
        ),
        (
            "[tool.launchpad.milestones.thresholds]\nstars-growth = { min_total = true }\n",
            "threshold 'min_total' of check 'stars-growth' must be int",
        ),
    ],
)
def test_bad_config_exit_2_one_line(tmp_path: Path, table: str, message: str) -> None:
    root = tmp_path / "r"
    write_files(root, {"pyproject.toml": table})
    result = invoke(str(root), "--offline")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.output


def test_badge_writes_endpoint_json(widget: Path, tmp_path: Path) -> None:
    out = tmp_path / "public" / "badge.json"
    result = invoke("badge", str(widget), "--offline", "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["schemaVersion"] == 1
    assert data["label"] == "milestone"
    assert data["message"].startswith("M3 makes the case")
    assert data["color"] == "green"


def test_unknown_format_is_one_usage_line(widget: Path) -> None:
    result = invoke(str(widget), "--offline", "-f", "xml")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown format 'xml'" in lines[0]
    assert "table, json or markdown" in lines[0]


def test_badge_replaces_the_file_and_leaves_nothing_else(widget: Path, tmp_path: Path) -> None:
    out = tmp_path / "public" / "badge.json"
    out.parent.mkdir()
    out.write_text("old\n")
    result = invoke(str(widget), "--offline", "--no-history", "--badge", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["message"].startswith("M3")
    assert [p.name for p in out.parent.iterdir()] == ["badge.json"]


def test_the_cli_loads_no_milestone_engine_or_pydantic_until_a_command_runs() -> None:
    code = (
        "import sys, launchpad.cli; prefixes = ('pydantic', 'launchpad.milestones'); "
        "print(sorted(m for m in sys.modules if m.startswith(prefixes)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_installed_script_smoke(widget: Path) -> None:
    script = Path(sys.executable).with_name("launchpad")
    out = subprocess.run(
        [str(script), "milestones", str(widget), "--offline", "--format", "json", "--no-history"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["level"] == 3
