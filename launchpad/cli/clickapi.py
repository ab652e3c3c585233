"""The one place that reaches into typer's bundled click, which typer does not export.

typer 0.28 vendors click as ``typer._click``; the root group needs its ``Context``,
``Command``, exception and help-formatting names to turn parse errors into one line and
to list commands it has not loaded. Keeping every such import here means one module to
change when typer moves them; pyproject bounds typer to the range
these names are tested against (``typer>=0.28,<0.29``: 0.29 converts every parameter
through pydantic, a fixed cost of every command, see docs/performance.md).
"""

from __future__ import annotations

from typer._click.core import Command as ClickCommand
from typer._click.core import Context as ClickContext
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

__all__ = [
    "ClickCommand",
    "ClickContext",
    "ClickException",
    "HelpFormatter",
    "NoArgsIsHelpError",
    "TyperGroup",
    "UsageError",
    "make_default_short_help",
]
