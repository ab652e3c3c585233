"""Levels, requires ordering, ignores and next actions, on synthetic milestone data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from launchpad.errors import ConfigError
from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.model import Status
from tests.milestones.helpers import M3_FILES, make_repo, people_commits, write_files


def milestone(number: int, *checks: str) -> str:
    return f'number = {number}\nname = "m{number}"\nsummary = "s"\n' + "".join(checks)


def check(
    cid: str, paths: list[str], *, required: bool = True, requires: tuple[str, ...] = ()
) -> str:
    return (
        f'[[checks]]\nid = "{cid}"\ntitle = "{cid} title"\nkind = "file-exists"\n'
        f'fix = "add {cid}"\nrequired = {str(required).lower()}\n'
        f"requires = {list(requires)!r}\nparams = {{ paths = {paths!r} }}\n".replace("'", '"')
    )


GIT = (
    '[[checks]]\nid = "history"\ntitle = "history"\nkind = "git-commits"\nfix = "commit"\n'
    "params = { min = 1 }\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "ms"
    folder.mkdir()
    (folder / "m0.toml").write_text(
        milestone(0, check("a", ["a"]), check("b", ["b"], requires=("a",)))
    )
    (folder / "m1.toml").write_text(
        milestone(1, GIT, check("c", ["c"]), check("d", ["d"], required=False))
    )
    (folder / "m2.toml").write_text(
        milestone(2, check("e", ["e"]), check("f", ["f"]), check("g", ["g"]))
    )
    return folder


def run(path: Path, data: Path, **kwargs: object) -> object:
    return evaluate(
        path, RunOptions(offline=True, milestones_dir=data, record_history=False, **kwargs)
    )  # type: ignore[arg-type]


def statuses(report: object) -> dict[str, str]:
    return {r.check.id: r.status.value for r in report.results}  # type: ignore[attr-defined]


def test_failed_requirement_skips_and_blocks(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    write_files(root, {"b": ""})
    report = run(root, data)
    assert statuses(report)["a"] == "fail"
    assert statuses(report)["b"] == "skipped"
    blocked = next(r for r in report.results if r.check.id == "b")  # type: ignore[attr-defined]
    assert blocked.blocked_by == "a" and not blocked.satisfied
    assert (report.level, report.level_upper) == (-1, -1)  # type: ignore[attr-defined]


def test_not_a_git_repo_makes_git_checks_unknown_and_sets_upper_bound(
    tmp_path: Path, data: Path
) -> None:
    root = tmp_path / "r"
    write_files(root, {"a": "", "b": "", "c": "", "e": "", "f": ""})
    report = run(root, data)
    assert statuses(report)["history"] == "unknown"
    assert report.level == 0 and report.level_upper == 1  # type: ignore[attr-defined]
    assert any("not a git repository" in n for n in report.notes)  # type: ignore[attr-defined]
    # next actions: failing checks above the level, required ones (they move the level) first
    assert [a.check_id for a in report.next_actions] == ["g", "d"]  # type: ignore[attr-defined]


def test_git_repo_confirms_and_unknown_never_passes(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    make_repo(root, {"a": "", "b": "", "c": "", "e": "", "f": "", "g": ""})
    report = run(root, data)
    assert report.level == 2 and report.level_upper == 2  # type: ignore[attr-defined]


def test_ignore_with_reason_skips_and_satisfies(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    make_repo(
        root,
        {
            "a": "", "b": "", "c": "", "e": "", "f": "",
            "pyproject.toml": '[tool.launchpad.milestones]\nrequire = 1\n'
            '[tool.launchpad.milestones.ignore]\ng = "we ship no g, by design"\n',
        },
    )  # fmt: skip
    report = run(root, data)
    g = next(r for r in report.results if r.check.id == "g")  # type: ignore[attr-defined]
    assert g.status is Status.SKIPPED and g.ignored
    assert g.detail == "ignored: we ship no g, by design"
    assert report.level == 2 and report.required_level == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[tool.launchpad.milestones.ignore]\nnope = "x"\n',
            "unknown check or criterion id 'nope'",
        ),
        ('[tool.launchpad.milestones.ignore]\ng = ""\n', "needs a reason"),
        ("[tool.launchpad.milestones.thresholds]\nhistory = { max = 3 }\n", "no threshold 'max'"),
        ("[tool.launchpad.milestones.thresholds]\nzzz = { min = 3 }\n", "unknown check id 'zzz'"),
        ("[tool.launchpad.milestones]\nrequire = 9\n", "require must be an integer"),
        ("[tool.launchpad.milestones]\nselect = 1\n", "unknown key 'select'"),
        ('[tool.launchpad.milestones]\nrepo = "not a repo"\n', "owner/name"),
        ("[tool.launchpad.milestones\n", "not valid TOML"),
        ("[tool.launchpad.milestones]\nrequire = true\n", "require must be an integer"),
        ('[tool.launchpad.milestones]\nmaintainers = [""]\n', "maintainers must be a list"),
        ("[tool.launchpad.milestones]\nignore = []\n", "ignore must be a table"),
        ("[tool.launchpad.milestones]\nthresholds = { a = 1 }\n", "thresholds must map"),
        (
            "[tool.launchpad.milestones]\nrequire = 9\nselect = 1\n",
            "unknown key 'select'.*hint: allowed keys: ignore, maintainers, repo",
        ),
    ],
)
def test_bad_config_is_one_clear_error(
    tmp_path: Path, data: Path, table: str, message: str
) -> None:
    root = tmp_path / "r"
    write_files(root, {"pyproject.toml": table})
    with pytest.raises(ConfigError, match=message):
        run(root, data)


def test_threshold_overrides_params(tmp_path: Path, data: Path) -> None:
    root = tmp_path / "r"
    make_repo(
        root,
        {
            "a": "",
            "b": "",
            "c": "",
            "pyproject.toml": "[tool.launchpad.milestones.thresholds]\nhistory = { min = 5 }\n",
        },
    )
    report = run(root, data)
    assert statuses(report)["history"] == "fail"


def test_shipped_milestones_on_a_good_repository(tmp_path: Path) -> None:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES, tags=["v0.1.0", "v1.0.0"])
    report = evaluate(root, RunOptions(offline=True, record_history=False))
    assert report.level == 3, [
        (r.check.id, r.detail) for r in report.results if r.status is Status.FAIL
    ]
    assert report.level_upper == 3  # M4 needs user-type material, which fails offline too
    assert report.next_actions[0].milestone == 4


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:ada/widget.git", "ada/widget"),
        ("https://github.com/ada/widget", "ada/widget"),
        ("https://github.com/ada/widget.git/", "ada/widget"),
        ("https://gitlab.com/ada/widget.git", None),
    ],
)
def test_github_repository_from_origin(tmp_path: Path, url: str, expected: str | None) -> None:
    from launchpad.milestones.runner import github_repo_from_remote

    repo = make_repo(tmp_path, {"README.md": "x"})
    repo.create_remote("origin", url)
    assert github_repo_from_remote(tmp_path) == expected


def test_repo_precedence_flag_then_config_then_origin(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path, {"pyproject.toml": '[tool.launchpad.milestones]\nrepo = "cfg/widget"\n'}
    )
    repo.create_remote("origin", "git@github.com:origin/widget.git")
    options = {"offline": True, "record_history": False}
    assert evaluate(tmp_path, RunOptions(**options)).repo == "cfg/widget"  # type: ignore[arg-type]
    flagged = RunOptions(repo="flag/widget", **options)  # type: ignore[arg-type]
    assert evaluate(tmp_path, flagged).repo == "flag/widget"
    (tmp_path / "pyproject.toml").unlink()
    assert evaluate(tmp_path, RunOptions(**options)).repo == "origin/widget"  # type: ignore[arg-type]


def test_settings_keys_are_the_model_fields() -> None:
    """KEYS is written out so a run without the table never builds the pydantic model."""
    from launchpad.milestones import settings

    assert frozenset(settings.table().model_fields) == settings.KEYS


def _record_git(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recording(command: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        process = popen(command, **kwargs)  # type: ignore[call-overload]
        if command[0] == "git":
            started.append(process)
        return process  # type: ignore[no-any-return]

    monkeypatch.setattr(subprocess, "Popen", recording)
    return started


def test_git_reads_the_history_while_the_data_loads(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain run starts its git queries before loading the milestone data, so git works
    on the other core meanwhile; the report is the one the checks make, and no git
    process outlives the run."""
    make_repo(tmp_path / "repo", {"a": "", "b": ""}, people_commits(3, 2, days=30))
    started = _record_git(monkeypatch)
    from launchpad.milestones import datacache

    load = datacache.load
    at_load: list[int] = []

    def loading(folder: Path | None = None) -> object:
        at_load.append(len(started))
        return load(folder)

    monkeypatch.setattr(datacache, "load", loading)
    report = run(tmp_path / "repo", data)
    assert at_load == [5]  # rev-parse, then the log, the changed files, the tags, the origin
    assert len(started) == 5  # the git check used those: none was asked twice
    assert statuses(report)["history"] == "pass"
    assert all(process.returncode is not None for process in started)


def test_a_run_without_git_checks_leaves_no_git_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ms"
    folder.mkdir()
    (folder / "m0.toml").write_text(milestone(0, check("a", ["a"])))
    make_repo(tmp_path / "repo", {"a": ""})
    started = _record_git(monkeypatch)
    assert statuses(run(tmp_path / "repo", folder)) == {"a": "pass"}
    assert started  # started early, before the data said no check needs git
    assert all(process.returncode is not None for process in started)
