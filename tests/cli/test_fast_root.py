"""``launchpad --help`` and ``--version`` answered before typer loads, as click would."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from launchpad import __main__ as entry


def _through_click(args: list[str], columns: int = 80) -> str:
    """What the typer app prints, in a process of its own (click reads the width there)."""
    code = (
        "import sys; sys.argv = ['launchpad', *sys.argv[1:]]\n"
        "from launchpad.cli import main; main()"
    )
    env = {**os.environ, "COLUMNS": str(columns)}
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env
    )
    return out.stdout


@pytest.mark.parametrize("columns", [20, 50, 51, 60, 67, 68, 69, 80, 81, 120])
def test_root_help_is_clicks_at_every_width(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert entry.root_help() == _through_click(["--help"], columns)


@pytest.mark.parametrize(
    ("text", "limit"),
    [("One two three four.", n) for n in range(1, 25)]
    + [("Short.", 3), ("a bb ccc dddd eeeee", 11), ("Ends here. And more.", 12)],
)
def test_short_help_is_clicks(text: str, limit: int) -> None:
    from launchpad.cli.clickapi import make_default_short_help

    assert entry.short_help(text, limit) == make_default_short_help(text, limit)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_the_fast_path_imports_neither_typer_nor_click(args: list[str]) -> None:
    code = (
        "import sys; sys.argv = ['launchpad', *sys.argv[1:]]\n"
        "from launchpad.__main__ import main; main()\n"
        "print(sorted(m for m in ('typer', 'click', 'rich', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    *shown, loaded = out.stdout.splitlines()
    assert loaded == "[]"
    assert shown == _through_click(args).splitlines()
