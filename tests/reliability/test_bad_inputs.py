"""The bad-input catalogue: every command, fed what users get wrong, answers in one line.

Each case is a command line, the exit code it must end with (docs/exit-codes.md) and
words its one error line must hold. None may end in a traceback or an "internal error",
and none may exit 0. ``{name}`` in a command line is a path from the ``world`` fixture:
a small real corpus, damaged corpora, checkouts with bad configuration, bad files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus.store import VECTORS_NAME
from tests.milestones.helpers import M3_FILES, make_repo

U, E, N, C, X, S, B = 2, 1, 4, 5, 6, 7, 3  # usage, error, not found, conflict, external...

# fmt: off
CASES: list[tuple[str, int, str]] = [
    # -- root ------------------------------------------------------------------------------
    ("frobnicate", U, "No such command"),
    ("--bogus", U, "No such option"),
    ("-v frobnicate", U, "No such command"),
    ("corpus frobnicate", U, "No such command"),
    ("ideas frobnicate", U, "No such command"),
    ("new --bogus", U, "No such option"),
    ("score-idea --bogus x", U, "No such option"),
    ("corpus build --bogus", U, "No such option"),
    ("milestones check --bogus", U, "No such option"),
    ("update --bogus", U, "No such option"),
    # -- new -------------------------------------------------------------------------------
    ("new '' --defaults", U, "PATH is empty"),
    ("new '   ' --defaults", U, "PATH is empty"),
    ("new {out}/a --defaults -d kind=bogus", U, "--data kind="),
    ("new {out}/b --defaults -d kind", U, "KEY=VALUE"),
    ("new {out}/c --defaults -d =model", U, ""),
    ("new {out}/d --defaults -d license=GPL", U, "license must be one of"),
    ("new {out}/e --defaults -d create_github=maybe", U, "create_github must be true or false"),
    ("new {out}/f --defaults -d project_name=", U, "project_name"),
    ("new {out}/g --defaults -d 'project_name=bad name!'", U, "project_name"),
    ("new {out}/h --defaults -d python_min=2.7", U, "python_min"),
    ("new {out}/i --defaults -d nosuchquestion=1", U, "nosuchquestion"),
    ("new {out}/j --defaults --data-file {missing}", U, "does not exist"),
    ("new {out}/k --defaults --data-file {binary}", U, "not UTF-8"),
    ("new {out}/l --defaults --data-file {list_yaml}", U, "mapping of question"),
    ("new {out}/m --defaults --data-file {bad_yaml}", U, "not valid YAML"),
    ("new {out}/n --defaults --data-file {folder}", U, "cannot read answers file"),
    ("new {out}/o --defaults --data-file {latin1_yaml}", U, "not UTF-8"),
    ("new {out}/p --defaults --data-file {scalar_yaml}", U, "mapping of question"),
    ("new {out}/q --defaults --template no-such-template", N, "no-such-template"),
    ("new {out}/r --defaults --template {folder}", N, ""),
    ("new {nonempty} --defaults", C, "not empty"),
    ("new {a_file} --defaults", C, ""),
    ("new {out}/s --defaults --github", X, "GITHUB_TOKEN"),
    ("new {out}/t --defaults --format xml", U, "xml"),
    ("new {out}/u {out}/v --defaults", U, "unexpected extra argument"),
    ("new {readonly}/w --defaults", S, "cannot write in"),
    ("new {out}/x --defaults -d author_email=nobody", U, "author_email"),
    ("new {out}/y --defaults -d kind=", U, "kind"),
    ("new {out}/z --defaults -d private=perhaps", U, "private must be true or false"),
    ("new {folder}/.. --defaults", C, "not empty"),
    # -- update ----------------------------------------------------------------------------
    ("update {missing}", N, ""),
    ("update {folder}", N, ""),
    ("update {a_file}", N, ""),
    ("update {folder} --format xml", U, "xml"),
    ("update {folder} --check --force", U, "--check changes nothing"),
    ("update {folder} --check -d kind=model", U, "--check changes nothing"),
    ("update {folder} --template no-such-template", N, "no-such-template"),
    # -- score-idea ------------------------------------------------------------------------
    ("score-idea --corpus {corpus}", U, "no idea given"),
    ("score-idea x --file {ideas} --corpus {corpus}", U, "not both"),
    ("score-idea '' --corpus {corpus}", U, "the idea is empty"),
    ("score-idea '   ' --corpus {corpus}", U, "the idea is empty"),
    ("score-idea {nul_idea} --corpus {corpus}", U, "not UTF-8"),
    ("score-idea {surrogate_idea} --corpus {corpus}", U, "not UTF-8"),
    ("score-idea {control_idea} --corpus {corpus}", U, "control characters"),
    ("score-idea x --as-of nonsense --corpus {corpus}", U, "--as-of 'nonsense' is not a date"),
    ("score-idea x --as-of 2019-13 --corpus {corpus}", U, "not a date"),
    ("score-idea x --as-of 2019-02-30 --corpus {corpus}", U, "not a date"),
    ("score-idea x --as-of 2019-1-1-1 --corpus {corpus}", U, "not a date"),
    ("score-idea x --as-of '' --corpus {corpus}", U, "not a date"),
    ("score-idea x --top 0 --corpus {corpus}", U, "--top"),
    ("score-idea x --top 51 --corpus {corpus}", U, "--top"),
    ("score-idea x --top many --corpus {corpus}", U, "--top"),
    ("score-idea x --format xml --corpus {corpus}", U, "xml"),
    ("score-idea x --categories , --corpus {corpus}", U, "--categories is empty"),
    ("score-idea --file {missing} --corpus {corpus}", N, "cannot read"),
    ("score-idea --file {folder} --corpus {corpus}", N, "Is a directory"),
    ("score-idea --file {binary} --corpus {corpus}", U, "not UTF-8"),
    ("score-idea --file {nul_file} --corpus {corpus}", U, "NUL byte"),
    ("score-idea --file {empty} --corpus {corpus}", U, "holds no ideas"),
    ("score-idea --file {comments} --corpus {corpus}", U, "holds no ideas"),
    ("score-idea --file {too_many} --corpus {corpus}", U, "scores at most 10,000"),
    ("score-idea --file {bad_line} --corpus {corpus}", U, "idea 2 in"),
    ("score-idea x --png {missing}/chart.png --corpus {corpus}", N, "no folder"),
    ("score-idea x --corpus {missing}", N, "does not exist"),
    ("score-idea x --corpus {folder}", N, "does not exist"),
    ("score-idea x --corpus {garbage_db}", U, "unreadable"),
    ("score-idea x --corpus {short_vectors}", U, "incomplete"),
    ("score-idea x --corpus {bad_manifest}", U, "unreadable"),
    ("score-idea x --corpus {list_manifest}", U, "unreadable"),
    ("score-idea x --corpus {missing_arrays}", U, "side arrays"),
    ("score-idea x --corpus {fewer_rows}", U, "inconsistent"),
    # -- ideas backtest --------------------------------------------------------------------
    ("ideas backtest --cutoffs nonsense --corpus {corpus}", U, "--cutoffs 'nonsense' is not"),
    ("ideas backtest --cutoffs 2019-13 --corpus {corpus}", U, "--cutoffs"),
    ("ideas backtest --cutoffs 2019,x --corpus {corpus}", U, "--cutoffs 'x'"),
    ("ideas backtest --ideas 5 --corpus {corpus}", U, "--ideas"),
    ("ideas backtest --ideas lots --corpus {corpus}", U, "--ideas"),
    ("ideas backtest --seed x --corpus {corpus}", U, "--seed"),
    ("ideas backtest --truth bogus --corpus {corpus}", U, "bogus"),
    ("ideas backtest --format xml --corpus {corpus}", U, "xml"),
    ("ideas backtest --categories , --corpus {corpus}", U, "--categories is empty"),
    ("ideas backtest --corpus {missing}", N, "does not exist"),
    ("ideas backtest --corpus {garbage_db}", U, "unreadable"),
    ("ideas backtest --corpus {short_vectors}", U, "incomplete"),
    ("ideas backtest --truth concepts --corpus {missing}", N, "does not exist"),
    ("ideas backtest --truth concepts --cutoffs nonsense --corpus {corpus}", U, "--cutoffs"),
    # -- corpus build ----------------------------------------------------------------------
    ("corpus build --corpus {out}/c1", U, "nothing to build from"),
    ("corpus build --from-jsonl {missing} --corpus {out}/c2", N, ""),
    ("corpus build --from-snapshot {missing} --corpus {out}/c3", N, ""),
    ("corpus build --from-jsonl {folder} --corpus {out}/c4", U, "is a directory"),
    ("corpus build --from-snapshot {folder} --corpus {out}/c19", U, "is a directory"),
    ("corpus build --from-jsonl {sample} --since nonsense --corpus {out}/c5", U, "--since"),
    ("corpus build --from-jsonl {sample} --until 2020-02-30 --corpus {out}/c6", U, "--until"),
    ("corpus build --from-jsonl {sample} --since 2020-01-01 --until 2019-01-01 --corpus {out}/c7",
     U, "--since is after --until"),
    ("corpus build --oai-url ftp://example.org --corpus {out}/c8", U, "not an http(s) URL"),
    ("corpus build --oai-url 'not a url' --corpus {out}/c9", U, "not an http(s) URL"),
    ("corpus build --oai-url http:// --corpus {out}/c10", U, "not an http(s) URL"),
    ("corpus build --oai-url http://127.0.0.1:9/oai --corpus {out}/c11", X, "OAI-PMH"),
    ("corpus build --from-jsonl {sample} --batch-size 0 --corpus {out}/c12", U, "--batch-size"),
    ("corpus build --from-jsonl {sample} --batch-size x --corpus {out}/c13", U, "--batch-size"),
    ("corpus build --from-jsonl {sample} --format xml --corpus {out}/c14", U, "xml"),
    ("corpus build {sample} --corpus {out}/c15", U, "unexpected argument"),
    ("corpus build {sample} --from-jsonl {sample} --from-snapshot {sample} --corpus {out}/c16",
     U, "unexpected argument"),
    ("corpus build --from-jsonl {sample} --corpus {a_file}", U, "a file is in the way"),
    ("corpus build --from-jsonl {sample} --corpus {readonly}/c17", S, "cannot write"),
    ("corpus build --from-jsonl {sample} --corpus {garbage_db}", U, "not a corpus database"),
    ("corpus build --from-jsonl {sample} --corpus {short_vectors}", U, "shorter than its papers"),
    ("corpus build --from-jsonl {sample} --model no-such-model --corpus {corpus}", C, "built with"),
    # -- corpus status and search ----------------------------------------------------------
    ("corpus status --corpus {missing}", N, "does not exist"),
    ("corpus status --corpus {folder}", N, "does not exist"),
    ("corpus status --corpus {garbage_db}", U, "unreadable"),
    ("corpus status --corpus {bad_manifest}", U, "unreadable"),
    ("corpus status --corpus {short_vectors}", U, "incomplete"),
    ("corpus status --corpus {fewer_rows}", U, "inconsistent"),
    ("corpus status --corpus {corpus} --format xml", U, "xml"),
    ("corpus search '' --corpus {corpus}", U, "the query is empty"),
    ("corpus search '  ' --corpus {corpus}", U, "the query is empty"),
    ("corpus search {surrogate_idea} --corpus {corpus}", U, "not UTF-8"),
    ("corpus search x -k 0 --corpus {corpus}", U, "--top"),
    ("corpus search x -k x --corpus {corpus}", U, "--top"),
    ("corpus search x --categories zz.QQ --corpus {corpus}", U, "zz.QQ"),
    ("corpus search x --format xml --corpus {corpus}", U, "xml"),
    ("corpus search x --corpus {missing}", N, "does not exist"),
    ("corpus search x --corpus {garbage_db}", U, "unreadable"),
    ("corpus search x --corpus {short_vectors}", U, "incomplete"),
    ("corpus search", U, "Missing argument"),
    ("corpus distill-model {out}/m --dim 4", U, "--dim"),
    ("corpus distill-model {out}/m --dim 999", U, "--dim"),
    ("corpus distill-model", U, "Missing argument"),
    # -- milestones ------------------------------------------------------------------------
    ("milestones {missing} --offline", N, ""),
    ("milestones {repo} --offline --require 9", U, "--require"),
    ("milestones {repo} --offline --require x", U, "--require"),
    ("milestones {repo} --offline --format xml", U, "xml"),
    ("milestones {repo} --offline --repo 'not a repo'", U, "not a GitHub repository"),
    ("milestones {repo} --offline --repo ../../etc", U, "not a GitHub repository"),
    ("milestones {repo} --offline --repo a/b/c", U, "not a GitHub repository"),
    ("milestones {repo} --offline --repo /", U, "not a GitHub repository"),
    ("milestones {latin1_repo} --offline", U, "not UTF-8"),
    ("milestones {tool_scalar} --offline", U, "[tool] in"),
    ("milestones {launchpad_scalar} --offline", U, "[tool.launchpad] in"),
    ("milestones {milestones_scalar} --offline", U, "[tool.launchpad.milestones]"),
    ("milestones {bad_require} --offline", U, "require"),
    ("milestones {bad_repo_setting} --offline", U, "repo"),
    ("milestones {unknown_key} --offline", U, "unknwon"),
    ("milestones {ignore_unknown} --offline", U, "unknown check or criterion id"),
    ("milestones {thresholds_unknown} --offline", U, "unknown check id"),
    ("milestones {thresholds_param} --offline", U, "has no threshold"),
    ("milestones {thresholds_scalar} --offline", U, "thresholds.stars-growth"),
    ("milestones {bad_toml} --offline", U, "not valid TOML"),
    ("milestones {repo} --offline --milestones {missing}", N, ""),
    ("milestones {repo} --offline --milestones {bad_milestones}", U, ""),
    ("milestones {repo} --offline --badge /proc/no-such-process/badge.json", S, "badge"),
    ("milestones {repo} --offline --badge {folder}", S, "badge"),
    ("milestones {repo} --offline --badge {readonly}/badge.json", S, "badge"),
    ("milestones {repo} --offline --require 6", B, ""),
    ("milestones check {missing} --offline", N, ""),
    ("milestones check {repo} --offline --require -1", U, "--require"),
    ("milestones lint {missing}", N, ""),
    ("milestones lint {bad_milestones}", U, ""),
    ("milestones lint {a_file}", N, ""),
    ("milestones badge {missing} --offline", N, ""),
    ("milestones badge {repo} --offline -o {readonly}/b.json", S, "badge"),
    ("milestones badge {repo} --offline -o {folder}", S, "badge"),
    ("milestones badge {repo} --offline --repo 'not a repo'", U, "not a GitHub repository"),
    ("milestones badge {latin1_repo} --offline", U, "not UTF-8"),
]
# fmt: on


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _checkout(root: Path, pyproject: bytes | str | None = None) -> Path:
    files = dict(M3_FILES)
    if pyproject is not None:
        files.pop("pyproject.toml")
    make_repo(root, files)
    if pyproject is not None:
        _write(root / "pyproject.toml", pyproject)
    return root


def _corpus_copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource
    from tests.corpus.corpus_helpers import sample_path

    base = tmp_path_factory.mktemp("catalogue")
    sample = sample_path()
    corpus = base / "corpus"
    build_corpus(corpus, [JsonlSource(sample)], workers=0, count_first=False)
    garbage = _corpus_copy(corpus, base / "garbage-db")
    for name in ("papers.sqlite-wal", "papers.sqlite-shm"):
        (garbage / name).unlink(missing_ok=True)
    (garbage / "papers.sqlite").write_bytes(os.urandom(8192))
    short = _corpus_copy(corpus, base / "short-vectors")
    with (short / VECTORS_NAME).open("r+b") as handle:
        handle.truncate(1000)
    bad_manifest = _corpus_copy(corpus, base / "bad-manifest")
    (bad_manifest / "manifest.json").write_text("{not json")
    list_manifest = _corpus_copy(corpus, base / "list-manifest")
    (list_manifest / "manifest.json").write_text("[1, 2]")
    arrays = _corpus_copy(corpus, base / "missing-arrays")
    (arrays / "published.npy").unlink()
    fewer = _corpus_copy(corpus, base / "fewer-rows")
    import sqlite3

    db = sqlite3.connect(fewer / "papers.sqlite")
    db.execute("DELETE FROM papers WHERE row >= 1500")
    db.commit()
    db.close()

    # root writes through permissions; sysfs refuses even root (EPERM)
    readonly = Path("/sys") if os.geteuid() == 0 else base / "readonly"
    if readonly != Path("/sys"):
        readonly.mkdir()
        readonly.chmod(0o555)
    nonempty = base / "nonempty"
    _write(nonempty / "keep.txt", "keep")
    bad_milestones = base / "bad-milestones"
    _write(bad_milestones / "m0.toml", "[[checks]\nid = ")
    table = "[tool.launchpad.milestones]\n"
    settings = {
        "latin1_repo": b'[project]\nname = "caf\xe9"\n',
        "tool_scalar": "tool = 5\n",
        "launchpad_scalar": "[tool]\nlaunchpad = 5\n",
        "milestones_scalar": "[tool.launchpad]\nmilestones = 5\n",
        "bad_require": table + 'require = "high"\n',
        "bad_repo_setting": table + "repo = 5\n",
        "unknown_key": table + "unknwon = 1\n",
        "ignore_unknown": table + 'ignore = { no-such-check = "because" }\n',
        "thresholds_unknown": table + "thresholds.no-such-check = { min = 1 }\n",
        "thresholds_param": table + "thresholds.stars-growth = { nope = 1 }\n",
        "thresholds_scalar": table + "thresholds = 5\n",
        "bad_toml": "[project\nname = \n",
    }
    paths = {name: _checkout(base / name, text) for name, text in settings.items()}
    lines = "\n".join(f"idea number {i} about retrieval" for i in range(10_001))
    world = {
        "corpus": corpus,
        "garbage_db": garbage,
        "short_vectors": short,
        "bad_manifest": bad_manifest,
        "list_manifest": list_manifest,
        "missing_arrays": arrays,
        "fewer_rows": fewer,
        "sample": sample,
        "out": _write(base / "out" / ".keep", "").parent,
        "missing": base / "no-such-thing",
        "folder": _write(base / "folder" / ".keep", "").parent,
        "a_file": _write(base / "a-file.txt", "text"),
        "readonly": readonly,
        "nonempty": nonempty,
        "binary": _write(base / "binary.bin", bytes(range(256)) * 4),
        "list_yaml": _write(base / "list.yml", "- kind\n- model\n"),
        "scalar_yaml": _write(base / "scalar.yml", "just words\n"),
        "bad_yaml": _write(base / "bad.yml", "kind: [model\n"),
        "latin1_yaml": _write(base / "latin1.yml", b"author_name: Jos\xe9\n"),
        "ideas": _write(base / "ideas.txt", "retrieval\nparsing\n"),
        "nul_file": _write(base / "nul.txt", b"one idea\nanother\x00idea\n"),
        "empty": _write(base / "empty.txt", ""),
        "comments": _write(base / "comments.txt", "# only\n\n# comments\n"),
        "too_many": _write(base / "too-many.txt", lines),
        "bad_line": _write(base / "bad-line.txt", "fine idea\n\x07bell idea\n"),
        "repo": _checkout(base / "repo"),
        "bad_milestones": bad_milestones,
        **paths,
    }
    return {key: str(value) for key, value in world.items()}


def _argv(line: str, world: dict[str, str]) -> list[str]:
    import shlex

    specials = {
        "{nul_idea}": "a\x00b",
        "{surrogate_idea}": "caf\udce9 retrieval",
        "{control_idea}": "ring the \x07 bell",
    }
    return [
        specials[part] if part in specials else part.format(**world) for part in shlex.split(line)
    ]


def test_the_catalogue_is_large_and_unique() -> None:
    lines = [line for line, _, _ in CASES]
    assert len(lines) >= 154
    assert len(set(lines)) == len(lines)


@pytest.mark.parametrize(("line", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_input_gets_one_clear_line(
    line: str, code: int, words: str, world: dict[str, str]
) -> None:
    result = CliRunner().invoke(app, _argv(line, world))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    text = result.output
    assert result.exit_code == code, text
    assert "Traceback" not in text
    assert "internal error" not in text
    if code != B:
        lines = [row for row in result.stderr.splitlines() if row.strip()]
        errors = [row for row in lines if row.startswith("error: ")]
        assert len(errors) == 1, lines  # one error line, and no usage block around it
        assert lines[-1] == errors[0], lines  # the last word
        assert "hint: " in errors[0], errors[0]
        assert "━" not in result.stderr  # no progress bar drawn before it
    assert words in text, text
