"""With a terminal, `launchpad new` asks through questionary; keys are fed through a pipe."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.cli.new import _ask
from launchpad.scaffold import Template

ENTER = "\r"
DOWN = "\x1b[B"
BACKSPACE = "\x7f"


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        yield pipe


def test_text_prompt_starts_from_the_prefill(keys: PipeInput, template: Template) -> None:
    keys.send_text("-v2" + ENTER)
    assert _ask(template.question("project_name"), "artifact") == "artifact-v2"


def test_invalid_text_is_refused_until_fixed(keys: PipeInput, template: Template) -> None:
    keys.send_text("1x" + ENTER + BACKSPACE * 2 + "fine_name" + ENTER)
    assert _ask(template.question("import_name"), "") == "fine_name"


def test_select_and_confirm(keys: PipeInput, template: Template) -> None:
    keys.send_text(DOWN + ENTER)
    assert _ask(template.question("kind"), "library") == "model"
    keys.send_text("y")
    assert _ask(template.question("create_github"), False) is True


def test_terminal_session_asks_every_question(
    keys: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("launchpad.cli.new.stdin_is_terminal", lambda: True)
    # Six text and choice questions (license is a flag): accept the defaults; pick the third kind;
    # keep the owner; answer "no" to creating the GitHub repository (private is then not asked).
    answers = [ENTER] * 6 + [DOWN + DOWN + ENTER, ENTER, "n"]
    keys.send_text("".join(answers))
    result = CliRunner().invoke(
        app, ["new", str(tmp_path / "asked"), "--data", "license=BSD-3-Clause", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["answers"]["kind"] == "benchmark"
    assert report["sources"]["kind"] == "prompt"
    assert report["sources"]["license"] == "flag"
    assert report["sources"]["private"] == "default"
    assert report["answers"]["project_name"] == "asked"


@pytest.mark.parametrize("flag", ["--defaults", "--no-input"])
def test_defaults_and_no_input_never_prompt_even_in_a_terminal(
    flag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("prompted")

    monkeypatch.setattr("launchpad.cli.new.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("launchpad.cli.new._ask", refuse)
    result = CliRunner().invoke(app, ["new", str(tmp_path / "quiet"), flag])
    assert result.exit_code == 0, result.stderr


def test_prompts_go_to_the_terminal_when_stdout_is_redirected(
    keys: PipeInput, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`launchpad new x --format json > report.json`: the questions must be seen, not filed."""
    import io
    import os
    import pty
    import select
    import sys

    master, slave = pty.openpty()
    with os.fdopen(slave, "w") as terminal:
        redirected = io.StringIO()
        monkeypatch.setattr(sys, "stdout", redirected)
        monkeypatch.setattr(sys, "stderr", terminal)
        keys.send_text(ENTER)
        assert _ask(template.question("project_name"), "artifact") == "artifact"
        terminal.flush()
        readable, _, _ = select.select([master], [], [], 2)
        shown = os.read(master, 65536).decode(errors="replace") if readable else ""
    os.close(master)
    assert "Project name" in shown
    assert redirected.getvalue() == ""


def test_without_path_a_taken_folder_is_refused_at_the_name_question(
    keys: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("keep me\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("launchpad.cli.new.stdin_is_terminal", lambda: True)
    name = BACKSPACE * 40 + "taken" + ENTER + BACKSPACE * 5 + "fresh" + ENTER
    keys.send_text(name + ENTER * 5 + DOWN + DOWN + ENTER + ENTER + "n")
    result = CliRunner().invoke(app, ["new", "--data", "license=MIT", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["project_name"] == "fresh"
    assert (tmp_path / "fresh" / "pyproject.toml").is_file()
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]
