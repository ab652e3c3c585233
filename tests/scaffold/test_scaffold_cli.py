"""`launchpad new` from the command line: scripted answers, clear errors, no hangs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import ExitCode

runner = CliRunner()


def _new(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["new", *args])
    return result.exit_code, result.stdout, result.stderr


def test_defaults_create_a_project(tmp_path: Path) -> None:
    code, out, err = _new(str(tmp_path / "fresh-idea"), "--defaults", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["answers"]["project_name"] == "fresh-idea"
    assert report["answers"]["import_name"] == "fresh_idea"
    assert report["branch"] == "main"
    assert (tmp_path / "fresh-idea" / "src" / "fresh_idea" / "core.py").is_file()


def test_table_report_names_the_next_step(tmp_path: Path) -> None:
    code, out, err = _new(str(tmp_path / "tabled"), "--defaults")
    assert code == 0, err
    assert "created" in out
    assert 'pip install -e ".[test,lint]"' in out


def test_data_and_data_file(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("kind: model\nlicense: Apache-2.0\ndescription: Centroids, but fast.\n")
    code, out, err = _new(
        str(tmp_path / "centroids"),
        "--no-input",
        "--data-file",
        str(answers),
        "--data",
        "license=BSD-3-Clause",
        "-d",
        "import_name=fastcentroids",
        "--format",
        "json",
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["answers"]["kind"] == "model"
    assert report["sources"]["kind"] == "recorded"
    assert report["answers"]["license"] == "BSD-3-Clause"
    assert report["sources"]["license"] == "flag"
    assert (tmp_path / "centroids" / "src" / "fastcentroids" / "core.py").is_file()
    assert "Centroids, but fast." in (tmp_path / "centroids" / "README.md").read_text()


def test_recorded_answers_of_a_project_reproduce_it(tmp_path: Path) -> None:
    _new(str(tmp_path / "first"), "--defaults", "-d", "kind=benchmark")
    code, out, err = _new(
        str(tmp_path / "second"),
        "--no-input",
        "--data-file",
        str(tmp_path / "first" / ".launchpad-answers.yml"),
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["answers"]["project_name"] == "first"  # recorded beats the default
    assert json.loads(out)["answers"]["kind"] == "benchmark"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "project_name=../escape"], "path separator or '..'"),
        (["--data", "project_name=a/b"], "path separator"),
        (["--data", "import_name=not-valid"], "not a lower-case Python identifier"),
        (["--data", "import_name=lambda"], "keyword"),
        (["--data", "kind=poem"], "kind must be one of"),
        (["--data", "kind"], "is not KEY=VALUE"),
    ],
)
def test_bad_answers_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = _new(str(tmp_path / "p"), "--defaults", *args)
    assert code == ExitCode.USAGE
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert message in lines[0]
    assert not (tmp_path / "p").exists()


def test_existing_target_exits_5_and_is_untouched(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("keep")
    code, _, err = _new(str(target), "--defaults")
    assert code == ExitCode.CONFLICT
    assert "exists and is not empty" in err
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_unknown_template_exits_4(tmp_path: Path) -> None:
    code, _, err = _new(str(tmp_path / "x"), "--defaults", "--template", "nope")
    assert code == ExitCode.NOT_FOUND
    assert "no template 'nope'" in err


def test_no_terminal_and_a_required_answer_missing_fails_fast(tmp_path: Path) -> None:
    """No PATH and no project name, stdin not a terminal: an error, never a prompt."""
    result = subprocess.run(
        [sys.executable, "-m", "launchpad", "new"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == ExitCode.USAGE
    assert "no answer for project_name" in result.stderr
    assert "--data project_name=" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_path_the_folder_is_named_after_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _new("--no-input", "-d", "project_name=named-here")
    assert code == 0, err
    repo = git.Repo(tmp_path / "named-here")
    with repo:
        assert repo.head.commit.author.name == "Ada Tester"


def test_github_without_token_fails_before_writing(tmp_path: Path) -> None:
    code, _, err = _new(
        str(tmp_path / "gh"), "--defaults", "--github", "--github-api-url", "http://127.0.0.1:9"
    )
    assert code == ExitCode.EXTERNAL
    assert "no GitHub token" in err
    assert list(tmp_path.iterdir()) == []


def test_dot_fills_the_current_empty_folder_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here-and-now"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    code, _, err = _new(".", "--defaults")
    assert code == 0, err
    assert here.stat().st_ino == inode  # the same folder, not a replacement
    assert (here / "src" / "here_and_now" / "core.py").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here-and-now"]


def test_ctrl_c_exits_130_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    generate_module = importlib.import_module("launchpad.scaffold.generate")  # not the function
    real = generate_module.render_tree

    def interrupted(*args: object, **kwargs: object) -> list[str]:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(generate_module, "render_tree", interrupted)
    work = tmp_path / "work"
    work.mkdir()
    code, _, err = _new(str(work / "stopped"), "--defaults")
    assert code == ExitCode.INTERRUPTED
    assert "interrupted" in err
    assert list(work.iterdir()) == []


def test_report_lines_stay_whole_with_a_long_path(tmp_path: Path) -> None:
    """Not a terminal: rich must not wrap the path or the next command at 80 columns."""
    deep = tmp_path / ("a-rather-long-folder-name-" * 3) / "and-another-level-below-it"
    deep.mkdir(parents=True)
    target = deep / "long-path-artifact"
    code, out, err = _new(str(target), "--defaults")
    assert code == 0, err
    assert len(str(target)) > 80
    created = [line for line in out.splitlines() if line.startswith("created ")]
    assert len(created) == 1
    assert f"created {target}: " in created[0]
    assert created[0].endswith(f"commit {git.Repo(target).head.commit.hexsha[:10]}")
    assert f'next: cd {target} && pip install -e ".[test,lint]" && pytest' in out.splitlines()


def test_next_step_quotes_a_path_with_spaces(tmp_path: Path) -> None:
    """The printed command must work when pasted into a shell."""
    parent = tmp_path / "my papers"
    parent.mkdir()
    code, out, err = _new(str(parent / "spaced"), "--defaults")
    assert code == 0, err
    next_line = next(line for line in out.splitlines() if line.startswith("next: "))
    command = next_line.removeprefix("next: ")
    tail = ' && pip install -e ".[test,lint]" && pytest'
    assert command.endswith(tail)
    done = subprocess.run(
        ["sh", "-c", command.removesuffix(tail) + " && pwd"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(parent / "spaced")


def test_an_empty_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`launchpad new "$UNSET"` must not fill the current folder."""
    monkeypatch.chdir(tmp_path)
    code, _, err = _new("", "--defaults")
    assert code == ExitCode.USAGE
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "PATH is empty" in lines[0]
    assert list(tmp_path.iterdir()) == []
