"""The static embedding model: a text is the mean of its tokens' vectors.

Loading and encoding need only numpy, ``tokenizers`` and ``safetensors`` (no torch), so
the default model works on a fresh offline install and loads in well under a second.

Speed comes from tokenising each distinct whitespace-separated chunk once: the BERT
tokenizer lower-cases, splits on whitespace and then on punctuation, so the word pieces
of a text are the concatenation of the word pieces of its chunks. A per-process cache
maps chunks to their ids; only unseen chunks go through the Rust tokenizer (in parallel
batches). Means are summed one text at a time, which keeps the gathered rows in the CPU cache.
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

    # The chunk cache: chunk -> index; word-piece ids of chunk i are
    # _pieces[_piece_starts[i] : _piece_starts[i] + _piece_lengths[i]].
    _index: dict[str, int]
    _pieces: npt.NDArray[np.int32]
    _piece_starts: npt.NDArray[np.int64]
    _piece_lengths: npt.NDArray[np.int64]

    def __init__(self, directory: Path, name: str) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        if not is_static_model(directory):
            raise NotFoundError(
                f"no static model in {directory}",
                hint="reinstall launchpad, or pass --model with a sentence-transformers model",
            )
        try:
            config = json.loads((directory / "config.json").read_text())
            table = load_file(str(directory / "vectors.safetensors"))["embeddings"]
            self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except (OSError, KeyError, ValueError, Exception) as err:
            raise ConfigError(f"the static model in {directory} is unreadable: {err}") from err
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._table = np.ascontiguousarray(table, dtype=np.float32)
        self.name = name
        self.dim = int(self._table.shape[1])
        self.directory = directory
        self.config = config
        self._ascii = _AsciiWordPiece.from_tokenizer(self._tokenizer)
        self._reset_cache()

    def token_ids(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """Word-piece ids of all texts, concatenated, and the number of ids per text."""
        import numpy as np

        splits = list(map(str.split, map(str.lower, texts)))
        chunks = list(chain.from_iterable(splits))
        if len(self._index) > _CACHE_LIMIT:
            self._reset_cache()
        unseen = list(set(chunks).difference(self._index))
        if unseen:
            self._learn(unseen)
        chunk_ids = np.fromiter(map(self._index.__getitem__, chunks), np.int64, len(chunks))
        piece_lengths = self._piece_lengths[chunk_ids]
        ends = np.cumsum(piece_lengths)
        # Expand every chunk into its run of word pieces, all in numpy.
        positions = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        positions -= np.repeat(ends - piece_lengths - self._piece_starts[chunk_ids], piece_lengths)
        ids = self._pieces[positions]
        chunk_bounds = np.zeros(len(splits) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, splits), np.int64, len(splits)), out=chunk_bounds[1:])
        token_bounds = np.concatenate([[0], ends])[chunk_bounds]
        return ids, np.diff(token_bounds)

    def _learn(self, chunks: list[str]) -> None:
        """Tokenise unseen chunks and append them to the cache.

        Plain-ASCII chunks go through :class:`_AsciiWordPiece` (measured ~5x faster than
        the Rust tokenizer's per-call overhead on single words); the rest through the
        tokenizer itself.
        """
        import numpy as np

        fast = self._ascii
        if fast is not None:
            chunks.sort(key=str.isascii)  # non-ASCII first, then ASCII
            split = next((i for i, chunk in enumerate(chunks) if chunk.isascii()), len(chunks))
            pieces = [encoding.ids for encoding in self._encode(chunks[:split])]
            pieces += list(map(fast, chunks[split:]))
        else:
            pieces = [encoding.ids for encoding in self._encode(chunks)]
        lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
        starts = len(self._pieces) + np.cumsum(lengths) - lengths
        first = len(self._index)
        self._index.update(zip(chunks, range(first, first + len(chunks)), strict=True))
        flat = np.fromiter(chain.from_iterable(pieces), np.int32, int(lengths.sum()))
        self._pieces = np.concatenate([self._pieces, flat])
        self._piece_starts = np.concatenate([self._piece_starts, starts])
        self._piece_lengths = np.concatenate([self._piece_lengths, lengths])

    def _encode(self, chunks: list[str]) -> list[Any]:
        if not chunks:
            return []
        return list(self._tokenizer.encode_batch_fast(chunks, add_special_tokens=False))

    def _reset_cache(self) -> None:
        import numpy as np

        self._index = {}
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
        table = self._table
        bounds = offsets.tolist()
        for row in np.flatnonzero(lengths).tolist():
            table.take(ids[bounds[row] : bounds[row + 1]], axis=0).sum(axis=0, out=out[row])
        return out


class _AsciiWordPiece:
    """BERT's uncased WordPiece for one ASCII chunk, in plain Python.

    For ASCII text the BERT normaliser only lower-cases and drops control characters,
    and the pre-tokenizer splits every non-alphanumeric character off as its own token;
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
    def from_tokenizer(cls, tokenizer: Any) -> _AsciiWordPiece | None:
        """The fast path for an uncased BERT WordPiece tokenizer, else None."""
        spec = json.loads(tokenizer.to_str())
        model, normalizer = spec.get("model") or {}, spec.get("normalizer") or {}
        pre = spec.get("pre_tokenizer") or {}
        if (
            model.get("type") != "WordPiece"
            or normalizer.get("type") != "BertNormalizer"
            or not normalizer.get("lowercase")
            or pre.get("type") != "BertPreTokenizer"
        ):
            return None
        vocab = tokenizer.get_vocab()
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
        ids: list[int] = []
        for word in self._PARTS.findall(chunk.lower()):
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
