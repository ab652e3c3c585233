"""A small real corpus (the 2,000-record sample), built once per test session."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import IN_CI, arxiv_data_dir

CUT = "2016-12-31"  # the as-of date of the time-travel tests


def _sample() -> Path:
    path = arxiv_data_dir() / "sample-2k.jsonl.gz"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"real arXiv test data not found at {path} (set LAUNCHPAD_TEST_DATA)")
        pytest.skip("real arXiv test data not available (set LAUNCHPAD_TEST_DATA)")
    return path


@pytest.fixture(scope="session")
def ideas_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus directory built from every sample record."""
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource

    directory = tmp_path_factory.mktemp("ideas-corpus") / "corpus"
    build_corpus(directory, [JsonlSource(_sample())], workers=0, count_first=False)
    return directory


@pytest.fixture(scope="session")
def early_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus built only from the sample records published up to :data:`CUT`."""
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource

    base = tmp_path_factory.mktemp("ideas-early")
    with gzip.open(_sample(), "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    early = [r for r in records if r["published"] <= CUT]
    source = base / "early.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in early), encoding="utf-8")
    directory = base / "corpus"
    build_corpus(directory, [JsonlSource(source)], workers=0, count_first=False)
    return directory
