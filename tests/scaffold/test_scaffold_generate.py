"""Generation is all or nothing: a complete, committed repository, or no trace at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
import yaml

from launchpad.config import read_toml
from launchpad.errors import ConfigError, ConflictError, LaunchpadError, NotFoundError
from launchpad.scaffold import ANSWERS_FILE, Template, load_template, resolve_answers
from launchpad.scaffold.generate import generate
from tests.scaffold.conftest import Make


def test_generates_a_committed_repository_on_main(make_project: Make) -> None:
    result = make_project(
        "demo-artifact", data={"author_name": "Grace Hopper", "author_email": "grace@example.org"}
    )
    assert result.path.is_dir()
    repo = git.Repo(result.path)
    with repo:
        assert repo.active_branch.name == "main"
        head = repo.head.commit
        assert head.hexsha == result.commit
        assert (head.author.name, head.author.email) == ("Grace Hopper", "grace@example.org")
        assert (head.committer.name, head.committer.email) == ("Grace Hopper", "grace@example.org")
        assert len(list(repo.iter_commits())) == 1
        assert not repo.is_dirty(untracked_files=True)
        committed = sorted(item.path for item in head.tree.traverse() if item.type == "blob")
    assert committed == list(result.files)
    for expected in (
        "pyproject.toml",
        "src/demo_artifact/core.py",
        "src/demo_artifact/cli.py",
        "tests/test_core.py",
        "examples/quickstart.py",
        "benchmarks/bench_core.py",
        "docs/research-plan.md",
        "mkdocs.yml",
        "CITATION.cff",
        "LICENSE",
        ".github/workflows/release.yml",
        ".github/workflows/milestones.yml",
        ANSWERS_FILE,
    ):
        assert expected in result.files


def test_answers_are_recorded_and_replay_to_the_same_tree(
    make_project: Make, template: Template, tmp_path: Path
) -> None:
    first = make_project("one", data={"kind": "system", "license": "BSD-3-Clause"})
    recorded = yaml.safe_load((first.path / ANSWERS_FILE).read_text())
    assert recorded["_template"] == "research-artifact"
    assert recorded["_version"] == template.version
    assert recorded["kind"] == "system"
    assert "create_github" not in recorded  # a one-off choice, not part of the files
    answers = resolve_answers(template, recorded=recorded, context={"target_name": "two"})
    second = generate(tmp_path / "two", template, answers, git=False, today=None)
    for name in first.files:
        if name != ANSWERS_FILE and "{" not in name:
            left = (first.path / name).read_bytes()
            right = (second.path / name).read_bytes()
            if name not in {"CITATION.cff", "CHANGELOG.md"}:  # they carry the release date
                assert left == right, name


def test_every_kind_and_license_renders(make_project: Make) -> None:
    for kind, license_id, heading in (
        ("model", "Apache-2.0", "Apache License"),
        ("benchmark", "BSD-3-Clause", "BSD 3-Clause License"),
        ("system", "MIT", "MIT License"),
    ):
        result = make_project(f"p-{kind}", data={"kind": kind, "license": license_id}, git=False)
        license_text = (result.path / "LICENSE").read_text()
        assert license_text.lstrip().startswith(heading)
        assert "Ada Tester" in license_text
        pyproject = (result.path / "pyproject.toml").read_text()
        assert f'license = "{license_id}"' in pyproject
        assert f"p_{kind}.cli:main" in pyproject


def test_refuses_a_non_empty_target_and_leaves_it_alone(make_project: Make, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(ConflictError, match="exists and is not empty"):
        make_project("taken")
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_refuses_a_file_and_a_missing_parent(make_project: Make, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConflictError, match="not a folder"):
        make_project("file")
    with pytest.raises(NotFoundError, match="does not exist"):
        make_project("child", parent=tmp_path / "missing")


def test_an_empty_folder_is_filled(make_project: Make, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = make_project("empty")
    assert (result.path / "README.md").is_file()


class _InterruptAfter:
    """A progress sink that presses Ctrl-C after ``count`` files."""

    def __init__(self, count: int) -> None:
        self.count = count

    def start(self, description: str, total: float | None = None) -> None:
        pass

    def advance(self, amount: float = 1) -> None:
        self.count -= 1
        if self.count == 0:
            raise KeyboardInterrupt

    def finish(self) -> None:
        pass


def test_interrupted_render_leaves_nothing_behind(make_project: Make, tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        make_project("interrupted", progress=_InterruptAfter(5))
    assert list(tmp_path.iterdir()) == []


def test_a_template_error_leaves_nothing_behind(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(load_template().root, broken)
    (broken / "project" / "zz-last.txt.jinja").write_text("{{ no_such_answer }}\n")
    template = load_template(broken)
    answers = resolve_answers(
        template, context={"target_name": "x", "git_user_name": "A B", "git_user_email": "a@b.org"}
    )
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ConfigError, match=r"zz-last\.txt\.jinja: 'no_such_answer' is undefined"):
        generate(out / "x", template, answers)
    assert list(out.iterdir()) == []


def test_generated_folder_has_normal_permissions(make_project: Make) -> None:
    result = make_project("perm", git=False)
    mode = result.path.stat().st_mode & 0o777
    assert mode & 0o755 == 0o755  # not the private 0700 of a temporary folder


def test_git_fsck_is_clean(make_project: Make) -> None:
    result = make_project("fsck")
    out = subprocess.run(
        ["git", "fsck", "--strict"], cwd=result.path, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr


def test_git_date_variables_in_the_environment_do_not_break_the_commit(
    make_project: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
    result = make_project("dated")
    assert result.commit is not None


def test_awkward_text_answers_are_escaped_for_every_file_format(make_project: Make) -> None:
    description = 'Say "hello" to C:\\data, {braces} & <tags>: 100% sure'
    result = make_project(
        "awkward", data={"description": description, "author_name": "Zoë O'Brien-Núñez"}, git=False
    )
    code = "import awkward, sys; sys.stdout.write(awkward.__doc__)"
    env = {**os.environ, "PYTHONPATH": str(result.path / "src")}
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout == description
    pyproject = read_toml(result.path / "pyproject.toml")["project"]
    assert pyproject["description"] == description
    assert pyproject["authors"][0]["name"] == "Zoë O'Brien-Núñez"
    assert (
        yaml.safe_load((result.path / "mkdocs.yml").read_text())["site_description"] == description
    )
    assert yaml.safe_load((result.path / "CITATION.cff").read_text())["abstract"] == description


def test_an_unwritable_parent_is_a_clear_error(
    make_project: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkdtemp", refuse)
    with pytest.raises(LaunchpadError, match=r"cannot write in .*: Permission denied"):
        make_project("x")


def test_an_os_error_while_writing_is_one_line_and_cleaned_up(
    make_project: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    module = importlib.import_module("launchpad.scaffold.generate")

    def full_disk(*args: object, **kwargs: object) -> list[str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "render_project", full_disk)
    with pytest.raises(LaunchpadError, match="No space left on device; nothing was left behind"):
        make_project("full")
    assert list(tmp_path.iterdir()) == []
