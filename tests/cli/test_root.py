"""The root command: version, help, error mapping and start-up cost."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from launchpad import __version__
from launchpad.cli import app
from launchpad.errors import ConflictError, ExitCode, InputError

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"launchpad {__version__}"


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("new", "score-idea", "ideas", "corpus", "milestones"):
        assert command in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from launchpad.cli import app; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'github', 'git', 'numpy', "
        "'model2vec', 'transformers') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InputError("bad idea", hint="type words"), ExitCode.USAGE),
        (ConflictError("target exists"), ExitCode.CONFLICT),
        (RuntimeError("a bug"), ExitCode.ERROR),
    ],
)
def test_errors_become_one_line_and_exit_code(error: Exception, code: int) -> None:
    from launchpad.cli import LaunchpadGroup

    probe = typer.Typer(cls=LaunchpadGroup)

    @probe.command()
    def boom() -> None:
        raise error

    @probe.command()
    def other() -> None:
        """A second command, so typer keeps sub-command dispatch."""

    result = runner.invoke(probe, ["boom"])
    assert result.exit_code == code
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(error).split(" (hint")[0] in lines[0]
    assert "Traceback" not in result.output


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "launchpad", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in out.stdout


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["milestones", ".", "--require", "9"], "launchpad milestones check"),
        (["score-idea", "an idea", "--top", "0"], "launchpad score-idea"),
        (["--no-such-option"], "launchpad"),
        (["no-such-command"], "launchpad"),
    ],
)
def test_parse_errors_are_one_line_with_a_hint(args: list[str], command: str) -> None:
    result = runner.invoke(app, args, prog_name="launchpad")
    assert result.exit_code == ExitCode.USAGE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert f"(hint: see `{command} --help`)" in lines[0]


def test_a_group_without_a_command_still_shows_its_help() -> None:
    result = runner.invoke(app, ["corpus"], prog_name="launchpad")
    assert "build" in result.output
    assert "search" in result.output
