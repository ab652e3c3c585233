"""`launchpad update`: a newer template release merges into a generated repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import pytest
import yaml
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import ConflictError, ExitCode, NotFoundError
from launchpad.scaffold import ANSWERS_FILE, load_template
from launchpad.scaffold.update import check, update
from tests.scaffold.conftest import Make

THANKS = "Thank you for helping."


def release(tmp_path: Path, version: str, *, thanks: str | None = None, new_file: str = "") -> Path:
    """A copy of the shipped template, released as ``version`` with a few changes."""
    root = tmp_path / f"release-{version}" / "research-artifact"
    shutil.copytree(load_template().root, root)
    questions = root / "questions.yml"
    questions.write_text(questions.read_text().replace('version: "1.1.0"', f'version: "{version}"'))
    if thanks is not None:
        contributing = root / "project" / "CONTRIBUTING.md.jinja"
        contributing.write_text(contributing.read_text().replace(THANKS, thanks))
    if new_file:
        (root / "project" / f"{new_file}.jinja").write_text(
            f"# {new_file} for {{{{ project_name }}}}\n"
        )
    return root


def commit_all(repo: git.Repo, message: str) -> None:
    repo.git.add("--all")
    repo.git.commit("-q", "-m", message)


@pytest.fixture
def project(make_project: Make) -> Path:
    """A generated repository whose owner has since edited the README."""
    path = make_project("living-artifact").path
    with git.Repo(path) as repo:
        readme = path / "README.md"
        readme.write_text(readme.read_text() + "\n## Our results\n\nWe beat the baseline.\n")
        commit_all(repo, "Write up the results")
    return path


def test_update_merges_template_changes_and_keeps_the_owners(project: Path, tmp_path: Path) -> None:
    newer = load_template(
        release(tmp_path, "1.2.0", thanks="Thanks for helping!", new_file="SECURITY.md")
    )
    result = update(project, newer)
    assert (result.from_version, result.to_version) == ("1.1.0", "1.2.0")
    assert result.conflicts == ()
    assert result.merge_commit is not None
    assert "We beat the baseline." in (project / "README.md").read_text()
    assert "Thanks for helping!" in (project / "CONTRIBUTING.md").read_text()
    assert (project / "SECURITY.md").read_text() == "# SECURITY.md for living-artifact\n"
    recorded = yaml.safe_load((project / ANSWERS_FILE).read_text())
    assert recorded["_version"] == "1.2.0"
    assert {"CONTRIBUTING.md", "SECURITY.md", ANSWERS_FILE} <= set(result.changed_files)
    assert "README.md" not in result.changed_files
    with git.Repo(project) as repo:
        assert not repo.is_dirty(untracked_files=True)
        merge = repo.head.commit
        assert len(merge.parents) == 2
        pristine = repo.commit(result.pristine_commit)
        root = next(repo.iter_commits(max_parents=0))
        assert pristine.parents == (root,)  # based on the first, pristine 1.1.0 render

    # A second release finds its base (the 1.2.0 render) by itself.
    newest = load_template(
        release(tmp_path, "1.3.0", thanks="Thanks a lot for helping!", new_file="SECURITY.md")
    )
    second = update(project, newest)
    assert second.conflicts == ()
    assert set(second.changed_files) == {"CONTRIBUTING.md", ANSWERS_FILE}
    assert "Thanks a lot for helping!" in (project / "CONTRIBUTING.md").read_text()
    assert "We beat the baseline." in (project / "README.md").read_text()


def test_same_version_and_answers_is_up_to_date(project: Path) -> None:
    result = update(project, load_template())
    assert result.up_to_date
    with git.Repo(project) as repo:
        assert repo.head.commit.message.startswith("Write up the results")


def test_both_sides_changing_a_line_is_a_conflict_left_to_git(
    project: Path, tmp_path: Path
) -> None:
    with git.Repo(project) as repo:
        contributing = project / "CONTRIBUTING.md"
        contributing.write_text(contributing.read_text().replace(THANKS, "Welcome, contributor."))
        commit_all(repo, "Warmer welcome")
        head = repo.head.commit.hexsha
        result = update(project, load_template(release(tmp_path, "1.2.0", thanks="Thanks!")))
        assert result.conflicts == ("CONTRIBUTING.md",)
        assert result.merge_commit is None
        assert "<<<<<<<" in contributing.read_text()
        repo.git.merge("--abort")
        assert repo.head.commit.hexsha == head
        assert not repo.is_dirty(untracked_files=True)


def test_uncommitted_changes_are_refused(project: Path, tmp_path: Path) -> None:
    (project / "notes.txt").write_text("draft")
    with pytest.raises(ConflictError, match="uncommitted changes"):
        update(project, load_template(release(tmp_path, "1.2.0", thanks="Thanks!")))


def test_a_repository_without_answers_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=ANSWERS_FILE):
        update(tmp_path, load_template())


def test_cli_update_reports_and_exits_5_on_conflicts(project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    newer = release(tmp_path, "1.2.0", thanks="Thanks!")
    result = runner.invoke(
        app, ["update", str(project), "--template", str(newer), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["to_version"] == "1.2.0"
    assert "CONTRIBUTING.md" in report["changed_files"]

    again = runner.invoke(app, ["update", str(project), "--template", str(newer)])
    assert again.exit_code == 0
    assert "up to date" in again.stdout

    with git.Repo(project) as repo:
        contributing = project / "CONTRIBUTING.md"
        contributing.write_text(contributing.read_text().replace("Thanks!", "Hello!"))
        commit_all(repo, "Hello")
    conflicted = runner.invoke(
        app,
        ["update", str(project), "--template", str(release(tmp_path, "1.3.0", thanks="Cheers!"))],
    )
    assert conflicted.exit_code == ExitCode.CONFLICT
    assert "conflicts in 1 file(s): CONTRIBUTING.md" in conflicted.stderr
    assert "git merge --abort" in conflicted.stderr


def git_state(path: Path) -> tuple[str, str]:
    """HEAD and the porcelain status: what a refused or read-only command must not change."""
    with git.Repo(path) as repo:
        return repo.head.commit.hexsha, repo.git.status("--porcelain", "--untracked-files=all")


def test_an_older_template_is_refused_and_nothing_changes(project: Path, tmp_path: Path) -> None:
    newer = release(tmp_path, "1.2.0", new_file="SECURITY.md")
    assert update(project, load_template(newer)).merge_commit is not None
    before = git_state(project)
    runner = CliRunner()
    refused = runner.invoke(app, ["update", str(project), "--template", str(load_template().root)])
    assert refused.exit_code == ExitCode.CONFLICT
    assert "1.2.0, newer than 1.1.0: updating would downgrade it" in refused.stderr
    assert "--force" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert git_state(project) == before
    assert (project / "SECURITY.md").is_file()
    with pytest.raises(ConflictError, match="downgrade"):
        update(project, load_template())


def test_force_performs_the_downgrade(project: Path, tmp_path: Path) -> None:
    update(project, load_template(release(tmp_path, "1.2.0", new_file="SECURITY.md")))
    runner = CliRunner()
    forced = runner.invoke(
        app, ["update", str(project), "--template", str(load_template().root), "--force"]
    )
    assert forced.exit_code == 0, forced.stderr
    assert not (project / "SECURITY.md").exists()
    assert yaml.safe_load((project / ANSWERS_FILE).read_text())["_version"] == "1.1.0"
    assert "We beat the baseline." in (project / "README.md").read_text()


def test_check_exits_0_when_current(project: Path) -> None:
    before = git_state(project)
    result = CliRunner().invoke(app, ["update", "--check", str(project)])
    assert result.exit_code == 0, result.stderr
    assert "up to date" in result.stdout
    assert git_state(project) == before


def test_check_exits_2_with_json_when_a_newer_template_exists(
    project: Path, tmp_path: Path
) -> None:
    newer = release(tmp_path, "1.2.0", thanks="Thanks!")
    before = git_state(project)
    result = CliRunner().invoke(
        app, ["update", str(project), "--check", "--template", str(newer), "--format", "json"]
    )
    assert result.exit_code == 2, result.stderr
    assert json.loads(result.stdout) == {
        "path": str(project),
        "template": "research-artifact",
        "recorded_version": "1.1.0",
        "available_version": "1.2.0",
        "update_available": True,
        "newer_than_available": False,
    }
    assert git_state(project) == before


def test_versions_compare_as_versions_not_strings(project: Path, tmp_path: Path) -> None:
    update(project, load_template(release(tmp_path, "1.9.0", thanks="Thanks!")))
    checked = check(project, load_template(release(tmp_path, "1.10.0", thanks="Cheers!")))
    assert (checked.recorded_version, checked.available_version) == ("1.9.0", "1.10.0")
    assert checked.update_available


def test_check_says_when_the_repository_is_newer(project: Path, tmp_path: Path) -> None:
    update(project, load_template(release(tmp_path, "1.2.0", thanks="Thanks!")))
    before = git_state(project)
    result = CliRunner().invoke(app, ["update", "--check", str(project)])
    assert result.exit_code == 0, result.stderr
    assert "newer than 1.1.0 in this launchpad" in result.stdout
    assert git_state(project) == before


def test_check_of_a_folder_that_is_no_generated_repository_is_not_found(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["update", "--check", str(tmp_path), "--format", "json"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert ANSWERS_FILE in result.stderr
    assert result.stdout == ""


def test_check_takes_no_data_or_force(project: Path) -> None:
    result = CliRunner().invoke(app, ["update", "--check", "--force", str(project)])
    assert result.exit_code == ExitCode.USAGE
    assert "--check changes nothing" in result.stderr
