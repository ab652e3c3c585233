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
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from launchpad.errors import ConfigError, NotFoundError
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

STATIC_FORMAT = "launchpad-static/1"
_CACHE_LIMIT = 3_000_000  # distinct chunks kept before the cache is cleared (~400 MB)


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
        self._cache: dict[str, list[int]] = {}

    def token_ids(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """Word-piece ids of all texts, concatenated, and the number of ids per text."""
        import numpy as np

        splits = [text.lower().split() for text in texts]
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        unseen = list({chunk for chunks in splits for chunk in chunks if chunk not in cache})
        if unseen:
            encodings = self._tokenizer.encode_batch_fast(unseen, add_special_tokens=False)
            for chunk, encoding in zip(unseen, encodings, strict=True):
                cache[chunk] = encoding.ids
        get = cache.__getitem__
        per_text = [list(chain.from_iterable(map(get, chunks))) for chunks in splits]
        lengths = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
        ids = np.fromiter(chain.from_iterable(per_text), dtype=np.int32, count=int(lengths.sum()))
        return ids, lengths

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
