"""Signals from the files of a checkout: the listing, the README, the docs, pyproject.

The walk skips version-control, virtual-environment and build folders and the files
the checkout's ``.gitignore`` excludes, and stops at a bounded number of files, so a
huge monorepo cannot make the run slow; text is read lazily and only up to a size
limit. Path patterns follow ``.gitignore`` syntax, anchored at the root (:mod:`.patterns`);
pages are parsed by :mod:`.markup`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import compress
from pathlib import Path, PurePosixPath
from typing import Any

from launchpad.errors import ConfigError
from launchpad.milestones.sources.markup import (
    HTML_HEADING_OPEN,
    CodeBlock,
    Heading,
    Markup,
    is_rst,
    maybe_headings,
    notebook_markup,
    parse_headings,
    parse_markup,
)
from launchpad.milestones.sources.patterns import path_matcher
from launchpad.milestones.sources.tree import MAX_READ, Tree, WorkingTree

__all__ = [  # the page types live in .markup; the checks import them from here
    "CodeBlock", "DocPage", "Docs", "Heading", "Markup", "Readme", "RepoFiles", "parse_headings",
    "parse_markup", "path_matcher", "read_pyproject",
]  # fmt: skip

# Sources of templates (Jinja, cookiecutter) are not the project's own files: a
# templates/project/CHANGELOG.md.jinja is not the project's changelog.
TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2", ".tmpl")
TEMPLATE_DIRS = frozenset({"templates", "template", "_templates"})


class RepoFiles:
    """The checkout's file listing (POSIX relative paths) with small query helpers."""

    def __init__(self, tree: Tree | Path) -> None:
        self.tree: Tree = WorkingTree(tree) if isinstance(tree, Path) else tree
        self.paths, self.truncated = self.tree.listing()
        self._lower = [p.lower() for p in self.paths]
        self._template = [_is_template(low) for low in self._lower]
        self._plain = [p for p, t in zip(self.paths, self._template, strict=True) if not t]
        self._plain_lower = [p for p, t in zip(self._lower, self._template, strict=True) if not t]

    def glob(self, *patterns: str) -> list[str]:
        """Paths matching any of ``patterns`` (see :func:`path_matcher`).

        Template sources (``*.jinja``, files under a ``templates/`` or cookiecutter
        ``{{...}}`` folder) never match: they describe the projects a template makes,
        not this one.
        """
        return list(compress(self._plain, map(path_matcher(tuple(patterns)), self._plain_lower)))

    def exists(self, *patterns: str) -> bool:
        """Whether any path matches any glob."""
        return bool(self.glob(*patterns))

    def text(self, path: str) -> str:
        """The start of a file as text ('' when unreadable)."""
        data = self.tree.read(path, MAX_READ)
        return "" if data is None else data.decode("utf-8", errors="replace")

    def grep(self, pattern: str, *globs: str, limit: int = 5_000) -> list[str]:
        """Paths among ``globs`` whose text matches the regular expression ``pattern``."""
        rx = re.compile(pattern, re.MULTILINE)
        return [path for path in self.glob(*globs)[:limit] if rx.search(self.text(path))]

    @cached_property
    def python_packages(self) -> list[str]:
        """Top-level import packages (folders with ``__init__.py``, also under ``src/``)."""
        packages = []
        for path in self.paths:
            parts = PurePosixPath(path).parts
            if parts[-1] != "__init__.py":
                continue
            depth = len(parts) - 1
            if (depth == 1 and parts[0] not in {"tests", "test", "docs", "examples"}) or (
                depth == 2 and parts[0] == "src"
            ):
                packages.append("/".join(parts[:-1]))
        return packages

    def subpackages(self, package: str) -> list[str]:
        """Direct sub-packages of ``package`` (a folder path)."""
        prefix = package + "/"
        subs = {
            path[len(prefix) :].split("/", 1)[0]
            for path in self.paths
            if path.startswith(prefix) and path.endswith("/__init__.py")
            and path.count("/") == package.count("/") + 2
        }  # fmt: skip
        return sorted(f"{package}/{s}" for s in subs)

    @cached_property
    def main_package(self) -> str | None:
        """The top-level package with the most Python files (None for scripts-only repos)."""
        if not self.python_packages:
            return None
        sizes = {
            package: sum(1 for p in self.paths if p.startswith(package + "/") and p.endswith(".py"))
            for package in self.python_packages
        }
        return max(sorted(sizes), key=lambda package: sizes[package])


def _is_template(path: str) -> bool:
    """A template's source: a Jinja file, or a file in a templates or ``{{...}}`` folder."""
    folders = path.split("/")[:-1]
    return path.endswith(TEMPLATE_SUFFIXES) or any(f in TEMPLATE_DIRS or "{{" in f for f in folders)


README_NAMES = ("readme.md", "readme.rst", "readme.markdown", "readme.txt", "readme")


@dataclass(frozen=True)
class Readme:
    """The README: its path, text, headings and code blocks (empty when there is none)."""

    path: str | None
    text: str
    headings: tuple[Heading, ...]
    code_blocks: tuple[CodeBlock, ...] = ()

    @classmethod
    def find(cls, files: RepoFiles) -> Readme:
        """The top-level README (markdown preferred)."""
        top = {p.lower(): p for p in files.paths if "/" not in p}
        for name in README_NAMES:
            if name in top:
                return cls.parse(top[name], files.text(top[name]))
        return cls(None, "", ())

    @classmethod
    def parse(cls, path: str, text: str) -> Readme:
        """The README at ``path`` with ``text`` (reStructuredText for ``.rst``)."""
        markup = parse_markup(text, rst=is_rst(path))
        return cls(path, text, markup.headings, markup.code_blocks)

    def matching(
        self,
        keywords: list[str],
        within_lines: int | None = None,
        exclude: list[str] | None = None,
    ) -> list[Heading]:
        """Headings whose title contains one of ``keywords`` and none of ``exclude``."""
        return [
            h
            for h in self.headings
            if (within_lines is None or h.line <= within_lines)
            and _mentions(h.title, keywords, exclude)
        ]

    def _end(self, heading: Heading) -> int:
        """The last line of ``heading``'s section: before the next heading as high or higher."""
        for other in self.headings:
            if other.line > heading.line and other.level <= heading.level:
                return other.line - 1
        return self.text.count("\n") + 1

    def section(self, heading: Heading) -> str:
        """The text under ``heading`` up to the next heading of the same or higher level."""
        return "\n".join(self.text.splitlines()[heading.line : self._end(heading)])

    def code_in(self, heading: Heading) -> list[CodeBlock]:
        """The code blocks in ``heading``'s section."""
        end = self._end(heading)
        return [block for block in self.code_blocks if heading.line < block.line <= end]


def _mentions(title: str, keywords: list[str], exclude: list[str] | None = None) -> bool:
    """A keyword starts a word of the title (short keywords must be whole words).

    A title that contains one of ``exclude`` does not count.
    """
    low = title.lower()
    if exclude and any(phrase.lower() in low for phrase in exclude):
        return False
    return any(_starts_word(low, k.lower(), whole=len(k) <= 3) for k in keywords)


def _starts_word(text: str, word: str, *, whole: bool) -> bool:
    """``word`` occurs in ``text`` after no ASCII letter (and, when ``whole``, before none):
    what ``(?<![a-z])word(?![a-z])`` finds, without compiling one expression per keyword."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _ascii_lower(text[at - 1])) and (
            not whole or end == len(text) or not _ascii_lower(text[end])
        ):
            return True
        at = text.find(word, at + 1)
    return False


def _ascii_lower(char: str) -> bool:
    return "a" <= char <= "z"


# "*docs/" also takes prefixed docs folders such as timm's hfdocs/ (Hugging Face's doc-builder).
DOC_GLOBS = (
    "*docs/**/*.md", "*docs/**/*.mdx", "*docs/**/*.rst", "doc/**/*.md", "doc/**/*.rst",
    "website/docs/**/*.md", "website/docs/**/*.mdx",  # Docusaurus sites
)  # fmt: skip
NOTEBOOK_GLOBS = ("*docs/**/*.ipynb", "doc/**/*.ipynb", "website/docs/**/*.ipynb")


_RELEASE_NOTES = re.compile(
    r"(^|/)(news|releases?|release[-_ ]?notes|changelogs?|whats[-_]?new)(/|$)"
    r"|(^|/)(release|changelog|changes|history|whats[-_]?new)[^/]*$",
    re.IGNORECASE,
)


def is_release_notes(path: str) -> bool:
    """A release-notes, changelog or news page: its headings tell what changed in a version.

    "Performance improvements" in release 2.0's notes is not a benchmark, and "Breaking
    changes" is not a comparison, so these pages are no evidence that a topic is covered.
    """
    return _RELEASE_NOTES.search(path) is not None


_ASSET_SUFFIXES = (
    ".css",
    ".scss",
    ".sass",
    ".less",
    ".js",
    ".map",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
)
_ASSET_FOLDERS = frozenset({"_static", "_templates", "_sass", "_includes", "stylesheets"})


def is_theme_asset(path: str) -> bool:
    """A docs theme's stylesheet, script or font: named after what it styles, not a topic.

    Equinox's ``docs/_static/custom_css.css`` is no page on writing custom components.
    """
    lowered = path.lower()
    return lowered.endswith(_ASSET_SUFFIXES) or bool(_ASSET_FOLDERS & set(lowered.split("/")[:-1]))


@dataclass(frozen=True)
class DocPage:
    """One documentation page, its headings and its code blocks."""

    path: str
    headings: tuple[Heading, ...]
    code_blocks: tuple[CodeBlock, ...] = ()


class Docs:
    """The documentation pages (docs/, doc/, website/docs/) and notebooks, read lazily."""

    MAX_PAGES = 2_000

    def __init__(self, files: RepoFiles) -> None:
        self.files = files
        self.paths = files.glob(*DOC_GLOBS)
        self.notebooks = files.glob(*NOTEBOOK_GLOBS)
        self._pages: dict[str, DocPage] = {}
        self._candidates: dict[str, str | None] = {}  # lower-cased lines that may be headings

    @cached_property
    def pages(self) -> tuple[DocPage, ...]:
        """Pages with their headings and code blocks (the first MAX_PAGES)."""
        return tuple(self.page(path) for path in self.paths[: self.MAX_PAGES])

    def page(self, path: str) -> DocPage:
        """One page (markdown, reStructuredText or a notebook's markdown and code cells)."""
        if path not in self._pages:
            text = self.files.text(path)
            if path.lower().endswith(".ipynb"):
                markup = notebook_markup(text)
            else:
                markup = parse_markup(text, rst=is_rst(path))
            self._pages[path] = DocPage(path, markup.headings, markup.code_blocks)
        return self._pages[path]

    def matching(self, keywords: list[str], exclude: list[str] | None = None) -> list[str]:
        """Pages whose file name or one of whose headings mentions a keyword."""
        hits = [
            p
            for p in self.paths
            if _mentions(PurePosixPath(p).stem.replace("_", " "), keywords, exclude)
        ]
        if hits:
            return hits
        return [
            path
            for path in self.paths[: self.MAX_PAGES]
            if not is_release_notes(path)
            and self._may_mention(path, keywords)
            and any(_mentions(h.title, keywords, exclude) for h in self.page(path).headings)
        ]

    def _may_mention(self, path: str, keywords: list[str]) -> bool:
        """Whether a line that could be a heading holds a keyword (parsing costs 10x more)."""
        if path not in self._candidates:
            text = self.files.text(path)
            if HTML_HEADING_OPEN.search(text):  # an HTML heading's title may sit below its tag
                self._candidates[path] = None
            else:
                lines = " ".join(maybe_headings(text))
                self._candidates[path] = lines.lower().replace("*", "").replace("`", "")
        candidates = self._candidates[path]
        return candidates is None or any(k.lower() in candidates for k in keywords)


def read_pyproject(root: Path) -> dict[str, Any]:
    """The checkout's pyproject.toml ({} when absent); malformed TOML is a ConfigError."""
    from launchpad.config import read_toml

    path = root / "pyproject.toml"
    data = read_toml(path) if path.is_file() else {}
    for table in ("project", "tool", "build-system"):  # the checks read them as tables
        if not isinstance(data.get(table, {}), dict):
            raise ConfigError(f"[{table}] in {path} must be a table", hint="see PEP 621 and 518")
    return data
