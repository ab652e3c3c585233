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
from launchpad.cli.clickapi import (
    ClickContext,
    ClickException,
    NoArgsIsHelpError,
    TyperGroup,
    UsageError,
)
from launchpad.errors import ExitCode, InputError, LaunchpadError

VERBOSE_KEY = "launchpad.verbose"


class LaunchpadGroup(TyperGroup):
    """The root group: maps launchpad's errors to one red line and an exit code."""

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
    help="Turn a research direction into a maintained open-source artifact.",
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
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show tracebacks and debug detail.")
    ] = False,
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


def _register() -> None:
    from launchpad.cli import corpus, ideas, milestones, new

    new.register(app)
    ideas.register(app)
    corpus.register(app)
    milestones.register(app)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
