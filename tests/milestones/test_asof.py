"""`launchpad milestones --as-of`: the repository as it stood at a date or revision."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import InputError, NotFoundError
from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.sources.committree import CommitTree
from launchpad.milestones.sources.files import RepoFiles
from launchpad.milestones.sources.git import GitHistory, resolve_as_of
from launchpad.milestones.sources.tree import WorkingTree
from tests.milestones.helpers import M3_FILES, NOW, Commit, make_repo, people_commits

runner = CliRunner()
ADA = ("Ada Tester", "ada@example.org")


def at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def commit(when: datetime, files: dict[str, str], who: tuple[str, str] = ADA) -> Commit:
    return Commit(who[0], who[1], when, files)


def sha_at(root: Path, day: str) -> str:
    return str(git.Repo(root).git.rev_list("-1", f"--before={day}T23:59:59Z", "HEAD")).strip()


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """README in January 2024, CITATION.cff added in June, a tag on each."""
    root = tmp_path / "dated"
    repo = make_repo(
        root,
        {},
        [
            commit(at("2024-01-10"), {"README.md": "# dated\n", "a.py": "A = 1\n"}),
            commit(at("2024-03-01", 10), {"a.py": "A = 2\n"}),
            commit(at("2024-03-01", 20), {"a.py": "A = 3\n"}),
            commit(at("2024-06-10"), {"CITATION.cff": "cff-version: 1.2.0\n", "a.py": "A = 4\n"}),
        ],
    )
    repo.create_tag("v1.0.0", ref=sha_at(root, "2024-01-10"))
    repo.create_tag("v2.0.0", ref="HEAD")
    (root / "untracked.txt").write_text("not committed\n")
    return root


def test_a_date_is_the_last_commit_of_that_day(dated: Path) -> None:
    snapshot = resolve_as_of(dated, "2024-03-01")
    assert snapshot.sha == sha_at(dated, "2024-03-01")
    assert snapshot.committed == at("2024-03-01", 20)
    assert snapshot.to_dict() == {
        "commit": snapshot.sha,
        "date": "2024-03-01",
        "committed_at": "2024-03-01T20:00:00+00:00",
    }
    assert resolve_as_of(dated, "2024-05-31").sha == snapshot.sha  # nothing new since
    assert resolve_as_of(dated, "v1.0.0").sha == sha_at(dated, "2024-01-10")


def test_the_core_report_carries_the_commit_it_evaluated(dated: Path) -> None:
    """as_of is part of the Report itself, not added by the CLI: the core returns whole data."""
    from launchpad.milestones.report import to_dict

    past = evaluate(dated, RunOptions(offline=True, as_of="2024-03-01"))
    assert past.as_of is not None
    assert past.as_of.to_dict() == resolve_as_of(dated, "2024-03-01").to_dict()
    assert to_dict(past)["as_of"]["commit"] == sha_at(dated, "2024-03-01")
    now = evaluate(dated, RunOptions(offline=True, record_history=False))
    assert now.as_of is None and to_dict(now)["as_of"] is None


def test_files_come_from_the_commit_not_the_working_tree(dated: Path) -> None:
    tree = CommitTree(resolve_as_of(dated, "2024-03-01"))
    assert tree.listing() == (("README.md", "a.py"), False)
    assert tree.read("a.py") == b"A = 3\n"
    assert tree.read("a.py", 3) == b"A ="
    assert tree.read("CITATION.cff") is None
    files = RepoFiles(tree)
    assert not files.exists("CITATION.cff") and not files.exists("untracked.txt")
    assert RepoFiles(WorkingTree(dated)).exists("CITATION.cff", "untracked.txt")


def test_commit_tree_skips_and_orders_like_the_working_tree(tmp_path: Path) -> None:
    files = {
        "README.md": "# r\n",
        "pkg/__init__.py": "",
        "pkg/sub/mod.py": "",
        "pkg/z.py": "",
        "node_modules/x.js": "",
        "build/lib/y.py": "",
        "pkg.egg-info/PKG-INFO": "",
        "docs/index.md": "# d\n",
        "a/b/c/d.txt": "",
        "B.txt": "",
    }
    make_repo(tmp_path, files)
    head = CommitTree(resolve_as_of(tmp_path, "HEAD"))
    assert head.listing() == WorkingTree(tmp_path).listing()
    assert "node_modules/x.js" not in head.listing()[0]


def test_a_checkout_inside_a_repository_sees_its_own_folder(tmp_path: Path) -> None:
    make_repo(tmp_path, {"README.md": "# top\n", "sub/README.md": "# sub\n", "sub/a.py": ""})
    inner = CommitTree(resolve_as_of(tmp_path / "sub", "HEAD"), tmp_path / "sub")
    assert inner.listing() == (("README.md", "a.py"), False)
    assert inner.read("README.md") == b"# sub\n"


def test_a_symbolic_link_is_followed_inside_the_commit(tmp_path: Path) -> None:
    make_repo(tmp_path, {"docs/README.md": "# linked\n"})
    (tmp_path / "README.md").symlink_to("docs/README.md")
    repo = git.Repo(tmp_path)
    repo.index.add(["README.md"])
    repo.index.commit("link")
    assert CommitTree(resolve_as_of(tmp_path, "HEAD")).read("README.md") == b"# linked\n"


def test_a_tag_after_the_date_does_not_count(dated: Path) -> None:
    repo = git.Repo(dated)
    repo.create_tag("v1.1.0", ref=sha_at(dated, "2024-01-10"), message="tagged today")
    early = resolve_as_of(dated, "2024-03-01")
    history = GitHistory(dated, early.day, at=early)
    assert [t.name for t in history.tags] == ["v1.0.0"]  # v1.1.0 was made today
    assert {t.name for t in GitHistory(dated, NOW.date()).tags} == {"v1.0.0", "v1.1.0", "v2.0.0"}


def test_windows_end_at_the_commit_date(tmp_path: Path) -> None:
    day = NOW - timedelta(days=100)
    commits = [
        commit(day - timedelta(days=300), {"old.py": ""}),
        commit(day - timedelta(days=50), {"pkg/a.py": ""}, ("Bo Core", "bo@example.org")),
        commit(day, {"pkg/b.py": ""}),
        commit(day + timedelta(days=10), {"pkg/c.py": ""}, ("Late Comer", "late@example.org")),
        commit(day + timedelta(days=20), {"pkg/d.py": ""}),
    ]
    make_repo(tmp_path, {}, commits)
    snapshot = resolve_as_of(tmp_path, day.date().isoformat())
    history = GitHistory(tmp_path, snapshot.day, at=snapshot)
    assert history.total_commits == 3
    assert set(history.authors_all) == {"ada tester", "bo core"}
    assert len(history.since(60)) == 2 and len(history.since(365)) == 3
    assert history.last_commit is not None and history.last_commit.date() == day.date()
    now = GitHistory(tmp_path, NOW.date())
    assert now.total_commits == 5 and "late comer" in now.authors_all
    assert len(now.since(60)) == 0  # the latest was 80 days ago


def test_a_branch_merged_later_does_not_count_before_its_merge(tmp_path: Path) -> None:
    start = NOW - timedelta(days=200)
    repo = make_repo(tmp_path, {}, [commit(start, {"a.py": ""})])
    stamp = (start + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    repo.git.checkout("-b", "side")
    (tmp_path / "side.py").write_text("")
    repo.git.add("side.py")
    repo.git.commit("-m", "side work", env={**os.environ, **env})
    repo.git.checkout("main")
    for offset, name in ((20, "main.py"), (40, None)):
        stamp = (start + timedelta(days=offset)).strftime("%Y-%m-%dT%H:%M:%S+0000")
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if name:
            (tmp_path / name).write_text("")
            repo.git.add(name)
            repo.git.commit("-m", "main work", env=env)
        else:
            repo.git.merge("--no-ff", "-m", "merge side", "side", env=env)
    before = resolve_as_of(tmp_path, (start + timedelta(days=30)).date().isoformat())
    assert GitHistory(tmp_path, before.day, at=before).total_commits == 2  # a.py, main.py
    assert GitHistory(tmp_path, NOW.date()).total_commits == 4  # and side.py, the merge


def test_as_of_head_on_a_clean_checkout_is_the_plain_run(tmp_path: Path) -> None:
    make_repo(tmp_path, M3_FILES, people_commits(30, 4), tags=["v1.0.0"])
    options = RunOptions(offline=True, record_history=False)
    plain = evaluate(tmp_path, options)
    head = evaluate(tmp_path, RunOptions(offline=True, as_of="HEAD"))
    assert (head.level, head.level_upper) == (plain.level, plain.level_upper)
    assert [(r.check.id, r.status) for r in head.results] == [
        (r.check.id, r.status) for r in plain.results
    ]
    assert head.signals == plain.signals


def test_an_as_of_run_is_not_recorded(dated: Path, tmp_path: Path) -> None:
    store = tmp_path / "history.sqlite"
    evaluate(dated, RunOptions(offline=True, as_of="2024-03-01", history_path=store))
    assert not store.exists()
    evaluate(dated, RunOptions(offline=True, history_path=store))
    assert store.exists()


def test_level_rises_with_the_files_added(tmp_path: Path) -> None:
    early = NOW - timedelta(days=500)
    commits = [commit(early, {"README.md": "x\n"})]
    commits += [commit(NOW - timedelta(days=300), dict(M3_FILES))]
    commits += people_commits(30, 4, days=200)
    make_repo(tmp_path, {}, commits, tags=["v1.0.0"])
    then = evaluate(tmp_path, RunOptions(offline=True, as_of=early.date().isoformat()))
    now = evaluate(tmp_path, RunOptions(offline=True, record_history=False))
    assert then.level == -1
    assert now.level >= 0 and now.level > then.level
    assert then.signals["git.commits"] == 1 and now.signals["git.commits"] == 32


def test_a_malformed_pyproject_at_the_commit_is_a_config_error(tmp_path: Path) -> None:
    make_repo(tmp_path, {"pyproject.toml": "[project\n"})
    with pytest.raises(InputError, match="not valid TOML"):
        evaluate(tmp_path, RunOptions(offline=True, as_of="HEAD"))


def invoke(*args: str) -> object:
    return runner.invoke(app, ["milestones", *args])


def test_json_says_as_of(dated: Path) -> None:
    result = invoke(str(dated), "--offline", "--as-of", "2024-03-01", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == {
        "commit": sha_at(dated, "2024-03-01"),
        "date": "2024-03-01",
        "committed_at": "2024-03-01T20:00:00+00:00",
    }
    assert isinstance(data["level"], int) and data["level_upper"] >= data["level"]
    assert data["signals"]["git.commits"] == 3
    plain = json.loads(invoke(str(dated), "--offline", "-f", "json", "--no-history").stdout)
    assert plain["as_of"] is None and plain["signals"]["git.commits"] == 4


def test_table_names_the_commit(dated: Path) -> None:
    result = invoke(str(dated), "--offline", "--as-of", "v1.0.0")
    assert result.exit_code == 0, result.output
    assert f"As of commit {sha_at(dated, '2024-01-10')[:12]} (2024-01-10)" in result.stdout


@pytest.mark.parametrize(
    ("spec", "code", "message"),
    [
        ("no-such-tag", 4, "unknown revision"),
        ("2023-12-31", 2, "before the first commit (2024-01-10)"),
        ((date.today() + timedelta(days=30)).isoformat(), 2, "is in the future"),
        ("2024-02-30", 2, "is not a date"),
        ("--help", 4, "unknown revision"),
    ],
)
def test_bad_as_of(dated: Path, spec: str, code: int, message: str) -> None:
    result = invoke(str(dated), "--offline", f"--as-of={spec}")
    assert result.exit_code == code, result.output
    assert message in result.stderr and "hint:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# x\n")
    result = invoke(str(tmp_path), "--offline", "--as-of", "HEAD")
    assert result.exit_code == 4, result.output
    assert "not a git repository" in result.stderr and "hint:" in result.stderr
    assert "--as-of needs its git history" in result.stderr
    with pytest.raises(NotFoundError):
        evaluate(tmp_path, RunOptions(offline=True, as_of="2024-01-01"))


def test_a_shallow_clone_lacks_the_history(dated: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", dated.as_uri(), str(shallow)], check=True)
    result = invoke(str(shallow), "--offline", "--as-of", "2024-03-01")
    assert result.exit_code == 4, result.output
    assert "shallow clone" in result.stderr and "git fetch --unshallow" in result.stderr
    plain = invoke(str(shallow), "--offline", "--no-history")  # still a report, git unknown
    assert plain.exit_code == 0, plain.output
