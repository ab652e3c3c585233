"""What a scoring job is given: ideas (one text, several, or a file of them) and a corpus.

The ideas are checked here, before any corpus is opened, so a bad idea costs nothing:
empty or non-text ideas are an :class:`~launchpad.errors.InputError`, a long one is
truncated with a notice, and in a batch errors and notices name the idea they are about.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from launchpad.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from launchpad.corpus.store import Corpus

MAX_IDEA_CHARS = 1000  # longer texts are truncated (with a notice)
# One scoring run takes at most this many ideas: each costs tens of milliseconds (more on
# a large corpus), and all are ranked together, so 200k ideas would run for hours.
MAX_IDEAS = 10_000


def clean_idea(text: str) -> tuple[str, list[str]]:
    """The idea text ready to score, and notices about what was changed.

    Raises :class:`InputError` for empty text and for text that is not text (undecodable
    bytes arrive as surrogate escapes; control characters other than whitespace).
    """
    if any("\udc80" <= ch <= "\udcff" for ch in text) or "\x00" in text or "\ufffd" in text:
        raise InputError(
            "the idea contains bytes that are not UTF-8 text",
            hint="pass the idea as plain UTF-8 text",
        )
    if any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text):
        raise InputError("the idea contains control characters", hint="pass the idea as plain text")
    value = " ".join(text.split())
    if not value:
        raise InputError(
            "the idea is empty",
            hint='describe the problem in a few words, e.g. "late interaction retrieval with BERT"',
        )
    notices = []
    if len(value) > MAX_IDEA_CHARS:
        notices.append(
            f"the idea was truncated to its first {MAX_IDEA_CHARS} characters (it had {len(value)})"
        )
        value = value[:MAX_IDEA_CHARS].rsplit(" ", 1)[0] or value[:MAX_IDEA_CHARS]
    return value, notices


def read_ideas_file(data: bytes, name: str, limit: int | None = MAX_IDEAS) -> list[str]:
    """Ideas from a text file, one per line; blank lines and ``#`` comments skipped.

    ``limit`` bounds a run whose results are kept until the end to be ranked; a run that
    streams its results (``limit=None``) takes any number.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name} is not UTF-8 text (byte {err.start})", hint="save it as UTF-8 text"
        ) from err
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            f"{name} is not a text file (NUL byte on line {line})",
            hint="write one idea per line in a plain UTF-8 text file",
        )
    ideas = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not ideas:
        raise InputError(f"{name} holds no ideas", hint="write one idea per line")
    if limit is not None and len(ideas) > limit:
        raise InputError(
            f"{name} holds {len(ideas):,} ideas; a ranked run scores at most {limit:,}",
            hint="stream them unranked with --format jsonl, or split the file into parts of "
            f"up to {limit:,} lines",
        )
    return ideas


IdeasInput = str | Sequence[str] | os.PathLike[str]
"""One idea, several, or the path of a file with one idea per line."""


def prepare_ideas(ideas: IdeasInput, limit: int | None = MAX_IDEAS) -> list[tuple[str, list[str]]]:
    """Each idea cleaned with :func:`clean_idea`, and the notices about it (``limit``: see
    :func:`read_ideas_file`).

    In a batch, errors and notices name the idea they are about: ``idea N in FILE`` for
    a file, ``idea N`` for a list of several.
    """
    if isinstance(ideas, os.PathLike):
        path = Path(ideas)
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise NotFoundError(
                f"cannot read {path}: {err.strerror}", hint="check the path"
            ) from err
        texts = read_ideas_file(raw, str(path), limit)
        where: str | None = f" in {path}"
    elif isinstance(ideas, str):
        texts, where = [ideas], None
    else:
        texts = list(ideas)
        if not texts:
            raise InputError(
                "no idea given", hint='give at least one, e.g. "late interaction retrieval"'
            )
        where = "" if len(texts) > 1 else None
    prepared = []
    for number, text in enumerate(texts, start=1):
        try:
            clean, notes = clean_idea(text)
        except InputError as err:
            if where is None:
                raise
            raise InputError(f"idea {number}{where}: {err.message}", hint=err.hint) from err
        if where is not None:
            notes = [f"idea {number}{where}: {note}" for note in notes]
        prepared.append((clean, notes))
    return prepared


@contextlib.contextmanager
def opened(corpus: Corpus | Path | None) -> Iterator[Corpus]:
    """An open corpus as it is (the caller closes it), or a directory opened for the block."""
    from launchpad.corpus.store import Corpus

    if isinstance(corpus, Corpus):
        yield corpus
        return
    with Corpus.open(corpus) as store:
        yield store
