"""Search and scores are those of the float16 format, and an --as-of reads no later rows.

``top50.json`` holds, for a fixed set of queries on the 2,000-record sample corpus, the
ids of the 50 nearest papers (``corpus.search``, all papers and cs.CL only) and the top-50
neighbours and axis scores of ``score-idea`` (four slices and dates), as computed by the
float16 corpus format before the float32 one replaced it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from launchpad.corpus import vectors as vectors_module
from launchpad.corpus.build import build_corpus
from launchpad.corpus.store import Corpus, date_to_days
from launchpad.errors import ConfigError
from launchpad.ideas.score import Scorer

EXPECTED = json.loads((Path(__file__).parent / "top50.json").read_text())
SLICES = {
    "None|": (None, ()),
    "2016-12-31|": (dt.date(2016, 12, 31), ()),
    "None|cs.CL": (None, ("cs.CL",)),
    "2019-06-30|cs.CL,cs.LG": (dt.date(2019, 6, 30), ("cs.CL", "cs.LG")),
}


def results(directory: Path) -> dict[str, Any]:
    """The same figures as ``top50.json``, from the corpus in ``directory``."""
    out: dict[str, Any] = {"queries": EXPECTED["queries"], "search": {}, "search_cs.CL": {}}
    with Corpus.open(directory) as corpus:
        embedder = corpus.embedder()
        mask = corpus.rows_in_categories(["cs.CL"])
        for query in EXPECTED["queries"]:
            vector = embedder.encode([query])[0]
            for key, only in (("search", None), ("search_cs.CL", mask)):
                rows, _ = corpus.search(vector, 50, mask=only)
                out[key][query] = [paper.id for paper in corpus.papers(rows.tolist())]
        out["score"] = {}
        for key, (as_of, categories) in SLICES.items():
            scores = Scorer(corpus, as_of=as_of, categories=categories).score(
                EXPECTED["queries"], top=50
            )
            out["score"][key] = {
                s.idea: {
                    "neighbours": [n.id for n in s.evidence.neighbours],
                    "frontier": s.frontier.score,
                    "fanout": s.fanout.score,
                    "headroom": s.headroom.score,
                }
                for s in scores
            }
    return out


def as_format_1(source: Path, target: Path) -> Path:
    """A copy of a corpus in the float16 format (``vectors.f16``, format 1 manifest)."""
    shutil.copytree(source, target)
    manifest = json.loads((target / "manifest.json").read_text())
    wide = np.fromfile(target / "vectors.f32", dtype=np.float32)
    wide.astype(np.float16).tofile(target / "vectors.f16")
    (target / "vectors.f32").unlink()
    manifest.update(format="launchpad-corpus/1", dtype="float16")
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def test_top50_and_scores_match_the_float16_format(ideas_corpus: Path) -> None:
    with Corpus.open(ideas_corpus) as corpus:
        assert corpus.manifest.format == "launchpad-corpus/2"
        assert corpus.vectors.dtype == np.float32
    assert results(ideas_corpus) == EXPECTED


def test_a_format_1_corpus_reads_the_same_and_a_build_converts_it(
    ideas_corpus: Path, tmp_path: Path
) -> None:
    old = as_format_1(ideas_corpus, tmp_path / "old")
    with Corpus.open(old) as corpus:
        assert corpus.vectors.dtype == np.float16
    assert results(old) == EXPECTED
    build_corpus(old, [], workers=0, count_first=False)
    assert not (old / "vectors.f16").exists()
    assert (old / "vectors.f32").read_bytes() == (ideas_corpus / "vectors.f32").read_bytes()
    assert json.loads((old / "manifest.json").read_text())["format"] == "launchpad-corpus/2"
    assert results(old) == EXPECTED


def test_a_corpus_of_an_unknown_vector_format_is_a_one_line_error(
    ideas_corpus: Path, tmp_path: Path
) -> None:
    other = tmp_path / "future"
    shutil.copytree(ideas_corpus, other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest.update(format="launchpad-corpus/9", dtype="int4")
    (other / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ConfigError) as info:
        Corpus.open(other)
    assert "int4" in str(info.value)
    assert "\n" not in str(info.value)
    assert "launchpad corpus build" in (info.value.hint or "")


def test_scoring_as_of_a_date_reads_no_later_row(
    ideas_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = dt.date(2016, 12, 31)
    with Corpus.open(ideas_corpus) as corpus:
        published = np.asarray(corpus.published)
        assert (np.diff(published) >= 0).all()  # the sample is in date order
        last = int(np.flatnonzero(published <= date_to_days(cut))[-1])
        expected = Scorer(corpus, as_of=cut).score(EXPECTED["queries"])
    # later rows poisoned: any use of them would show in the scores
    poisoned = tmp_path / "poisoned"
    shutil.copytree(ideas_corpus, poisoned)
    matrix = np.memmap(poisoned / "vectors.f32", dtype=np.float32, mode="r+").reshape(-1, 256)
    matrix[last + 1 :] = np.nan
    matrix.flush()
    del matrix
    monkeypatch.setattr(vectors_module, "BLOCK", 64)
    monkeypatch.setattr(vectors_module, "SPAN", 256)
    monkeypatch.setattr(vectors_module, "RESIDENT_BYTES", 0)  # also release pages after use
    read: list[int] = []
    widened = vectors_module.Matrix._widened

    def spy(self: vectors_module.Matrix, index: Any) -> Any:
        block = widened(self, index)
        read.append(index.stop if isinstance(index, slice) else int(np.max(index)) + 1)
        return block

    monkeypatch.setattr(vectors_module.Matrix, "_widened", spy)
    with Corpus.open(poisoned) as corpus:
        assert Scorer(corpus, as_of=cut).score(EXPECTED["queries"]) == expected
    assert read
    assert max(read) <= (last // 64 + 1) * 64 < len(published)


@pytest.mark.parametrize("pattern", ["all", "dense", "sparse", "mixed", "one", "none"])
def test_the_block_scan_equals_a_plain_product(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    monkeypatch.setattr(vectors_module, "BLOCK", 32)
    monkeypatch.setattr(vectors_module, "SPAN", 96)
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((1000, 16)).astype(np.float16)
    matrix.astype(np.float32).tofile(tmp_path / "vectors.f32")
    queries = rng.standard_normal((3, 16)).astype(np.float32)
    rows = {
        "all": np.arange(1000),
        "dense": np.flatnonzero(rng.random(1000) < 0.7),
        "sparse": np.flatnonzero(rng.random(1000) < 0.02),
        "mixed": np.concatenate(
            [np.arange(0, 300), np.flatnonzero(rng.random(400) < 0.03) + 300, np.arange(700, 999)]
        ),
        "one": np.array([999]),
        "none": np.zeros(0, dtype=np.int64),
    }[pattern].astype(np.int64)
    opened = vectors_module.open_matrix(tmp_path, "float32", 1000, 16)
    assert opened is not None
    got = opened.scan(queries, rows)
    want = queries @ matrix.astype(np.float32)[rows].T
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_a_very_large_slice_is_scored_in_smaller_passes() -> None:
    from launchpad.ideas.score import BATCH, batch_size

    assert batch_size(2_000) == BATCH
    assert batch_size(429_603) == BATCH
    assert batch_size(2_700_000) * 4 * 2_700_000 <= 256 << 20
    assert batch_size(10**12) == 1


def test_scores_do_not_depend_on_the_pass_size(
    ideas_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from launchpad.ideas import score as score_module

    with Corpus.open(ideas_corpus) as corpus:
        whole = Scorer(corpus).score(EXPECTED["queries"])
        monkeypatch.setattr(score_module, "SIMILARITY_BYTES", 3 * 4 * len(corpus))
        assert score_module.batch_size(len(corpus)) == 3
        parts = Scorer(corpus).score(EXPECTED["queries"])
    # BLAS sums a product of 3 queries in another order than one of 8: the radius may
    # move in the 7th digit; the neighbours, shares and scores do not
    for one, other in zip(parts, whole, strict=True):
        assert one.evidence.radius == pytest.approx(other.evidence.radius, abs=1e-6)
        same_radius = dataclasses.replace(one.evidence, radius=other.evidence.radius)
        assert dataclasses.replace(one, evidence=same_radius) == other
