"""`launchpad milestones history`: the level over time, as a table, a step chart and a PNG.

One core call (:func:`launchpad.milestones.trajectory.trajectory`) returns the points;
this module draws them.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.cli.milestones import ApiOpt, DataOpt, OfflineOpt, PathArg, RepoOpt
from launchpad.cli.options import choice, format_option
from launchpad.errors import InputError

if TYPE_CHECKING:
    from launchpad.milestones.trajectory import Point, Trajectory


def register(group: typer.Typer) -> None:
    """Add ``history`` to the ``launchpad milestones`` group."""
    group.command("history")(history_command)


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r} is not a date", hint="use YYYY-MM-DD") from None


def history_command(  # noqa: PLR0917 - typer maps each parameter to an option
    path: PathArg = Path(),
    every: Annotated[
        str,
        typer.Option(
            "--every",
            metavar="PERIOD",
            help="One point at the end of each quarter, month or year.",
            callback=lambda value: choice(value, ("quarter", "month", "year"), option="--every"),
        ),
    ] = "quarter",
    points: Annotated[
        int | None,
        typer.Option("--points", min=1, metavar="N", help="Only the last N points."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only points from this date (YYYY-MM-DD)."),
    ] = None,
    output_format: Annotated[str, format_option("table", "json", short=True)] = "table",
    png: Annotated[
        Path | None,
        typer.Option("--png", metavar="FILE", help="Also draw the levels into a PNG (matplotlib)."),
    ] = None,
    repo: RepoOpt = None,
    offline: OfflineOpt = False,
    github_api_url: ApiOpt = None,
    milestones_dir: DataOpt = None,
) -> None:
    """The level at the end of every quarter (month, year) since the first commit, and now.

    Computed from git alone: each point evaluates the commit the branch stood at then, as
    --as-of does. Exit codes: 0 ok, 2 bad input, 4 path not found, not a git repository
    or a shallow clone.
    """
    from launchpad.cli import render
    from launchpad.milestones import RunOptions
    from launchpad.milestones.trajectory import trajectory
    from launchpad.plot import check_target

    check_target(png)  # before the work, not after it
    options = RunOptions(
        repo=repo,
        offline=offline,
        milestones_dir=milestones_dir,
        github_api_url=github_api_url,
        record_history=False,
    )
    with render.progress(enabled=sys.stderr.isatty()) as bar:
        found = trajectory(
            path, options, every=every, points=points, since=_since(since), progress=bar
        )
    if png is not None:
        _history_png(found, png)
    if output_format == "json":
        render.print_json(found.to_dict())
    else:
        _print_history(found)
    if png is not None:
        render.info(f"chart written to {png}")


def _level(level: int | None) -> str:
    from launchpad.milestones.report import level_label

    return "?" if level is None else level_label(level)


def _print_history(found: Trajectory) -> None:
    from launchpad.cli import render

    rows = [
        [
            str(p.date),
            f"{p.commit[:10]} ({p.committed.date()})",
            _level(p.level),
            _level(p.level_upper),
            " ".join(f"M{n}" for n in p.met) or "-",
            render.escape(p.error or ""),
        ]
        for p in found.points
    ]
    render.console.print(
        render.table(
            f"Milestone level of {found.path}, every {found.every}",
            ["date", "commit", "level", "upper", "milestones met", "note"],
            rows,
        )
    )
    for line in step_chart(found.points):
        render.console.print(render.escape(line), highlight=False)


def step_chart(points: tuple[Point, ...] | list[Point]) -> list[str]:
    """The level over time as a text step chart: █ up to the level, ░ up to level_upper."""
    rows = []
    for level in range(6, -1, -1):
        cells = []
        for p in points:
            low = -1 if p.level is None else p.level
            high = low if p.level_upper is None else p.level_upper
            cells.append("██" if low >= level else ("░░" if high >= level else "  "))
        rows.append(f"M{level} │" + "".join(cells))
    rows.append("   └" + "──" * len(points))
    if points:
        first, last = str(points[0].date), str(points[-1].date)
        gap = max(1, 2 * len(points) - len(first) - len(last))
        rows.append("    " + (first + " " * gap + last if len(points) > 1 else first))
    return rows


def _history_png(found: Trajectory, path: Path) -> None:
    """The level and level_upper over time as a step chart, written atomically."""
    from launchpad.plot import pyplot, save_png

    plt = pyplot()
    evaluated = [p for p in found.points if p.level is not None]
    days = [p.date for p in evaluated]
    fig, axes = plt.subplots(figsize=(8, 4))
    ax: Any = axes  # matplotlib's stubs want arrays; plain lists of dates and ints plot fine
    ax.step(days, [p.level for p in evaluated], where="post", label="level", linewidth=2)
    ax.step(days, [p.level_upper for p in evaluated], where="post", label="level_upper",
            linestyle="--")  # fmt: skip
    ax.set_ylim(-1.5, 6.5)
    ax.set_yticks(range(-1, 7), ["none", *(f"M{n}" for n in range(7))])
    ax.set_title(f"Milestone level every {found.every}")
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    save_png(fig, path)
