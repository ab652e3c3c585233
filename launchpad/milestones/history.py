"""A local SQLite history of runs, so a report can compare with itself a year ago.

Small labs cannot out-compute large ones; the useful comparison is with your own
project a year (and a quarter) earlier. Each run stores its numeric signals under a key
(the GitHub repository, or the checkout's path); a report looks up the stored run
closest to 365 and 91 days before, within a tolerance.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from launchpad.errors import ConfigError
from launchpad.milestones.model import Trend

PERIODS = (("year", 365, 60), ("quarter", 91, 30))  # name, days back, tolerance in days
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    level INTEGER NOT NULL,
    level_upper INTEGER NOT NULL,
    signals TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_key_at ON runs (key, at);
"""


def default_path() -> Path:
    """``$LAUNCHPAD_HOME/milestones-history.sqlite``."""
    from launchpad.config import launchpad_home

    return launchpad_home() / "milestones-history.sqlite"


class History:
    """The run history file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, timeout=10)
            connection.executescript(SCHEMA)
        except sqlite3.DatabaseError as err:
            raise ConfigError(
                f"milestone history {self.path} is unreadable: {err}",
                hint="move the file away; a new history starts with the next run",
            ) from err
        return connection

    def record(
        self, key: str, at: datetime, level: int, level_upper: int, signals: Mapping[str, float]
    ) -> None:
        """Store one run (one transaction)."""
        with closing(self._connect()) as connection, connection:
            connection.execute(
                "INSERT INTO runs (key, at, level, level_upper, signals) VALUES (?, ?, ?, ?, ?)",
                (key, at.isoformat(), level, level_upper, json.dumps(dict(signals))),
            )

    def runs(self, key: str) -> list[tuple[datetime, dict[str, float]]]:
        """Every stored run of ``key``, oldest first."""
        if not self.path.is_file():
            return []
        with closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT at, signals FROM runs WHERE key = ? ORDER BY at", (key,)
            ).fetchall()
        return [(datetime.fromisoformat(at), json.loads(signals)) for at, signals in rows]

    def trends(self, key: str, today: date, signals: Mapping[str, float]) -> list[Trend]:
        """Each current signal against the run closest to a year and a quarter earlier."""
        runs = self.runs(key)
        trends: list[Trend] = []
        for period, days, tolerance in PERIODS:
            target = today.toordinal() - days
            best = min(
                (r for r in runs if abs(r[0].date().toordinal() - target) <= tolerance),
                key=lambda r: abs(r[0].date().toordinal() - target),
                default=None,
            )
            if best is None:
                continue
            then_at, then = best
            trends.extend(
                Trend(name, float(value), float(then[name]), then_at.date().isoformat(), period)
                for name, value in sorted(signals.items())
                if name in then
            )
        return trends
