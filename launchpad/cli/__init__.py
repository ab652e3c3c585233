"""The ``launchpad`` command: a thin layer that parses, calls a core and renders.

Every command group lives in its own module; this module wires them together and is
the one place where errors become exit codes (see :mod:`launchpad.errors`).
Heavy libraries (torch, sentence-transformers, PyGithub, GitPython) are imported inside
the commands that need them, so ``launchpad --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

import typer

from launchpad import __version__
from launchpad.__main__ import COMMANDS, HELP, VERBOSE_HELP, VERSION_HELP
from launchpad.cli.clickapi import (
    ClickCommand,
    ClickContext,
    ClickException,
    HelpFormatter,
    NoArgsIsHelpError,
    TyperGroup,
    UsageError,
    make_default_short_help,
)
from launchpad.errors import ExitCode, InputError, LaunchpadError

VERBOSE_KEY = "launchpad.verbose"


def load_commands(module: str) -> dict[str, ClickCommand]:
    """The commands that ``launchpad.cli.<module>`` registers, built on a scratch app."""
    import importlib

    import typer.main

    scratch = typer.Typer(rich_markup_mode=None)  # as the root app: plain click help
    importlib.import_module(f"launchpad.cli.{module}").register(scratch)
    return dict(typer.main.get_group(scratch).commands)


class LaunchpadGroup(TyperGroup):
    """The root group: loads commands on demand; maps errors to one line and an exit code."""

    def list_commands(self, ctx: ClickContext) -> list[str]:  # noqa: ARG002 - click's API
        return list(COMMANDS)

    def get_command(self, ctx: ClickContext, cmd_name: str) -> ClickCommand | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands.update(load_commands(COMMANDS[cmd_name][0]))
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: ClickContext, formatter: HelpFormatter) -> None:  # noqa: ARG002
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(line, limit)) for name, (_, line) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as err:  # a bad root option, before any command runs
            raise _OneLineUsageError(err) from None

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as err:  # a sub-command's arguments did not parse
            raise _OneLineUsageError(err) from None
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except LaunchpadError as err:
            _fail(ctx, err, err.exit_code)
        except KeyboardInterrupt:
            from launchpad.cli import render

            render.err_console.print("[yellow]interrupted[/]")
            ctx.exit(ExitCode.INTERRUPTED)
        except Exception as exc:  # the last line of defence: a bug, shown as one line
            _fail(ctx, exc, ExitCode.ERROR)


class _OneLineUsageError(UsageError):
    """A parse error shown like every other launchpad error: one red line with a hint.

    Click's own rendering prints the usage block and a "Try ..." line around the
    message; launchpad's contract is one line, so this re-renders the same message.
    """

    def __init__(self, err: UsageError) -> None:
        super().__init__(err.format_message(), err.ctx)
        self.exit_code = ExitCode.USAGE

    def show(self, file: Any = None) -> None:  # noqa: ARG002 - always stderr
        from launchpad.cli import render

        command = self.ctx.command_path if self.ctx is not None else "launchpad"
        render.print_error(InputError(self.message, hint=f"see `{command} --help`"))


def _fail(ctx: ClickContext, exc: BaseException, code: int) -> NoReturn:
    from launchpad.cli import render

    verbose = bool(ctx.find_root().meta.get(VERBOSE_KEY))
    if verbose:
        render.print_traceback()
    if isinstance(exc, LaunchpadError):
        render.print_error(exc)
    else:
        render.print_internal_error(exc)
    ctx.exit(code)


app = typer.Typer(
    name="launchpad",
    cls=LaunchpadGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"launchpad {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[  # noqa: ARG001 - handled eagerly by its callback
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help=VERSION_HELP),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)] = False,
) -> None:
    """Scaffold research artifacts, score research ideas, track open-source milestones.

    Exit codes: 0 ok, 1 error, 2 usage or bad input, 3 milestone level below --require,
    4 not found, 5 conflict (target exists, corpus locked, template downgrade),
    6 GitHub/network failure, 7 cannot write (disk full, no permission), 130 interrupted;
    `update --check` exits 2 when an update is available.
    """
    ctx.meta[VERBOSE_KEY] = verbose
    if verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


def main() -> None:
    """Console-script entry point."""
    app()
