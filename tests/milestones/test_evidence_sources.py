"""Where evidence may come from, and who counts as a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.kinds.filekinds import file_exists, topic_covered
from launchpad.milestones.loader import load
from launchpad.milestones.model import Status, Verdict
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles, is_release_notes
from launchpad.milestones.sources.git import is_bot
from tests.milestones.helpers import M3_FILES, make_repo, write_files

BENCHMARK_WORDS = ["benchmark", "benchmarks", "performance", "results", "speed"]


@pytest.mark.parametrize(
    "path",
    [
        "docs/source/content/news/release-2.0.md",
        "docs/releases/v1.md",
        "docs/release-notes/1.2.md",
        "docs/changelog.md",
        "docs/CHANGES.rst",
        "docs/whatsnew/v0.3.rst",
        "docs/history.md",
    ],
)
def test_release_notes_pages_are_recognised(path: str) -> None:
    assert is_release_notes(path)


@pytest.mark.parametrize(
    "path", ["docs/benchmarks.md", "docs/guide/performance.md", "docs/newsletters-and-papers.md"]
)
def test_other_pages_are_not_release_notes(path: str) -> None:
    assert not is_release_notes(path)


def test_a_release_notes_heading_is_no_evidence_of_benchmarks(tmp_path: Path) -> None:
    notes = "# Release 2.0\n\n## Performance improvements\n\nFaster loading.\n"
    write_files(tmp_path, {"README.md": "# Widget\n", "docs/news/release-2.0.md": notes})
    files = RepoFiles(tmp_path)
    outcome = topic_covered(Readme.find(files), Docs(files), files, BENCHMARK_WORDS)
    assert outcome.status is Status.FAIL

    guide = "# Guide\n\n## Performance\n\n| model | ms |\n"
    write_files(tmp_path, {"docs/guide.md": guide})
    files = RepoFiles(tmp_path)
    outcome = topic_covered(Readme.find(files), Docs(files), files, BENCHMARK_WORDS)
    assert outcome.status is Status.PASS
    assert "docs/guide.md" in outcome.detail


def criterion_verdict(
    root: Path, criterion_id: str, readme_extra: str, without: tuple[str, ...] = ()
) -> Verdict:
    """The verdict on one criterion of the shipped data for the M3 fixture repository."""
    files = {k: v for k, v in M3_FILES.items() if k not in without}
    files["README.md"] = M3_FILES["README.md"] + readme_extra
    make_repo(root, files, tags=["v0.1.0", "v1.0.0"])
    report = evaluate(root, RunOptions(offline=True, record_history=False))
    return next(
        c.verdict for m in report.milestones for c in m.criteria if c.criterion.id == criterion_id
    )


def examples_verdict(root: Path, readme_extra: str) -> Verdict:
    return criterion_verdict(
        root, "examples", readme_extra, without=("examples/basic.py", "notebooks/tour.ipynb")
    )


def test_a_linked_examples_repository_meets_the_examples_criterion(tmp_path: Path) -> None:
    link = "\nMore examples: [widget-examples](https://github.com/widget-org/widget-examples).\n"
    assert examples_verdict(tmp_path / "linked", link) is Verdict.MET
    other = "\nSee [the issue tracker](https://github.com/widget-org/widget/issues).\n"
    assert examples_verdict(tmp_path / "unlinked", other) is Verdict.NOT_MET


@pytest.mark.parametrize(
    ("name", "email"),
    [
        ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
        ("xFormers Bot", "oncall+xformers@example.com"),
        ("Pyre Bot Jr", ""),
        ("generatedunixname89002005307016", "generatedunixname89002005307016@meta.com"),
        ("Github Actions", "actions@github.com"),
        ("github-actions", "github-actions@github.com"),
    ],
)
def test_automation_is_not_a_person(name: str, email: str) -> None:
    assert is_bot(name, email)


@pytest.mark.parametrize(
    ("name", "email"), [("bottler", "bottler@users.noreply.github.com"), ("Abbot Lee", "a@b.org")]
)
def test_people_whose_names_hold_bot_are_people(name: str, email: str) -> None:
    assert not is_bot(name, email)


def changelog_verdict(root: Path, readme_extra: str) -> Verdict:
    return criterion_verdict(root, "changelog", readme_extra)


def test_a_whats_new_section_of_the_readme_records_changes(tmp_path: Path) -> None:
    news = "\n## What's New\n\n### July 10, 2026\n\n* v1.0.0: faster loading.\n"
    assert changelog_verdict(tmp_path / "news", news) is Verdict.MET
    # offline, with no changelog anywhere, GitHub releases could still hold the notes
    assert changelog_verdict(tmp_path / "none", "") is Verdict.UNKNOWN


def test_prefixed_docs_folders_hold_docs_pages(tmp_path: Path) -> None:
    write_files(tmp_path, {"hfdocs/source/quickstart.mdx": "# Quickstart\n", "src/a.md": "# A\n"})
    assert Docs(RepoFiles(tmp_path)).paths == ["hfdocs/source/quickstart.mdx"]


def test_a_script_named_like_a_test_is_not_a_test(tmp_path: Path) -> None:
    """GroundingDINO's docker_test.py loads a model and prints; it measured M0 as tested."""
    tests = next(c for c in load()[0].checks if c.id == "tests")
    script = "from widget import load\nmodel = load('w.pth')\nprint('DONE!')\n"
    write_files(tmp_path, {"docker_test.py": script, "demo/test_ap.py": "assert True\n"})
    outcome = file_exists(RepoFiles(tmp_path), **tests.params)
    assert outcome.status is Status.FAIL

    write_files(tmp_path, {"widget/io_test.py": "class IoTest(absltest.TestCase):\n    pass\n"})
    outcome = file_exists(RepoFiles(tmp_path), **tests.params)
    assert outcome.status is Status.PASS
    assert "widget/io_test.py" in outcome.detail
