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
