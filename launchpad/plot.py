"""PNG charts through matplotlib (the ``plot`` extra): one way to load it, one way to save.

Both ``--png`` options (``score-idea`` and ``milestones history``) go through here, so a
missing matplotlib and an unwritable file read the same everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from launchpad.atomicfile import atomic_write
from launchpad.errors import NotFoundError


def pyplot() -> Any:
    """``matplotlib.pyplot`` on the file-only Agg backend; a clear error when not installed."""
    try:
        import matplotlib as mpl

        mpl.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise NotFoundError(
            "--png needs matplotlib", hint="pip install 'launchpad-research[plot]'"
        ) from err
    return plt


def check_target(path: Path | None) -> None:
    """Refuse a ``--png`` path whose folder does not exist, before any work is done."""
    if path is not None and not path.parent.is_dir():
        raise NotFoundError(
            f"cannot write the chart to {path}: no folder {path.parent}",
            hint="give --png a file in an existing folder",
        )


def save_png(fig: Any, path: Path) -> None:
    """Write ``fig`` to ``path`` atomically (a reader never sees half a chart), then close it."""
    try:
        with atomic_write(path) as handle:
            fig.savefig(handle, format="png", dpi=120)
    except OSError as err:
        raise NotFoundError(
            f"cannot write the chart to {path}: {err.strerror}",
            hint="give --png a file in an existing, writable folder",
        ) from err
    finally:
        pyplot().close(fig)
