"""The generated project passes its own tests and linters, and Scientific Python's review.

The slow test is the real proof: a fresh virtual environment, ``pip install`` of the
generated project with its test, lint and docs extras (from the package index, as a user
would), then the project's own ``pytest``, ``ruff``, ``mypy``, ``codespell``, ``mkdocs
build --strict`` and ``zizmor`` on its workflows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from launchpad.config import read_toml
from tests.scaffold.conftest import Make

KINDS = ("library", "model", "benchmark", "system")


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=600
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _bin(venv: Path, name: str) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(venv / folder / name)


# Every kind and every license once, and a dotted name (a quoted key in [project.scripts]).
FRESH = [
    ("fresh-artifact", "library", "MIT"),
    ("fresh.model", "model", "Apache-2.0"),
    ("fresh_bench", "benchmark", "BSD-3-Clause"),
    ("Fresh-System", "system", "MIT"),
]


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.parametrize(("name", "kind", "license_id"), FRESH)
def test_fresh_venv_install_passes_tests_and_offline_hooks(
    make_project: Make, tmp_path: Path, name: str, kind: str, license_id: str
) -> None:
    """Install with the test, lint and docs extras from the index, as a user would, then
    run the tests and the hooks' tools that need no network (pre-commit itself cannot
    fetch hook repositories here; the Tests workflow runs the hooks on GitHub)."""
    generated = make_project(name, data={"kind": kind, "license": license_id})
    project, import_name = generated.path, generated.answers["import_name"]
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = _bin(venv, "python")
    _run([python, "-m", "pip", "install", "--quiet", f"{project}[test,lint,docs]"], tmp_path)
    # The installed package (not the source folder) is what the tests import.
    where = _run([python, "-c", f"import {import_name}; print({import_name}.__file__)"], tmp_path)
    assert str(venv) in where
    out = _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=project)
    assert " passed" in out
    assert "failed" not in out
    _run([_bin(venv, "ruff"), "check", "--no-cache", "."], cwd=project)
    _run([_bin(venv, "ruff"), "format", "--check", "--no-cache", "."], cwd=project)
    _run([_bin(venv, "mypy")], cwd=project)  # strict, files from [tool.mypy]
    _run([_bin(venv, "codespell")], cwd=project)
    _run([_bin(venv, name), "--version"], cwd=tmp_path)
    # The docs site builds with warnings as errors; the API page is rendered from the code.
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    _run([_bin(venv, "mkdocs"), "build", "--strict", "--site-dir", str(site)], project, env)
    assert import_name in (site / "api" / "index.html").read_text()
    # The workflows pass zizmor's audits, pedantic ones included (its pre-commit hook).
    _run([_bin(venv, "zizmor"), "--offline", "--pedantic", "--no-progress", "."], project)


@pytest.mark.parametrize("kind", KINDS)
def test_text_files_pass_the_whitespace_hooks(make_project: Make, kind: str) -> None:
    """end-of-file-fixer and trailing-whitespace would change nothing on the first run."""
    project = make_project(f"ws-{kind}", data={"kind": kind}, git=False).path
    for path in sorted(p for p in project.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(project)
        if not text:
            continue  # end-of-file-fixer leaves an empty file (py.typed) empty
        assert text.endswith("\n"), f"{where} does not end in a newline"
        assert not text.endswith("\n\n"), f"{where} ends in blank lines"
        for number, line in enumerate(text.splitlines(), start=1):
            assert line == line.rstrip(), f"{where}:{number} has trailing whitespace"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_passes_its_tests_and_ruff(make_project: Make, kind: str) -> None:
    """Each kind with this interpreter's pytest and ruff (the slow test covers installing)."""
    # A long name: generated lines must stay within ruff's limits whatever the name.
    name = f"{kind}-artifact-with-a-rather-long-name-to-wrap"
    project = make_project(name, data={"kind": kind, "python_min": "3.11"}, git=False).path
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    out = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert " passed" in out
    ruff = [sys.executable, "-m", "ruff"]
    _run([*ruff, "check", "--no-cache", "."], project)
    _run([*ruff, "format", "--check", "--no-cache", "."], project)


@pytest.mark.parametrize("kind", ["library", "model"])
def test_repo_review_passes_except_ignored_checks_with_reasons(
    make_project: Make, kind: str
) -> None:
    project = make_project(f"reviewed-{kind}", data={"kind": kind}).path
    ignored = read_toml(project / "pyproject.toml")["tool"]["repo-review"]["ignore"]
    assert isinstance(ignored, dict), "ignored checks must be a table of check = reason"
    for check, reason in ignored.items():
        assert isinstance(reason, str), check
        assert len(reason.split()) >= 5, f"{check} is ignored without a real reason"
    result = subprocess.run(
        [sys.executable, "-m", "repo_review", str(project), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stdout)
    checks = report["checks"]
    assert len(checks) > 40  # the sp-repo-review plugin really ran
    failures = {
        name: check["err_msg"].strip().splitlines()[0]
        for name, check in checks.items()
        if check["result"] is False
    }
    assert failures == {}
    for name in set(ignored) & set(checks):  # RTD checks only appear with an RTD config
        assert checks[name]["result"] is None  # skipped, and reported with the reason


def test_generated_project_passes_its_own_milestones_gate(make_project: Make) -> None:
    """The level its Milestones workflow requires is reached on day one (offline here).

    tests/workflows/test_milestones_action.py runs the workflow's action itself.
    """
    import yaml
    from typer.testing import CliRunner

    from launchpad.cli import app

    project = make_project("gated-artifact").path
    workflow = yaml.safe_load((project / ".github" / "workflows" / "milestones.yml").read_text())
    (require,) = [
        s["with"]["require"]
        for s in workflow["jobs"]["milestones"]["steps"]
        if "with" in s and "require" in s["with"]
    ]
    result = CliRunner().invoke(
        app, ["milestones", str(project), "--require", require, "--offline"]
    )
    assert result.exit_code == 0, result.stdout + result.stderr


def test_yaml_files_parse_and_pre_commit_config_is_valid(make_project: Make) -> None:
    import yaml

    project = make_project("yaml-artifact", git=False).path
    documents = sorted(p for p in project.rglob("*") if p.suffix in {".yml", ".yaml", ".cff"})
    assert len(documents) >= 10
    for path in documents:
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path
    for workflow in (project / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(workflow.read_text())
        assert data["permissions"] == {"contents": "read"} or workflow.name == "milestones.yml"
        assert "contents" in data["permissions"]
        for job in data["jobs"].values():
            assert "write" not in str(job.get("permissions", {})) or workflow.name in {
                "docs.yml",
                "release.yml",
            }
    release = yaml.safe_load((project / ".github" / "workflows" / "release.yml").read_text())
    assert release["jobs"]["publish"]["permissions"] == {
        "id-token": "write",
        "attestations": "write",
    }
    assert release[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as True
    _run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], project
    )
