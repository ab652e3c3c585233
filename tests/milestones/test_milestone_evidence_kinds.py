"""Evidence kinds of milestones v2: CI that runs tests, runnable examples, a project that
says it stopped, and docs keywords that differ from the README's."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.milestones.kinds.cikinds import ci_runs_tests
from launchpad.milestones.kinds.filekinds import topic_covered
from launchpad.milestones.kinds.usagekinds import import_examples, still_open
from launchpad.milestones.model import Status
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles
from tests.milestones.helpers import write_files

JOB = "jobs:\n  {name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"
STALE_BOT = "on:\n  schedule: [{cron: '0 0 * * *'}]\n" + JOB.format(name="stale", run="true")
LINT_ONLY = "on: push\n" + JOB.format(name="lint", run="black --check .")
TESTS = "on: push\n" + JOB.format(name="build", run="python -m pytest -q")


def repo(tmp_path: Path, files: dict[str, str]) -> RepoFiles:
    root = tmp_path / "r"
    write_files(root, files)
    return RepoFiles(root)


@pytest.mark.parametrize(
    ("files", "expected", "detail"),
    [
        ({".github/workflows/stale.yml": STALE_BOT}, Status.FAIL, "none runs tests"),
        ({".github/workflows/lint.yml": LINT_ONLY}, Status.FAIL, "none runs tests"),  # "latest"
        ({".github/workflows/ci.yml": TESTS}, Status.PASS, ".github/workflows/ci.yml runs"),
        ({".travis.yml": "script: tox -e py312\n"}, Status.PASS, ".travis.yml runs 'tox'"),
        ({"README.md": "# x\n"}, Status.FAIL, "no CI configuration"),
    ],
)
def test_ci_counts_only_when_it_runs_tests(
    tmp_path: Path, files: dict[str, str], expected: Status, detail: str
) -> None:
    outcome = ci_runs_tests(repo(tmp_path, files))
    assert outcome.status is expected
    assert detail in outcome.detail


def test_example_scripts_that_import_the_package_are_something_to_run(tmp_path: Path) -> None:
    files = repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "faiss-cpu"\n',
            "tutorial/python/1-Flat.py": "import numpy as np\nimport faiss\n",
        },
    )
    outcome = import_examples(files, {"project": {"name": "faiss-cpu"}})
    assert outcome.status is Status.PASS
    assert outcome.detail == "tutorial/python/1-Flat.py imports faiss_cpu"


def test_example_scripts_of_another_package_do_not_count(tmp_path: Path) -> None:
    files = repo(tmp_path, {"examples/deep/run.py": "import torch\n", "widget/__init__.py": ""})
    outcome = import_examples(files, {})
    assert outcome.status is Status.FAIL and "widget" in outcome.detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# x\n_Note: HELM entered maintenance mode on June 1, 2026._\n", Status.FAIL),
        ("# x\nminGPT is in a semi-archived state.\n", Status.FAIL),
        ("# x\n**Status:** Maintenance (expect bug fixes and minor updates)\n", Status.FAIL),
        ("# x\nStatus: Maintenance (expect bug fixes)\n", Status.FAIL),
        ("# x\nThis repository has been archived.\n", Status.FAIL),
        ("# x\nDevelopment is focused on bug fixes and maintenance.\n", Status.PASS),
        ("# x\nWe run the maintenance of the docs in CI.\n", Status.PASS),
    ],
)
def test_a_project_that_says_it_stopped(tmp_path: Path, text: str, expected: Status) -> None:
    files = repo(tmp_path, {"README.md": text})
    outcome = still_open(files, Readme.find(files))
    assert outcome.status is expected, outcome.detail


def test_docs_keywords_keep_generic_docs_headings_out(tmp_path: Path) -> None:
    files = repo(
        tmp_path,
        {
            "README.md": "# x\n",
            "docs/upgrade.md": "# Upgrading\n\n## Alternatives to `strict=False`\n",
        },
    )
    readme, docs = Readme.find(files), Docs(files)
    loose = topic_covered(readme, docs, files, ["alternatives"])
    strict = topic_covered(readme, docs, files, ["alternatives"], docs_keywords=["comparison"])
    assert loose.status is Status.PASS
    assert strict.status is Status.FAIL
