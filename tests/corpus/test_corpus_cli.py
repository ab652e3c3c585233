"""`launchpad corpus build | status | search` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import read_sample, sample_path, write_jsonl
from oai_server import OaiState, serve
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus.lock import build_lock
from launchpad.errors import ExitCode

runner = CliRunner()


def _json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_build_status_and_search_with_json_output(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    built = _json(
        runner.invoke(
            app,
            [
                "corpus",
                "build",
                "--from-jsonl",
                str(sample_path()),
                "--corpus",
                str(corpus),
                "--categories",
                "cs.CL,cs.LG",
                "--since",
                "2012-01-01",
                "--format",
                "json",
            ],
        )
    )
    wanted = [
        r
        for r in read_sample()
        if r["published"] >= "2012-01-01" and {"cs.CL", "cs.LG"} & set(r["categories"])
    ]
    assert built["added"] == built["total"] == len(wanted)
    assert built["filtered_out"] == 2000 - len(wanted)

    status = _json(
        runner.invoke(app, ["corpus", "status", "--corpus", str(corpus), "--format", "json"])
    )
    assert status["count"] == len(wanted)
    assert sum(status["per_year"].values()) == len(wanted)
    assert min(status["per_year"]) == "2012"
    assert status["per_category"]["cs.CL"] == sum("cs.CL" in r["categories"] for r in wanted)
    assert status["bytes_on_disk"] > len(wanted) * 512

    target = wanted[17]
    found = _json(
        runner.invoke(
            app,
            [
                "corpus",
                "search",
                target["title"],
                "-k",
                "5",
                "--corpus",
                str(corpus),
                "--format",
                "json",
            ],
        )
    )
    assert len(found["results"]) == 5
    assert found["results"][0]["id"] == target["id"]
    sims = [hit["similarity"] for hit in found["results"]]
    assert sims == sorted(sims, reverse=True)

    table = runner.invoke(app, ["corpus", "search", "speech recognition", "--corpus", str(corpus)])
    assert table.exit_code == 0
    assert "nearest papers" in table.stdout
    shown = runner.invoke(app, ["corpus", "status", "--corpus", str(corpus)])
    assert "papers per year" in shown.stdout


def test_build_from_oai_url_and_corpus_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LAUNCHPAD_CORPUS", str(tmp_path / "env-corpus"))
    state = OaiState(records=read_sample(300), page_size=100, fail_page_once=None)
    with serve(state) as url:
        built = _json(
            runner.invoke(
                app, ["corpus", "build", "--oai-url", url, "--set", "cs", "--format", "json"]
            )
        )
    assert built["corpus"] == str(tmp_path / "env-corpus")
    assert built["added"] == sum(
        any(c.startswith("cs.") for c in r["categories"]) for r in state.records
    )
    assert built["sources"] == [f"oai:{url} set=cs"]


def test_extra_files_and_malformed_lines_in_the_report(tmp_path: Path) -> None:
    records = read_sample(40)
    a = write_jsonl(tmp_path / "a.jsonl", records[:20], ["{broken"])
    b = write_jsonl(tmp_path / "b.jsonl", records[20:])
    result = runner.invoke(
        app, ["corpus", "build", "--from-jsonl", str(a), str(b), "--corpus", str(tmp_path / "c")]
    )
    assert result.exit_code == 0, result.stderr
    assert "1 malformed record(s) skipped; first: a.jsonl:21" in " ".join(result.stderr.split())
    again = _json(
        runner.invoke(
            app,
            [
                "corpus",
                "build",
                "--from-jsonl",
                str(b),
                "--corpus",
                str(tmp_path / "c"),
                "--format",
                "json",
            ],
        )
    )
    assert (again["added"], again["already_present"], again["total"]) == (0, 20, 40)


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["corpus", "search", "graphs"], ExitCode.NOT_FOUND, "corpus build --oai"),
        (["corpus", "status"], ExitCode.NOT_FOUND, "--from-snapshot"),
        (["corpus", "build"], ExitCode.USAGE, "nothing to build from"),
        (
            ["corpus", "build", "--from-jsonl", "missing.jsonl"],
            ExitCode.NOT_FOUND,
            "does not exist",
        ),
        (["corpus", "build", "--oai", "--since", "2020-13-01"], ExitCode.USAGE, "YYYY-MM-DD"),
        (
            ["corpus", "build", "--oai", "--since", "2021-01-01", "--until", "2020-01-01"],
            ExitCode.USAGE,
            "--since is after --until",
        ),
        (
            ["corpus", "build", "--oai", "--categories", "c s"],
            ExitCode.USAGE,
            "not an arXiv category",
        ),
        (["corpus", "search", "  "], ExitCode.USAGE, "query is empty"),
        (["corpus", "status", "--format", "xml"], ExitCode.USAGE, "unknown format"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(args: list[str], code: int, text: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.output


def test_a_locked_corpus_exits_with_conflict(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(5))
    with build_lock(corpus):
        result = runner.invoke(
            app, ["corpus", "build", "--from-jsonl", str(source), "--corpus", str(corpus)]
        )
    assert result.exit_code == ExitCode.CONFLICT
    assert "locked by another build" in result.stderr


def test_a_category_no_paper_lists_is_named_after_the_build(tmp_path: Path) -> None:
    for corpus, wanted in ((tmp_path / "some", "cs.XX,cs.CL"), (tmp_path / "none", "cs.XX")):
        result = runner.invoke(
            app,
            [
                *("corpus", "build", "--from-jsonl", str(sample_path())),
                *("--corpus", str(corpus), "--categories", wanted, "--format", "json"),
            ],
        )
        assert result.exit_code == 0, result.stderr
        assert "no paper in the corpus lists cs.XX: check the codes" in result.stderr
        assert "cs.CL:" not in result.stderr
        json.loads(result.stdout)  # stdout stays machine-readable
