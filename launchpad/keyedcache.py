"""One JSON file that holds a value for a key: the shape of launchpad's start-up caches.

A cache file is ``{"key": KEY, "value": VALUE}``, written atomically. Reading it gives
the value only when the key matches; a missing, unreadable or malformed file is a miss
(logged at debug level), so a cache can cost speed but never a run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def read(path: Path, key: str) -> Any | None:
    """The value stored in ``path`` for ``key``, or None (a miss)."""
    try:
        stored = json.loads(path.read_bytes())
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        return stored["value"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as err:
        log.debug("ignoring the cache file %s: %s", path, err)
        return None


def write(path: Path, key: str, value: Any) -> None:
    """Keep ``value`` for ``key``; a value JSON cannot hold, or a failed write, is skipped."""
    from launchpad.atomicfile import atomic_write_text

    try:
        text = json.dumps({"key": key, "value": value}, allow_nan=False)
    except (TypeError, ValueError):  # e.g. a TOML date, or nan: nothing is kept
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except OSError as err:  # a read-only home costs speed, never the run
        log.debug("cannot write the cache file %s: %s", path, err)
