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


def test_a_repeated_milestones_run_imports_no_pydantic(tmp_path: Path) -> None:
    """typer converts the parameters without pydantic, and the milestone data validated
    by the first run is read from the cache by the next."""
    code = (
        "import sys\n"
        "sys.argv = ['launchpad', 'milestones', sys.argv[1], '--offline', '-f', 'json',\n"
        "            '--no-history', '--require', '0', '--milestones', sys.argv[2]]\n"
        "from launchpad.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules, 'importlib.metadata' in sys.modules)\n"
    )
    from launchpad.milestones.datacache import default_dir

    run = [sys.executable, "-c", code, str(tmp_path), str(default_dir())]
    first = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert first.splitlines()[-1] == "True True"  # validated, entry points read
    second = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert second.splitlines()[-1] == "False False"
    assert second.split("\n", 1)[0] == first.split("\n", 1)[0] == "{"
