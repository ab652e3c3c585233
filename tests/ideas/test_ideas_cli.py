"""`launchpad score-idea` and `launchpad ideas backtest` through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app

runner = CliRunner()
IDEA = "neural machine translation with attention"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_score_idea_json(ideas_corpus: Path) -> None:
    code, out, _ = run(
        "score-idea", IDEA, "--corpus", str(ideas_corpus), "--as-of", "2019-12", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2019-12-31"
    assert all(
        isinstance(data["scores"][a]["score"], int) for a in ("frontier", "fanout", "headroom")
    )
    assert len(data["evidence"]["neighbours"]) == 10


def test_score_idea_table_shows_scores_evidence_and_chart(ideas_corpus: Path) -> None:
    code, out, _ = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--top", "3")
    assert code == 0
    for word in ("frontier", "fanout", "headroom", "3 nearest papers", "per quarter", "█"):
        assert word in out


def test_score_idea_markdown(ideas_corpus: Path) -> None:
    code, out, _ = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--format", "markdown")
    assert code == 0
    assert out.startswith("| rank | idea | frontier | fanout | headroom |")
    assert "https://arxiv.org/abs/" in out


def test_file_ranks_many_ideas(ideas_corpus: Path, tmp_path: Path) -> None:
    ideas = tmp_path / "ideas.txt"
    ideas.write_text(
        "# ideas\ngraph neural networks\nwireless sensor networks\nlarge language models\n"
    )
    code, out, _ = run(
        "score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert len(data) == 3
    frontier = [d["scores"]["frontier"]["score"] for d in data]
    assert frontier == sorted(frontier, reverse=True)
    code, out, _ = run("score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus))
    assert code == 0
    assert "ranked by frontier" in out


def test_png_needs_matplotlib_or_writes_the_chart(ideas_corpus: Path, tmp_path: Path) -> None:
    png = tmp_path / "share.png"
    code, _, err = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--png", str(png))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert code == 4
        assert "matplotlib" in err
    else:
        assert code == 0
        assert png.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["", "--as-of", "2019"], 2, "the idea is empty"),
        (["   \t "], 2, "the idea is empty"),
        ([IDEA, "--as-of", "2001-01-01"], 2, "before the corpus starts"),
        ([IDEA, "--as-of", "last tuesday"], 2, "is not a date"),
        ([IDEA, "--as-of", "2019-13"], 2, "is not a date"),
        ([IDEA, "--format", "yaml"], 2, "unknown format"),
        ([IDEA, "--categories", " , "], 2, "--categories is empty"),
        ([], 2, "no idea given"),
    ],
)
def test_bad_input_is_one_line_with_a_hint(
    ideas_corpus: Path, args: list[str], code: int, message: str
) -> None:
    exit_code, out, err = run("score-idea", *args, "--corpus", str(ideas_corpus))
    assert exit_code == code
    assert message in err
    assert "hint:" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


def test_missing_corpus(tmp_path: Path) -> None:
    code, _, err = run("score-idea", IDEA, "--corpus", str(tmp_path / "nothing"))
    assert code == 4
    assert "launchpad corpus build" in err
    assert len(err.strip().splitlines()) == 1


def test_very_long_idea_is_truncated_with_a_notice(ideas_corpus: Path) -> None:
    code, out, err = run(
        "score-idea", "attention " * 400, "--corpus", str(ideas_corpus), "--format", "json"
    )
    assert code == 0
    assert "truncated" in err
    assert "truncated" in json.loads(out)["notices"][0]


def test_non_text_bytes_in_the_argument_and_the_file(ideas_corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "ideas.txt"
    bad.write_bytes(b"graph \xff\xfe networks\n")
    code, _, err = run("score-idea", "--file", str(bad), "--corpus", str(ideas_corpus))
    assert code == 2
    assert "not UTF-8" in err
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "launchpad",
            "score-idea",
            b"caf\xe9 \x01",
            "--corpus",
            str(ideas_corpus),
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert b"not UTF-8" in proc.stderr or b"control characters" in proc.stderr
    assert b"Traceback" not in proc.stderr


@pytest.mark.slow
def test_backtest_on_the_sample(ideas_corpus: Path) -> None:
    code, out, _ = run(
        "ideas",
        "backtest",
        "--corpus",
        str(ideas_corpus),
        "--categories",
        "all",
        "--cutoffs",
        "2013-12,2015-12",
        "--ideas",
        "40",
        "--format",
        "json",
    )
    assert code == 0, out
    data = json.loads(out)
    assert [c["cutoff"] for c in data["cutoffs"]] == ["2013-12-31", "2015-12-31"]
    for cutoff in data["cutoffs"]:
        assert set(cutoff["methods"]) == {"frontier", "momentum", "volume", "random"}
        assert cutoff["k"] == 4
        for method in cutoff["methods"].values():
            assert -1 <= method["spearman"] <= 1
            assert 0 <= method["precision_at_k"] <= 1


def test_backtest_refuses_cutoffs_without_a_future(ideas_corpus: Path) -> None:
    code, _, err = run(
        "ideas",
        "backtest",
        "--corpus",
        str(ideas_corpus),
        "--categories",
        "all",
        "--cutoffs",
        "2026-05",
        "--ideas",
        "20",
    )
    assert code == 2
    assert "months of corpus after it" in err


def test_png_into_a_missing_folder_is_one_line(ideas_corpus: Path, tmp_path: Path) -> None:
    png = tmp_path / "no-such-folder" / "share.png"
    code, out, err = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--png", str(png))
    assert code == 4
    assert "cannot write the chart" in err
    assert "hint:" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    assert not png.parent.exists()


def test_as_of_long_after_the_corpus_ends_says_so(ideas_corpus: Path) -> None:
    code, _, err = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--as-of", "2040")
    assert code == 2
    assert "after the corpus ends" in err
    assert "later --as-of" not in err
    assert len(err.strip().splitlines()) == 1


def test_binary_ideas_file_that_decodes_as_utf8_is_refused(
    ideas_corpus: Path, tmp_path: Path
) -> None:
    binary = tmp_path / "ideas.bin"
    binary.write_bytes(b"graph neural networks\n\x00\x01\x02\x03 data\n")
    code, _, err = run("score-idea", "--file", str(binary), "--corpus", str(ideas_corpus))
    assert code == 2
    assert f"{binary} is not a text file (NUL byte on line 2)" in err
    assert len(err.strip().splitlines()) == 1


def test_in_a_batch_notices_and_errors_name_the_idea(ideas_corpus: Path, tmp_path: Path) -> None:
    ideas = tmp_path / "ideas.txt"
    ideas.write_text(f"{IDEA}\n# a comment\n{'attention ' * 400}\n", encoding="utf-8")
    code, _, err = run("score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus))
    assert code == 0, err
    assert f"idea 2 in {ideas}: the idea was truncated" in " ".join(err.split())
    bad = tmp_path / "bad.txt"
    bad.write_text(f"{IDEA}\n{IDEA}\nbell \x07 here\n", encoding="utf-8")
    code, _, err = run("score-idea", "--file", str(bad), "--corpus", str(ideas_corpus))
    assert code == 2
    assert f"idea 3 in {bad}: the idea contains control characters" in " ".join(err.split())
    assert len(err.strip().splitlines()) == 1


def test_jsonl_streams_each_score_in_input_order(ideas_corpus: Path, tmp_path: Path) -> None:
    """``--format jsonl`` writes one line per idea as it is scored, unranked, unlimited."""
    ideas = tmp_path / "ideas.txt"
    texts = ["wireless sensor networks", "graph neural networks", "large language models"]
    ideas.write_text("\n".join(texts) + "\n")
    code, out, _ = run(
        "score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus), "--format", "jsonl"
    )
    assert code == 0
    lines = out.splitlines()
    assert [json.loads(line)["idea"] for line in lines] == texts  # input order, not rank


def test_jsonl_takes_more_ideas_than_a_ranked_run(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.ideas import score

    monkeypatch.setattr(score, "MAX_IDEAS", 2)  # the limit of a ranked run
    ideas = tmp_path / "ideas.txt"
    ideas.write_text("retrieval\ntranslation\nparsing\n")
    code, _, err = run("score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus))
    assert code == 2 and "--format jsonl" in err
    code, out, _ = run(
        "score-idea", "--file", str(ideas), "--corpus", str(ideas_corpus), "--format", "jsonl"
    )
    assert code == 0 and len(out.splitlines()) == 3


def test_scores_are_handed_over_as_they_are_made(ideas_corpus: Path) -> None:
    """The core streams: the callback has the first score before the last is made."""
    from launchpad.ideas.score import score_ideas

    seen: list[str] = []
    result = score_ideas(
        ["retrieval", "translation"], corpus=ideas_corpus, on_scored=lambda s: seen.append(s.idea)
    )
    assert seen == ["retrieval", "translation"]
    assert list(result) == []  # nothing kept for ranking


def test_png_cannot_go_with_a_stream(ideas_corpus: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "score-idea", IDEA, "--corpus", str(ideas_corpus), "--format", "jsonl",
        "--png", str(tmp_path / "c.png"),
    )  # fmt: skip
    assert code == 2 and "--png" in err


# the sample holds this paper under "... Divergence. (arXiv:2002.08410v4 [stat.ML] UPDATED)"
SUFFIXED = "Gaussian Mixture Reduction with Composite Transportation Divergence"


@pytest.mark.parametrize("output", ["table", "json", "markdown"])
def test_arxiv_title_suffixes_never_reach_the_output(ideas_corpus: Path, output: str) -> None:
    code, out, _ = run(
        "score-idea", SUFFIXED, "--corpus", str(ideas_corpus), "--as-of", "2020-06",
        "--format", output,
    )  # fmt: skip
    assert code == 0
    # the paper is among the evidence (a table cell wraps the title: its start suffices)
    assert (SUFFIXED if output != "table" else "Gaussian Mixture Reduction") in out
    assert "(arXiv:" not in out
    assert "UPDATED" not in out


def test_score_idea_json_carries_raw_percentile_and_confidence(ideas_corpus: Path) -> None:
    code, out, _ = run("score-idea", IDEA, "--corpus", str(ideas_corpus), "--format", "json")
    assert code == 0
    data = json.loads(out)
    for axis in data["scores"].values():
        assert isinstance(axis["raw"], int)
        assert 0 <= axis["percentile"] <= 100
        assert axis["confidence"] in {"high", "medium", "low"}
    assert set(data["relevance"]) >= {"similarity", "overlap", "confidence", "notice"}


def test_table_wraps_under_its_columns_at_80_columns(ideas_corpus: Path) -> None:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "launchpad", "score-idea", IDEA, "--corpus", str(ideas_corpus)],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    # every line of the scores table is a table line: the why text wraps inside its cell
    start = next(i for i, line in enumerate(lines) if "why" in line)
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("└"))
    assert all(line.startswith(("│", "┡", "┃")) for line in lines[start:end])
    assert "Share of all categories as of 2026-06 per quarter" in out


def test_png_title_names_the_slice_and_cutoff(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    from launchpad import plot

    titles: list[str] = []
    real = plot.save_png

    def keep_title(fig: object, path: Path) -> None:
        titles.append(fig.axes[0].get_title())  # type: ignore[attr-defined]
        real(fig, path)

    monkeypatch.setattr(plot, "save_png", keep_title)
    code, _, _ = run(
        "score-idea", IDEA, "--corpus", str(ideas_corpus), "--as-of", "2019-06",
        "--png", str(tmp_path / "chart.png"),
    )  # fmt: skip
    assert code == 0
    assert titles == ["Neighbourhood share per quarter, all categories as of 2019-06"]


def test_ideas_reference_builds_once_then_finds_it(ideas_corpus: Path, tmp_path: Path) -> None:
    import shutil

    directory = tmp_path / "corpus"
    shutil.copytree(ideas_corpus, directory, ignore=shutil.ignore_patterns("reference-*"))
    code, _, err = run("ideas", "reference", "--corpus", str(directory), "--as-of", "2019-06")
    assert code == 0
    assert "percentile reference for all categories as of 2019-06: 256 ideas, built in" in err
    (path,) = directory.glob("reference-*.json")
    assert str(path) in " ".join(err.split())
    code, _, err = run("ideas", "reference", "--corpus", str(directory), "--as-of", "2019-06-15")
    assert code == 0
    assert "already cached" in err
