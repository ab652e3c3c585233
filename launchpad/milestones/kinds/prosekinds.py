"""Kinds that read what the prose says, not what its sections are called: M3's case.

A library often makes its case in sentences ("3x faster than X", "compared to Cholesky
solvers") or in a results table beside each example's paper; headings and file names
miss that. :func:`pages` is the text these kinds (and :mod:`.audiencekinds`) read: the
README, the docs pages and the examples' READMEs, each read once per run, when first
reached, and within bounds (:data:`MAX_PAGES`, the tree's read limit). Each kind says
where it found its evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from weakref import WeakKeyDictionary

from launchpad.milestones.model import Outcome, count, failed, passed
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles, is_release_notes
from launchpad.milestones.sources.markup import Table, is_rst, parse_tables

MAX_PAGES = 400  # docs pages read for their prose (the docs walk itself lists more)
MAX_EXAMPLE_READMES = 200
EXAMPLE_READMES = (
    "**/examples/**/readme.md", "**/examples/**/readme.markdown", "**/examples/**/readme.rst",
    "**/example/**/readme.md", "**/projects/**/readme.md",
)  # fmt: skip
# Pages written for contributors, not users: their "engineers" and "vs" are about the code.
CONTRIBUTOR_PAGE = re.compile(r"contribut|develop|maintain|migrat|adapter|internal", re.I)


@dataclass(frozen=True)
class Page:
    """One page's text: ``prose`` has its code blocks blanked, line numbers kept."""

    path: str
    text: str
    prose: str

    @cached_property
    def low(self) -> str:
        """``prose`` in lower case, offset for offset: case-sensitive patterns over it are
        three times faster than case-insensitive ones over ``prose``."""
        low = self.prose.lower()
        if len(low) == len(self.prose):
            return low
        return "".join(c.lower() if len(c.lower()) == 1 else c for c in self.prose)  # "İ"


_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
_RST_CODE = re.compile(r"::[ \t]*\n(?:[ \t]*\n)*(?:(?:[ \t]+\S.*)?\n)+", re.MULTILINE)


class _Pages:
    """The pages of one checkout, each read the first time a kind reaches it: a kind that
    has its evidence after three pages does not pay for reading three hundred."""

    def __init__(self, files: RepoFiles, readme: Readme, docs: Docs) -> None:
        paths = [readme.path] if readme.path else []
        paths += [p for p in docs.paths[:MAX_PAGES] if not is_release_notes(p)]
        paths += files.glob(*EXAMPLE_READMES)[:MAX_EXAMPLE_READMES]
        self.paths = list(dict.fromkeys(paths))
        self.files, self.readme = files, readme
        self.read: list[Page] = []

    def __iter__(self) -> Iterator[Page]:
        for index, path in enumerate(self.paths):
            if index == len(self.read):
                text = self.readme.text if path == self.readme.path else self.files.text(path)
                self.read.append(Page(path, text, _prose(path, text)))
            yield self.read[index]


_PAGES: WeakKeyDictionary[RepoFiles, _Pages] = WeakKeyDictionary()


def _blank(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def _prose(path: str, text: str) -> str:
    prose = _FENCE.sub(_blank, text)
    return _RST_CODE.sub(_blank, prose) if is_rst(path) else prose


def pages(files: RepoFiles, readme: Readme, docs: Docs) -> Iterator[Page]:
    """The README, the docs pages (no release notes) and the examples' READMEs, in that
    order; each page is read once per run, when first reached."""
    if files not in _PAGES:
        _PAGES[files] = _Pages(files, readme, docs)
    return iter(_PAGES[files])


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text).split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def show(found: list[str], total: int) -> str:
    more = f" (+{total - len(found)} more)" if total > len(found) else ""
    return "; ".join(found) + more


def tally(found: dict[str, str], need: int, noun: str, none: str) -> Outcome:
    """Passed with at least ``need`` distinct things found (name -> where), else failed
    with what was found; ``none`` says what was looked for when nothing was."""
    shown = [f"{name} ({where})" for name, where in list(found.items())[:4]]
    if len(found) >= need:
        return passed(f"{count(len(found), noun)}: {show(shown, len(found))}")
    if not found:
        return failed(none)
    return failed(f"{count(len(found), noun)} ({show(shown, len(found))}), need {need}")


# --- M3: results and comparisons -------------------------------------------------------

_COMPARES = re.compile(
    r"\b(?:outperform\w*|surpass\w*|compared\s+(?:to|with|against)|speed-?ups?|"
    r"\d+(?:\.\d+)?\s*(?:x|\u00d7|times)\s+(?:faster|smaller|less|fewer|cheaper|quicker|lower|higher)|"
    r"state[- ]of[- ]the[- ]art|orders?\s+of\s+magnitude|"
    r"(?:faster|slower|better|more\s+accurate|more\s+efficient|less\s+memory|smaller|"
    r"cheaper|higher|lower|fewer)\s+than)\b",
    re.IGNORECASE,
)
_COMPARES_LOW = re.compile(_COMPARES.pattern)  # over lower-cased text
# A measured number: a ratio ("3x", "3.5 times"), a share, a time, a size, or a score with decimals.
_MEASURE = re.compile(
    r"(?<![\w.])(?:\d+(?:\.\d+)?\s*(?:[x\u00d7](?![a-z])|times\b|%|ms\b|µs\b|seconds?\b|minutes?\b|hours?\b"
    r"|[GMK]i?B\b|points?\b|pp\b)|\d*\.\d+(?![\d.]))",
    re.IGNORECASE,
)
# Not measurements: years, versions, citations, links.
_NOT_MEASURES = re.compile(
    r"\]\([^)]*\)|https?://\S+|<[^>]+>|\b(?:19|20)\d\d[a-z]?\b|\bv?\d+(?:\.\d+){2,}\b"
    r"|\b(?:python|py|cuda|torch|pytorch|version|v)\s*\d+(?:\.\d+)?",
    re.IGNORECASE,
)
_NUMBER_CELL = re.compile(
    r"[~≈<>±+]?\s*-?\d+(?:[.,]\d+)?\s*(?:%|[x\u00d7]|ms|s|[GMK]i?B|[kMB])?\s*(?:±\s*\d+(?:\.\d+)?)?"
    r"\s*(?:\(\s*[-+]?\d+(?:\.\d+)?\s*%?\s*\))?",
    re.IGNORECASE,
)
_METRIC = re.compile(
    r"\b(?:acc(?:uracy)?|top-?[15]|f1|bleu|rouge|fid|map|ap\d*|auc|recall|precision|ppl|"
    r"perplexity|score|loss|error|wer|cer|em|latency|throughput|speed(?:up)?|time|memory|"
    r"tokens?/s|it/s|fps|qps|ms|sec|reward|return|win\s*rate|ndcg|mrr)\b",
    re.IGNORECASE,
)


def claims(page: Page) -> Iterator[tuple[int, str]]:
    """(line, sentence) for each comparative claim with a measured number beside it."""
    done = -1  # the end of the last line looked at
    for found in _COMPARES_LOW.finditer(page.low):
        if found.start() < done:
            continue  # one claim per line
        start = page.prose.rfind("\n", 0, found.start()) + 1
        end = page.prose.find("\n", found.end())
        done = len(page.prose) if end < 0 else end
        line = page.prose[start:done]
        if line.lstrip().startswith("|"):
            continue  # a table row: tables are read as tables
        bare = _NOT_MEASURES.sub(" ", line)
        for match in _COMPARES.finditer(bare):
            if _MEASURE.search(bare[max(0, match.start() - 80) : match.end() + 80]):
                yield page.prose.count("\n", 0, start) + 1, line
                break


def is_results_table(table: Table) -> bool:
    """Rows of numbers against a header that names metrics (or several numeric columns).

    A model list with one "# params" column, a table of versions and check marks, or
    one row of numbers is not a results table.
    """
    if len(table.rows) < 2:
        return False
    cells = [cell for row in table.rows for cell in row[1:]]
    numeric = [cell for cell in cells if cell and _NUMBER_CELL.fullmatch(cell.strip())]
    if len(numeric) < 4 or len(numeric) * 2 < len(cells):
        return False
    columns = {
        index
        for row in table.rows
        for index, cell in enumerate(row)
        if index and cell and _NUMBER_CELL.fullmatch(cell.strip())
    }
    return len(columns) >= 3 or any(_METRIC.search(title) for title in table.header[1:])


def prose_results(
    files: RepoFiles, readme: Readme, docs: Docs, min_count: int = 3, min_files: int = 2
) -> Outcome:
    """Results tables and measured comparative claims in the README, docs and examples.

    A results table (rows of numbers under metric names) or a sentence that compares with
    a number beside it ("3x faster than", "outperforms ... by 2.1 BLEU"). At least
    ``min_count`` of them in at least ``min_files`` files, so that one stray "faster"
    or a single table in one page does not make the case.
    """
    found: list[tuple[str, int, str]] = []
    for page in pages(files, readme, docs):
        if not is_rst(page.path) and ("|" in page.prose or "<table" in page.prose.lower()):
            for table in parse_tables(page.prose):
                if is_results_table(table):
                    header = " | ".join(t for t in table.header if t)
                    found.append((page.path, table.line, f"results table ({shorten(header, 40)})"))
        found += [(page.path, line, f"'{shorten(text)}'") for line, text in claims(page)]
        if len(found) >= min_count and len({path for path, _, _ in found}) >= min_files:
            break  # enough: the rest of the pages need not be read
    where = [f"{path} line {line}: {what}" for path, line, what in found[:3]]
    in_files = len({path for path, _, _ in found})
    if len(found) >= min_count and in_files >= min_files:
        return passed(show(where, len(found)))
    if not found:
        return failed("no results table and no measured comparison in README, docs or examples")
    return failed(
        f"{count(len(found), 'result')} in {count(in_files, 'file')} ({show(where, len(found))}), "
        f"need {min_count} in {min_files} files"
    )


_ARGUES = re.compile(
    r"\b(?:compared\s+(?:to|with|against)|outperform\w*|state[- ]of[- ]the[- ]art|"
    r"orders?\s+of\s+magnitude|speed-?ups?|unlike\s+(?:other|existing|many|most)|"
    r"differs?\s+from|in\s+contrast\s+to|existing\s+(?:approaches|methods|libraries|tools|"
    r"frameworks)|(?:faster|better|more\s+efficient|more\s+accurate|less\s+memory|cheaper)\s+than|"
    r"motivation\s+(?:for|behind)|designed\s+with\s+(?:these|the\s+following)\s+principles)\b",
    re.IGNORECASE,
)


def readme_argues(readme: Readme, min_distinct: int = 3) -> Outcome:
    """The README argues for the project against the alternatives in its own words.

    Distinct turns of argument ("compared to", "differs from existing approaches",
    "state-of-the-art", "the motivation for"): at least ``min_distinct`` different ones,
    so a README that says "state-of-the-art" five times does not count.
    """
    if readme.path is None:
        return failed("no README")
    prose = _prose(readme.path, readme.text)
    seen: dict[str, str] = {}
    for match in _ARGUES.finditer(prose):
        words = match.group(0).lower().replace("-", " ").split()
        key = " ".join(words[:2] if words[0] in {"compared", "existing", "unlike"} else words)
        seen.setdefault(
            f"'{key}'", f"{readme.path} line {prose.count(chr(10), 0, match.start()) + 1}"
        )
    return tally(seen, min_distinct, "distinct argument", "the README compares with nothing")


KINDS: dict[str, KindFunction] = {
    "prose-results": prose_results,
    "readme-argues": readme_argues,
}
