"""Shared helpers for the corpus tests: real sample records and corpus fingerprints."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def sample_path() -> Path:
    """sample-2k.jsonl.gz of the real data (skip, or fail in CI, when absent)."""
    from tests.conftest import arxiv_data_dir

    base = arxiv_data_dir()
    path = base / "sample-2k.jsonl.gz"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"real arXiv test data not found at {base} (set LAUNCHPAD_TEST_DATA)")
        pytest.skip("real arXiv test data not available (set LAUNCHPAD_TEST_DATA)")
    return path


def read_sample(limit: int | None = None) -> list[dict[str, Any]]:
    """The real sample records as dicts, in file order."""
    with gzip.open(sample_path(), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return records[:limit] if limit is not None else records


def write_jsonl(path: Path, records: list[dict[str, Any]], extra_lines: Sequence[str] = ()) -> Path:
    """Write records (and raw extra lines) as a JSON lines file."""
    lines = [json.dumps(record) for record in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fingerprint(directory: Path) -> dict[str, Any]:
    """Everything a reader sees, reduced to comparable values."""
    db = sqlite3.connect(directory / "papers.sqlite")
    try:
        rows = db.execute(
            "SELECT row, id, title, abstract, categories, published FROM papers ORDER BY row"
        ).fetchall()
        fts = db.execute("SELECT count(*) FROM papers_fts").fetchone()[0]
    finally:
        db.close()
    manifest = json.loads((directory / "manifest.json").read_text())

    def digest(name: str) -> str:
        return hashlib.sha256((directory / name).read_bytes()).hexdigest()

    return {
        "rows": rows,
        "fts_rows": fts,
        "count": manifest["count"],
        "model": manifest["model"],
        "vectors": digest("vectors.f32"),
        "published": digest("published.npy"),
        "indptr": digest("cat_indptr.npy"),
        "indices": digest("cat_indices.npy"),
        "categories": (directory / "categories.json").read_text(),
    }


def snapshot_line(record: dict[str, Any], hour: int = 12) -> dict[str, Any]:
    """A record as a line of the arXiv metadata snapshot (wrapped text, versions)."""
    day = dt.date.fromisoformat(record["published"])
    created = day.strftime("%a, %d %b %Y") + f" {hour:02d}:10:00 GMT"
    later = (day + dt.timedelta(days=40)).strftime("%a, %d %b %Y") + " 09:00:00 GMT"
    words = record["abstract"].split(" ")
    return {
        "id": record["id"],
        "submitter": "Ada Tester",
        "authors": "Ada Tester",
        "title": record["title"].replace(" ", "\n  ", 1),
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(record["categories"]),
        "license": None,
        "abstract": "  " + "\n".join(" ".join(words[i : i + 10]) for i in range(0, len(words), 10)),
        "versions": [{"version": "v2", "created": later}, {"version": "v1", "created": created}],
        "update_date": "2024-01-01",
        "authors_parsed": [["Tester", "Ada", ""]],
    }
