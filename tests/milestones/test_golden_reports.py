"""Whole JSON reports of fixed repositories, against reports stored in ``golden/``.

Speed work on the runner, the sources and the git seam must not move a single field:
these repositories have fixed dates and a fixed "today", so their reports are the same
on every machine. Regenerate after an intended change of results with
``UPDATE_GOLDEN=1 pytest tests/milestones/test_golden_reports.py``.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.report import to_dict
from tests.milestones.helpers import M3_FILES, Commit, make_repo, write_files

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2025, 6, 1)
START = datetime(2024, 1, 2, 12, tzinfo=timezone.utc)


def _busy(root: Path) -> RunOptions:
    """An M3-shaped package with 60 commits by 6 people over a year and three tags."""
    commits = [Commit("Ada Tester", "ada@example.org", START, M3_FILES, "initial")]
    commits += [
        Commit(
            f"Person {i % 6}",
            f"p{i % 6}@example.org",
            START + timedelta(days=6 * (i + 1)),
            {f"widget/mod{i % 4}/f{i}.py": f"x = {i}\n", "CHANGELOG.md": f"# {i}\n"},
        )
        for i in range(60)
    ]
    make_repo(root, {}, commits, tags=["v0.1.0"])
    return RunOptions(offline=True, record_history=False, today=TODAY)


def _busy_as_of(root: Path) -> RunOptions:
    """The same repository seen from its tag (the commit-tree path)."""
    _busy(root)
    return RunOptions(offline=True, record_history=False, today=TODAY, as_of="v0.1.0")


def _tiny(root: Path) -> RunOptions:
    make_repo(
        root,
        {},
        [Commit("Solo", "solo@example.org", START, {"README.md": "# tiny\n", "x.py": "1\n"})],
    )
    return RunOptions(offline=True, record_history=False, today=TODAY)


def _no_git(root: Path) -> RunOptions:
    root.mkdir()
    write_files(root, M3_FILES)
    return RunOptions(offline=True, record_history=False, today=TODAY)


CASES = {"busy": _busy, "busy-as-of": _busy_as_of, "tiny": _tiny, "no-git": _no_git}


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what differs between runs: the path and the clock."""
    return {**report, "path": "<repo>", "evaluated_at": "<now>"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden(tmp_path: Path, name: str) -> None:
    root = tmp_path / "repo"
    options = CASES[name](root)
    got = _stable(to_dict(evaluate(root, options)))
    text = json.dumps(got, indent=2, sort_keys=True).replace(str(root), "<repo>") + "\n"
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
