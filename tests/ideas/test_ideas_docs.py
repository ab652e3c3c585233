"""Every `launchpad score-idea` command in docs/ideas.md and examples/README.md runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.ideas.inputs import clean_idea, read_ideas_file
from tests.conftest import REPO_ROOT

DOCS = [REPO_ROOT / "docs" / "ideas.md", REPO_ROOT / "examples" / "README.md"]


def _commands() -> list[str]:
    found = []
    for path in DOCS:
        for block in re.findall(r"```console\n(.*?)```", path.read_text(), re.DOTALL):
            found += [
                line.split("  #")[0].strip()
                for line in block.splitlines()
                if line.startswith("launchpad score-idea")
            ]
    return found


def test_docs_hold_score_idea_commands() -> None:
    assert len(_commands()) >= 6


@pytest.mark.parametrize("command", _commands())
def test_documented_command_runs(command: str, ideas_corpus: Path, tmp_path: Path) -> None:
    args = shlex.split(command)[1:]
    if "--png" in args:
        args[args.index("--png") + 1] = str(tmp_path / "share.png")
    args = [str(REPO_ROOT / a) if a.startswith("examples/") else a for a in args]
    result = CliRunner().invoke(app, [*args, "--corpus", str(ideas_corpus)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("name", ["large-model-directions.txt", "big-model-roadmap.txt"])
def test_example_lists_are_clean_problem_statements(name: str) -> None:
    ideas = read_ideas_file((REPO_ROOT / "examples" / name).read_bytes(), name)
    assert len(ideas) >= 10
    for idea in ideas:
        assert clean_idea(idea) == (idea, [])
        assert len(idea.split()) >= 5  # a concrete problem, not a one-word field


def test_the_python_example_runs(
    ideas_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = re.findall(r"```python\n(.*?)```", DOCS[0].read_text(), re.DOTALL)
    monkeypatch.setenv("LAUNCHPAD_CORPUS", str(ideas_corpus))
    exec(compile(block, "docs/ideas.md", "exec"), {})  # noqa: S102 - the documented example
    lines = capsys.readouterr().out.splitlines()
    frontier = [int(m[1]) for line in lines if (m := re.match(r"(\d+) \d+ \d+ \D", line))]
    assert len(frontier) == 2
    assert frontier == sorted(frontier, reverse=True)
