"""Milestones v2: criteria met by any evidence, milestones by weight, on synthetic data."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.errors import ConfigError
from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.loader import lint
from launchpad.milestones.model import Report, Verdict
from tests.milestones.helpers import M3_FILES, make_repo, write_files


def criterion(cid: str, *, weight: float = 1, hard: bool = False) -> str:
    kind = "hard = true\n" if hard else f"weight = {weight}\n"
    return f'[[criteria]]\nid = "{cid}"\ntitle = "{cid} title"\n{kind}fix = "get {cid}"\n'


def evidence(cid: str, of: str, paths: list[str]) -> str:
    return (
        f'[[checks]]\nid = "{cid}"\ncriterion = "{of}"\ntitle = "{cid}"\nkind = "file-exists"\n'
        f"params = {{ paths = {paths!r} }}\n".replace("'", '"')
    )


GIT = (
    '[[checks]]\nid = "history"\ncriterion = "alive"\ntitle = "history"\nkind = "git-commits"\n'
    "params = { min = 1 }\n"
)


def milestone(number: int, body: str, threshold: float = 0.6) -> str:
    return f'number = {number}\nname = "m{number}"\nsummary = "s"\nthreshold = {threshold}\n' + body


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """M0: hard `lic` + three weighted criteria (60 % needed); M1: git and a file, 100 %."""
    folder = tmp_path / "ms"
    folder.mkdir()
    (folder / "m0.toml").write_text(
        milestone(
            0,
            criterion("lic", hard=True)
            + criterion("docs")
            + criterion("tests")
            + criterion("ci")
            + criterion("tip", weight=0)
            + evidence("license-file", "lic", ["LICENSE"])
            + evidence("docs-folder", "docs", ["docs/*.md"])
            + evidence("docs-site", "docs", ["mkdocs.yml"])
            + evidence("tests-folder", "tests", ["tests/*.py"])
            + evidence("ci-file", "ci", [".github/workflows/*.yml"])
            + evidence("tip-file", "tip", ["TIP"]),
        )
    )
    (folder / "m1.toml").write_text(
        milestone(
            1,
            criterion("alive") + criterion("extra") + GIT + evidence("extra-file", "extra", ["X"]),
            threshold=1.0,
        )
    )
    return folder


def run(path: Path, data: Path, **config: str) -> Report:
    if config:
        lines = "\n".join(f'{k} = "{v}"' for k, v in config.items())
        write_files(path, {"pyproject.toml": f"[tool.launchpad.milestones.ignore]\n{lines}\n"})
    return evaluate(path, RunOptions(offline=True, milestones_dir=data, record_history=False))


def verdicts(report: Report) -> dict[str, Verdict]:
    return {c.criterion.id: c.verdict for m in report.milestones for c in m.criteria}


def test_any_evidence_meets_a_criterion_and_says_where(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"LICENSE": "x", "mkdocs.yml": "x", "tests/test_a.py": "x"})
    report = run(root, data)
    docs = next(c for c in report.milestones[0].criteria if c.criterion.id == "docs")
    assert docs.verdict is Verdict.MET
    assert [r.check.id for r in docs.found] == ["docs-site"]
    assert docs.found[0].detail == "mkdocs.yml"
    assert [r.check.id for r in docs.missing] == ["docs-folder"]


def test_weight_of_evidence_reaches_the_threshold(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"LICENSE": "x", "docs/a.md": "x", "tests/test_a.py": "x"})
    report = run(root, data)
    m0 = report.milestones[0]
    assert m0.share == pytest.approx(2 / 3)  # docs and tests of docs, tests, ci
    assert m0.verdict is Verdict.MET and report.level == 0
    assert verdicts(report)["ci"] is Verdict.NOT_MET  # not needed, still reported


def test_below_the_threshold_is_partial(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"LICENSE": "x", "docs/a.md": "x"})
    report = run(root, data)
    assert report.milestones[0].verdict is Verdict.PARTIAL
    assert report.level == -1
    assert [a.check_id for a in report.next_actions] == [
        "tests",
        "ci",
        "extra",
    ]  # `alive` is unknown: no action


def test_a_hard_criterion_is_never_outweighed(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"docs/a.md": "x", "tests/test_a.py": "x", ".github/workflows/c.yml": "x"})
    report = run(root, data)
    assert report.milestones[0].share == 1.0
    assert report.level == report.level_upper == -1
    assert report.next_actions[0].check_id == "lic" and report.next_actions[0].required


def test_advice_is_reported_and_never_counted(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"LICENSE": "x", "docs/a.md": "x", "tests/test_a.py": "x"})
    report = run(root, data)
    assert verdicts(report)["tip"] is Verdict.NOT_MET
    assert report.level == 0
    assert "tip" not in [a.check_id for a in report.next_actions[:2]]


def test_unknown_evidence_raises_only_the_upper_level(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"  # not a git repository: `history` is unknown
    write_files(root, {"LICENSE": "x", "docs/a.md": "x", "tests/test_a.py": "x", "X": "x"})
    report = run(root, data)
    assert verdicts(report)["alive"] is Verdict.UNKNOWN
    assert (report.level, report.level_upper) == (0, 1)
    assert "alive" not in [a.check_id for a in report.next_actions]  # nothing says it is missing


def test_git_evidence_confirms(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    make_repo(root, {"LICENSE": "x", "docs/a.md": "x", "tests/test_a.py": "x", "X": "x"})
    assert run(root, data).level == 1


def test_ignoring_a_criterion_satisfies_it(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"docs/a.md": "x", "tests/test_a.py": "x"})
    report = run(root, data, lic="the code is in the public domain")
    assert verdicts(report)["lic"] is Verdict.MET
    assert report.level == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (criterion("a") + evidence("x", "b", ["x"]), "criterion 'b' is not declared"),
        (criterion("a") + criterion("b") + evidence("x", "a", ["x"]), "no check is evidence"),
        (
            criterion("a") + evidence("x", "a", ["x"]).replace("kind =", "required = true\nkind ="),
            "required is not used with [[criteria]]",
        ),
        (criterion("a") + evidence("x", "a", ["x"]).replace('criterion = "a"\n', ""), "names no"),
        (criterion("a", weight=-1) + evidence("x", "a", ["x"]), "weight must be a number"),
        (criterion("a") + criterion("a") + evidence("x", "a", ["x"]), "id already used"),
    ],
)
def test_bad_criteria_are_one_line_problems(tmp_path: Path, body: str, message: str) -> None:
    folder = tmp_path / "ms"
    folder.mkdir()
    (folder / "m0.toml").write_text(milestone(0, body))
    problems = [str(p) for p in lint(folder).problems]
    assert any(message in p for p in problems), problems
    with pytest.raises(ConfigError, match="invalid milestone data"):
        evaluate(tmp_path, RunOptions(offline=True, milestones_dir=folder, record_history=False))


def test_threshold_must_be_a_share(tmp_path: Path) -> None:
    folder = tmp_path / "ms"
    folder.mkdir()
    body = criterion("a") + evidence("x", "a", ["x"])
    (folder / "m0.toml").write_text(milestone(0, body, threshold=1.5))
    assert any("threshold must be" in str(p) for p in lint(folder).problems)


# What satisfies a criterion of the shipped data in the M3 fixture repository, for criteria
# whose loss leaves their milestone unmet: without these files the criterion is a next
# action (its milestone is then the lowest unmet one); with them it never is.
EVIDENCE_FILES = {
    "tests-or-ci": ["tests/test_widget.py", ".github/workflows/ci.yml"],
    "examples": ["examples/basic.py", "notebooks/tour.ipynb"],
    "open-license": ["LICENSE"],
}


@pytest.mark.parametrize("criterion_id", sorted(EVIDENCE_FILES))
def test_next_actions_never_ask_for_what_is_there(tmp_path: Path, criterion_id: str) -> None:
    present = tmp_path / "with"
    make_repo(present, M3_FILES, tags=["v0.1.0", "v1.0.0"])
    report = evaluate(present, RunOptions(offline=True, record_history=False))
    assert verdicts(report)[criterion_id] is Verdict.MET
    assert criterion_id not in [a.check_id for a in report.next_actions]

    absent = tmp_path / "without"
    files = {k: v for k, v in M3_FILES.items() if k not in EVIDENCE_FILES[criterion_id]}
    make_repo(absent, files, tags=["v0.1.0", "v1.0.0"])
    report = evaluate(absent, RunOptions(offline=True, record_history=False))
    assert verdicts(report)[criterion_id] is Verdict.NOT_MET
    assert criterion_id in [a.check_id for a in report.next_actions]
    assert report.next_actions[0].milestone == report.level + 1  # the lowest unmet milestone


def test_no_action_for_any_met_criterion_of_the_shipped_data(tmp_path: Path) -> None:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES, tags=["v0.1.0", "v1.0.0"])
    report = evaluate(root, RunOptions(offline=True, record_history=False))
    met = {k for k, v in verdicts(report).items() if v is Verdict.MET}
    assert met and not met & {a.check_id for a in report.next_actions}


def test_a_configured_pattern_that_cannot_be_used_is_exit_2(tmp_path: Path) -> None:
    """A threshold's ``paths`` pattern is checked before the run, not left to a check."""
    root = tmp_path / "r"
    pattern = "*a*a*a*a*a*b"  # exponential backtracking: refused, never run
    table = f'[tool.launchpad.milestones.thresholds]\ntests = {{ paths = ["{pattern}"] }}\n'
    write_files(root, {"pyproject.toml": table})
    with pytest.raises(ConfigError, match="threshold 'paths' of check 'tests' has a pattern"):
        evaluate(root, RunOptions(offline=True, record_history=False))
