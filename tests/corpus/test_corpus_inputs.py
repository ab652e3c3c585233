"""Wrong inputs to `launchpad corpus`: one red line and an exit code, never a traceback."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest
from corpus_helpers import read_sample, snapshot_line, write_jsonl
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus import query
from launchpad.corpus.build import build_corpus
from launchpad.corpus.categories import parse_categories
from launchpad.corpus.filters import Filters
from launchpad.corpus.inputs import BuildInputs
from launchpad.corpus.readers import JsonlSource, SnapshotSource
from launchpad.corpus.records import Malformed
from launchpad.corpus.store import Corpus
from launchpad.errors import ConfigError, ExitCode, InputError, LaunchpadError
from launchpad.progress import NullProgress

runner = CliRunner()


def _one_error_line(result: Any, code: int, text: str) -> None:
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert text in result.stderr
    assert "internal error" not in result.stderr


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("small") / "c"
    source = write_jsonl(directory.parent / "few.jsonl", read_sample(200))
    build_corpus(directory, [JsonlSource(source)], workers=0)
    return directory


def test_a_gz_file_that_is_not_gzip_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "papers.jsonl.gz"
    fake.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 20)
    result = runner.invoke(
        app, ["corpus", "build", "--from-jsonl", str(fake), "--corpus", str(tmp_path / "c")]
    )
    _one_error_line(result, ExitCode.USAGE, "is not a gzip file")


def test_a_directory_given_as_a_file_is_named_as_such(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["corpus", "build", "--from-jsonl", str(tmp_path), "--corpus", str(tmp_path / "c")]
    )
    _one_error_line(result, ExitCode.USAGE, "is a directory, not a file")


@pytest.mark.parametrize("inside", [False, True])
def test_a_file_in_the_way_of_the_corpus_directory_is_one_line(
    tmp_path: Path, inside: bool
) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a corpus\n")
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(3))
    target = blocker / "c" if inside else blocker
    result = runner.invoke(
        app, ["corpus", "build", "--from-jsonl", str(source), "--corpus", str(target)]
    )
    _one_error_line(result, ExitCode.USAGE, "a file is in the way")
    assert blocker.read_text() == "not a corpus\n"


def test_a_snapshot_passed_as_jsonl_and_back_says_which_option_to_use(tmp_path: Path) -> None:
    records = read_sample(3)
    snapshot = write_jsonl(tmp_path / "snap.jsonl", [snapshot_line(r) for r in records])
    plain = write_jsonl(tmp_path / "plain.jsonl", records)
    wrong = list(JsonlSource(snapshot).records()) + list(SnapshotSource(plain).records())
    assert all(isinstance(item, Malformed) for item in wrong)
    assert all("--from-snapshot" in item.reason for item in wrong[:3])  # type: ignore[union-attr]
    assert all("--from-jsonl" in item.reason for item in wrong[3:])  # type: ignore[union-attr]


def test_category_codes_in_the_wrong_case_are_refused_with_the_right_spelling() -> None:
    for given, right in [
        ("cs.cl", "cs.CL"),
        ("CS.LG", "cs.LG"),
        ("physics.Soc-Ph", "physics.soc-ph"),
    ]:
        with pytest.raises(InputError) as info:
            parse_categories(f"cs.AI,{given}")
        assert right in (info.value.hint or "")
    assert parse_categories("physics.soc-ph,cond-mat.stat-mech,q-bio.NC,cs") == (
        "physics.soc-ph",
        "cond-mat.stat-mech",
        "q-bio.NC",
        "cs",
    )


def test_search_in_categories_the_corpus_lacks_is_an_error(small_corpus: Path) -> None:
    base = ["corpus", "search", "neural networks", "--corpus", str(small_corpus)]
    result = runner.invoke(app, [*base, "--categories", "cs.XX"])
    _one_error_line(result, ExitCode.USAGE, "no paper in the corpus lists cs.XX")
    partly = runner.invoke(app, [*base, "--categories", "cs.XX,cs.LG", "--format", "json"])
    assert partly.exit_code == 0, partly.stderr
    assert "cs.XX" in partly.stderr
    hits = json.loads(partly.stdout)["results"]
    assert hits
    assert all("cs.LG" in hit["categories"] for hit in hits)


def test_search_with_an_archive_matches_all_its_categories(small_corpus: Path) -> None:
    result = runner.invoke(
        app,
        [
            "corpus",
            "search",
            "neural networks",
            "-k",
            "20",
            "--categories",
            "stat",
            "--corpus",
            str(small_corpus),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    assert hits
    assert all(any(c.startswith("stat.") for c in hit["categories"]) for hit in hits)


@pytest.mark.parametrize("content", ["[1]", '"text"', "null"])
def test_a_manifest_that_is_not_an_object_is_a_config_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "manifest.json").write_text(content)
    with pytest.raises(ConfigError, match="unreadable"):
        Corpus.open(tmp_path)
    result = runner.invoke(app, ["corpus", "status", "--corpus", str(tmp_path)])
    _one_error_line(result, ExitCode.USAGE, "unreadable")


def test_a_corpus_in_a_read_only_directory_can_be_searched(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    records = read_sample(50)
    build_corpus(directory, [JsonlSource(write_jsonl(tmp_path / "few.jsonl", records))], workers=0)
    directory.chmod(0o555)
    try:
        if os.access(directory, os.W_OK):
            pytest.skip("this user can write to a read-only directory (root)")
        found = runner.invoke(
            app,
            ["corpus", "search", records[4]["title"], "--corpus", str(directory), "-k", "1"],
        )
        assert found.exit_code == 0, found.stderr
        assert records[4]["id"] in found.stdout
        again = runner.invoke(
            app,
            [
                "corpus",
                "build",
                "--from-jsonl",
                str(tmp_path / "few.jsonl"),
                "--corpus",
                str(directory),
            ],
        )
        _one_error_line(again, ExitCode.STORAGE, "cannot write to the corpus directory")
    finally:
        directory.chmod(0o755)


class _FakeModel:
    """A stand-in for a sentence-transformers model: 8 dimensions from word hashes."""

    calls: ClassVar[list[int]] = []

    def __init__(self, location: str) -> None:
        if not Path(location).is_dir():
            raise OSError(f"{location} is not a model directory")

    def get_sentence_embedding_dimension(self) -> int:
        return 8

    def encode(self, texts: list[str], **_: Any) -> Any:
        import numpy as np

        self.calls.append(len(texts))
        out = np.ones((len(texts), 8), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                out[row, hash(word) % 8] += 1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def fake_sentence_transformers(monkeypatch: pytest.MonkeyPatch) -> type[_FakeModel]:
    from launchpad.corpus.embed import load_embedder

    module = types.ModuleType("sentence_transformers")
    module.SentenceTransformer = _FakeModel  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)
    _FakeModel.calls = []
    load_embedder.cache_clear()
    yield _FakeModel
    load_embedder.cache_clear()


def test_a_local_model_given_by_a_relative_path_is_found_again_from_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_sentence_transformers: type[_FakeModel]
) -> None:
    (tmp_path / "models" / "mine").mkdir(parents=True)
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(20))
    monkeypatch.chdir(tmp_path)
    report = build_corpus(tmp_path / "c", [JsonlSource(source)], model="models/mine", workers=0)
    assert report.model == str(tmp_path / "models" / "mine")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with Corpus.open(tmp_path / "c") as corpus:
        assert corpus.embedder().dim == 8


def test_a_sentence_transformers_build_commits_small_batches(
    tmp_path: Path, fake_sentence_transformers: type[_FakeModel]
) -> None:
    (tmp_path / "mine").mkdir()
    with gzip.open(tmp_path / "few.jsonl.gz", "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in read_sample(600)) + "\n")
    steps: list[float] = []

    class Recorder(NullProgress):
        def advance(self, amount: float = 1) -> None:
            steps.append(amount)

    report = build_corpus(
        tmp_path / "c",
        [JsonlSource(tmp_path / "few.jsonl.gz")],
        model=str(tmp_path / "mine"),
        progress=Recorder(),
    )
    assert report.added == 600
    assert steps == [256, 256, 88]  # progress moves every few seconds on a CPU


def test_a_damaged_manifest_is_repaired_by_the_next_build(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(30))
    directory = tmp_path / "c"
    build_corpus(directory, [JsonlSource(source)], workers=0)
    (directory / "manifest.json").write_text("{broken")
    with pytest.raises(ConfigError, match="re-run `launchpad corpus build`"):
        Corpus.open(directory)
    report = build_corpus(directory, [JsonlSource(source)], workers=0)
    assert (report.added, report.total) == (0, 30)
    with Corpus.open(directory) as corpus:
        assert len(corpus) == 30


def test_build_inputs_are_checked_before_the_corpus_is_touched(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(5))
    cases = [
        (BuildInputs(), "nothing to build from"),
        (BuildInputs(files=(source,)), f"unexpected argument {source}"),
        (BuildInputs(jsonl=(tmp_path / "missing.jsonl",)), "does not exist"),
    ]
    for inputs, text in cases:
        with pytest.raises(LaunchpadError, match=re.escape(text)):
            build_corpus(directory, inputs, workers=0)
    late = Filters(since=dt.date(2020, 1, 2), until=dt.date(2020, 1, 1))
    with pytest.raises(InputError, match="--since is after --until"):
        build_corpus(directory, BuildInputs(jsonl=(source,)), filters=late, workers=0)
    assert not directory.exists()
    more = write_jsonl(tmp_path / "more.jsonl", read_sample(8)[5:])
    report = build_corpus(directory, BuildInputs(jsonl=(source,), files=(more,)), workers=0)
    assert report.sources == ("jsonl:few.jsonl", "jsonl:more.jsonl")
    assert report.added == 8


def test_the_report_names_the_wanted_categories_no_paper_lists(tmp_path: Path) -> None:
    records = read_sample(200)
    source = write_jsonl(tmp_path / "few.jsonl", records)
    listed = {c for r in records for c in r["categories"]}
    assert "cs.LG" in listed
    wanted = ("cs.XX", "cs.LG", "stat", "q-fin.XX")
    report = build_corpus(
        tmp_path / "c", [JsonlSource(source)], filters=Filters(categories=wanted), workers=0
    )
    archives = {c.split(".")[0] for c in listed}
    absent = tuple(name for name in wanted if name not in listed | archives)
    assert report.unmatched_categories == absent
    assert "cs.XX" in absent
    assert "cs.LG" not in absent
    nothing = build_corpus(
        tmp_path / "none", [JsonlSource(source)], filters=Filters(categories=("cs.XX",)), workers=0
    )
    assert (nothing.total, nothing.unmatched_categories) == (0, ("cs.XX",))


def test_search_names_the_ignored_categories_and_status_counts_the_papers(
    small_corpus: Path,
) -> None:
    result = query.search(small_corpus, "neural networks", 5, ("cs.XX", "cs.LG"))
    assert result.ignored_categories == ("cs.XX",)
    assert len(result.hits) == 5
    assert all("cs.LG" in hit.paper.categories for hit in result.hits)
    sims = [hit.similarity for hit in result.hits]
    assert sims == sorted(sims, reverse=True)
    with pytest.raises(InputError, match=r"no paper in the corpus lists cs\.XX"):
        query.search(small_corpus, "neural networks", 5, ("cs.XX",))
    data = query.status(small_corpus)
    assert data["count"] == 200
    assert sum(data["per_year"].values()) == sum(data["per_primary_category"].values()) == 200
