"""`launchpad new` and `launchpad update`: scaffold a research artifact, keep it current.

Thin: it parses the options, prompts only when a terminal is attached, makes one call
of :func:`launchpad.scaffold.new` (or :func:`~launchpad.scaffold.update_project`), whose
one precedence chain decides each answer, and renders the result.
"""

from __future__ import annotations

import functools
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.cli.options import format_option
from launchpad.cli.signals import sigterm_as_interrupt
from launchpad.errors import InputError, LaunchpadError

if TYPE_CHECKING:
    from launchpad.scaffold import Question, Scaffolded
    from launchpad.scaffold.update import Checked, Updated

FormatOption = Annotated[str, format_option("table", "json")]

# `update --check`: a newer template exists (as `diff` and `cmp` exit 1 on a difference).
UPDATE_AVAILABLE = 2


def stdin_is_terminal() -> bool:
    """Whether someone can answer prompts (a terminal on standard input)."""
    return sys.stdin.isatty()


def _prompt_output() -> dict[str, Any]:
    """Where prompts are drawn: standard error when only it is a terminal.

    With ``--format json > report.json`` the questions would otherwise go into the file
    and the person at the terminal would see nothing, as if the command hung.
    """
    if sys.stdout.isatty() or not sys.stderr.isatty():
        return {}
    from prompt_toolkit.output import create_output

    return {"output": create_output(stdout=sys.stderr)}


def _ask(question: Question, prefill: Any, *, names_target: bool = False) -> Any:
    """Ask one question with questionary; Ctrl-C propagates as KeyboardInterrupt.

    ``names_target``: the answer is also the folder to create (no PATH was given), so a
    folder that exists and is not empty is refused here, not after every other question.
    """
    import questionary

    from launchpad.scaffold import check_answer, check_target

    def valid(text: str) -> bool | str:
        try:
            check_answer(question, text)
            if names_target:
                check_target(Path(text).expanduser().absolute())
        except LaunchpadError as err:
            return err.message
        return True

    output = _prompt_output()
    if question.type == "bool":
        prompt = questionary.confirm(question.prompt, default=bool(prefill), **output)
    elif question.type == "choice":
        default = prefill if prefill in question.choices else question.choices[0]
        prompt = questionary.select(
            question.prompt,
            choices=list(question.choices),
            default=default,
            instruction=question.help,
            **output,
        )
    else:
        prompt = questionary.text(
            question.prompt,
            default="" if prefill is None else str(prefill),
            validate=valid,
            instruction=question.help,
            **output,
        )
    return prompt.unsafe_ask()


def _ask_for(no_path: bool, question: Question, prefill: Any) -> Any:
    return _ask(question, prefill, names_target=no_path and question.name == "project_name")


def run_new(
    path: str | Path | None,
    *,
    template_name: str,
    defaults: bool,
    no_input: bool,
    data: list[str],
    data_file: Path | None,
    github: bool | None,
    github_api_url: str | None,
    private: bool | None,
    output: str,
) -> None:
    """Scaffold (and publish when asked) with :func:`launchpad.scaffold.new`, then report."""
    from launchpad.cli import render
    from launchpad.errors import InputError
    from launchpad.scaffold import new

    if isinstance(path, str):  # as typed: '' must not become Path('') == Path('.')
        if not path.strip():
            raise InputError(
                "PATH is empty", hint="give a folder name, or '.' for the current folder"
            )
        path = Path(path)
    interactive = not (defaults or no_input) and stdin_is_terminal()
    # the bars appear once generating starts, after the questions
    with sigterm_as_interrupt(), render.progress(enabled=None) as bar:
        made = new(
            path,
            template=template_name,
            data=data,
            data_file=data_file,
            github=github,
            private=private,
            github_api_url=github_api_url,
            ask=functools.partial(_ask_for, path is None) if interactive else None,
            progress=bar,
        )
    _report(made, output)


def _report(made: Scaffolded, output: str) -> None:
    from launchpad.cli import render

    generated, created = made.generated, made.github
    data: dict[str, Any] = {
        "path": str(generated.path),
        "template": generated.template,
        "template_version": generated.template_version,
        "branch": generated.branch,
        "commit": generated.commit,
        "files": list(generated.files),
        "answers": dict(generated.answers.values),
        "sources": dict(generated.answers.sources),
        "github": None
        if created is None
        else {"full_name": created.full_name, "url": created.html_url},
        "notes": list(made.notes),
    }
    for note in made.notes:  # stderr, so the JSON on stdout stays parseable
        render.warn(note)
    if output == "json":
        render.print_json(data)
        return
    rows = [
        (name, value, generated.answers.sources[name])
        for name, value in generated.answers.values.items()
    ]
    render.console.print(
        render.table(f"answers for {generated.path.name}", ["question", "answer", "from"], rows)
    )
    commit = (generated.commit or "")[:10]
    # soft_wrap: a path or a command split over two lines cannot be copied or grepped.
    render.console.print(
        f"[green]created[/] {render.escape(str(generated.path))}: {len(generated.files)} files, "
        f"template {generated.template} {generated.template_version}, "
        f"branch {generated.branch}, commit {commit}",
        soft_wrap=True,
    )
    if created is not None:
        render.console.print(
            f"[green]pushed[/] to {render.escape(created.html_url)}", soft_wrap=True
        )
    next_step = f'cd {shlex.quote(str(generated.path))} && pip install -e ".[test,lint]" && pytest'
    render.console.print(f"next: {render.escape(next_step)}", soft_wrap=True)


def run_update(
    path: Path, *, template_name: str | None, data: list[str], output: str, force: bool = False
) -> None:
    """Merge the current template release into a generated repository and report."""
    from launchpad.errors import ConflictError
    from launchpad.scaffold import update_project

    result = update_project(path, template=template_name, data=data, force=force)
    _report_update(result, output)
    if result.conflicts:
        raise ConflictError(
            f"the update left conflicts in {len(result.conflicts)} file(s): "
            + ", ".join(result.conflicts),
            hint="resolve them and run `git commit`, or undo with `git merge --abort`",
        )


def run_check(path: Path, *, template_name: str | None, output: str) -> None:
    """Report whether a newer template exists; exit ``UPDATE_AVAILABLE`` when it does."""
    from launchpad.scaffold.new import check_project

    result = check_project(path, template=template_name)
    _report_check(result, output)
    if result.update_available:
        raise typer.Exit(UPDATE_AVAILABLE)


def _report_check(result: Checked, output: str) -> None:
    from launchpad.cli import render

    if output == "json":
        render.print_json(
            {
                "path": str(result.path),
                "template": result.template,
                "recorded_version": result.recorded_version,
                "available_version": result.available_version,
                "update_available": result.update_available,
                "newer_than_available": result.comparison > 0,
            }
        )
        return
    where = render.escape(str(result.path))
    versions = f"{result.template} {result.recorded_version}"
    if result.update_available:
        line = (
            f"[yellow]update available[/]: {where} has template {versions}, "
            f"{result.available_version} is available (run `launchpad update`)"
        )
    elif result.comparison > 0:
        line = (
            f"[green]up to date[/]: {where} has template {versions}, newer than "
            f"{result.available_version} in this launchpad"
        )
    else:
        line = f"[green]up to date[/]: {where} has template {versions}"
    # soft_wrap: a path split over two lines cannot be copied or grepped
    render.console.print(line, soft_wrap=True)


def _report_update(result: Updated, output: str) -> None:
    from launchpad.cli import render

    if output == "json":
        render.print_json(
            {
                "path": str(result.path),
                "template": result.template,
                "from_version": result.from_version,
                "to_version": result.to_version,
                "up_to_date": result.up_to_date,
                "pristine_commit": result.pristine_commit,
                "merge_commit": result.merge_commit,
                "changed_files": list(result.changed_files),
                "conflicts": list(result.conflicts),
            }
        )
        return
    if result.up_to_date:
        render.console.print(
            f"[green]up to date[/]: {render.escape(str(result.path))} already has "
            f"template {result.template} {result.to_version}",
            soft_wrap=True,
        )
        return
    rows = [
        (name, "conflict" if name in result.conflicts else "merged")
        for name in result.changed_files
    ]
    render.console.print(
        render.table(
            f"{result.template} {result.from_version} -> {result.to_version}",
            ["file changed by the template", "result"],
            rows,
        )
    )
    if result.merge_commit:
        render.console.print(f"[green]merged[/] as commit {result.merge_commit[:10]}")


def register(app: typer.Typer) -> None:
    """Add ``launchpad new`` and ``launchpad update`` to the root app."""

    @app.command("update")
    def update_command(  # noqa: PLR0917 - typer maps every option to a parameter
        path: Annotated[
            Path, typer.Argument(help="The generated repository (default: the current folder).")
        ] = Path(),
        template: Annotated[
            str | None,
            typer.Option("--template", help="Template name or folder (default: the recorded one)."),
        ] = None,
        data: Annotated[
            list[str] | None,
            typer.Option(
                "--data", "-d", metavar="KEY=VALUE", help="Change an answer (repeatable)."
            ),
        ] = None,
        output: FormatOption = "table",
        check: Annotated[
            bool,
            typer.Option(
                "--check",
                help="Change nothing; exit 2 when a newer template exists, 0 when current.",
            ),
        ] = False,
        force: Annotated[
            bool,
            typer.Option("--force", help="Apply the template even when it is older (downgrade)."),
        ] = False,
    ) -> None:
        """Apply the current template release to a repository made by `launchpad new`.

        Renders the template with the recorded answers and merges it with git, so your
        changes are kept; conflicts are left for you to resolve like any merge. An older
        template than the recorded one is refused without --force.
        """
        if check:
            if data or force:
                raise InputError(
                    "--check changes nothing: it takes no --data or --force",
                    hint="run `launchpad update PATH` without --check to apply changes",
                )
            run_check(path, template_name=template, output=output)
            return
        run_update(path, template_name=template, data=list(data or []), output=output, force=force)

    @app.command("new")
    def new(  # noqa: PLR0917 - typer maps every option to a parameter
        path: Annotated[
            str | None,
            typer.Argument(
                help="Folder to create (default: ./PROJECT_NAME). Must be new or empty."
            ),
        ] = None,
        template: Annotated[
            str, typer.Option("--template", help="Template name, or a path to a template folder.")
        ] = "research-artifact",
        defaults: Annotated[
            bool, typer.Option("--defaults", help="Ask nothing: use the defaults for every answer.")
        ] = False,
        no_input: Annotated[
            bool,
            typer.Option(
                "--no-input", help="Never prompt; a required answer left missing is an error."
            ),
        ] = False,
        data: Annotated[
            list[str] | None,
            typer.Option(
                "--data",
                "-d",
                metavar="KEY=VALUE",
                help="An answer, e.g. kind=model (repeatable; the questions: docs/new.md).",
            ),
        ] = None,
        data_file: Annotated[
            Path | None,
            typer.Option("--data-file", metavar="FILE", help="Answers from a YAML file."),
        ] = None,
        github: Annotated[
            bool | None,
            typer.Option("--github/--no-github", help="Create the GitHub repository and push."),
        ] = None,
        github_api_url: Annotated[
            str | None,
            typer.Option("--github-api-url", help="GitHub API root (GitHub Enterprise, tests)."),
        ] = None,
        private: Annotated[
            bool | None,
            typer.Option("--private/--public", help="Visibility of the GitHub repository."),
        ] = None,
        output: FormatOption = "table",
    ) -> None:
        """Scaffold a research-artifact repository: package, tests, docs, CI, first commit.

        Prompts when a terminal is attached; otherwise answers come from --data,
        --data-file and the defaults. The token for --github comes from GITHUB_TOKEN
        or GH_TOKEN and is never printed or stored.
        """
        run_new(
            path,
            template_name=template,
            defaults=defaults,
            no_input=no_input,
            data=list(data or []),
            data_file=data_file,
            github=github,
            github_api_url=github_api_url,
            private=private,
            output=output,
        )
