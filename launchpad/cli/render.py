"""Everything launchpad draws on a terminal. The only module that imports rich.

rich is imported on the first thing drawn, not with this module: a command that prints
only JSON never needs it, and its import is about a tenth of a cold ``score-idea``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from launchpad.errors import LaunchpadError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgressBar
    from rich.progress import TaskID
    from rich.table import Table


def __getattr__(name: str) -> Console:
    """``console`` (stdout) and ``err_console`` (stderr), made on first use and kept."""
    if name not in ("console", "err_console"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    made = globals()[name] = Console(stderr=name == "err_console", highlight=False)
    return made


def _may_be_terminal() -> bool:
    """False when rich would surely not call stderr a terminal (asking it imports rich)."""
    import os

    forced = ("FORCE_TERMINAL", "TTY_COMPATIBLE", "TTY_INTERACTIVE")
    return sys.stderr.isatty() or any(os.environ.get(name) for name in forced)


def _stderr() -> Console:
    made: Console | None = globals().get("err_console")
    return made if made is not None else __getattr__("err_console")


def print_error(err: LaunchpadError) -> None:
    """One red line on stderr: the message and, after it, the hint."""
    line = f"[bold red]error:[/] {_escape(err.message)}"
    if err.hint:
        line += f" [dim](hint: {_escape(err.hint)})[/]"
    _stderr().print(line, soft_wrap=True)


def print_internal_error(exc: BaseException) -> None:
    """A bug: say so in one line and point at --verbose."""
    _stderr().print(
        f"[bold red]internal error:[/] {type(exc).__name__}: {_escape(str(exc))} "
        "[dim](hint: run again with --verbose for the traceback and report it)[/]",
        soft_wrap=True,
    )


def print_traceback() -> None:
    """The traceback of the exception being handled, without local variables."""
    _stderr().print_exception(show_locals=False)


def warn(message: str) -> None:
    """A yellow notice on stderr that does not stop the command."""
    _stderr().print(f"[yellow]note:[/] {_escape(message)}", soft_wrap=True)


def info(message: str) -> None:
    """A plain status line on stderr (keeps stdout clean for --format json)."""
    _stderr().print(message, soft_wrap=True)


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
    from rich.table import Table

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

    def __init__(self, *, enabled: bool | None) -> None:
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
                console=_stderr(),
                disable=not (_stderr().is_terminal if self._enabled is None else self._enabled),
            )
        return self._bar

    def start(self, description: str, total: float | None = None) -> None:
        """Begin a new bar; the first one starts the display."""
        self.finish()
        if self._enabled is None and not _may_be_terminal():
            return  # nothing would be drawn: no bar, and no rich
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
def progress(*, enabled: bool | None = True) -> Iterator[RichProgress]:
    """Progress bars with rate and ETA on stderr; silent when not enabled.

    ``enabled=None``: drawn when stderr is a terminal, which is asked when the first bar
    starts (asking needs rich).

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
