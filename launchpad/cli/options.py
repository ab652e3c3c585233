"""Command-line options shared by several command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from launchpad.errors import InputError

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        metavar="DIR",
        help="Corpus directory (default: LAUNCHPAD_CORPUS, config, or the user data dir).",
    ),
]


def format_option(*allowed: str, short: bool = False) -> Any:  # typer.Option is typed Any
    """The one ``--format`` option: offers ``allowed`` and checks the value while parsing.

    Every command's ``--format`` goes through here, so a wrong value gets the same one
    line everywhere (:func:`output_format`); the parameter receives the lower-cased name.
    """
    names = ("--format", "-f") if short else ("--format",)
    return typer.Option(
        *names,
        metavar="FORMAT",
        help=f"Output format: {_either(allowed)}.",
        callback=lambda value: output_format(value, allowed),
    )


def output_format(value: str, allowed: tuple[str, ...]) -> str:
    """The ``--format`` value, lower-cased; one line naming the choices when it is not one."""
    return choice(value, allowed, option="--format", what="format")


def choice(value: str, allowed: tuple[str, ...], *, option: str, what: str | None = None) -> str:
    """``value`` lower-cased when it is one of ``allowed``, else one line naming them."""
    value = value.lower()
    if value not in allowed:
        raise InputError(
            f"unknown {what or option} {value!r}", hint=f"use {option} {_either(allowed)}"
        )
    return value


def _either(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]
