"""Where the data folders shipped with launchpad live.

``templates/`` and ``milestones/`` sit at the top of the source tree so anyone can read
and extend them; the wheel carries them as ``launchpad/_data/<name>``. This module finds
them in either layout (installed wheel, editable install, source checkout).
"""

from __future__ import annotations

from pathlib import Path

from launchpad.errors import NotFoundError


def data_dir(name: str) -> Path:
    """Return the folder of shipped data ``name`` (``templates`` or ``milestones``)."""
    # The package's own folder, as importlib.resources.files("launchpad") gives it for an
    # installed or editable package, without importing importlib.resources (tempfile,
    # random, zipfile): every milestones run asks for its data folder.
    package = Path(__file__).resolve().parent
    packaged = package / "_data" / name
    if packaged.is_dir():
        return packaged
    source_tree = package.parent / name
    if source_tree.is_dir():
        return source_tree
    raise NotFoundError(
        f"launchpad's {name}/ folder is missing from this installation",
        hint="reinstall launchpad: pip install --force-reinstall launchpad-research",
    )
