"""The static embedding model: a text is the mean of its tokens' vectors.

Loading and encoding need only numpy, ``tokenizers`` and ``safetensors`` (no torch), so
the default model works on a fresh offline install and loads in well under a second.

Speed comes from tokenising each distinct chunk once: the BERT tokenizer lower-cases,
splits on whitespace and then makes every punctuation character a token, so text cut
into runs of word bytes and single punctuation characters has word pieces that are the
concatenation of its chunks' word pieces. A per-process cache, keyed by a hash computed
for all chunks at once in numpy, maps chunks to their ids; only unseen chunks are
tokenised. Means are summed one text at a time, which keeps the gathered rows in the
CPU cache.

The module is long because chunking, the chunk hash table and pooling are one hot path
measured together (docs/corpus.md): each relies on the others' array layouts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.errors import ConfigError, NotFoundError
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

STATIC_FORMAT = "launchpad-static/1"
_CACHE_LIMIT = 4_000_000  # distinct chunks kept before the cache is cleared (~350 MB)
WIDEN_IDS = 4096  # token ids in one call from which the float16 table is widened once


_SPACE, _WORD, _PUNCT = 0, 1, 2


def _byte_kinds() -> Any:
    """Per UTF-8 byte: BERT's ASCII whitespace, ASCII punctuation, or part of a word.

    BERT splits text on whitespace and makes every punctuation character a token of its
    own, so cutting chunks at both gives the same word pieces. Other bytes (letters,
    digits, control characters, all non-ASCII) stay inside chunks and are handled by
    the tokenizer itself when the chunk is first seen.
    """
    import numpy as np

    kinds = np.full(256, _WORD, dtype=np.uint8)
    kinds[[9, 10, 13, 32]] = _SPACE
    for low, high in ((33, 47), (58, 64), (91, 96), (123, 126)):
        kinds[low : high + 1] = _PUNCT
    return kinds


class _LazyKinds:
    """The byte table, built on first use (keeps numpy out of module import)."""

    table: Any = None

    def __getitem__(self, index: Any) -> Any:
        if self.table is None:
            self.table = _byte_kinds()
        return self.table[index]


_BYTE_KINDS = _LazyKinds()
_HASH_BASE = 0x100000001B3  # odd, so powers never vanish modulo 2**64
_HASH_LENGTH_MIX = 0x9E3779B97F4A7C15
_HASH_INVERSE = pow(_HASH_BASE, -1, 1 << 64)  # B * B**-1 == 1 modulo 2**64


def _chunk_hashes(buf: Any, starts: Any, ends: Any) -> Any:
    """A 64-bit hash of every chunk ``buf[start:end]``, independent of where it stands.

    With prefix sums ``C[i] = sum(buf[j] * B**j, j < i)`` (mod 2**64), a chunk's
    ``(C[end] - C[start]) * B**-start`` equals ``sum(buf[start+k] * B**k)``, which
    depends on the chunk's bytes only (B is odd, so it has an inverse modulo 2**64). The
    hash must not depend on the buffer either: the cache keeps chunks across batches.
    Collisions between distinct chunks are vanishingly rare for natural text (and would
    only swap one word's vector).
    """
    import numpy as np

    size = len(buf)
    powers, inverses = (_power_table(base, size + 1) for base in (_HASH_BASE, _HASH_INVERSE))
    prefix = np.zeros(size + 1, dtype=np.uint64)
    np.cumsum(buf.astype(np.uint64) * powers[:size], out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * inverses[starts]
    hashes ^= (ends - starts).astype(np.uint64) * np.uint64(_HASH_LENGTH_MIX)
    # A short chunk's sum has empty high bits, which the table's slots are taken from:
    # the finaliser of MurmurHash3 (a bijection) spreads every bit over all of them.
    hashes ^= hashes >> np.uint64(33)
    hashes *= np.uint64(0xFF51AFD7ED558CCD)
    hashes ^= hashes >> np.uint64(33)
    return hashes


_POWERS: dict[int, Any] = {}  # base -> its longest power table so far


def _power_table(base: int, size: int) -> Any:
    """``base**i`` modulo 2**64 for ``i < size`` (a view of a table kept per base).

    Every batch needs the powers up to its buffer's length: making them anew was an
    eighth of the tokenising time, so the table is kept, and grown when a buffer is longer.
    """
    import numpy as np

    table = _POWERS.get(base)
    if table is None or len(table) < size:
        length = max(size + size // 4, 1 << 16)  # some room, so a batch a little longer fits
        table = np.full(length, base, dtype=np.uint64)
        table[0] = 1
        np.cumprod(table, out=table)
        table.flags.writeable = False
        _POWERS[base] = table
    return table[:size]


class _HashTable:
    """An open-addressing table from 64-bit chunk hashes to chunk ids, probed in numpy.

    A sorted array with ``np.searchsorted`` was measured 3x slower: every lookup is a
    chain of cache misses, where a half-empty table answers most lookups in one probe.
    """

    def __init__(self, capacity: int = 1 << 16) -> None:
        import numpy as np

        self.count = 0
        self._keys = np.zeros(capacity, dtype=np.uint64)  # 0 marks an empty slot
        self._values = np.full(capacity, -1, dtype=np.int64)
        self._shift = np.uint64(64 - (capacity.bit_length() - 1))
        self._mask = capacity - 1

    def get(self, hashes: Any) -> Any:
        """Chunk id per hash, -1 where unknown."""
        import numpy as np

        keys = hashes | np.uint64(1)  # never 0
        out = np.full(len(keys), -1, dtype=np.int64)
        pending = np.arange(len(keys))
        slots = (keys >> self._shift).astype(np.int64)
        while len(pending):
            stored = self._keys[slots]
            hit = stored == keys[pending]
            out[pending[hit]] = self._values[slots[hit]]
            more = ~hit & (stored != 0)
            pending, slots = pending[more], (slots[more] + 1) & self._mask
        return out

    def add(self, hashes: Any, values: Any) -> None:
        """Insert new, distinct hashes (growing the table to stay at most half full)."""
        import numpy as np

        if 2 * (self.count + len(hashes)) > len(self._keys):
            old_keys, old_values = self._keys[self._keys != 0], self._values[self._keys != 0]
            capacity = len(self._keys)
            while 2 * (self.count + len(hashes)) > capacity:
                capacity *= 2
            self.__init__(capacity)  # type: ignore[misc]
            self._insert(old_keys, old_values)
        self._insert(hashes | np.uint64(1), np.asarray(values, dtype=np.int64))

    def _insert(self, keys: Any, values: Any) -> None:
        import numpy as np

        self.count += len(keys)
        slots = (keys >> self._shift).astype(np.int64)
        while len(keys):
            free = np.flatnonzero(self._keys[slots] == 0)
            # Keys aiming at the same free slot all write it; reading back tells which won.
            self._keys[slots[free]] = keys[free]
            won = free[self._keys[slots[free]] == keys[free]]
            self._values[slots[won]] = values[won]
            rest = np.ones(len(keys), dtype=bool)
            rest[won] = False
            keys, values = keys[rest], values[rest]
            slots = (slots[rest] + 1) & self._mask


def is_static_model(directory: Path) -> bool:
    """True when ``directory`` holds a static model written by :mod:`.distill`."""
    config = directory / "config.json"
    if not config.is_file():
        return False
    try:
        return bool(json.loads(config.read_text()).get("format") == STATIC_FORMAT)
    except (OSError, ValueError):
        return False


class StaticEmbedder:
    """Mean-of-token-vectors embeddings, L2-normalised, float32."""

    # The chunk cache: chunk hash -> _chunks -> chunk i, whose word-piece ids are
    # _pieces[_piece_starts[i] : _piece_starts[i] + _piece_lengths[i]].
    _chunks: _HashTable
    _pieces: npt.NDArray[np.int32]
    _piece_starts: npt.NDArray[np.int64]
    _piece_lengths: npt.NDArray[np.int64]

    def __init__(self, directory: Path, name: str) -> None:
        from safetensors.numpy import load_file

        if not is_static_model(directory):
            raise NotFoundError(
                f"no static model in {directory}",
                hint="reinstall launchpad, or pass --model with a sentence-transformers model",
            )
        try:
            config = json.loads((directory / "config.json").read_text())
            self._stored = load_file(str(directory / "vectors.safetensors"))["embeddings"]
            spec = json.loads((directory / "tokenizer.json").read_text(encoding="utf-8"))
        except (OSError, KeyError, ValueError, Exception) as err:
            raise ConfigError(f"the static model in {directory} is unreadable: {err}") from err
        self._wide: npt.NDArray[np.float32] | None = None
        self._rust: Any = None
        self.name = name
        self.dim = int(self._stored.shape[1])
        self.directory = directory
        self.config = config
        # the plain-Python WordPiece reads its vocabulary from the file: loading the Rust
        # tokenizer and asking it for the vocabulary took most of a cold start's load
        self._ascii = _AsciiWordPiece.from_spec(spec)
        if self._ascii is None:
            self._tokenizer()  # every chunk goes through it: fail now if it is unreadable
        self._reset_cache()

    def _tokenizer(self) -> Any:
        """The Rust tokenizer, loaded on first use (only non-ASCII chunks need it)."""
        if self._rust is None:
            from tokenizers import Tokenizer

            try:
                rust = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
            except Exception as err:
                raise ConfigError(
                    f"the static model in {self.directory} is unreadable: {err}"
                ) from err
            rust.no_padding()
            rust.no_truncation()
            self._rust = rust
        return self._rust

    def _table(self, ids: int) -> tuple[npt.NDArray[Any], bool]:
        """The token vectors, and whether they are float32 already.

        Stored as float16; widening all 30k rows costs more than a few short texts'
        look-ups, so it waits for a call with :data:`WIDEN_IDS` ids. Rows widened after
        the gather are the same float32 values, so the sums are identical either way.
        """
        import numpy as np

        if self._wide is None and (ids >= WIDEN_IDS or self._stored.dtype == np.float32):
            self._wide = np.ascontiguousarray(self._stored, dtype=np.float32)
        if self._wide is not None:
            return self._wide, True
        return self._stored, False

    def token_ids(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """Word-piece ids of all texts, concatenated, and the number of ids per text.

        The texts are joined into one UTF-8 buffer with ASCII lower-cased; numpy cuts it
        into chunks (runs of word bytes, and each ASCII punctuation character alone) and
        gives each a position-independent 64-bit polynomial hash, which is looked up in
        the open-addressing :class:`_HashTable` of known chunks. Only unseen chunks are
        decoded and tokenised (:meth:`_learn`); no per-chunk Python runs for the chunks
        already seen, which after the first few thousand texts are nearly all of them.
        """
        import numpy as np

        # bytes.lower() folds ASCII only: the tokenizer lower-cases other letters itself,
        # one character at a time (str.lower() would, e.g., turn a final sigma into ς).
        encoded = [text.encode("utf-8", "replace").lower() for text in texts]
        sizes = np.fromiter(map(len, encoded), np.int64, len(encoded))
        raw = b" ".join(encoded)  # a space between texts keeps chunks inside one text
        buf = np.frombuffer(raw, dtype=np.uint8)
        kind = _BYTE_KINDS[buf]
        word = kind == _WORD
        punct = kind == _PUNCT
        first = word.copy()
        first[1:] &= ~word[:-1]
        last = word.copy()
        last[:-1] &= ~word[1:]
        starts = np.flatnonzero(first | punct)
        ends = np.flatnonzero(last | punct) + 1
        hashes = _chunk_hashes(buf, starts, ends)

        if self._chunks.count > _CACHE_LIMIT:
            self._reset_cache()
        chunk_ids = self._chunks.get(hashes)
        unseen = np.flatnonzero(chunk_ids < 0)
        if len(unseen):
            # keys as the table stores them, so two hashes it cannot tell apart get one id
            fresh, first, inverse = np.unique(
                hashes[unseen] | np.uint64(1), return_index=True, return_inverse=True
            )
            where = unseen[first]
            chunks = [
                raw[a:b].decode("utf-8", "replace")
                for a, b in zip(starts[where].tolist(), ends[where].tolist(), strict=True)
            ]
            chunk_ids[unseen] = len(self._piece_lengths) + inverse.reshape(-1)
            self._learn(chunks, fresh)

        piece_lengths = self._piece_lengths[chunk_ids]
        piece_ends = np.cumsum(piece_lengths)
        # Expand every chunk into its run of word pieces, all in numpy.
        positions = np.arange(int(piece_ends[-1]) if len(piece_ends) else 0, dtype=np.int64)
        positions -= np.repeat(
            piece_ends - piece_lengths - self._piece_starts[chunk_ids], piece_lengths
        )
        ids = self._pieces[positions]
        text_ends = np.cumsum(sizes + 1) - 1  # offset of the separator after each text
        chunk_bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        chunk_bounds[1:] = np.searchsorted(starts, text_ends)
        token_bounds = np.concatenate([[0], piece_ends])[chunk_bounds]
        return ids, np.diff(token_bounds)

    def _learn(self, chunks: list[str], hashes: npt.NDArray[np.uint64]) -> None:
        """Tokenise unseen chunks (``hashes`` sorted, aligned) and add them to the cache.

        Plain-ASCII chunks go through :class:`_AsciiWordPiece` (measured ~5x faster than
        the Rust tokenizer's per-call overhead on single words); the rest through the
        tokenizer itself.
        """
        import numpy as np

        fast = self._ascii
        pieces: list[list[int]] = [[] for _ in chunks]
        slow = [i for i, chunk in enumerate(chunks) if fast is None or not chunk.isascii()]
        for i, encoding in zip(slow, self._encode([chunks[i] for i in slow]), strict=True):
            pieces[i] = encoding.ids
        if fast is not None:
            for i, chunk in enumerate(chunks):
                if chunk.isascii():
                    pieces[i] = fast(chunk)
        lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
        starts = len(self._pieces) + np.cumsum(lengths) - lengths
        flat = np.fromiter(chain.from_iterable(pieces), np.int32, int(lengths.sum()))
        self._pieces = np.concatenate([self._pieces, flat])
        self._piece_starts = np.concatenate([self._piece_starts, starts])
        self._piece_lengths = np.concatenate([self._piece_lengths, lengths])
        self._chunks.add(
            hashes, np.arange(len(self._piece_lengths) - len(chunks), len(self._piece_lengths))
        )

    def _encode(self, chunks: list[str]) -> list[Any]:
        if not chunks:
            return []
        return list(self._tokenizer().encode_batch_fast(chunks, add_special_tokens=False))

    def _reset_cache(self) -> None:
        import numpy as np

        self._chunks = _HashTable()
        self._pieces = np.zeros(0, dtype=np.int32)
        self._piece_starts = np.zeros(0, dtype=np.int64)
        self._piece_lengths = np.zeros(0, dtype=np.int64)

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 4096,
        progress: Progress | None = None,
    ) -> npt.NDArray[np.float32]:
        """Embed ``texts``: rows are L2-normalised (a text without tokens gives zeros)."""
        import numpy as np

        progress = progress or NullProgress()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            ids, lengths = self.token_ids(batch)
            out[start : start + len(batch)] = self._sums(ids, lengths)
            progress.advance(len(batch))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _sums(
        self, ids: npt.NDArray[np.int32], lengths: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float32]:
        """Sum of token vectors per text (the mean's direction).

        One small gather-and-sum per text: measured several times faster than one
        ``np.add.reduceat`` over a large gathered block, which spills out of the cache.
        """
        import numpy as np

        out = np.zeros((len(lengths), self.dim), dtype=np.float32)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        table, wide = self._table(len(ids))
        bounds = offsets.tolist()
        for row in np.flatnonzero(lengths).tolist():
            rows = table.take(ids[bounds[row] : bounds[row + 1]], axis=0)
            (rows if wide else rows.astype(np.float32)).sum(axis=0, out=out[row])
        return out


_DROP_CONTROL = dict.fromkeys((*range(32), 127))  # BERT drops control characters


class _AsciiWordPiece:
    """BERT's uncased WordPiece for one ASCII chunk, in plain Python.

    For ASCII text the BERT normaliser only lower-cases and drops control characters,
    and the pre-tokenizer splits every punctuation character off as its own token;
    the word pieces then follow by greedy longest match. A test checks that the result
    equals the Rust tokenizer's on real abstracts.
    """

    _PARTS = re.compile(r"[a-z0-9]+|[!-/:-@\\[-`{-~]")

    def __init__(self, vocab: dict[str, int], unk: int, prefix: str, max_chars: int) -> None:
        self._vocab = vocab
        self._unk = unk
        self._prefix = prefix
        self._max_chars = max_chars
        self._split_words: dict[str, list[int]] = {}

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> _AsciiWordPiece | None:
        """The fast path for an uncased BERT WordPiece tokenizer (``tokenizer.json``), else None.

        Its vocabulary is the model's with the added tokens over it, as the tokenizer's
        ``get_vocab()`` gives it (a test compares the two).
        """
        model, normalizer = spec.get("model") or {}, spec.get("normalizer") or {}
        pre = spec.get("pre_tokenizer") or {}
        if (
            model.get("type") != "WordPiece"
            or normalizer.get("type") != "BertNormalizer"
            or not normalizer.get("lowercase")
            or pre.get("type") != "BertPreTokenizer"
            or not isinstance(model.get("vocab"), dict)
        ):
            return None
        vocab = dict(model["vocab"])
        vocab.update({token["content"]: token["id"] for token in spec.get("added_tokens") or []})
        unk = vocab.get(model.get("unk_token", "[UNK]"))
        if unk is None:
            return None
        return cls(
            vocab,
            unk,
            model.get("continuing_subword_prefix", "##"),
            int(model.get("max_input_chars_per_word", 100)),
        )

    def __call__(self, chunk: str) -> list[int]:
        if chunk.isalnum():
            return self._word(chunk.lower())
        ids: list[int] = []
        for word in self._PARTS.findall(chunk.lower().translate(_DROP_CONTROL)):
            ids.extend(self._word(word))
        return ids

    def _word(self, word: str) -> list[int]:
        whole = self._vocab.get(word)
        if whole is not None:
            return [whole]
        known = self._split_words.get(word)
        if known is None:
            known = self._split_words[word] = self._pieces(word)
        return known

    def _pieces(self, word: str) -> list[int]:
        vocab = self._vocab
        if len(word) > self._max_chars:
            return [self._unk]
        out: list[int] = []
        start, size = 0, len(word)
        while start < size:
            end = size
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else self._prefix + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self._unk]
            out.append(found)
            start = end
        return out
