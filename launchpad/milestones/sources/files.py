"""Signals from the files of a checkout: the listing, the README, the docs, pyproject.

The walk skips version-control, virtual-environment and build folders and stops at a
bounded number of files, so a huge monorepo cannot make the run slow; text is read
lazily and only up to a size limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from launchpad.milestones.sources.tree import MAX_READ, Tree, WorkingTree

# Sources of templates (Jinja, cookiecutter) are not the project's own files: a
# templates/project/CHANGELOG.md.jinja is not the project's changelog.
TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2", ".tmpl")
TEMPLATE_DIRS = frozenset({"templates", "template", "_templates"})

_HEADING_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+|~+|\^+|\*+)\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Heading:
    """A section heading in a markdown or reStructuredText file."""

    level: int
    title: str
    line: int  # 1-based


def parse_headings(text: str) -> list[Heading]:
    """Headings of markdown (ATX, setext, HTML) and reStructuredText, outside code fences."""
    headings: list[Heading] = []
    lines = text.splitlines()
    fenced = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue
        if len(line) - len(line.lstrip()) >= 4:  # an indented code block (or rst directive body)
            continue
        match = _HEADING_ATX.match(stripped)
        if match:
            headings.append(Heading(len(match.group(1)), _clean(match.group(2)), number))
            continue
        html = _HTML_HEADING.search(stripped)
        if html:
            headings.append(Heading(int(html.group(1)), _clean(html.group(2)), number))
            continue
        if (
            number >= 2
            and _SETEXT.match(stripped)
            and len(stripped) >= 3
            and lines[number - 2].strip()
            and not _SETEXT.match(lines[number - 2].strip())
        ):
            level = 1 if stripped[0] in "=*" else 2
            headings.append(Heading(level, _clean(lines[number - 2]), number - 1))
    return headings


def _clean(title: str) -> str:
    title = _TAG.sub("", title)
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)  # links and images
    title = re.sub(r":[a-z_]+:", "", title)  # emoji shortcodes
    return " ".join(title.replace("`", "").replace("*", "").split())


class RepoFiles:
    """The checkout's file listing (POSIX relative paths) with small query helpers."""

    def __init__(self, tree: Tree | Path) -> None:
        self.tree: Tree = WorkingTree(tree) if isinstance(tree, Path) else tree
        self.paths, self.truncated = self.tree.listing()
        self._lower = [p.lower() for p in self.paths]
        self._template = [_is_template(low) for low in self._lower]

    def glob(self, *patterns: str) -> list[str]:
        """Paths matching any glob (case-insensitive; ``**/`` matches any depth, also none).

        Template sources (``*.jinja``, files under a ``templates/`` or cookiecutter
        ``{{...}}`` folder) never match: they describe the projects a template makes,
        not this one.
        """
        compiled = [_glob_regex(p.lower()) for p in patterns]
        return [
            path
            for path, low, template in zip(self.paths, self._lower, self._template, strict=True)
            if not template and any(rx.match(low) for rx in compiled)
        ]

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


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
            continue
        char = pattern[i]
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        else:
            out += re.escape(char) if char != "[" else "["
            if char == "[":
                end = pattern.find("]", i)
                out += pattern[i + 1 : end + 1]
                i = end
        i += 1
    return re.compile(out + r"\Z")


README_NAMES = ("readme.md", "readme.rst", "readme.markdown", "readme.txt", "readme")


@dataclass(frozen=True)
class Readme:
    """The README: its path, text and headings (empty when there is none)."""

    path: str | None
    text: str
    headings: tuple[Heading, ...]

    @classmethod
    def find(cls, files: RepoFiles) -> Readme:
        """The top-level README (markdown preferred)."""
        top = {p.lower(): p for p in files.paths if "/" not in p}
        for name in README_NAMES:
            if name in top:
                text = files.text(top[name])
                return cls(top[name], text, tuple(parse_headings(text)))
        return cls(None, "", ())

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

    def section(self, heading: Heading) -> str:
        """The text under ``heading`` up to the next heading of the same or higher level."""
        lines = self.text.splitlines()
        end = len(lines)
        for other in self.headings:
            if other.line > heading.line and other.level <= heading.level:
                end = other.line - 1
                break
        return "\n".join(lines[heading.line : end])


def _mentions(title: str, keywords: list[str], exclude: list[str] | None = None) -> bool:
    """A keyword starts a word of the title (short keywords must be whole words).

    A title that contains one of ``exclude`` does not count.
    """
    low = title.lower()
    if exclude and any(phrase.lower() in low for phrase in exclude):
        return False
    return any(
        re.search(rf"(?<![a-z]){re.escape(k.lower())}{'(?![a-z])' if len(k) <= 3 else ''}", low)
        for k in keywords
    )


DOC_GLOBS = ("docs/**/*.md", "docs/**/*.rst", "docs/**/*.ipynb", "doc/**/*.md", "doc/**/*.rst")


@dataclass(frozen=True)
class DocPage:
    """One documentation page and its headings."""

    path: str
    headings: tuple[Heading, ...]


class Docs:
    """The documentation pages (docs/ or doc/) and their headings, read lazily."""

    MAX_PAGES = 2_000

    def __init__(self, files: RepoFiles) -> None:
        self.files = files
        self.paths = [p for p in files.glob(*DOC_GLOBS) if not p.endswith(".ipynb")]

    @cached_property
    def pages(self) -> tuple[DocPage, ...]:
        """Pages with their headings (the first MAX_PAGES)."""
        return tuple(
            DocPage(path, tuple(parse_headings(self.files.text(path))))
            for path in self.paths[: self.MAX_PAGES]
        )

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
            page.path
            for page in self.pages
            if any(_mentions(h.title, keywords, exclude) for h in page.headings)
        ]


def read_pyproject(root: Path) -> dict[str, Any]:
    """The checkout's pyproject.toml ({} when absent); malformed TOML is a ConfigError."""
    from launchpad.config import read_toml
    from launchpad.errors import ConfigError

    path = root / "pyproject.toml"
    data = read_toml(path) if path.is_file() else {}
    for table in ("project", "tool", "build-system"):  # the checks read them as tables
        if not isinstance(data.get(table, {}), dict):
            raise ConfigError(f"[{table}] in {path} must be a table", hint="see PEP 621 and 518")
    return data
