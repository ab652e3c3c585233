"""`launchpad.scaffold.new` and `update_project` as a library caller sees them: no CLI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import git
import pytest

from launchpad.errors import ConflictError, ExternalError, InputError
from launchpad.scaffold import (
    ANSWERS_FILE,
    Question,
    Scaffolded,
    load_template,
    new,
    update_project,
)
from tests.fakegithub import FakeGitHub


class Steps:
    """A Progress that records the steps it was told about."""

    def __init__(self) -> None:
        self.started: list[str] = []

    def start(self, description: str, total: float | None = None) -> None:
        self.started.append(description)

    def advance(self, amount: float = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def test_new_makes_the_whole_repository_in_one_call(tmp_path: Path) -> None:
    steps = Steps()
    made = new(tmp_path / "library-made", data={"kind": "model"}, progress=steps)
    assert isinstance(made, Scaffolded)
    assert made.github is None
    generated = made.generated
    assert generated.path == tmp_path / "library-made"
    assert generated.answers["project_name"] == "library-made"
    assert generated.answers.sources["kind"] == "flag"
    assert generated.answers["author_name"] == "Ada Tester"  # from git config, as context
    assert (generated.path / ANSWERS_FILE).is_file()
    with git.Repo(generated.path) as repo:
        assert repo.head.commit.hexsha == generated.commit
    assert "first commit" in steps.started


def test_data_as_typed_on_the_command_line_and_a_recorded_file(tmp_path: Path) -> None:
    recorded = tmp_path / "answers.yml"
    recorded.write_text("kind: benchmark\nlicense: Apache-2.0\n", encoding="utf-8")
    made = new(
        tmp_path / "typed",
        template=load_template(),
        data=["license=MIT"],
        data_file=recorded,
    )
    answers = made.generated.answers
    assert (answers["kind"], answers.sources["kind"]) == ("benchmark", "recorded")
    assert (answers["license"], answers.sources["license"]) == ("MIT", "flag")
    with pytest.raises(InputError, match="is not KEY=VALUE"):
        new(tmp_path / "never", data=["license"])
    assert not (tmp_path / "never").exists()


def test_ask_answers_the_questions_and_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    asked: list[str] = []

    def ask(question: Question, prefill: Any) -> Any:
        asked.append(question.name)
        return "asked-artifact" if question.name == "project_name" else prefill

    made = new(ask=ask)
    assert made.generated.path == tmp_path / "asked-artifact"
    assert made.generated.answers.sources["project_name"] == "prompt"
    assert asked[0] == "project_name"
    assert "private" not in asked  # only asked when publishing


def test_a_full_target_is_refused_before_any_question(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine\n", encoding="utf-8")

    def ask(question: Question, prefill: Any) -> Any:
        raise AssertionError(f"asked {question.name}")

    with pytest.raises(ConflictError, match="is not empty"):
        new(full, ask=ask)
    assert [p.name for p in full.iterdir()] == ["notes.txt"]


def test_new_publishes_to_github_and_a_failed_push_keeps_the_local_repository(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.github import GitHub

    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    made = new(
        tmp_path / "published", github=True, private=True, github_api_url=fake_github.api_url
    )
    assert made.github is not None
    assert made.github.full_name == f"{fake_github.login}/published"
    assert fake_github.repo(made.github.full_name).private is True

    def refuse(self: GitHub, repo_path: Path, clone_url: str, *, branch: str = "main") -> None:
        raise ExternalError("git push was refused")

    monkeypatch.setattr(GitHub, "push", refuse)
    target = tmp_path / "unpushed"
    with pytest.raises(ExternalError) as caught:
        new(target, github=True, github_api_url=fake_github.api_url)
    assert caught.value.message == (
        f"git push was refused (the local repository {target} is complete)"
    )
    assert (target / ".git").is_dir()


def test_a_taken_name_writes_nothing(
    fake_github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
    fake_github.add_repo(f"{fake_github.login}/taken")
    with pytest.raises(ConflictError, match="already exists"):
        new(tmp_path / "taken", github=True, github_api_url=fake_github.api_url)
    assert not (tmp_path / "taken").exists()


def test_update_project_finds_the_recorded_template(tmp_path: Path) -> None:
    made = new(tmp_path / "kept-current")
    result = update_project(made.generated.path)
    assert result.up_to_date
    assert result.template == made.generated.template
    assert result.to_version == made.generated.template_version


def test_the_core_imports_no_terminal_libraries() -> None:
    import subprocess

    code = (
        "import sys, launchpad.scaffold.new\n"
        "print(sorted(m for m in ('typer', 'rich', 'questionary') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
