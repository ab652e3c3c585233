"""`launchpad milestones`: the level a repository reached, as a report and a CI gate.

``launchpad milestones [PATH]`` runs the default ``check`` command, so the group
accepts a path where a sub-command name would go; ``lint``, ``badge`` and ``history``
are the other sub-commands. Each command parses its options, makes one core call
(:func:`launchpad.milestones.evaluate`, :func:`launchpad.milestones.loader.lint` or
:func:`launchpad.milestones.trajectory.trajectory`), renders what it returns and picks
the exit code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.cli.clickapi import ClickContext, TyperGroup
from launchpad.cli.options import format_option
from launchpad.errors import BelowRequiredLevel

if TYPE_CHECKING:
    from launchpad.milestones.model import Report
    from launchpad.milestones.sources.git import Snapshot

DEFAULT_COMMAND = "check"


class DefaultCommandGroup(TyperGroup):
    """A group that runs ``check`` when the first argument is not a sub-command name."""

    def parse_args(self, ctx: ClickContext, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


milestones_app = typer.Typer(
    cls=DefaultCommandGroup,
    help=(
        "Measure a repository against open-source milestones 0-6.\n\n"
        "launchpad milestones [PATH] [--repo OWNER/NAME] [--offline] [--require N] "
        "[--format table|json|markdown] runs `check` (see `launchpad milestones check "
        "--help`). Exit codes: 0 ok, 2 bad input or config, 3 level below --require, "
        "4 path not found."
    ),
    no_args_is_help=False,
    rich_markup_mode=None,
)

PathArg = Annotated[
    Path, typer.Argument(help="The checkout to evaluate (default: the current folder).")
]
RepoOpt = Annotated[
    str | None,
    typer.Option("--repo", metavar="OWNER/NAME", help="GitHub repository (default: origin)."),
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="No network: GitHub and package-index checks unknown.")
]
ApiOpt = Annotated[
    str | None,
    typer.Option("--github-api-url", help="GitHub API root (GitHub Enterprise, tests)."),
]
DataOpt = Annotated[
    Path | None,
    typer.Option("--milestones", help="Use milestone definitions from this folder instead."),
]
FormatOpt = Annotated[str, format_option("table", "json", "markdown", short=True)]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE|REV",
        help="Evaluate the repository as it stood at a date (YYYY-MM-DD: the branch's last "
        "commit that day) or a tag, branch or commit.",
    ),
]


def _evaluate(
    path: Path,
    *,
    repo: str | None,
    offline: bool,
    require: int | None,
    github_api_url: str | None,
    milestones_dir: Path | None,
    history: bool,
    show_progress: bool,
    as_of: Snapshot | None = None,
) -> Report:
    from launchpad.milestones import RunOptions, evaluate

    options = RunOptions(
        repo=repo,
        offline=offline,
        require=require,
        milestones_dir=milestones_dir,
        github_api_url=github_api_url,
        record_history=history,
        as_of=as_of,
    )
    if not (show_progress and sys.stderr.isatty()):  # no bar: rich need not load
        return evaluate(path, options)
    from launchpad.cli import render

    with render.progress() as bar:
        return evaluate(path, options, progress=bar)


@milestones_app.command("check")
def check(  # noqa: PLR0917 - typer maps each parameter to an option
    path: PathArg = Path(),
    repo: RepoOpt = None,
    offline: OfflineOpt = False,
    require: Annotated[
        int | None,
        typer.Option(
            "--require", min=0, max=6, metavar="N", help="Exit 3 when the level is below N."
        ),
    ] = None,
    output_format: FormatOpt = "table",
    github_api_url: ApiOpt = None,
    milestones_dir: DataOpt = None,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Record this run for trends.")
    ] = True,
    badge_file: Annotated[
        Path | None,
        typer.Option("--badge", metavar="FILE", help="Also write the shields.io badge JSON."),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Report the milestone level, every check and the next three actions.

    With --as-of, files, pyproject.toml and every git window come from that commit, and
    the run is not recorded in the history.

    Exit codes: 0 ok, 2 bad input or config, 3 level below --require, 4 path not found,
    unknown revision, not a git repository or a shallow clone (--as-of).
    """
    from launchpad.milestones.report import headline, to_dict, to_markdown
    from launchpad.milestones.runner import check_path
    from launchpad.milestones.sources.git import resolve_as_of

    snapshot = resolve_as_of(check_path(path), as_of) if as_of is not None else None
    report = _evaluate(
        path,
        repo=repo,
        offline=offline,
        require=require,
        github_api_url=github_api_url,
        milestones_dir=milestones_dir,
        history=history,
        show_progress=output_format == "table",
        as_of=snapshot,
    )
    if output_format == "json":
        _print_json(to_dict(report))
    elif output_format == "markdown":
        from launchpad.cli import render

        as_of_line = f"As of commit `{snapshot.sha}` ({snapshot.day}).\n\n" if snapshot else ""
        render.print_markdown_source(as_of_line + to_markdown(report))
    else:
        from launchpad.cli import render

        if snapshot is not None:
            render.console.print(f"[bold]As of commit {snapshot.sha[:12]} ({snapshot.day})[/]")
        _print_table(report)
    if badge_file is not None:
        _write_badge(report, badge_file, "milestone")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as handle:
            handle.write(to_markdown(report))
    if not report.meets_requirement:
        raise BelowRequiredLevel(
            f"milestone level {headline(report)}; M{report.required_level} is required",
            hint="work through the next actions in the report",
        )


def _print_json(data: dict[str, Any]) -> None:
    """``render.print_json``'s output without importing rich (a JSON run draws nothing)."""
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


VERDICT_STYLE = {"met": "green", "partial": "yellow", "unknown": "yellow", "not met": "red"}


def _print_table(report: Report) -> None:
    from launchpad.cli import render
    from launchpad.milestones.report import criterion_label, evidence, headline, progress

    out = render.console
    rows = [
        [
            f"M{m.milestone.number} {m.milestone.name}",
            f"[{VERDICT_STYLE[m.verdict.value]}]{m.verdict.value}[/]",
            progress(m),
        ]
        for m in report.milestones
    ]
    out.print(
        render.table(
            f"Milestones of {report.repo or report.path}", ["milestone", "state", "criteria"], rows
        )
    )
    criteria_rows = [
        [
            f"[{VERDICT_STYLE[c.verdict.value]}]{c.verdict.value}[/]",
            f"M{m.milestone.number}",
            render.escape(criterion_label(c)),
            render.escape(evidence(c, limit=1)),
        ]
        for m in report.milestones
        for c in m.criteria
    ]
    out.print(render.table("Criteria", ["", "", "criterion", "evidence"], criteria_rows))
    if report.trends:
        out.print(
            render.table(
                "Compared with earlier runs",
                ["signal", "period", "then", "now", "change"],
                [
                    [
                        t.signal,
                        f"{t.period} ({t.then_at})",
                        f"{t.then:g}",
                        f"{t.now:g}",
                        f"{t.change:+g}",
                    ]
                    for t in report.trends
                ],
            )
        )
    if report.next_actions:
        out.print("[bold]Next actions[/]")
        for number, action in enumerate(report.next_actions, start=1):
            out.print(
                f" {number}. [bold]{render.escape(action.title)}[/] "
                f"(M{action.milestone}, {render.escape(action.check_id)}): "
                f"{render.escape(action.fix)}",
                soft_wrap=True,
            )
    for note in report.notes:
        render.warn(note)
    level_style = "green" if report.meets_requirement else "red"
    out.print(f"[bold {level_style}]{render.escape(headline(report))}[/]")


@milestones_app.command("lint")
def lint(
    folder: Annotated[
        Path | None,
        typer.Argument(help="Milestone definitions to validate (default: launchpad's own)."),
    ] = None,
) -> None:
    """Validate milestone data: keys, ids, kinds, parameters, requires.

    Exit codes: 0 valid, 2 problems found (one line each), 4 folder not found.
    """
    from launchpad.cli import render
    from launchpad.errors import ConfigError
    from launchpad.milestones.loader import lint as lint_data

    found = lint_data(folder)
    for problem in found.problems:
        render.err_console.print(f"[red]{render.escape(str(problem))}[/]", soft_wrap=True)
    if found.problems:
        raise ConfigError(
            f"{len(found.problems)} problem(s) in the milestone data in {found.directory}",
            hint="fix the lines above",
        )
    render.info(
        f"{len(found.milestones)} milestones, {found.checks} checks, "
        f"{found.kinds} kinds registered: ok"
    )


@milestones_app.command("badge")
def badge(  # noqa: PLR0917 - typer maps each parameter to an option
    path: PathArg = Path(),
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the shields.io endpoint JSON."),
    ] = Path("milestone-badge.json"),
    repo: RepoOpt = None,
    offline: OfflineOpt = False,
    github_api_url: ApiOpt = None,
    milestones_dir: DataOpt = None,
    label: Annotated[str, typer.Option("--label", help="Left-hand text of the badge.")] = (
        "milestone"
    ),
) -> None:
    """Write a shields.io endpoint badge JSON for the level.

    Serve the file (e.g. from a gh-pages branch) and use
    https://img.shields.io/endpoint?url=<its URL>.
    """
    from launchpad.cli import render

    report = _evaluate(
        path,
        repo=repo,
        offline=offline,
        require=None,
        github_api_url=github_api_url,
        milestones_dir=milestones_dir,
        history=False,
        show_progress=False,
    )
    data = _write_badge(report, output, label)
    render.info(f"wrote {output}: {data['label']} {data['message']}")


def _write_badge(report: Report, output: Path, label: str) -> dict[str, Any]:
    """Write the endpoint JSON atomically (never a half-written badge)."""
    import json

    from launchpad.atomicfile import atomic_write_text
    from launchpad.errors import StorageError
    from launchpad.milestones.badge import endpoint

    data = endpoint(report, label=label)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(output, json.dumps(data) + "\n")
    except OSError as err:
        raise StorageError.writing(f"the badge {output}", err, kept="nothing was written") from err
    return data


def register(app: typer.Typer) -> None:
    """Add ``launchpad milestones`` to the root app."""
    from launchpad.cli import milestones_history

    milestones_history.register(milestones_app)
    app.add_typer(milestones_app, name="milestones")
