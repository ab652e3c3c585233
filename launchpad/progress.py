"""A progress seam for cores that do long work.

Cores report progress through this small protocol and never import rich; the CLI
passes an implementation that draws rich progress bars (``launchpad.cli.render``).
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives progress from a long-running core function."""

    def start(self, description: str, total: float | None = None) -> None:
        """Begin a step; ``total`` is None when the amount of work is unknown.

        ``total`` may be an estimate: what was advanced by :meth:`finish` is the count.
        """

    def advance(self, amount: float = 1) -> None:
        """Record ``amount`` units of work done in the current step."""

    def finish(self) -> None:
        """End the current step."""


class NullProgress:
    """Progress that goes nowhere: the default for library callers."""

    def start(self, description: str, total: float | None = None) -> None:
        """Ignore the start of a step."""

    def advance(self, amount: float = 1) -> None:
        """Ignore progress."""

    def finish(self) -> None:
        """Ignore the end of a step."""
