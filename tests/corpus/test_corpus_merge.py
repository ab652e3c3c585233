"""`corpus merge`: shards built apart make the corpus one build makes, crash-safely."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from corpus_helpers import fingerprint, sample_path
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus import writer as writer_module
from launchpad.corpus.build import build_corpus
from launchpad.corpus.filters import Filters
from launchpad.corpus.lock import build_lock
from launchpad.corpus.merge import merge_corpora
from launchpad.corpus.readers import JsonlSource
from launchpad.corpus.store import Corpus
from launchpad.errors import ConflictError, InputError, NotFoundError

SPLIT = "2017-04-10"  # the sample's median date: shard "early" ends the day before


def _build(directory: Path, filters: Filters | None = None) -> Path:
    build_corpus(directory, [JsonlSource(sample_path())], filters=filters, workers=0)
    return directory


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import datetime as dt

    base = tmp_path_factory.mktemp("shards")
    split = dt.date.fromisoformat(SPLIT)
    return {
        "whole": _build(base / "whole"),
        "early": _build(base / "early", Filters(until=split - dt.timedelta(days=1))),
        "late": _build(base / "late", Filters(since=split)),
        "cl": _build(base / "cl", Filters(categories=("cs.CL",))),
        "lg": _build(base / "lg", Filters(categories=("cs.LG",))),
    }


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build.lock", "build.pid"))
    return target


def test_date_shards_in_any_order_make_the_corpus_one_build_makes(built, tmp_path) -> None:
    report = merge_corpora(tmp_path / "merged", [built["late"], built["early"]])
    assert (report.read, report.added, report.already_present, report.duplicates) == (
        2000,
        2000,
        0,
        0,
    )
    assert fingerprint(tmp_path / "merged") == fingerprint(built["whole"])
    manifest = json.loads((tmp_path / "merged" / "manifest.json").read_text())
    assert len(manifest["filters"]) == 2  # each shard's filter is said


def test_merging_again_adds_nothing_and_changes_nothing(built, tmp_path) -> None:
    target = tmp_path / "merged"
    merge_corpora(target, [built["early"], built["late"]])
    before = fingerprint(target)
    again = merge_corpora(target, [built["late"]])
    assert (again.added, again.already_present, again.total) == (0, 1000, 2000)
    assert fingerprint(target) == before


def test_a_shard_merged_into_an_existing_corpus_appends_in_date_order(built, tmp_path) -> None:
    target = _copy(built["early"], tmp_path / "target")
    report = merge_corpora(target, [built["late"]])
    assert (report.added, report.total) == (1000, 2000)
    assert fingerprint(target) == fingerprint(built["whole"])


def test_overlapping_shards_take_each_paper_once_with_its_own_vector(built, tmp_path) -> None:
    report = merge_corpora(tmp_path / "merged", [built["cl"], built["lg"]])
    with Corpus.open(built["cl"]) as cl, Corpus.open(built["lg"]) as lg:
        ids = {p.id: (cl, p.row) for p in cl.papers(range(len(cl)))}
        lg_ids = {p.id: (lg, p.row) for p in lg.papers(range(len(lg)))}
    overlap = set(ids) & set(lg_ids)
    assert overlap, "the sample has cs.CL papers cross-listed in cs.LG"
    assert report.duplicates == len(overlap)
    assert report.total == len(set(ids) | set(lg_ids))
    with Corpus.open(tmp_path / "merged") as merged:
        assert np.all(np.diff(np.asarray(merged.published)) >= 0)  # date order across shards
        with Corpus.open(built["cl"]) as cl, Corpus.open(built["lg"]) as lg:
            owners = {"cl": cl, "lg": lg}
            for paper in merged.papers(range(len(merged))):
                name = "cl" if paper.id in ids else "lg"
                shard = owners[name]
                row = (ids if name == "cl" else lg_ids)[paper.id][1]
                assert np.array_equal(merged.vectors[paper.row], shard.vectors[row])


def test_a_merge_that_fails_midway_resumes_to_the_same_corpus(built, tmp_path, monkeypatch) -> None:
    real = writer_module.Writer._write
    calls = {"n": 0}

    def failing(self, *args):  # the third batch never commits
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("simulated crash")
        return real(self, *args)

    monkeypatch.setattr(writer_module.Writer, "_write", failing)
    target = tmp_path / "merged"
    with pytest.raises(OSError, match="simulated crash"):
        merge_corpora(target, [built["early"], built["late"]], batch_size=300)
    db = sqlite3.connect(target / "papers.sqlite")
    assert db.execute("SELECT count(*) FROM papers").fetchone()[0] == 600
    db.close()
    monkeypatch.setattr(writer_module.Writer, "_write", real)
    report = merge_corpora(target, [built["early"], built["late"]], batch_size=300)
    assert (report.added, report.already_present) == (1400, 600)
    assert fingerprint(target) == fingerprint(built["whole"])


def test_shards_of_another_model_are_refused_before_the_target_is_touched(built, tmp_path) -> None:
    other = _copy(built["late"], tmp_path / "other")
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["model"] = "sentence-transformers/all-mpnet-base-v2"
    (other / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConflictError, match="same --model"):
        merge_corpora(tmp_path / "merged", [built["early"], other])
    assert not (tmp_path / "merged").exists()


def test_bad_shard_lists_are_one_line_errors(built, tmp_path) -> None:
    with pytest.raises(InputError, match="no shard"):
        merge_corpora(tmp_path / "t", [])
    with pytest.raises(InputError, match="named twice"):
        merge_corpora(tmp_path / "t", [built["early"], built["early"]])
    with pytest.raises(InputError, match="target corpus itself"):
        merge_corpora(built["early"], [built["early"]])
    with pytest.raises(NotFoundError):
        merge_corpora(tmp_path / "t", [tmp_path / "missing"])
    assert not (tmp_path / "missing").exists()  # a missing shard is not created
    assert not (tmp_path / "t").exists()


def test_a_shard_being_built_is_not_merged(built, tmp_path) -> None:
    shard = _copy(built["late"], tmp_path / "busy")
    with build_lock(shard), pytest.raises(ConflictError, match="locked"):
        merge_corpora(tmp_path / "merged", [shard])


def test_the_command_reports_and_maps_errors_to_exit_codes(built, tmp_path) -> None:
    runner = CliRunner()
    target = tmp_path / "merged"
    shards = [str(built["early"]), str(built["late"])]
    result = runner.invoke(app, ["corpus", "merge", *shards, "--corpus", str(target),
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["added"], data["total"], data["shards"]) == (2000, 2000, shards)
    missing = runner.invoke(app, ["corpus", "merge", str(tmp_path / "nope"), "--corpus",
                                  str(target)])  # fmt: skip
    assert missing.exit_code == 4
    assert "does not exist" in missing.output
    itself = runner.invoke(app, ["corpus", "merge", str(target), "--corpus", str(target)])
    assert itself.exit_code == 2
