"""Markdown, reStructuredText and notebook pages: headings and code blocks.

Markdown is parsed by markdown-it-py (block rules only: titles are read from the
source), reStructuredText by the small parser below, notebooks as JSON cells.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Heading:
    """A section heading in a markdown or reStructuredText file."""

    level: int
    title: str
    line: int  # 1-based


@dataclass(frozen=True)
class CodeBlock:
    """A code block: fenced or indented (markdown), a literal block or directive (rst)."""

    line: int  # 1-based: the opening fence, directive or first indented line
    info: str  # the fence's info string or the directive's language ('' when none)
    text: str


@dataclass(frozen=True)
class Markup:
    """What the checks read from a markdown or reStructuredText page."""

    headings: tuple[Heading, ...]
    code_blocks: tuple[CodeBlock, ...]


def parse_markup(text: str, *, rst: bool = False) -> Markup:
    """Headings and code blocks of markdown (markdown-it-py) or reStructuredText."""
    return _parse_rst(text) if rst else _parse_markdown(text)


def parse_headings(text: str, *, rst: bool = False) -> list[Heading]:
    """Headings of markdown (ATX, setext, HTML ``<h1>``..``<h6>``) or reStructuredText."""
    return list(parse_markup(text, rst=rst).headings)


def is_rst(path: str) -> bool:
    """Whether ``path`` is reStructuredText (by its suffix)."""
    return path.lower().endswith((".rst", ".rest"))


# A title is short: the bound keeps a page of unclosed "<h1>" tags linear.
_HTML_HEADING = re.compile(
    r"<h([1-6])(?:\s[^>]*)?>(.{0,2000}?)</h\1\s*>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")


@cache
def _markdown() -> MarkdownIt:
    """A CommonMark block parser; inline parsing is off (titles are read from the source)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def _parse_markdown(text: str) -> Markup:
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    tokens = _markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        line = token.map[0] + 1
        if token.type == "heading_open":
            headings.append(Heading(int(token.tag[1]), _clean(tokens[index + 1].content), line))
        elif token.type == "html_block":
            for match in _HTML_HEADING.finditer(token.content):
                offset = token.content.count("\n", 0, match.start())
                headings.append(Heading(int(match.group(1)), _clean(match.group(2)), line + offset))
        elif token.type in ("fence", "code_block"):
            blocks.append(CodeBlock(line, token.info.strip(), token.content))
    return Markup(tuple(headings), tuple(blocks))


_ADORNMENT = re.compile(r"""^([!-/:-@\[-`{-~])\1{2,}\s*$""")  # a run of one punctuation mark
_DIRECTIVE = re.compile(
    r"^\.\.\s+(?:code-block|code|sourcecode|testcode|doctest|ipython|jupyter-execute)::\s*(\S*)"
)


def _parse_rst(text: str) -> Markup:
    """Section titles (underlined, or over- and underlined) and literal blocks.

    Levels follow the order in which adornment styles first appear, as in docutils.
    """
    lines = text.splitlines()
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    styles: list[tuple[str, bool]] = []
    code_from: tuple[int, str] | None = None  # (line, info) of a "::" or code directive
    number = 0
    while number < len(lines):
        line = lines[number]
        stripped = line.strip()
        if code_from is not None and stripped and not line[0].isspace():
            code_from = None
        if code_from is not None and stripped and line[0].isspace():
            start, info = code_from
            body = []
            while number < len(lines) and (not lines[number].strip() or lines[number][0].isspace()):
                body.append(lines[number])
                number += 1
            code = "\n".join(b for b in body if not b.strip().startswith(":") or "::" in b)
            blocks.append(CodeBlock(start, info, code.strip("\n") + "\n"))
            code_from = None
            continue
        directive = _DIRECTIVE.match(stripped)
        if directive:
            code_from = (number + 1, directive.group(1))
        elif stripped.endswith("::") and not stripped.startswith(".."):
            code_from = (number + 1, "")
        elif stripped.startswith(">>>") and not line[0].isspace():
            start = number
            while number + 1 < len(lines) and lines[number + 1].strip():
                number += 1
            blocks.append(CodeBlock(start + 1, "pycon", "\n".join(lines[start : number + 1])))
        elif (
            stripped
            and not line[0].isspace()
            and not _ADORNMENT.match(stripped)
            and number + 1 < len(lines)
            and (under := _ADORNMENT.match(lines[number + 1].strip()))
            and len(lines[number + 1].strip()) >= min(len(stripped), 3)
        ):
            over = number > 0 and lines[number - 1].strip() == lines[number + 1].strip()
            style = (under.group(1), over)
            if style not in styles:
                styles.append(style)
            headings.append(Heading(min(styles.index(style) + 1, 6), _clean(stripped), number + 1))
            number += 2
            continue
        number += 1
    return Markup(tuple(headings), tuple(blocks))


def _clean(title: str) -> str:
    title = _TAG.sub("", title)
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)  # links and images
    title = re.sub(r":[a-z_]+:", "", title)  # emoji shortcodes
    title = re.sub(r"\s#+\s*$", "", " " + title)  # an ATX heading's closing hashes
    return " ".join(title.replace("`", "").replace("*", "").split())


def notebook_markup(text: str) -> Markup:
    """A notebook's code cells (``line`` is the cell's 1-based number) and headings.

    A notebook cut short by the read limit is not valid JSON: then nothing is read.
    """
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        return Markup((), ())
    headings: list[Heading] = []
    blocks: list[CodeBlock] = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(map(str, source)) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "code":
            blocks.append(CodeBlock(number, "python", source))
        elif cell.get("cell_type") == "markdown":
            headings += [
                Heading(h.level, h.title, number) for h in _parse_markdown(source).headings
            ]
    return Markup(tuple(headings), tuple(blocks))


HTML_HEADING_OPEN = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
# Lines that can be headings: "# Title", or a line underlined by a run of punctuation
# (setext, reStructuredText). A superset: the parser decides.
MAYBE_HEADING = re.compile(
    r"^( {0,3}#.*|.+(?=\r?\n[ \t]*[!-/:-@\[-`{-~]+[ \t]*\r?$))", re.MULTILINE
)
_HASH_LINE = re.compile(r"^ {0,3}#.*", re.MULTILINE)
_UNDERLINE = re.compile(r"\n[ \t]*[!-/:-@\[-`{-~]+[ \t]*\r?$", re.MULTILINE)


def maybe_headings(text: str) -> list[str]:
    """The lines :data:`MAYBE_HEADING` finds, in order, found from the "#" lines and the
    underlines: its ``.+`` before a look-ahead retries the look-ahead at every character
    of every line, which made it a quarter of a docs-heavy run."""
    found = {match.start(): match.group() for match in _HASH_LINE.finditer(text)}
    for match in _UNDERLINE.finditer(text):
        end = match.start()  # the newline that ends the underlined line
        start = text.rfind("\n", 0, end) + 1
        if end > start:
            found.setdefault(start, text[start:end])
    return [found[start] for start in sorted(found)]


@dataclass(frozen=True)
class Table:
    """A table in a markdown page (pipe table or HTML ``<table>``): its header and body rows."""

    line: int  # 1-based: the table's first line
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@cache
def _table_markdown() -> MarkdownIt:
    """A block parser with GFM pipe tables on; only the prose kinds pay for it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


_HTML_TABLE = re.compile(r"<table\b.{0,20000}?</table\s*>", re.IGNORECASE | re.DOTALL)
_HTML_ROW = re.compile(r"<tr\b.*?(?=<tr\b|</table)", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?=<t[dh]\b|</tr|$)", re.IGNORECASE | re.DOTALL)


# A pipe table's delimiter row ("---|:---:|---"): where a table can start.
_DELIMITER_ROW = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.M
)


def parse_tables(text: str) -> list[Table]:
    """The pipe tables and HTML tables of a markdown page (cell text cleaned of markup).

    Only the lines around each delimiter row are parsed, not the page: a table is its
    header line, the delimiter row and the ``|`` lines after it.
    """
    tables: list[Table] = []
    lines = text.splitlines()
    done = -1  # the last line already parsed as part of a table
    for match in _DELIMITER_ROW.finditer(text):
        row = text.count("\n", 0, match.start())  # 0-based line of the delimiter row
        if row == 0 or row <= done:
            continue
        end = row + 1
        while end < len(lines) and "|" in lines[end] and lines[end].strip():
            end += 1
        tables += _pipe_tables("\n".join(lines[row - 1 : end]) + "\n", row)
        done = end - 1
    for match in _HTML_TABLE.finditer(text):
        found = [
            tuple(_clean(cell) for cell in _HTML_CELL.findall(row))
            for row in _HTML_ROW.findall(match.group(0))
        ]
        found = [row for row in found if row]
        if found:
            line = text.count("\n", 0, match.start()) + 1
            tables.append(Table(line, found[0], tuple(found[1:])))
    return tables


def _pipe_tables(block: str, first_line: int) -> list[Table]:
    """The pipe tables markdown-it finds in ``block``, which starts at 1-based ``first_line``."""
    tables: list[Table] = []
    rows: list[tuple[str, ...]] = []
    cells: list[str] | None = None  # the row being read
    start = first_line
    for token in _table_markdown().parse(block):
        if token.type == "table_open":
            rows, start = [], first_line + (token.map[0] if token.map else 0)
        elif token.type == "tr_open":
            cells = []
        elif token.type == "inline" and cells is not None:
            cells.append(_clean(token.content))
        elif token.type == "tr_close" and cells is not None:
            rows.append(tuple(cells))
            cells = None
        elif token.type == "table_close" and rows:
            tables.append(Table(start, rows[0], tuple(rows[1:])))
    return tables
