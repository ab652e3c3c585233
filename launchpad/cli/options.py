"""Command-line options shared by several command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus",
        metavar="DIR",
        help="Corpus directory (default: LAUNCHPAD_CORPUS, config, or the user data dir).",
    ),
]
