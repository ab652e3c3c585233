"""The shipped static model: offline, torch-free, and faithful to its tokenizer."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from corpus_helpers import read_sample
from tokenizers import Tokenizer

from launchpad.corpus.embed import DEFAULT_MODEL, document_text, load_embedder
from launchpad.errors import NotFoundError


def test_default_embedding_never_imports_torch() -> None:
    code = (
        "import sys\n"
        "from launchpad.corpus.embed import load_embedder\n"
        "vectors = load_embedder().encode(['graph neural networks for molecules'] * 3)\n"
        "assert vectors.shape == (3, 256), vectors.shape\n"
        "heavy = [m for m in ('torch', 'sentence_transformers', 'transformers', 'model2vec')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_fast_tokenisation_equals_the_tokenizer_on_real_abstracts() -> None:
    embedder = load_embedder()
    texts = [document_text(r["title"], r["abstract"]) for r in read_sample(600)]
    texts += [
        "Ünïcödé façade — naïve “quotes” 東京大学 and émigré's résumé",
        "snake_case x^2 $\\alpha$ 100% a--b (CNN), [1]; {x}",
        "tab\tsep nb\xa0sp ctrl\x0bchar unit\x1fsep İstanbul ΣΑΣ",
        "",
        "   ",
    ]
    ids, lengths = embedder.token_ids(texts)
    tokenizer = Tokenizer.from_file(str(embedder.directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    expected = tokenizer.encode_batch(texts, add_special_tokens=False)
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    for i, encoding in enumerate(expected):
        assert ids[bounds[i] : bounds[i + 1]].tolist() == encoding.ids, texts[i][:80]


def test_vectors_are_unit_length_deterministic_and_batch_independent() -> None:
    embedder = load_embedder()
    assert embedder.name == DEFAULT_MODEL
    texts = [document_text(r["title"], r["abstract"]) for r in read_sample(300)]
    whole = embedder.encode(texts)
    parts = np.concatenate([embedder.encode(texts[:7]), embedder.encode(texts[7:], batch_size=50)])
    assert whole.dtype == np.float32
    assert whole.shape == (300, embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(whole, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(whole, parts)
    empty = embedder.encode(["", "   "])
    assert not empty.any()


def test_similar_texts_are_nearer_than_unrelated_ones() -> None:
    embedder = load_embedder()
    a, b, c = embedder.encode(
        [
            "neural machine translation with attention",
            "translating sentences between languages with sequence to sequence networks",
            "a polynomial-time algorithm for planar graph colouring",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.1


def test_unknown_model_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(NotFoundError):
        load_embedder(str(tmp_path / "no-such-model"))


def test_a_few_short_texts_load_neither_the_rust_tokenizer_nor_the_wide_table() -> None:
    code = (
        "import sys\n"
        "from launchpad.corpus.embed import load_embedder\n"
        "embedder = load_embedder()\n"
        "embedder.encode(['speculative decoding for faster language model inference'])\n"
        "print('tokenizers' in sys.modules, embedder._wide is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_the_vocabulary_read_from_the_file_is_the_tokenizers() -> None:
    from launchpad.corpus.static import _AsciiWordPiece

    embedder = load_embedder()
    fast = _AsciiWordPiece.from_spec(
        json.loads((embedder.directory / "tokenizer.json").read_text())
    )
    assert fast is not None
    tokenizer = Tokenizer.from_file(str(embedder.directory / "tokenizer.json"))
    assert fast._vocab == tokenizer.get_vocab()


def test_short_texts_embed_the_same_before_and_after_the_table_is_widened() -> None:
    texts = [document_text(r["title"], r["abstract"]) for r in read_sample(40)]
    texts += ["Ünïcödé façade — naïve", "graph neural networks for molecules", ""]
    from launchpad.corpus.static import StaticEmbedder

    directory = load_embedder().directory
    fresh = StaticEmbedder(directory, DEFAULT_MODEL)  # not the process's cached one
    one_by_one = np.concatenate([fresh.encode([text]) for text in texts])
    assert fresh._wide is None  # each call stayed below the widening threshold
    widened = StaticEmbedder(directory, DEFAULT_MODEL)
    together = widened.encode(texts)
    assert widened._wide is not None
    np.testing.assert_array_equal(one_by_one, together)
