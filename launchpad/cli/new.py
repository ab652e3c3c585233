"""`launchpad new` and `launchpad update`: scaffold a research artifact, keep it current.

Thin: it gathers flags, prompts only when a terminal is attached, and hands everything
to :mod:`launchpad.scaffold`, whose one precedence chain decides each answer.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchpad.errors import LaunchpadError

if TYPE_CHECKING:
    from launchpad.github import CreatedRepository, GitHub
    from launchpad.scaffold import Generated, Question
    from launchpad.scaffold.update import Updated


class OutputFormat(str, enum.Enum):
    """How the result is reported."""

    table = "table"
    json = "json"


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


def _github_client(api_url: str | None) -> GitHub:
    from launchpad.github import GitHub

    return GitHub.from_env(api_url)


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
    output: OutputFormat,
) -> None:
    """Resolve the answers, generate the repository, publish it when asked, report."""
    from launchpad.cli import render
    from launchpad.errors import InputError
    from launchpad.scaffold import (
        check_answer,
        check_target,
        generate,
        load_template,
        parse_data,
        read_answers_file,
        resolve_answers,
    )
    from launchpad.scaffold.gitinit import git_identity

    if isinstance(path, str):  # as typed: '' must not become Path('') == Path('.')
        if not path.strip():
            raise InputError(
                "PATH is empty", hint="give a folder name, or '.' for the current folder"
            )
        path = Path(path)
    template = load_template(template_name)
    flags: dict[str, Any] = dict(parse_data(data))
    if github is not None:
        flags["create_github"] = github
    if private is not None:
        flags["private"] = private
    recorded = read_answers_file(data_file) if data_file else {}
    if path is not None:
        check_target(path.expanduser().absolute())  # fail before asking anything
    target_name = path.expanduser().absolute().name if path else ""
    context: dict[str, Any] = {**git_identity(), "target_name": target_name}

    with contextlib.ExitStack() as stack:
        client: GitHub | None = None
        wanted = flags.get("create_github", recorded.get("create_github", False))
        if check_answer(template.question("create_github"), wanted):
            client = stack.enter_context(_github_client(github_api_url))
            context["github_login"] = client.authenticated_login()  # no or bad token: stop

        interactive = not (defaults or no_input) and stdin_is_terminal()
        answers = resolve_answers(
            template,
            flags=flags,
            recorded=recorded,
            context=context,
            ask=(functools.partial(_ask_for, path is None) if interactive else None),
        )
        if answers["create_github"] and client is None:
            client = stack.enter_context(_github_client(github_api_url))
            client.authenticated_login()
        target = path if path is not None else Path(str(answers["project_name"]))
        if client is not None and answers["create_github"]:
            # read-only checks first, so a taken name or a wrong owner leaves nothing behind
            client.check_new_repository(
                str(answers["project_name"]), owner=str(answers["github_owner"])
            )

        with render.progress(enabled=render.err_console.is_terminal) as bar:
            generated = generate(target, template, answers, progress=bar)

        created: CreatedRepository | None = None
        if client is not None and answers["create_github"]:
            from launchpad.scaffold.publish import publish

            try:
                created = publish(generated, client, private=bool(answers["private"]))
            except LaunchpadError as err:
                err.message = f"{err.message} (the local repository {generated.path} is complete)"
                raise
    _report(generated, created, output)


def _report(generated: Generated, created: CreatedRepository | None, output: OutputFormat) -> None:
    from launchpad.cli import render

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
    }
    if output is OutputFormat.json:
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
    path: Path, *, template_name: str | None, data: list[str], output: OutputFormat
) -> None:
    """Merge the current template release into a generated repository and report."""
    from launchpad.errors import ConflictError
    from launchpad.scaffold import load_template, parse_data
    from launchpad.scaffold.gitinit import git_identity
    from launchpad.scaffold.update import read_recorded, update

    meta, _ = read_recorded(path.expanduser().absolute())
    template = load_template(template_name or str(meta["_template"]))
    context = {**git_identity(), "target_name": path.expanduser().absolute().name}
    result = update(path, template, flags=parse_data(data), context=context)
    _report_update(result, output)
    if result.conflicts:
        raise ConflictError(
            f"the update left conflicts in {len(result.conflicts)} file(s): "
            + ", ".join(result.conflicts),
            hint="resolve them and run `git commit`, or undo with `git merge --abort`",
        )


def _report_update(result: Updated, output: OutputFormat) -> None:
    from launchpad.cli import render

    if output is OutputFormat.json:
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
            f"template {result.template} {result.to_version}"
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
    def update_command(
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
        output: Annotated[
            OutputFormat, typer.Option("--format", help="Report as a table or as JSON.")
        ] = OutputFormat.table,
    ) -> None:
        """Apply the current template release to a repository made by `launchpad new`.

        Renders the template with the recorded answers and merges it with git, so your
        changes are kept; conflicts are left for you to resolve like any merge.
        """
        run_update(path, template_name=template, data=list(data or []), output=output)

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
        output: Annotated[
            OutputFormat, typer.Option("--format", help="Report as a table or as JSON.")
        ] = OutputFormat.table,
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
