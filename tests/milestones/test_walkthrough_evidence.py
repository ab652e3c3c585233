"""Examples, change notes and integrations that live outside the usual file names.

Mature projects keep their walk-throughs among the docs pages (a quick-start folder, a
quick tour, notebooks), their change notes in a docs page, and their integrations in
Poetry extras; the shipped criteria count each of them, and not a bare docs index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.kinds.extraskinds import optional_extras
from launchpad.milestones.kinds.filekinds import changelog
from launchpad.milestones.model import Status, Verdict
from launchpad.milestones.sources.files import RepoFiles
from tests.milestones.helpers import write_files


def verdicts(root: Path, files: dict[str, str]) -> dict[str, Verdict]:
    write_files(root, files)
    report = evaluate(root, RunOptions(offline=True, record_history=False))
    return {
        f"M{m.milestone.number}:{c.criterion.id}": c.verdict
        for m in report.milestones
        for c in m.criteria
    }


@pytest.mark.parametrize(
    "page",
    [
        "docs/quickstart/first_run.md",
        "docs/source/a_quick_tour.mdx",
        "docs/guides/how_to_train.md",
        "docs/tutorials_index/basic_tutorial.rst",
        "docs/methods/visualize_samples.ipynb",
        "colab/demo.ipynb",
    ],
)
def test_walkthroughs_among_the_docs_are_examples(tmp_path: Path, page: str) -> None:
    got = verdicts(
        tmp_path, {"README.md": "# widget\n", "docs/index.md": "# Widget\n", page: "{}\n"}
    )
    assert got["M1:examples"] is Verdict.MET


def test_a_docs_index_and_a_reference_page_are_no_examples(tmp_path: Path) -> None:
    files = {"README.md": "# widget\n", "docs/index.md": "# Widget\n", "docs/api.md": "# API\n"}
    assert verdicts(tmp_path, files)["M1:examples"] is Verdict.NOT_MET


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("docs/changelist.md", Status.PASS),
        ("docs/source/whats_new.rst", Status.PASS),
        ("docs/about/history.md", Status.PASS),
        ("docs/releases.md", Status.PASS),
        ("docs/release_process.md", Status.UNKNOWN),  # how to cut one, not what changed
        ("docs/newsletter.md", Status.UNKNOWN),
    ],
)
def test_a_docs_page_of_change_notes_is_a_changelog(
    tmp_path: Path, page: str, expected: Status
) -> None:
    write_files(tmp_path, {"README.md": "# widget\n", page: "# Notes\n"})
    outcome = changelog(RepoFiles(tmp_path))
    assert outcome.status is expected
    if expected is Status.PASS:
        assert outcome.detail == page


POETRY = {"tool": {"poetry": {"extras": {"atari": ["ale-py"], "mujoco": ["mujoco"], "dev": []}}}}


def test_poetry_extras_are_integrations_too() -> None:
    outcome = optional_extras(POETRY)
    assert outcome.status is Status.PASS
    assert outcome.detail == "extras: atari, mujoco"


def test_extras_for_working_on_the_project_are_no_integrations() -> None:
    own = {"tool": {"poetry": {"extras": {"dev": ["pytest"], "docs": ["sphinx"]}}}}
    outcome = optional_extras(own)
    assert outcome.status is Status.FAIL
    assert outcome.detail == "0 user-facing extras, need 2"
