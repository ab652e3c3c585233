"""Validated milestone data, kept between runs so an unchanged folder skips pydantic.

Validating the milestone folder (:func:`launchpad.milestones.loader.load`) imports
pydantic and builds its models, a fixed cost of every run larger than reading the
data. What it returns is plain frozen dataclasses, so a run that validated the data
writes them as JSON to ``LAUNCHPAD_HOME/cache/milestones/`` (one file per folder,
through :mod:`launchpad.keyedcache`), and the next run reads them back when the key still matches.

The key is a hash of everything validation reads: each ``*.toml`` file's name and
bytes, the registered kinds (name, entry point, fixtures, parameters and their
annotations) and the source of the modules that validate. Any change, an unreadable
or malformed cache file, or data that does not fit JSON (a TOML date in ``params``)
means the folder is validated again; only data without problems is ever written,
so ``launchpad milestones lint`` and a broken folder always report afresh.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from launchpad import keyedcache
from launchpad.milestones import registry as kind_registry
from launchpad.milestones.model import Check, Criterion, Milestone
from launchpad.milestones.registry import Kind

log = logging.getLogger(__name__)

FORMAT = 2  # 2: the file layout of launchpad.keyedcache
# The modules whose code decides what valid data becomes: a change to any of them
# (an edit in a checkout, another launchpad release) is a new key.
_VALIDATORS = ("loader.py", "criteria.py", "model.py", "registry.py", "problems.py")
_CHECK_FIELDS = ("id", "title", "kind", "milestone", "fix", "required", "params")
_CRITERION_FIELDS = ("id", "title", "milestone", "fix", "weight", "hard", "measures")


def default_dir() -> Path:
    """The milestones shipped with launchpad (as :func:`loader.default_dir`, without pydantic)."""
    from launchpad.resources import data_dir

    return data_dir("milestones")


def cache_file(directory: Path) -> Path:
    """Where the validated data of ``directory`` is kept."""
    from launchpad.config import launchpad_home

    name = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:16]
    return launchpad_home() / "cache" / "milestones" / f"{name}.json"


def data_key(directory: Path, registry: Mapping[str, Kind]) -> str | None:
    """The hash of what validating ``directory`` reads (None when it cannot be read)."""
    digest = hashlib.sha256(f"launchpad-milestones-{FORMAT}\n".encode())
    here = Path(__file__).resolve().parent
    try:
        for module in _VALIDATORS:
            digest.update((here / module).read_bytes())
        files = sorted(p for p in directory.iterdir() if p.suffix == ".toml")
        for path in files:
            data = path.read_bytes()
            digest.update(f"\0{path.name}\0{len(data)}\0".encode() + data)
    except OSError:
        return None
    for name in sorted(registry):
        kind = registry[name]
        signature = (
            name,
            kind.source,
            kind.fixtures,
            sorted(kind.optional_fixtures),
            sorted(kind.params.items()),
            sorted((k, repr(v)) for k, v in kind.types.items()),
        )
        digest.update(repr(signature).encode())
    return digest.hexdigest()


def encode(milestones: tuple[Milestone, ...]) -> list[dict[str, Any]]:
    """The milestones as JSON-ready data."""
    return [
        {
            "number": m.number,
            "name": m.name,
            "summary": m.summary,
            "threshold": m.threshold,
            "checks": [
                {
                    **{f: getattr(c, f) for f in _CHECK_FIELDS},
                    "params": dict(c.params),
                    "requires": list(c.requires),
                    "measures": c.measures,
                    "criterion": c.criterion,
                }
                for c in m.checks
            ],
            "criteria": [
                {**{f: getattr(c, f) for f in _CRITERION_FIELDS}, "evidence": list(c.evidence)}
                for c in m.criteria
            ],
        }
        for m in milestones
    ]


def decode(data: Any) -> tuple[Milestone, ...]:
    """:func:`encode`'s output back as milestones (KeyError/TypeError when malformed)."""
    return tuple(
        Milestone(
            number=m["number"],
            name=m["name"],
            summary=m["summary"],
            threshold=m["threshold"],
            checks=tuple(
                Check(
                    **{f: c[f] for f in _CHECK_FIELDS},
                    requires=tuple(c["requires"]),
                    measures=c["measures"],
                    criterion=c["criterion"],
                )
                for c in m["checks"]
            ),
            criteria=tuple(
                Criterion(**{f: c[f] for f in _CRITERION_FIELDS}, evidence=tuple(c["evidence"]))
                for c in m["criteria"]
            ),
        )
        for m in data
    )


def read(path: Path, key: str) -> tuple[Milestone, ...] | None:
    """The cached milestones if ``path`` holds data for ``key`` (None otherwise)."""
    stored = keyedcache.read(path, key)
    if stored is None:
        return None
    try:
        return decode(stored)
    except (KeyError, TypeError, AttributeError) as err:
        log.debug("ignoring the milestone data cache %s: %s", path, err)
        return None


def write(path: Path, key: str, milestones: tuple[Milestone, ...]) -> None:
    """Keep the milestones for ``key``; data JSON cannot hold (a TOML date or time, or
    nan) is not kept, so it is validated every time."""
    keyedcache.write(path, key, encode(milestones))


def load(directory: Path | None = None) -> tuple[Milestone, ...]:
    """The validated milestones of ``directory`` (default: launchpad's own), from the cache
    when nothing they were validated from has changed."""
    folder = directory or default_dir()
    key = data_key(folder, kind_registry.kinds()) if folder.is_dir() else None
    path = cache_file(folder) if key else None
    if key and path:
        cached = read(path, key)
        if cached is not None:
            return cached
    from launchpad.milestones.loader import load as validate_and_load

    milestones = validate_and_load(directory)
    if key and path:
        write(path, key, milestones)
    return milestones
