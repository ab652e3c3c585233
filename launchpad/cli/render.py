"""Everything launchpad draws on a terminal. The only module that imports rich."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from launchpad.errors import LaunchpadError

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgressBar
    from rich.progress import TaskID

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def print_error(err: LaunchpadError) -> None:
    """One red line on stderr: the message and, after it, the hint."""
    line = f"[bold red]error:[/] {_escape(err.message)}"
    if err.hint:
        line += f" [dim](hint: {_escape(err.hint)})[/]"
    err_console.print(line, soft_wrap=True)


def print_internal_error(exc: BaseException) -> None:
    """A bug: say so in one line and point at --verbose."""
    err_console.print(
        f"[bold red]internal error:[/] {type(exc).__name__}: {_escape(str(exc))} "
        "[dim](hint: run again with --verbose for the traceback and report it)[/]",
        soft_wrap=True,
    )


def print_traceback() -> None:
    """The traceback of the exception being handled, without local variables."""
    err_console.print_exception(show_locals=False)


def warn(message: str) -> None:
    """A yellow notice on stderr that does not stop the command."""
    err_console.print(f"[yellow]note:[/] {_escape(message)}", soft_wrap=True)


def info(message: str) -> None:
    """A plain status line on stderr (keeps stdout clean for --format json)."""
    err_console.print(message, soft_wrap=True)


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def print_json_line(data: Any) -> None:
    """One JSON object on one stdout line, flushed: a stream a program can read as it comes."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def print_markdown_source(text: str) -> None:
    """Markdown output as plain text on stdout (for pasting, CI summaries)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def table(
    title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]], **kwargs: Any
) -> Table:
    """Build a rich table from plain rows."""
    out = Table(title=title, title_justify="left", **kwargs)
    for column in columns:
        out.add_column(column)
    for row in rows:
        out.add_row(*(str(cell) for cell in row))
    return out


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def escape(text: str) -> str:
    """Make text safe to put inside rich markup (table cells built from data)."""
    return _escape(text)


class RichProgress:
    """The :class:`launchpad.progress.Progress` seam drawn as rich progress bars.

    The bar (and rich's progress module, a tenth of a cold command's imports) is made
    on the first step a core starts: a one-idea ``score-idea`` never starts one.
    """

    def __init__(self, *, enabled: bool) -> None:
        self._enabled = enabled
        self._bar: RichProgressBar | None = None
        self._task: TaskID | None = None
        self.started = False

    def _made(self) -> RichProgressBar:
        if self._bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgressBar

            self._bar = RichProgressBar(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("[cyan]{task.fields[rate]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=err_console,
                disable=not self._enabled,
            )
        return self._bar

    def start(self, description: str, total: float | None = None) -> None:
        """Begin a new bar; the first one starts the display."""
        self.finish()
        bar = self._made()
        if not self.started:
            bar.start()
            self.started = True
        self._task = bar.add_task(description, total=total, rate="")

    def advance(self, amount: float = 1) -> None:
        """Move the current bar and refresh its rate (items per second)."""
        if self._task is None or self._bar is None:
            return
        self._bar.advance(self._task, amount)
        speed = self._bar.tasks[-1].speed
        if speed:
            self._bar.update(self._task, rate=f"{speed:,.0f}/s")

    def finish(self) -> None:
        """Complete the current bar."""
        if self._task is not None and self._bar is not None:
            # the total may have been unknown or an estimate: the finished bar shows the count
            task = self._bar.tasks[-1]
            self._bar.update(self._task, total=task.completed)
            self._bar.stop_task(self._task)
            self._task = None


@contextmanager
def progress(*, enabled: bool = True) -> Iterator[RichProgress]:
    """Progress bars with rate and ETA on stderr; silent when not enabled.

    Nothing is drawn until a core starts a step, so a core may prompt first (``new``
    asks its questions inside this block, then generates).
    """
    drawn = RichProgress(enabled=enabled)
    try:
        yield drawn
    except BaseException:
        # An error is the last word: the bar goes, so stderr holds the one error line.
        if drawn._bar is not None:
            drawn._bar.live.transient = True
        raise
    finally:
        if drawn.started and drawn._bar is not None:
            drawn._bar.stop()
