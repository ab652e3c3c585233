"""The generated Milestones workflow, executed the way a GitHub runner would execute it.

The rendered workflow uses launchpad's action at the release that rendered it; the
action is this checkout's ``action.yml``. Its ``run`` steps are executed with GitHub's
shell for ``shell: bash`` (``bash --noprofile --norc -eo pipefail``), its expressions
filled in from the workflow's ``with:`` and the action's defaults, against the wheel
built from this checkout (on GitHub, ``GITHUB_ACTION_PATH`` is the action's checkout,
which pip builds into that same wheel). No network: the check runs ``offline``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from launchpad import __version__
from launchpad.scaffold import load_template
from launchpad.scaffold.generate import template_versions
from tests.scaffold.conftest import Make
from tests.workflows.conftest import REPO_ROOT, clean_env

BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # GitHub's `shell: bash`
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
HEADLINE = "## launchpad milestones:"


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace ``${{ name }}`` by its value; an expression the test does not know fails."""
    return EXPRESSION.sub(lambda m: values[m.group(1)], text)


def _action_step(workflow: dict[str, Any]) -> dict[str, Any]:
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if "launchpad" in str(s.get("uses", ""))]
    return step


def _run_action(
    step: dict[str, Any], project: Path, venv: Path, wheel: Path, runner: Path, **inputs: str
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Execute action.yml's run steps; stop at the first failing one, like a runner."""
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
    context = {"github.repository": "", "github.token": "", "runner.temp": str(runner)}
    given = {**step.get("with", {}), **inputs}
    values = dict(context)
    for name, spec in action["inputs"].items():
        raw = given.get(name, spec.get("default", ""))
        values[f"inputs.{name}"] = _fill(str(raw).lower() if raw is True else str(raw), context)
    summary, output = runner / "summary.md", runner / "output.txt"
    summary.write_text("")
    output.write_text("")
    env = clean_env(
        venv,
        GITHUB_ACTION_PATH=str(wheel),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
        RUNNER_TEMP=str(runner),
    )
    result = subprocess.CompletedProcess[str]([], 0, "", "")
    for number, action_step in enumerate(action["runs"]["steps"]):
        if "uses" in action_step:  # setup-python and the cache: the venv stands in
            assert action_step["uses"].split("@")[0] in {"actions/setup-python", "actions/cache"}
            continue
        assert action_step["shell"] == "bash"
        script = runner / f"step-{number}.sh"
        script.write_text(_fill(action_step["run"], values), encoding="utf-8")
        step_env = {k: _fill(str(v), values) for k, v in action_step.get("env", {}).items()}
        result = subprocess.run(
            [*BASH, str(script)],
            cwd=project,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if result.returncode != 0:
            break
    return result, summary, output


@pytest.mark.slow
def test_generated_milestones_workflow_runs_and_gates(
    make_project: Make, bare_venv: Path, launchpad_wheel: Path, tmp_path: Path
) -> None:
    project = make_project("gated-artifact").path
    workflow = yaml.safe_load((project / ".github/workflows/milestones.yml").read_text())
    step = _action_step(workflow)
    pinned = template_versions(load_template())["actions"]["launchpad"]
    assert step["uses"] == f"{pinned}@v{__version__}"  # the release that rendered it
    assert step["with"] == {"require": "0"}

    runner = tmp_path / "runner"
    runner.mkdir()
    passed, summary, output = _run_action(
        step, project, bare_venv, launchpad_wheel, runner, offline="true"
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    installed = subprocess.run(
        [str(bare_venv / "bin" / "python"), "-c", "import launchpad; print(launchpad.__file__)"],
        cwd=runner,
        env=clean_env(bare_venv),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert installed.startswith(str(bare_venv))  # the wheel, not the editable checkout
    assert summary.read_text().count(HEADLINE) == 1
    assert "Required level M0: met." in summary.read_text()
    level = int(re.search(r"^level=(-?\d+)$", output.read_text(), re.MULTILINE)[1])  # type: ignore[index]
    assert 0 <= level < 6

    failed, summary, output = _run_action(
        step, project, bare_venv, launchpad_wheel, runner, offline="true", require=str(level + 1)
    )
    assert failed.returncode == 3, failed.stdout + failed.stderr  # below the required level
    assert summary.read_text().count(HEADLINE) == 1
    assert f"Required level M{level + 1}: **not met**." in summary.read_text()
    assert f"level={level}" in output.read_text()  # outputs are set before the step fails


def test_bash_without_pipefail_would_hide_the_failure(tmp_path: Path) -> None:
    """Why the workflow has no `| tee`: under plain `bash -e` a pipe ends with tee's status."""
    script = tmp_path / "step.sh"
    script.write_text("exit_three() { return 3; }\nexit_three | cat\n")
    plain = subprocess.run(["bash", "-e", str(script)], check=False)
    strict = subprocess.run([*BASH, str(script)], check=False)
    assert (plain.returncode, strict.returncode) == (0, 3)
