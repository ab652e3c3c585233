"""A shields.io endpoint badge for the level (https://shields.io/badges/endpoint-badge)."""

from __future__ import annotations

from typing import Any

from launchpad.milestones.model import Report

COLOURS = ("red", "orange", "yellow", "yellowgreen", "green", "brightgreen", "blue", "blueviolet")


def endpoint(report: Report, label: str = "milestone") -> dict[str, Any]:
    """The endpoint JSON: ``M2`` (``M2 (up to M5)`` when unknown checks could raise it)."""
    if report.level < 0:
        message = "none"
    else:
        message = f"M{report.level} {report.milestones[report.level].milestone.name}"
    if report.level_upper > report.level:
        message += f" (up to M{report.level_upper})"
    return {
        "schemaVersion": 1,
        "label": label,
        "message": message,
        "color": COLOURS[report.level + 1] if report.level + 1 < len(COLOURS) else "blue",
    }
