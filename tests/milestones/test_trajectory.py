"""`launchpad milestones history`: the level at regular points, from git alone."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.cli.milestones_history import step_chart
from launchpad.errors import InputError
from launchpad.milestones import RunOptions
from launchpad.milestones.trajectory import period_ends, trajectory
from tests.milestones.helpers import M3_FILES, NOW, Commit, make_repo, people_commits

runner = CliRunner()
TODAY = NOW.date()


def test_period_ends() -> None:
    assert period_ends(date(2023, 2, 5), date(2024, 1, 1), "quarter") == [
        date(2023, 3, 31),
        date(2023, 6, 30),
        date(2023, 9, 30),
        date(2023, 12, 31),
    ]
    assert period_ends(date(2024, 1, 31), date(2024, 3, 31), "month") == [
        date(2024, 1, 31),
        date(2024, 2, 29),
    ]
    assert period_ends(date(2021, 12, 5), date(2023, 6, 1), "year") == [
        date(2021, 12, 31),
        date(2022, 12, 31),
    ]
    assert period_ends(date(2024, 5, 1), date(2024, 5, 2), "quarter") == []


@pytest.fixture
def rising(tmp_path: Path) -> Path:
    """A README two years ago, a dormant year, then the files and people of M3."""
    root = tmp_path / "rising"
    ada = ("Ada Tester", "ada@example.org")
    commits = [Commit(*ada, NOW - timedelta(days=700), {"README.md": "x"})]
    commits.append(Commit(*ada, NOW - timedelta(days=300), M3_FILES))
    commits += people_commits(30, 4, days=250)
    make_repo(root, {}, commits, tags=["v1.0.0"])
    return root


def options() -> RunOptions:
    return RunOptions(offline=True, record_history=False, today=TODAY)


def test_points_and_levels_of_a_rising_repository(rising: Path) -> None:
    found = trajectory(rising, options())
    points = found.points
    ends = period_ends((NOW - timedelta(days=700)).date(), TODAY, "quarter")
    assert [p.date for p in points] == [*ends, TODAY]
    head = git.Repo(rising).head.commit.hexsha
    assert points[-1].commit == head
    assert points[0].level == -1 and points[0].met == ()
    assert points[-1].level is not None and points[-1].level >= 0
    levels = [p.level for p in points]
    uppers = [p.level_upper for p in points]
    assert None not in levels and None not in uppers
    assert levels == sorted(levels, key=lambda n: n or 0)  # never falls
    assert all((u or 0) >= (n or 0) for n, u in zip(levels, uppers, strict=True))
    dormant = [p for p in points if p.committed.date() == (NOW - timedelta(days=700)).date()]
    assert len(dormant) >= 3 and len({p.commit for p in dormant}) == 1  # one commit, one run
    assert all(p.committed.date() <= p.date for p in points)


def test_points_and_since_limit_the_range(rising: Path) -> None:
    last = trajectory(rising, options(), points=3)
    assert len(last.points) == 3 and last.points[-1].date == TODAY
    since = TODAY - timedelta(days=200)
    recent = trajectory(rising, options(), since=since, every="month")
    assert all(p.date >= since for p in recent.points)
    assert [p.date for p in recent.points][-1] == TODAY
    with pytest.raises(InputError, match="in the future"):
        trajectory(rising, options(), since=TODAY + timedelta(days=1))


def test_step_chart_draws_level_and_upper(rising: Path) -> None:
    found = trajectory(rising, options(), points=4)
    lines = step_chart(found.points)
    assert lines[0].startswith("M6 │") and lines[6].startswith("M0 │")
    assert len(lines) == 9 and lines[-1].strip().startswith(str(found.points[0].date))
    top = found.points[-1].level
    assert top is not None and lines[6 - top].endswith("██")


def invoke(*args: str) -> object:
    return runner.invoke(app, ["milestones", "history", *args])


def test_json_shape(rising: Path) -> None:
    result = invoke(str(rising), "--offline", "--points", "2", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"path", "every", "first_commit", "points"}
    assert data["every"] == "quarter" and len(data["points"]) == 2
    point = data["points"][-1]
    assert set(point) == {"date", "commit", "committed_at", "level", "level_upper", "met", "error"}
    assert point["commit"] == git.Repo(rising).head.commit.hexsha
    assert isinstance(point["level"], int) and point["level_upper"] >= point["level"]
    assert set(range(point["level"] + 1)) <= set(point["met"])


def test_table_and_chart(rising: Path) -> None:
    result = invoke(str(rising), "--offline", "--points", "3")
    assert result.exit_code == 0, result.output
    assert "milestones met" in result.stdout and "M0 │" in result.stdout


def test_png_is_written(rising: Path, tmp_path: Path) -> None:
    png = tmp_path / "levels.png"
    result = invoke(str(rising), "--offline", "--points", "3", "--png", str(png))
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    missing = invoke(str(rising), "--offline", "--png", str(tmp_path / "no" / "x.png"))
    assert missing.exit_code == 4 and "no folder" in missing.stderr


def test_png_without_matplotlib(
    rising: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = invoke(str(rising), "--offline", "--points", "1", "--png", str(tmp_path / "x.png"))
    assert result.exit_code == 4, result.output
    assert "--png needs matplotlib" in result.stderr and "[plot]" in result.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--every", "week"), 2, "unknown --every 'week'"),
        (("--since", "last year"), 2, "is not a date"),
        (("--points", "0"), 2, "--points"),
    ],
)
def test_bad_options(rising: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = invoke(str(rising), "--offline", *args)
    assert result.exit_code == code, result.output
    assert message in result.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    """The error speaks of `history` needing git history, not of --as-of: one line + hint."""
    result = invoke(str(tmp_path), "--offline")
    assert result.exit_code == 4, result.output
    assert "not a git repository" in result.stderr
    assert "`milestones history` needs its git history" in result.stderr
    assert "--as-of" not in result.stderr and "hint:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_default_command_still_takes_a_path(rising: Path) -> None:
    result = runner.invoke(app, ["milestones", str(rising), "--offline", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] is None
