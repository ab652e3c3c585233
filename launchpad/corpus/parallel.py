"""Embedding off the main process, so parsing, embedding and storing overlap.

The static model's tokenisation is Python-bound (it holds the GIL), so threads do not
help it; worker processes do. Each worker loads the model once (a fraction of a second
for the static model) and embeds its share of every batch; the main process keeps
reading the next batch and committing the previous one meanwhile. Results come back in
submission order, so rows are assigned exactly as in a single-process build.

Workers die with the build: a worker blocks on a queue whose write end it holds itself,
so it would never notice a parent killed by kill -9 (nor would the resource tracker,
which waits for every worker). On Linux the kernel kills each worker with its parent
(``PR_SET_PDEATHSIG``); elsewhere a watchdog thread in the worker exits when it is
re-parented.

A sentence-transformers model embeds in-process, or on ``--device``s
(:mod:`launchpad.corpus.devices`): with several, in sentence-transformers' own pool of
processes, which ``close`` stops whatever ended the build (an error, Ctrl-C).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Protocol

from launchpad.errors import LaunchpadError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from launchpad.corpus.embed import Embedder

MIN_PARALLEL = 4096  # smaller batches are embedded in-process (worker start-up costs ~1 s)
_worker_embedder: Any = None


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_SECONDS = 1.0


def _die_with(parent: int) -> None:
    """End this process when ``parent`` (the build) ends, however it ends.

    The death signal follows the parent thread that spawned the worker; the pool starts
    its workers from ``submit``, on the build's thread, which outlives the pool.
    """
    if sys.platform == "linux":
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


class DiesWithParent:
    """Pickled into a process (inside an argument), ties its life to ``parent``'s.

    For pools this module does not start itself (sentence-transformers' multi-process
    pool): unpickling it in the new process calls :func:`_die_with`.
    """

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return _die_with, (self.parent,)


def _init_worker(model: str, parent: int) -> None:
    global _worker_embedder  # noqa: PLW0603 - one model per worker process
    from launchpad.corpus.embed import load_embedder

    _die_with(parent)
    _worker_embedder = load_embedder(model)


def _encode_in_worker(texts: list[str]) -> Any:
    return _worker_embedder.encode(texts).astype("float16")


class Pending(Protocol):
    """A batch being embedded."""

    def result(self) -> npt.NDArray[np.float16]:
        """The float16 vectors, in input order (waits if needed)."""


class _Done:
    def __init__(self, vectors: npt.NDArray[np.float16]) -> None:
        self._vectors = vectors

    def result(self) -> npt.NDArray[np.float16]:
        return self._vectors


class _Parts:
    def __init__(self, futures: list[Future[Any]]) -> None:
        self._futures = futures

    def result(self) -> npt.NDArray[np.float16]:
        import numpy as np

        try:
            return np.concatenate([future.result() for future in self._futures])
        except BrokenProcessPool as err:
            raise LaunchpadError(
                "an embedding worker process died",
                hint="re-run the build (it resumes where it stopped); if it recurs, "
                "check the memory available",
            ) from err


class BatchEncoder:
    """Embeds batches in worker processes (static model, 2+ cores), in-process, or on devices."""

    def __init__(
        self, embedder: Embedder, workers: int | None = None, devices: Sequence[str] = ()
    ) -> None:
        from launchpad.corpus.devices import placed
        from launchpad.corpus.static import StaticEmbedder

        self._placed = placed(embedder, devices) if devices else None
        self._embedder: Embedder = self._placed or embedder
        if workers is None:
            workers = min(2, os.cpu_count() or 1) if isinstance(embedder, StaticEmbedder) else 0
        self._workers = workers if workers > 1 else 0
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, texts: Sequence[str]) -> Pending:
        """Start embedding ``texts``; small batches are embedded at once, in-process."""
        if not self._workers or len(texts) < MIN_PARALLEL:
            return _Done(self._embedder.encode(texts).astype("float16"))
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self._embedder.name, os.getpid()),
            )
        step = -(-len(texts) // self._workers)
        parts = [list(texts[i : i + step]) for i in range(0, len(texts), step)]
        return _Parts([self._pool.submit(_encode_in_worker, part) for part in parts])

    def close(self) -> None:
        """Stop the workers (pending work is cancelled) and a device pool."""
        try:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
        finally:
            if self._placed is not None:
                self._placed.close()
