"""Property tests: no path pattern, Markdown or license text makes the file kinds hang or crash."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from launchpad.errors import ConfigError
from launchpad.milestones.kinds import docskinds as d
from launchpad.milestones.kinds import filekinds as k
from launchpad.milestones.kinds.licensekinds import license_spdx
from launchpad.milestones.model import Outcome, Status
from launchpad.milestones.sources.files import (
    Docs,
    Readme,
    RepoFiles,
    _mentions,
    parse_markup,
    path_matcher,
)
from launchpad.milestones.sources.patterns import _compiled_matcher
from launchpad.milestones.sources.tree import MAX_READ

# deadline: a hang (catastrophic backtracking took 163 s on one pattern, a loop never ends)
# fails the example. It is generous because an example that takes 0.1 s on a quiet machine
# took over 2 s on two cores running two test suites. database=None: nothing is written
# into the checkout.
PROPERTY = settings(deadline=10_000, max_examples=150, database=None)


def joined(pieces: list[str], max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Strings made of ``pieces`` (single characters and multi-character tokens)."""
    return st.lists(st.sampled_from(pieces), min_size=min_size, max_size=max_size).map("".join)


PATTERNS = joined([*"[]!*?/\\{}ab.-^", "**/", "/**"], max_size=24)
PATHS = joined([*"ab./[]!{}-", "x/", "examples/"], min_size=1, max_size=30)
MARKDOWN = joined(
    [*"#=-~`*_<>[]()!:|\\/ \t\n.0123456789abcxyz", "```", "~~~", "<h2>", "</h2>", "    ",
     "import pkg", ">>> ", "pip install pkg", "::", "\r\n", "\x00", "é", "\n\n"],
    max_size=200,
)  # fmt: skip


class MemoryTree:
    """A Tree held in memory, so each example costs no disk writes."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def listing(self) -> tuple[tuple[str, ...], bool]:
        return tuple(sorted(self.files)), False

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        data = self.files.get(path)
        return None if data is None else data[:limit]


@PROPERTY
@given(pattern=PATTERNS, paths=st.lists(PATHS, max_size=20))
def test_any_pattern_matches_or_is_a_config_error(pattern: str, paths: list[str]) -> None:
    try:
        match = path_matcher((pattern,))
    except ConfigError as err:
        assert "\n" not in err.message
        return
    for path in paths:
        assert match(path.lower()) in (True, False)


def _check_everything(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    tree = MemoryTree(
        {"README.md": data, "LICENSE": data, "docs/page.md": data, "docs/page.rst": data,
         "docs/nb.ipynb": data, "pkg/__init__.py": b""}
    )  # fmt: skip
    files = RepoFiles(tree)
    readme, docs = Readme.find(files), Docs(files)
    for page in docs.pages:
        assert all(h.line >= 1 for h in page.headings)
    assert docs.page("docs/nb.ipynb").code_blocks is not None
    for heading in readme.headings:
        assert isinstance(readme.section(heading), str)
        readme.code_in(heading)
    pyproject = {"project": {"name": "pkg", "license": text[:40]}}
    outcomes: list[Outcome] = [
        k.readme_section(readme, keywords=["usage", "install"], needs_code=True, code_within=20),
        k.topic_covered(readme, docs, files, keywords=["faq"], paths=["docs/**/*faq*"]),
        k.entry_point(files, pyproject, readme, scripts=False, docs=docs),
        license_spdx(files, pyproject),
        license_spdx(files, {}),
        d.install_command(readme, files, pyproject, docs),
        d.docs_url(readme, pyproject, files),
    ]
    assert all(o.status in (Status.PASS, Status.FAIL) for o in outcomes)


@PROPERTY
@given(text=MARKDOWN)
def test_random_markdown_never_crashes_the_parsers_or_kinds(text: str) -> None:
    for rst in (False, True):
        markup = parse_markup(text, rst=rst)
        lines = text.count("\n") + 2
        assert all(1 <= h.line <= lines and 1 <= h.level <= 6 for h in markup.headings)
        assert all(1 <= b.line <= lines for b in markup.code_blocks)
    _check_everything(text)


@PROPERTY
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash_the_parsers_or_kinds(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    parse_markup(text)
    parse_markup(text, rst=True)
    _check_everything(text)


def _verdict(patterns: tuple[str, ...], paths: list[str], make: Any) -> object:
    """What a matcher says of each path, or the message of the ConfigError it raises."""
    try:
        match = make(patterns)
    except ConfigError as err:
        return err.message
    return [match(path.lower()) for path in paths]


@PROPERTY
@given(patterns=st.lists(PATTERNS, max_size=4), paths=st.lists(PATHS, max_size=20))
def test_the_one_expression_matcher_agrees_with_pattern_by_pattern(
    patterns: list[str], paths: list[str]
) -> None:
    """path_matcher compiles one alternation from pathspec's translations; it answers as
    compiling each pattern does (same matches, same first bad pattern named)."""
    fast = _verdict(tuple(patterns), paths, path_matcher.__wrapped__)
    assert fast == _verdict(tuple(patterns), paths, _compiled_matcher)


WORDS = joined([*"abzAZ -_.é1", "cli", "doc", "İ", "ß"], max_size=12)


@PROPERTY
@given(title=WORDS, keywords=st.lists(WORDS, min_size=1, max_size=3))
def test_a_keyword_starts_a_word_as_the_expression_said(title: str, keywords: list[str]) -> None:
    low = title.lower()
    expected = any(
        re.search(rf"(?<![a-z]){re.escape(k.lower())}{'(?![a-z])' if len(k) <= 3 else ''}", low)
        for k in keywords
    )
    assert _mentions(title, keywords) == expected


@PROPERTY
@given(text=MARKDOWN)
def test_heading_candidates_are_the_lines_the_expression_finds(text: str) -> None:
    from launchpad.milestones.sources.markup import MAYBE_HEADING, maybe_headings

    assert maybe_headings(text) == MAYBE_HEADING.findall(text)
