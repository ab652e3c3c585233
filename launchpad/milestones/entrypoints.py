"""The check-kind entry points, kept between runs while no package is installed or removed.

Finding the ``launchpad.check_kinds`` entry points through :mod:`importlib.metadata`
costs a run about 0.05 CPU-s, most of it importing that module (it brings ``email``,
``zipfile`` and ``csv``) rather than reading the few ``entry_points.txt`` files. The
group's entries (name and value) are kept in ``LAUNCHPAD_HOME/cache/`` (one file per
interpreter and ``sys.path``), keyed by what :mod:`importlib.metadata` would read:
every ``*.dist-info`` and ``*.egg-info`` entry of every ``sys.path`` folder and the
size and modification time of its ``entry_points.txt``. Installing, upgrading or
removing a distribution changes that listing, so the group is read again.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

from launchpad import keyedcache

log = logging.getLogger(__name__)

Entry = tuple[str, str]  # (name, value) as declared, e.g. ("builtin", "launchpad.milestones.kinds")
_VALUE = re.compile(r"^(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?(\[.*\]\s*)?$")


def _state(path: Path) -> str:
    """A file's size and modification time ("-" when it does not exist)."""
    try:
        stat = path.stat()
    except OSError:
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def installed_key() -> str:
    """A hash of the metadata folders :mod:`importlib.metadata` would look through."""
    digest = hashlib.sha256(f"{sys.executable}\n{sys.version}\n".encode())
    for entry in sys.path:
        folder = Path(entry or ".")
        digest.update(f"\0{folder}\0".encode())
        try:
            names = sorted(
                e.name for e in os.scandir(folder) if e.name.endswith((".dist-info", ".egg-info"))
            )
        except OSError:  # not a folder (a zip) or gone: its own state stands in
            digest.update(_state(folder).encode())
            continue
        for name in names:
            digest.update(f"{name}:{_state(folder / name / 'entry_points.txt')}\n".encode())
    return digest.hexdigest()


def _cache_file(group: str) -> Path:
    from launchpad.config import launchpad_home

    where = hashlib.sha256(f"{group}\0{sys.executable}\0{sys.path}".encode()).hexdigest()[:16]
    return launchpad_home() / "cache" / f"entry-points-{where}.json"


def _scan(group: str) -> list[Entry]:
    from importlib.metadata import entry_points

    return sorted((e.name, e.value) for e in entry_points(group=group))


def _read(path: Path, key: str) -> list[Entry] | None:
    stored = keyedcache.read(path, key)
    if stored is None:
        return None
    try:
        return [(str(name), str(value)) for name, value in stored]
    except (TypeError, ValueError) as err:
        log.debug("ignoring the entry-point cache %s: %s", path, err)
        return None


def group(name: str) -> list[Entry]:
    """The entry points of group ``name``, sorted by name, from the cache when it holds."""
    key = installed_key()
    path = _cache_file(name)
    cached = _read(path, key)
    if cached is not None:
        return cached
    entries = _scan(name)
    keyedcache.write(path, key, entries)
    return entries


def load(value: str) -> Any:
    """What an entry point's value names (``module`` or ``module:attr.attr``), as
    :meth:`importlib.metadata.EntryPoint.load` resolves it."""
    match = _VALUE.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a module or module:attribute")
    loaded: Any = importlib.import_module(match.group("module"))
    for attr in filter(None, (match.group("attr") or "").split(".")):
        loaded = getattr(loaded, attr)
    return loaded
