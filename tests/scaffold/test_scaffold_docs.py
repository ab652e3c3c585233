"""Every `launchpad new` command in docs/new.md runs as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from tests.fakegithub import FakeGitHub

DOC = Path(__file__).resolve().parents[2] / "docs" / "new.md"
FENCE = re.compile(r"```bash\n(.*?)```", re.DOTALL)


def documented_commands() -> list[list[str]]:
    return [
        shlex.split(line)[1:]
        for block in FENCE.findall(DOC.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if line.strip().startswith("launchpad new")
    ]


def test_the_documented_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_github: FakeGitHub
) -> None:
    commands = documented_commands()
    assert len(commands) >= 4
    runner = CliRunner()
    plain = tmp_path / "plain"
    plain.mkdir()
    for documented in commands:
        args = list(documented)
        cwd = plain
        if "--github" in args:
            cwd = tmp_path / "github"
            cwd.mkdir()
            monkeypatch.setenv("GITHUB_TOKEN", fake_github.token)
            args += ["--github-api-url", fake_github.api_url]
        monkeypatch.chdir(cwd)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"launchpad {shlex.join(args)}: {result.stderr}"
    assert (plain / "centroids" / "src" / "centroids" / "core.py").is_file()
    assert (plain / "next-one" / ".launchpad-answers.yml").is_file()
    assert (plain / "copy-of-it" / "README.md").is_file()
    assert fake_github.repo(f"{fake_github.login}/my-artifact").private is True


def test_the_documented_update_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        shlex.split(line.split("#")[0])[1:]
        for block in FENCE.findall(DOC.read_text(encoding="utf-8"))
        for line in block.splitlines()
        if line.strip().startswith("launchpad update")
    ]
    assert len(lines) == 2
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["new", "my-artifact", "--defaults"]).exit_code == 0
    first = runner.invoke(app, lines[0])
    assert first.exit_code == 0, first.stderr
    assert "up to date" in first.stdout
    second = runner.invoke(app, lines[1])
    assert second.exit_code == 0, second.stderr
    assert "Apache License" in (tmp_path / "my-artifact" / "LICENSE").read_text()


def test_the_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "docs/new.md", "exec"), {})  # noqa: S102 - the documented example
    made, up_to_date = capsys.readouterr().out.splitlines()
    assert made.split()[-1] == "flag"
    assert (tmp_path / "centroids-lib" / ".git").is_dir()
    assert up_to_date == "True"
