"""The embedding matrix on disk, and the scan that scores queries against it.

Format 2 corpora keep the vectors as raw row-major float32 (``vectors.f32``). The values
are the embedder's output rounded to float16, so scores are those of a float16 matrix;
storing them widened costs twice the disk but takes the per-query widening (about 90 %
of a search over float16) off the search path: a query is one BLAS matrix product over
the mapped pages, at memory bandwidth.

A scan reads only the blocks of rows that hold a wanted row. Builds append papers in the
order of their sources (the arXiv snapshot, OAI-PMH harvests and the shared parts are in
date order), so the rows up to an ``--as-of`` date are a prefix and later rows are never
read. A block with few wanted rows (a small category) is gathered instead of scanned.
Matrices larger than :data:`RESIDENT_BYTES` hand each block's pages back to the page
cache after use, so resident memory stays near one span whatever the corpus size.

Format 1 corpora (``vectors.f16``) are still read, widened once and kept (block by block
past 1 GB of float32, as before); the next build of such a corpus converts the file once
(:func:`upgrade`).
"""

from __future__ import annotations

import mmap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from launchpad.atomicfile import atomic_write

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "F16_NAME",
    "F32_NAME",
    "VALUE_BYTES",
    "Matrix",
    "open_matrix",
    "upgrade",
]

F32_NAME = "vectors.f32"  # format 2
F16_NAME = "vectors.f16"  # format 1
VALUE_BYTES = 4  # bytes per stored value (float32)
FILES = {"float32": F32_NAME, "float16": F16_NAME}
BLOCK = 4096  # rows: the unit of "is any row of this block wanted"
SPAN = 1 << 16  # rows per matrix product
DENSE = 8  # a block is scanned whole when at least 1/DENSE of its rows are wanted
RESIDENT_BYTES = 512 << 20  # larger matrices release their pages after each span
WIDE_BYTES = 1 << 30  # a float16 matrix is widened once and kept up to this float32 size


class Matrix:
    """A read-only (count, dim) matrix mapped from a corpus's vector file."""

    def __init__(self, path: Path, dtype: str, count: int, dim: int) -> None:
        import numpy as np

        self.path = path
        self.dtype = dtype
        self._map: mmap.mmap | None = None
        self._release = False
        self._wide: npt.NDArray[np.float32] | None = None
        if count == 0:
            self.array: npt.NDArray[Any] = np.zeros((0, dim), dtype=dtype)
            return
        size = count * dim * np.dtype(dtype).itemsize
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), size, access=mmap.ACCESS_READ)
        self.array = np.frombuffer(self._map, dtype=dtype, count=count * dim).reshape(count, dim)
        self._release = size > RESIDENT_BYTES and hasattr(self._map, "madvise")
        self._row_bytes = dim * np.dtype(dtype).itemsize

    def __len__(self) -> int:
        return len(self.array)

    def scan(
        self,
        queries: npt.NDArray[np.float32],
        rows: npt.NDArray[np.int64] | None = None,
    ) -> npt.NDArray[np.float32]:
        """``queries @ matrix[rows].T``: (m, len(rows)), rows ascending (all when None)."""
        import numpy as np

        queries = np.ascontiguousarray(queries, dtype=np.float32)
        if rows is None:
            rows = np.arange(len(self), dtype=np.int64)
        out = np.empty((len(queries), len(rows)), dtype=np.float32)
        if len(rows) == 0:
            return out
        blocks = rows // BLOCK
        cuts = np.flatnonzero(np.diff(blocks)) + 1
        starts = np.concatenate(([0], cuts))  # first wanted row of each touched block
        ends = np.concatenate((cuts, [len(rows)]))
        ids = blocks[starts]
        dense = (ends - starts) * DENSE >= BLOCK
        group, count = 0, len(starts)
        while group < count:
            last = group
            if dense[group]:
                while (
                    last + 1 < count
                    and dense[last + 1]
                    and ids[last + 1] == ids[last] + 1
                    and (ids[last + 1] - ids[group] + 1) * BLOCK <= SPAN
                ):
                    last += 1
                lo, hi = int(ids[group]) * BLOCK, min(int(ids[last] + 1) * BLOCK, len(self))
                first, stop = int(starts[group]), int(ends[last])
                block = self._widened(slice(lo, hi))
                if stop - first == hi - lo:  # every row wanted: the product lands in place
                    np.matmul(queries, block.T, out=out[:, first:stop])
                else:
                    out[:, first:stop] = (queries @ block.T)[:, rows[first:stop] - lo]
            else:
                while (
                    last + 1 < count
                    and not dense[last + 1]
                    and ends[last + 1] - starts[group] <= SPAN
                ):
                    last += 1
                first, stop = int(starts[group]), int(ends[last])
                out[:, first:stop] = queries @ self._widened(rows[first:stop]).T
                lo, hi = int(ids[group]) * BLOCK, min(int(ids[last] + 1) * BLOCK, len(self))
            self._drop(lo, hi)
            group = last + 1
        return out

    def _widened(self, index: slice | npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
        import numpy as np

        if self.dtype == "float16" and self.array.size * 4 <= WIDE_BYTES:
            if self._wide is None:  # format 1: widen once, as that format always did
                self._wide = np.asarray(self.array, dtype=np.float32)
            return self._wide[index]
        return np.asarray(self.array[index], dtype=np.float32)

    def _drop(self, lo: int, hi: int) -> None:
        """Hand the pages of rows ``lo..hi`` back to the page cache (large matrices only)."""
        if not self._release or self._map is None:
            return
        start = lo * self._row_bytes // mmap.PAGESIZE * mmap.PAGESIZE
        self._map.madvise(mmap.MADV_DONTNEED, start, hi * self._row_bytes - start)


def open_matrix(directory: Path, dtype: str, count: int, dim: int) -> Matrix | None:
    """The corpus's vectors, or None when the file is missing or short.

    The manifest names the dtype; while a build converts a format-1 corpus, its old
    manifest may outlive the float16 file, so the other file is taken when it is there.
    """
    import numpy as np

    for kind in (dtype, *(other for other in FILES if other != dtype)):
        path = directory / FILES[kind]
        if path.is_file() and path.stat().st_size >= count * dim * np.dtype(kind).itemsize:
            return Matrix(path, kind, count, dim)
    return None


def upgrade(directory: Path, count: int, dim: int) -> None:
    """Convert a format-1 corpus's float16 vectors to float32, once, crash-safely.

    The float32 file appears complete or not at all (written aside, fsynced, renamed);
    the float16 file goes only after that, so a killed conversion is redone by the next
    build. The values are widened exactly: scores do not change.
    """
    import numpy as np

    old = directory / F16_NAME
    if not old.is_file():
        return
    if not (directory / F32_NAME).is_file():
        with atomic_write(directory / F32_NAME) as handle:
            if count:
                source = np.memmap(old, dtype=np.float16, mode="r", shape=(count, dim))
                for start in range(0, count, SPAN):
                    block = np.asarray(source[start : start + SPAN], dtype=np.float32)
                    handle.write(block.tobytes())
    old.unlink()
