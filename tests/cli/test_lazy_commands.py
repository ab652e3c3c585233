"""The root command loads its sub-commands on demand, and lists them without loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from launchpad.cli import COMMANDS, load_commands


def test_the_listed_first_lines_are_those_of_the_commands() -> None:
    modules = {module for module, _ in COMMANDS.values()}
    loaded = {
        name: command for module in modules for name, command in load_commands(module).items()
    }
    assert set(loaded) == set(COMMANDS)
    for name, (_, line) in COMMANDS.items():
        assert (loaded[name].help or "").split("\n\n")[0].strip() == line, name


def test_root_help_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['launchpad', '--help']\n"
        "from launchpad.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('launchpad.cli.'))))\n"
        "print('pydantic' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert "score-idea" in "\n".join(out)
    assert out[-2].split() == ["launchpad.cli.clickapi"]
    assert out[-1] == "False False"



def test_typer_converts_parameters_without_pydantic() -> None:
    """The typer pinned converts an int, a str and a path without importing pydantic (typer
    0.29 builds a pydantic TypeAdapter for each, a fixed cost of every command)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import typer\n"
        "app = typer.Typer()\n"
        "@app.command()\n"
        "def run(path: Path, points: int = 12, name: str = 'x') -> None:\n"
        "    print(points + 1, name, path.name)\n"
        "try:\n"
        "    app(['some/where', '--points', '3', '--name', 'y'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["4 y where", "False"]
