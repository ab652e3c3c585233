"""The static model's chunk cache carries over from one batch to the next."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from corpus_helpers import read_sample

from launchpad.corpus import static
from launchpad.corpus.embed import document_text, load_embedder


def _hashes(text: bytes) -> Any:
    buf = np.frombuffer(text, dtype=np.uint8)
    starts = np.array([0, text.index(b" ") + 1])
    ends = np.array([text.index(b" "), len(text)])
    return static._chunk_hashes(buf, starts, ends)


def test_a_chunk_hashes_the_same_wherever_it_stands_and_whatever_the_buffer() -> None:
    short, long = _hashes(b"graph network"), _hashes(b"graph " + b"x" * 5000 + b" network")
    assert short[0] == long[0]
    assert _hashes(b"network graph")[1] == short[0]
    assert len(set(_hashes(b"a b").tolist()) | set(_hashes(b"` c").tolist())) == 4


def test_the_kept_power_tables_match_powers_made_anew_as_they_grow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(static, "_POWERS", {})
    for size in (3, 70_000, 10, 300_000, 300_001):  # grown twice, then read from the kept one
        for base in (static._HASH_BASE, static._HASH_INVERSE):
            table = static._power_table(base, size)
            assert len(table) == size
            assert not table.flags.writeable  # a caller cannot spoil the next batch's powers
            for i in (0, 1, size // 2, size - 1):
                assert int(table[i]) == pow(base, i, 1 << 64)


def test_a_second_batch_tokenises_only_the_chunks_the_first_did_not_have(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    embedder = load_embedder()
    embedder._reset_cache()
    texts = [document_text(r["title"], r["abstract"]) for r in read_sample(200)]
    learned: list[list[str]] = []
    learn = embedder._learn

    def recording(chunks: list[str], hashes: Any) -> None:
        learned.append(chunks)
        learn(chunks, hashes)

    monkeypatch.setattr(embedder, "_learn", recording)
    first = embedder.encode(texts[:150])
    again = embedder.encode(["unseenword " + texts[0], *texts[100:150]])  # another buffer size
    assert learned[1] == ["unseenword"]
    np.testing.assert_array_equal(again[1:], first[100:150])
