"""The shipped milestone data, the loader's validation and `milestones lint`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import ConfigError
from launchpad.milestones.loader import default_dir, load, validate

runner = CliRunner()

GOOD = """number = 0
name = "usable"
summary = "works"

[[checks]]
id = "readme"
title = "A README"
kind = "readme-exists"
fix = "write one"
"""


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text)
    return folder


def test_shipped_milestones_are_valid_and_cover_zero_to_six() -> None:
    milestones, problems = validate(default_dir())
    assert problems == []
    assert [m.number for m in milestones] == list(range(7))
    ids = [c.id for m in milestones for c in m.checks]
    assert len(ids) == len(set(ids))
    for milestone in milestones:
        required = [c for c in milestone.checks if c.required]
        assert len(required) >= 3, milestone.name
        assert all(c.fix and c.measures for c in milestone.checks)


def test_low_milestones_are_decidable_offline() -> None:
    """M0-M3 can be confirmed offline: every criterion that counts there has evidence that
    needs no network (GitHub and the package index only add to it)."""
    network = ("gh-", "index-")
    for milestone in load()[:4]:
        kinds = {c.id: c.kind for c in milestone.checks}
        for criterion in milestone.criteria:
            if criterion.counts and criterion.weight >= 1:
                offline = [e for e in criterion.evidence if not kinds[e].startswith(network)]
                assert offline, criterion.id


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("readme-exists", "no-such-kind"), "unknown kind 'no-such-kind'"),
        (GOOD + "params = { nope = 1 }\n", "has no parameter 'nope'"),
        (GOOD.replace("readme-exists", "file-exists"), "needs parameter 'paths'"),
        (GOOD + 'requires = ["later"]\n', "requires 'later', which is not declared before it"),
        (GOOD.replace('id = "readme"', 'id = "Bad Id"'), "id must be lower-case"),
        (GOOD.replace("number = 0", "number = 3"), "number must be 0"),
        (GOOD + "colour = 1\n", "unknown key 'colour'"),
        (GOOD.replace('fix = "write one"', 'fix = ""'), "fix must be a non-empty string"),
        (GOOD + GOOD[GOOD.index("[[checks]]") :], "id already used"),
        ("number = 0\nname = [", "not valid TOML"),
        (GOOD + 'params = { min_lines = "ten" }\n', "parameter 'min_lines' must be int"),
        (
            GOOD.replace("readme-exists", "file-exists") + 'params = { paths = "README*" }\n',
            "parameter 'paths' must be list[str]",
        ),
        (GOOD + 'required = "yes"\n', "required must be true or false"),
        (GOOD + 'requires = "readme"\n', "requires must be a list of check ids"),
        (GOOD + "params = [1]\n", "params must be a table"),
        (GOOD + "measures = 3\n", "measures must be a string"),
        (GOOD.replace('summary = "works"', 'summary = "  "'), "summary must be a non-empty"),
        (GOOD.replace("number = 0", 'number = "0"'), "number must be 0"),
        (GOOD[: GOOD.index("[[checks]]")], "declares no [[checks]]"),
        (GOOD[: GOOD.index("[[checks]]")] + "checks = [1]\n", "check #1 is not a table"),
        (GOOD + "params = { min_lines = 1.5 }\n", "parameter 'min_lines' must be int, not float"),
    ],
)
def test_lint_reports_each_problem(tmp_path: Path, text: str, message: str) -> None:
    folder = write(tmp_path / "ms", m0=text)
    _, problems = validate(folder)
    assert any(message in str(p) for p in problems), problems
    with pytest.raises(ConfigError, match="invalid milestone data"):
        load(folder)
    result = runner.invoke(app, ["milestones", "lint", str(folder)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_lint_rejects_gaps_in_numbering(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "ms",
        m0=GOOD,
        m2=GOOD.replace("number = 0", "number = 2").replace('"readme"', '"readme-two"'),
    )
    _, problems = validate(folder)
    assert any("without gaps" in str(p) for p in problems)


def test_lint_ok_on_shipped_data() -> None:
    result = runner.invoke(app, ["milestones", "lint"])
    assert result.exit_code == 0, result.output
    assert "7 milestones" in result.stderr


def test_lint_missing_folder_is_not_found(tmp_path: Path) -> None:
    result = runner.invoke(app, ["milestones", "lint", str(tmp_path / "nope")])
    assert result.exit_code == 4
    assert "hint:" in result.stderr


def test_invalid_custom_data_points_lint_at_that_folder(tmp_path: Path) -> None:
    folder = write(tmp_path / "ms", m0=GOOD.replace("readme-exists", "no-such-kind"))
    result = runner.invoke(app, ["milestones", str(tmp_path), "--milestones", str(folder)])
    assert result.exit_code == 2
    assert f"launchpad milestones lint {folder}" in result.stderr


def test_every_problem_of_a_check_is_reported_at_once(tmp_path: Path) -> None:
    broken = GOOD.replace('fix = "write one"', 'fix = ""') + 'colour = 1\nrequires = ["later"]\n'
    _, problems = validate(write(tmp_path / "ms", m0=broken))
    assert [str(p) for p in problems] == [
        "m0.toml: check 'readme': unknown key 'colour'",
        "m0.toml: check 'readme': fix must be a non-empty string",
        (
            "m0.toml: check 'readme': requires 'later', which is not declared before it "
            "(same or earlier milestone)"
        ),
    ]
