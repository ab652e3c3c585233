"""Sources: OAI-PMH over a local server, the arXiv snapshot file, option parsing."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from corpus_helpers import fingerprint, read_sample, snapshot_line, write_jsonl
from oai_server import OaiState, serve

from launchpad.cli.corpus import parse_date
from launchpad.corpus import readers
from launchpad.corpus.build import build_corpus
from launchpad.corpus.categories import parse_categories
from launchpad.corpus.oai import OaiSource
from launchpad.corpus.readers import JsonlSource, SnapshotSource, first_version_date
from launchpad.corpus.records import Malformed, Record
from launchpad.errors import ExternalError, InputError


def _in_cs(record: dict) -> bool:
    return any(c.startswith("cs.") for c in record["categories"])


@pytest.mark.slow
def test_oai_harvest_pages_retries_and_equals_the_jsonl_build(tmp_path: Path) -> None:
    records = read_sample()
    state = OaiState(records=records, page_size=250, deleted=(records[10]["id"],))
    with serve(state) as url:
        report = build_corpus(
            tmp_path / "oai", [OaiSource(url, set_spec="cs", default_retry_after=1)], workers=0
        )
    wanted = [r for r in records if _in_cs(r) and r["id"] != records[10]["id"]]
    assert report.added == len(wanted) > 1500
    pages = [r for r in state.requests if "resumptionToken" in r]
    assert len(pages) >= 7  # several pages, plus the repeated one
    assert state.statuses.count(503) == 1
    failed_at = state.statuses.index(503)
    assert state.requests[failed_at] == state.requests[failed_at + 1]  # retried, same token
    expected = tmp_path / "jsonl"
    build_corpus(expected, [JsonlSource(write_jsonl(tmp_path / "w.jsonl", wanted))], workers=0)
    assert fingerprint(tmp_path / "oai") == fingerprint(expected)


def test_oai_since_is_sent_as_from_and_empty_sets_are_not_errors(tmp_path: Path) -> None:
    records = read_sample(400)
    state = OaiState(records=records, fail_page_once=None)
    since = dt.date(2020, 1, 1)
    with serve(state) as url:
        items = list(OaiSource(url, set_spec="cs", since=since).records())
        assert state.requests[0]["from"] == "2020-01-01"
        assert all(isinstance(i, Record) and i.published >= since for i in items)
        assert len(items) == sum(1 for r in records if _in_cs(r) and r["published"] >= "2020")
        assert list(OaiSource(url, set_spec="cs", since=dt.date(2030, 1, 1)).records()) == []


def test_oai_refusals_and_unreachable_servers_are_external_errors() -> None:
    state = OaiState(records=read_sample(5), fail_page_once=None)
    with serve(state) as url:
        with pytest.raises(ExternalError, match="refused"):
            list(OaiSource(url, set_spec="no-such:set").records())
        dead = url
    with pytest.raises(ExternalError, match="cannot reach"):
        list(OaiSource(dead, set_spec="cs", max_retries=0, timeout=2).records())


def test_snapshot_file_equals_the_jsonl_build(tmp_path: Path) -> None:
    records = read_sample(400)
    snapshot = tmp_path / "arxiv-metadata-oai-snapshot.json.gz"
    lines = [json.dumps(snapshot_line(r)) for r in records]
    lines.insert(7, json.dumps({**snapshot_line(records[0]), "id": "x1", "versions": []}))
    with gzip.open(snapshot, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    report = build_corpus(tmp_path / "snap", [SnapshotSource(snapshot)], workers=0)
    assert (report.added, report.malformed) == (400, 1)
    assert "versions" in report.malformed_examples[0]
    build_corpus(tmp_path / "jsonl", [JsonlSource(write_jsonl(tmp_path / "r.jsonl", records))])
    assert fingerprint(tmp_path / "snap") == fingerprint(tmp_path / "jsonl")


def test_first_version_date_prefers_v1_and_falls_back_to_the_earliest() -> None:
    versions = [
        {"version": "v2", "created": "Tue, 3 Apr 2007 10:00:00 GMT"},
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
    ]
    assert first_version_date(versions) == dt.date(2007, 4, 2)
    assert first_version_date([{"created": "Fri, 6 Apr 2007 01:00:00 GMT"}, *versions[:1]]) == (
        dt.date(2007, 4, 3)
    )
    for bad in (None, [], [{"version": "v1", "created": "soon"}]):
        with pytest.raises(ValueError):
            first_version_date(bad)


def test_a_truncated_gzip_is_reported_not_fatal(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl.gz"
    with gzip.open(whole, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in read_sample(300)) + "\n")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    items = list(JsonlSource(cut).records())
    assert isinstance(items[-1], Malformed)
    assert "unreadable" in items[-1].reason
    assert 50 < sum(isinstance(i, Record) for i in items) < 300


def test_option_parsing() -> None:
    assert parse_categories(" cs.CL, cs.LG,,cs.CL ") == ("cs.CL", "cs.LG")
    assert parse_categories("stat") == ("stat",)
    with pytest.raises(InputError):
        parse_categories("cs.CL;DROP")
    assert parse_date("2020-02-29", "--since") == dt.date(2020, 2, 29)
    with pytest.raises(InputError, match="--until"):
        parse_date("2020-02-30", "--until")


def test_bom_crlf_blank_lines_and_empty_files(tmp_path: Path) -> None:
    records = read_sample(3)
    text = "\ufeff" + "\r\n\r\n".join(json.dumps(r) for r in records) + "\r\n"
    (tmp_path / "windows.jsonl").write_bytes(text.encode("utf-8"))
    items = list(JsonlSource(tmp_path / "windows.jsonl").records())
    assert [i.id for i in items if isinstance(i, Record)] == [r["id"] for r in records]
    assert len(items) == 3
    (tmp_path / "empty.jsonl").write_bytes(b"")
    report = build_corpus(tmp_path / "c", [JsonlSource(tmp_path / "empty.jsonl")], workers=0)
    assert (report.read, report.total) == (0, 0)
    from launchpad.corpus.store import Corpus
    from launchpad.errors import NotFoundError

    with pytest.raises(NotFoundError, match="is empty"):
        Corpus.open(tmp_path / "c")


def test_line_estimates_count_small_files_and_sample_large_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    small = write_jsonl(tmp_path / "small.jsonl", read_sample(30))
    assert readers.estimate_lines(small) == 30
    # a "large" gzip file of even lines: sampled from its start and scaled, not read through
    monkeypatch.setattr(readers, "EXACT_COUNT_BYTES", 1 << 20)
    monkeypatch.setattr(readers, "SAMPLE_BYTES", 1 << 18)
    big = tmp_path / "big.jsonl.gz"
    with gzip.open(big, "wb") as out:
        for _ in range(30_000):
            out.write(os.urandom(100).hex().encode() + b"\n")
    assert big.stat().st_size > readers.EXACT_COUNT_BYTES
    read: list[int] = []
    real_read = gzip.GzipFile.read

    def counting_read(self: gzip.GzipFile, size: int = -1) -> bytes:
        block = real_read(self, size)
        read.append(len(block))
        return block

    monkeypatch.setattr(gzip.GzipFile, "read", counting_read)
    estimate = readers.estimate_lines(big)
    assert abs(estimate - 30_000) / 30_000 < 0.05
    assert sum(read) < 6_030_000 / 2  # well under half of the decompressed file
