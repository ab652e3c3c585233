"""Readers of paper files: JSON lines and the arXiv metadata snapshot, plain or gzip.

Both yield :class:`~launchpad.corpus.records.Record` for a good line and
:class:`~launchpad.corpus.records.Malformed` for a bad one; the OAI-PMH source lives in
:mod:`launchpad.corpus.oai` and follows the same shape.
"""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from launchpad.corpus.records import Malformed, Record, Source, make_record
from launchpad.errors import ConfigError, InputError, NotFoundError


def _date(value: Any) -> dt.date:
    if not isinstance(value, str) or len(value) < 10:
        raise ValueError(f"published is not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(value[:10])


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TypeError("not a JSON object")
    return data


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a file", hint="pass the file itself")
    if not path.is_file():
        raise NotFoundError(f"{path} does not exist", hint="check the file name")


def _open_lines(path: Path) -> IO[bytes]:
    _check_file(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _check_readable(path: Path) -> None:
    """Fail early, in one line, on a file that cannot be read at all (not gzip, say)."""
    _check_file(path)
    try:
        with _open_lines(path) as handle:
            handle.read(1)
    except (OSError, EOFError, zlib.error) as err:
        kind = "a gzip file" if path.suffix == ".gz" else "readable"
        raise ConfigError(
            f"{path} is not {kind}: {err}",
            hint="pass JSON lines, plain or gzip-compressed (.gz)",
        ) from err


EXACT_COUNT_BYTES = 8 << 20  # files up to this size on disk are counted line by line
SAMPLE_BYTES = 4 << 20  # larger ones: the lines in their first 4 MB, scaled to the whole


def estimate_lines(path: Path) -> int:
    """About how many lines a plain or gzip file holds, without reading all of it.

    Small files are counted; a large one (a 4 GB snapshot) is sampled from its start and
    scaled by its size on disk, so the progress bar has a total without a second pass
    over the data.
    """
    size = path.stat().st_size
    if size <= EXACT_COUNT_BYTES:
        return count_lines(path)
    with path.open("rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
        lines = 0
        while raw.tell() < SAMPLE_BYTES and (block := stream.read(1 << 20)):
            lines += block.count(b"\n")
        consumed = max(raw.tell(), 1)
    return max(lines, round(lines * size / consumed))


def count_lines(path: Path) -> int:
    """Number of lines in a plain or gzip file (read in large blocks)."""
    with _open_lines(path) as handle:
        count = 0
        last = b"\n"
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
            last = block[-1:]
        return count + (last != b"\n")


class _LineSource:
    """Shared reading loop: one JSON object per line, plain or gzip."""

    kind = "jsonl"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = f"{self.kind}:{path.name}"

    def size_hint(self) -> int | None:
        try:
            return estimate_lines(self.path)
        except (OSError, EOFError, zlib.error):  # a damaged gzip: reported while reading
            return None

    def records(self) -> Iterator[Record | Malformed]:
        import orjson

        with _open_lines(self.path) as handle:
            try:
                for number, line in enumerate(handle, start=1):
                    if number == 1 and line.startswith(b"\xef\xbb\xbf"):  # a UTF-8 BOM
                        line = line[3:]  # noqa: PLW2901
                    if not line.strip():
                        continue
                    try:
                        yield self._record(_object(orjson.loads(line)))
                    except (ValueError, TypeError, KeyError) as err:
                        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
                        yield Malformed(f"{self.path.name}:{number}", reason[:200])
            except (OSError, EOFError, zlib.error) as err:  # truncated or corrupt gzip
                yield Malformed(f"{self.path.name}", f"unreadable from here on: {err}")

    def _record(self, data: dict[str, Any]) -> Record:
        if "published" not in data and "versions" in data:
            raise ValueError("no published date: this looks like the snapshot, use --from-snapshot")
        return make_record(
            data.get("id"),
            data.get("title"),
            data.get("abstract"),
            data.get("categories"),
            _date(data.get("published")),
        )


class JsonlSource(_LineSource):
    """Records of the shape ``{id, title, abstract, categories, published}``."""

    kind = "jsonl"


class SnapshotSource(_LineSource):
    """The ``arxiv-metadata-oai-snapshot`` JSON lines file (plain or gzip).

    ``published`` is the date of the first version in ``versions``.
    """

    kind = "snapshot"

    def _record(self, data: dict[str, Any]) -> Record:
        if "versions" not in data and "published" in data:
            raise ValueError("no versions: this looks like JSON lines, use --from-jsonl")
        return make_record(
            data.get("id"),
            data.get("title"),
            data.get("abstract"),
            data.get("categories"),
            first_version_date(data.get("versions")),
        )


def first_version_date(versions: Any) -> dt.date:
    """The creation date of v1 (or of the earliest version listed)."""
    if not isinstance(versions, list) or not versions:
        raise ValueError("no versions to take the first-version date from")
    dates = []
    for version in versions:
        created = version.get("created") if isinstance(version, dict) else None
        if not isinstance(created, str):
            continue
        try:
            stamp = parsedate_to_datetime(created)
        except (TypeError, ValueError):
            continue
        if version.get("version") == "v1":
            return stamp.date()
        dates.append(stamp.date())
    if not dates:
        raise ValueError("no readable version dates")
    return min(dates)


def file_sources(paths: Iterable[Path], kind: str) -> list[Source]:
    """Sources for files given on the command line; every file must exist."""
    cls = SnapshotSource if kind == "snapshot" else JsonlSource
    out: list[Source] = []
    for path in paths:
        _check_readable(path)
        out.append(cls(path))
    return out
