"""Git-history kinds, the package index source and the run history."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.history import History
from launchpad.milestones.kinds import gitkinds as k
from launchpad.milestones.model import MilestonesConfig, Status
from launchpad.milestones.sources.git import GitHistory
from tests.milestones.helpers import M3_FILES, NOW, Commit, make_repo, people_commits

TODAY = NOW.date()


def history_of(root: Path) -> GitHistory:
    return GitHistory(root, TODAY)


def test_authors_share_and_external_people(tmp_path: Path) -> None:
    commits = [
        Commit("Ada Tester", "ada@example.org", NOW - timedelta(days=d), {f"a{d}": ""})
        for d in range(1, 41)
    ]
    commits += [
        Commit(f"Guest {i}", f"g{i}@example.org", NOW - timedelta(days=50 + i), {f"g{i}": ""})
        for i in range(3)
    ]
    commits += [Commit("Old Timer", "old@example.org", NOW - timedelta(days=900), {"o": ""})]
    make_repo(tmp_path, {"README.md": "x"}, commits, tags=["v1.0.0", "v1.1.0", "nightly"])
    git = history_of(tmp_path)
    assert git.total_commits == 45
    assert len(git.authors_all) == 5
    # ada made 41 of the 44 commits of the last year (93%)
    share = k.git_top_share(git, max_share=0.8)
    assert share.status is Status.FAIL and "93%" in share.detail
    default = MilestonesConfig()
    external = k.git_authors(git, default, min=3, window_days=365, external_only=True)
    assert external.status is Status.PASS and external.detail.startswith("3 external authors")
    listed = MilestonesConfig(maintainers=("ada@example.org", "g0@example.org"))
    assert k.git_authors(git, listed, min=3, window_days=365, external_only=True).status is (
        Status.FAIL
    )
    assert k.git_authors(git, default, min=2, window_days=365, min_commits_each=5).status is (
        Status.FAIL
    )
    tags = k.git_tags(git, min=2)
    assert tags.status is Status.PASS and tags.detail == "2 version tags (latest v1.1.0)"
    assert k.git_recent_activity(git, days=30, min_commits=10).status is Status.PASS
    assert k.git_recent_activity(git, days=1, min_commits=5).status is Status.FAIL


def test_module_owners(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": ""} | {f"pkg/m{i}/__init__.py": "" for i in range(4)}
    commits = []
    for module, (owner, helper) in enumerate([("a", "b"), ("b", "c"), ("c", "a"), ("a", "c")]):
        commits.extend(
            Commit(owner, f"{owner}@x.org", NOW - timedelta(days=10 + n + 5 * module),
                   {f"pkg/m{module}/f{n}.py": str(n)})
            for n in range(3)
        )  # fmt: skip
        commits.append(
            Commit(helper, f"{helper}@x.org", NOW - timedelta(days=3), {f"pkg/m{module}/h.py": ""})
        )
    make_repo(tmp_path, files, commits)
    from launchpad.milestones.sources.files import RepoFiles

    git, repo_files = history_of(tmp_path), RepoFiles(tmp_path)
    outcome = k.git_module_owners(git, repo_files, min_owners=3)
    assert outcome.status is Status.PASS, outcome.detail
    assert outcome.detail.startswith("3 distinct module owners, 4 of 4 modules")
    assert k.git_module_owners(git, repo_files, min_owners=4).status is Status.FAIL


def test_empty_repository_has_zero_commits(tmp_path: Path) -> None:
    import git

    git.Repo.init(tmp_path)
    history = history_of(tmp_path)
    assert history.total_commits == 0
    assert k.git_commits(history, min=1).status is Status.FAIL


def test_history_compares_with_a_year_and_a_quarter_ago(tmp_path: Path) -> None:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES)
    history_file = tmp_path / "history.sqlite"

    def run(day: date) -> object:
        return evaluate(root, RunOptions(offline=True, today=day, history_path=history_file))

    run(TODAY - timedelta(days=370))
    run(TODAY - timedelta(days=200))  # neither a year nor a quarter before
    run(TODAY - timedelta(days=95))
    make_repo(root, {}, [Commit("Bo", "bo@x.org", NOW - timedelta(days=1), {"new.py": ""})])
    report = run(TODAY)
    trends = {(t.signal, t.period): t for t in report.trends}  # type: ignore[attr-defined]
    year = trends[("git.authors", "year")]
    assert (year.then, year.now, year.change) == (1, 2, 1)
    assert year.then_at == (TODAY - timedelta(days=370)).isoformat()
    assert trends[("git.commits", "quarter")].then_at == (TODAY - timedelta(days=95)).isoformat()
    assert len(History(history_file).runs(str(root))) == 4


def test_unreadable_history_is_a_clear_error(tmp_path: Path) -> None:
    from launchpad.errors import ConfigError

    path = tmp_path / "h.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ConfigError, match="unreadable"):
        History(path).record("k", NOW, 0, 0, {})


class _Index(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/pypi/widget/json":
            body = json.dumps(
                {
                    "info": {"version": "1.0.0"},
                    "releases": {"0.1.0": [{}], "1.0.0": [{}], "0.0.1": []},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def index_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pypi"
    server.shutdown()
    server.server_close()


def test_package_index_checks(tmp_path: Path, index_url: str) -> None:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES)
    options = RunOptions(index_url=index_url, record_history=False)
    results = {r.check.id: r for r in evaluate(root, options).results}
    assert results["on-package-index"].detail == "widget: 2 releases (latest 1.0.0)"
    assert results["released"].status is Status.PASS  # no tag, but published
    other = tmp_path / "other"
    make_repo(other, {**M3_FILES, "pyproject.toml": '[project]\nname = "nobody"\n'})
    results = {r.check.id: r for r in evaluate(other, options).results}
    assert results["on-package-index"].status is Status.FAIL
    assert results["on-package-index"].detail == "nobody is not on the package index"


def test_unreachable_index_is_unknown(tmp_path: Path) -> None:
    root = tmp_path / "widget"
    make_repo(root, M3_FILES)
    options = RunOptions(index_url="http://127.0.0.1:9/pypi", record_history=False)
    results = {r.check.id: r for r in evaluate(root, options).results}
    assert results["on-package-index"].status is Status.UNKNOWN
    assert "unreachable" in results["on-package-index"].detail


def test_bots_are_not_people_and_emails_merge_by_name(tmp_path: Path) -> None:
    def at(days: int) -> object:
        return NOW - timedelta(days=days)

    bot = "49699333+dependabot[bot]@users.noreply.github.com"
    commits = [
        Commit("dependabot[bot]", bot, at(3), {"a": ""}),
        Commit("Ada Tester", "ada@work.example", at(4), {"b": ""}),
        Commit("Ada  Tester", "12+ada-gh@users.noreply.github.com", at(5), {"c": ""}),
        Commit("Bo", "bo@example.org", at(6), {"d": ""}),
    ]  # fmt: skip
    make_repo(tmp_path, {"README.md": "x"}, commits)  # type: ignore[arg-type]
    git = history_of(tmp_path)
    assert set(git.authors_all) == {"ada tester", "bo"}
    assert git.authors_all["ada tester"] == 3  # the initial commit too
    by_login = MilestonesConfig(maintainers=("ada-gh",))
    outcome = k.git_authors(git, by_login, min=1, window_days=30, external_only=True)
    assert outcome.detail == "1 external author, last 30 days"  # only Bo


def test_module_owners_split_large_subpackages(tmp_path: Path) -> None:
    from launchpad.milestones.sources.files import RepoFiles

    files = {"pkg/__init__.py": "", "pkg/core/__init__.py": "", "pkg/small/__init__.py": ""}
    files |= {f"pkg/core/part{i}/__init__.py": "" for i in range(7)}
    commits = [
        Commit(f"Owner {i}", f"o{i}@x.org", NOW - timedelta(days=5 + i + 10 * n),
               {f"pkg/core/part{i}/m{n}.py": ""})
        for i in range(7)
        for n in range(2)
    ]  # fmt: skip
    commits += [
        Commit("Helper", "h@x.org", NOW - timedelta(days=2), {f"pkg/core/part{i}/h.py": ""})
        for i in range(7)
    ]
    make_repo(tmp_path, files, commits)
    git, repo_files = history_of(tmp_path), RepoFiles(tmp_path)
    split = k.git_module_owners(git, repo_files, min_owners=3)
    assert split.status is Status.PASS
    assert split.detail.startswith("8 distinct module owners, 7 of 8 modules")  # + small
    whole = k.git_module_owners(git, repo_files, min_owners=3, split_above=10)
    assert whole.status is Status.FAIL  # pkg/core as one module has one top author


def test_details_count_in_plain_english(tmp_path: Path) -> None:
    commits = [Commit("Ada", "ada@example.org", NOW - timedelta(days=2), {"a": ""})]
    make_repo(tmp_path, {"README.md": "x"}, commits)  # type: ignore[arg-type]
    git = history_of(tmp_path)
    assert k.git_recent_activity(git, days=30).detail == "1 commit in the last 30 days"
    assert k.git_commits(git, min=5).detail == "2 commits, need 5"  # the initial one too
    # a share over all time reads "all time", not "in the all time"
    few = k.git_top_share(git, max_share=0.5, window_days=None, min_commits=10)  # type: ignore[arg-type]
    assert few.detail == "2 commits, all time; need 10"


def test_origin_and_tags_come_from_the_queries_run_side_by_side(tmp_path: Path) -> None:
    """The plain run's four git queries (log, files, tags, origin) start together; each
    answer lands where the one-by-one reads put it."""
    root = tmp_path / "widget"
    repo = make_repo(root, M3_FILES, people_commits(6, 3, days=30), tags=["v1.0.0"])
    assert history_of(root).origin_url is None
    repo.create_remote("origin", "https://github.com/lab/widget.git")
    history = history_of(root)
    assert history.origin_url == "https://github.com/lab/widget.git"
    assert [t.name for t in history.tags] == ["v1.0.0"]
    assert history.total_commits == 7
    assert all(c.files for c in history.commits)  # the window's changed files were read
