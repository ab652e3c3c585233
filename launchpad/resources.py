"""Where the data folders shipped with launchpad live.

``templates/`` and ``milestones/`` sit at the top of the source tree so anyone can read
and extend them; the wheel carries them as ``launchpad/_data/<name>``. This module finds
them in either layout (installed wheel, editable install, source checkout).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from launchpad.errors import NotFoundError


def data_dir(name: str) -> Path:
    """Return the folder of shipped data ``name`` (``templates`` or ``milestones``)."""
    packaged = Path(str(resources.files("launchpad"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / name
    if source_tree.is_dir():
        return source_tree
    raise NotFoundError(
        f"launchpad's {name}/ folder is missing from this installation",
        hint="reinstall launchpad: pip install --force-reinstall launchpad-research",
    )
