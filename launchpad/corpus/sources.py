"""Where papers come from: JSON lines files, the arXiv metadata snapshot, filters.

Every source yields :class:`Record` for a good line and :class:`Malformed` for a bad
one, so a build can count and report bad input without stopping. The OAI-PMH source
lives in :mod:`launchpad.corpus.oai` and follows the same shape.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any, Protocol

from launchpad.errors import ConfigError, InputError, NotFoundError

_VERSION = re.compile(r"v\d+$")
_CATEGORY = re.compile(r"([a-z][a-z-]*)(\.[A-Za-z][A-Za-z-]*)?")  # cs.CL, hep-th, q-bio.NC
ARCHIVES = frozenset(
    [
        "cs",
        "math",
        "stat",
        "physics",
        "q-bio",
        "q-fin",
        "econ",
        "eess",
        "astro-ph",
        "cond-mat",
        "gr-qc",
        "hep-ex",
        "hep-lat",
        "hep-ph",
        "hep-th",
        "math-ph",
        "nlin",
        "nucl-ex",
        "nucl-th",
        "quant-ph",
        "acc-phys",
        "adap-org",
        "alg-geom",
        "ao-sci",
        "atom-ph",
        "bayes-an",
        "chao-dyn",
        "chem-ph",
        "cmp-lg",
        "comp-gas",
        "dg-ga",
        "funct-an",
        "mtrl-th",
        "patt-sol",
        "plasm-ph",
        "q-alg",
        "solv-int",
        "supr-con",
    ]
)


def is_category(code: str) -> bool:
    """True for an arXiv category code (``cs.CL``, ``hep-th``) or archive (``stat``)."""
    match = _CATEGORY.fullmatch(code)
    return bool(match) and match.group(1) in ARCHIVES  # type: ignore[union-attr]


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as read from a source; ``categories`` has the primary first."""

    id: str
    title: str
    abstract: str
    categories: tuple[str, ...]
    published: dt.date


@dataclass(frozen=True, slots=True)
class Malformed:
    """A line or record that could not be used, and why (``where`` is file:line)."""

    where: str
    reason: str


class Source(Protocol):
    """A stream of records; ``label`` goes into the manifest."""

    label: str

    def records(self) -> Iterator[Record | Malformed]:
        """Yield every record in source order."""

    def size_hint(self) -> int | None:
        """About how many records ``records`` will yield (for progress), if cheap to know."""


def clean_text(text: str) -> str:
    """Collapse whitespace runs (the snapshot keeps the line breaks of the submission).

    Already-clean ASCII text (most of it) is recognised by a few fast scans.
    """
    if (
        text.isascii()
        and "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and "\x0b" not in text
        and "\x0c" not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    return " ".join(text.split())


def normalise_id(raw: str) -> str:
    """An arXiv id without URL prefix or version suffix."""
    text = raw.strip()
    for prefix in ("http://arxiv.org/abs/", "https://arxiv.org/abs/", "oai:arXiv.org:", "arXiv:"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return _VERSION.sub("", text)


def _categories(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items = value.split()
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [part for item in value for part in item.split()]
    else:
        raise ValueError("categories must be a list of strings or a space-separated string")
    # Some sources mix ACM (I.2.7) and MSC (68T50) classes or subject words into the
    # list: keep arXiv category codes only.
    kept = [item for item in items if is_category(item)]
    if not kept:
        raise ValueError("no arXiv categories")
    return tuple(dict.fromkeys(kept))


def _date(value: Any) -> dt.date:
    if not isinstance(value, str) or len(value) < 10:
        raise ValueError(f"published is not a YYYY-MM-DD date: {value!r}")
    return dt.date.fromisoformat(value[:10])


def make_record(
    paper_id: Any, title: Any, abstract: Any, categories: Any, published: dt.date
) -> Record:
    """Validate and normalise the fields of one paper (raises ValueError)."""
    if not isinstance(paper_id, str) or not paper_id.strip():
        raise ValueError("missing id")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("missing title")
    if not isinstance(abstract, str) or not abstract.strip():
        raise ValueError("missing abstract")
    return Record(
        normalise_id(paper_id),
        clean_text(title),
        clean_text(abstract),
        _categories(categories),
        published,
    )


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


@dataclass(frozen=True)
class Filters:
    """Which records to keep: any listed category (or archive prefix), a date window."""

    categories: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    def keep(self, record: Record) -> bool:
        """True when ``record`` passes every filter."""
        if self.since is not None and record.published < self.since:
            return False
        if self.until is not None and record.published > self.until:
            return False
        if not self.categories:
            return True
        return any(_matches(category, self.categories) for category in record.categories)

    def describe(self) -> str:
        """A short human description for manifests and reports."""
        parts = []
        if self.categories:
            parts.append("categories=" + ",".join(self.categories))
        if self.since:
            parts.append(f"since={self.since}")
        if self.until:
            parts.append(f"until={self.until}")
        return " ".join(parts)


def _matches(category: str, wanted: Sequence[str]) -> bool:
    return any(category == item or category.startswith(item + ".") for item in wanted)


def parse_categories(text: str | None) -> tuple[str, ...]:
    """``"cs.CL, cs.LG"`` -> ``("cs.CL", "cs.LG")``; an archive such as ``cs`` matches all."""
    if not text:
        return ()
    items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for item in items:
        canonical = canonical_category(item)
        if not is_category(canonical):
            raise InputError(
                f"{item!r} is not an arXiv category",
                hint="use codes like cs.CL,cs.LG or an archive",
            )
        if canonical != item:  # cs.cl would silently match nothing
            raise InputError(
                f"{item!r} is not an arXiv category",
                hint=f"codes are case-sensitive: {canonical}",
            )
    return items


def canonical_category(code: str) -> str:
    """``code`` in arXiv's spelling, e.g. ``CS.cl`` -> ``cs.CL``.

    Subject classes are upper case except in physics and cond-mat (``physics.soc-ph``).
    """
    archive, dot, subject = code.partition(".")
    archive = archive.lower()
    if subject:
        subject = subject.lower() if archive in {"physics", "cond-mat"} else subject.upper()
    return archive + dot + subject


def parse_date(text: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value (None stays None)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise InputError(f"{option} {text!r} is not a date", hint="use YYYY-MM-DD") from err


def file_sources(paths: Iterable[Path], kind: str) -> list[Source]:
    """Sources for files given on the command line; every file must exist."""
    cls = SnapshotSource if kind == "snapshot" else JsonlSource
    out: list[Source] = []
    for path in paths:
        _check_readable(path)
        out.append(cls(path))
    return out
