"""The rich progress seam: a finished bar shows what was done, even after an estimate."""

from __future__ import annotations

import io

from rich.console import Console

from launchpad.cli import render


def test_a_finished_bar_shows_the_count_not_the_estimate(monkeypatch) -> None:
    monkeypatch.setattr(render, "err_console", Console(file=io.StringIO(), width=100))
    with render.progress() as bar:
        bar.start("building corpus", total=1_000)  # an estimate, 10% too high
        bar.advance(900)
        bar.finish()
        (task,) = bar._bar.tasks
    assert task.total == task.completed == 900
    assert task.finished


def test_a_command_that_starts_no_bar_never_loads_rich_progress() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from launchpad.cli import render\n"
        "with render.progress() as bar:\n"
        "    pass\n"
        "print('rich.progress' in sys.modules, bar.started)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_an_error_before_any_bar_leaves_nothing_to_stop(monkeypatch) -> None:
    import pytest

    monkeypatch.setattr(render, "err_console", Console(file=io.StringIO(), width=100))
    with pytest.raises(RuntimeError), render.progress() as bar:
        raise RuntimeError("boom")
    assert not bar.started
