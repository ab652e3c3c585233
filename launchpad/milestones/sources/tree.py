"""Where the files of a check come from: the working tree, or a commit's tree.

:class:`~launchpad.milestones.sources.files.RepoFiles` queries a :class:`Tree` and never
touches the disk itself, so the same checks read a checkout as it is now or as it
stood at a past commit (``launchpad milestones --as-of``).
"""

from __future__ import annotations

import os
import re
import warnings
from functools import cached_property
from pathlib import Path
from typing import Protocol

from pathspec import GitIgnoreSpec
from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "node_modules", "__pycache__",
        ".tox", ".nox", ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages",
        "build", "dist", ".eggs", "_build", "site", ".ipynb_checkpoints",
    }
)  # fmt: skip
MAX_FILES = 60_000
MAX_READ = 512 * 1024


class Tree(Protocol):
    """A listing of files and a way to read the start of one."""

    def listing(self) -> tuple[tuple[str, ...], bool]:
        """Sorted POSIX relative paths of the files, and whether the list was cut short."""
        ...

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        """The first ``limit`` bytes of ``path`` (None when it cannot be read)."""
        ...


class WorkingTree:
    """The files on disk under ``root``, skipping tool and build folders and ignored files.

    Files that the checkout's ``.gitignore`` files exclude (the top-level one and nested
    ones, with git's precedence: the deepest file with a rule for a path decides) are
    not listed: a local ``outputs/`` or ``wandb/`` folder is not part of the project.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def listing(self) -> tuple[tuple[str, ...], bool]:
        """Walk the checkout in sorted order, stopping at :data:`MAX_FILES`."""
        found: list[str] = []
        ignores: list[_Rules] = []  # the .gitignore files of the folders above
        for directory, dirnames, filenames in os.walk(self.root):
            rel = os.path.relpath(directory, self.root)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            while ignores and not prefix.startswith(ignores[-1].prefix):
                ignores.pop()  # the walk is depth-first: a folder's rules end with it
            if ".gitignore" in filenames:
                rules = self._gitignore(prefix + ".gitignore")
                if rules is not None:
                    ignores.append(rules)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not d.endswith(".egg-info")
                and not _ignored(ignores, f"{prefix}{d}/")
            )
            for name in sorted(filenames):
                if ignores and _ignored(ignores, prefix + name):
                    continue
                found.append(prefix + name)
                if len(found) >= MAX_FILES:
                    return tuple(found), True
        return tuple(found), False

    def _gitignore(self, path: str) -> _Rules | None:
        """The rules of one ``.gitignore`` (None when it has none or cannot be read)."""
        data = self.read(path)
        if not data:
            return None
        rules = _Rules(path[: -len(".gitignore")], data.decode("utf-8", errors="replace"))
        return rules if rules.lines else None

    def read(self, path: str, limit: int = MAX_READ) -> bytes | None:
        """The start of the file, or None for a folder, a broken link or no permission."""
        try:
            with (self.root / path).open("rb") as handle:
                return handle.read(limit)
        except OSError:
            return None


class _Rules:
    """One folder's ``.gitignore``: a quick test for "no rule matches", then pathspec.

    Compiling a 200-line file into pathspec's ``GitIgnoreSpec`` takes ~40 ms and
    matching a path tries every rule; most paths match no rule at all, and one regex
    over all of them says so in a single pass (the rules for a name at any depth share
    their ``(.+/)?`` prefix, tried once per path). The spec, with git's precedence
    between the rules, is compiled only for a path that some rule matches.
    """

    def __init__(self, prefix: str, text: str) -> None:
        self.prefix = prefix
        rules: list[tuple[str, str]] = []  # (line, its regex)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # re's FutureWarning on sets such as "[["
            for line in text.splitlines():
                try:
                    regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
                except ValueError:
                    continue  # git skips a line it cannot parse
                if regex is not None and include is not None:
                    rules.append((line, regex))
            try:
                self.any = _any_of([regex for _, regex in rules])
            except re.error:  # one rule is not a valid regex: drop the ones that are not
                rules = [(line, regex) for line, regex in rules if _valid(regex)]
                self.any = _any_of([regex for _, regex in rules])
        self.lines = [line for line, _ in rules]

    @cached_property
    def spec(self) -> GitIgnoreSpec:
        """The rules compiled by pathspec."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return GitIgnoreSpec.from_lines(self.lines)

    def verdict(self, path: str) -> bool | None:
        """True: ignored, False: re-included (``!``), None: no rule for ``path``."""
        rel = path[len(self.prefix) :]
        if not self.any.match(rel):
            return None
        return self.spec.check_file(rel).include


_ANY_DEPTH = "^(?:.+/)?"


def _any_of(regexes: list[str]) -> re.Pattern[str]:
    """One regex that matches where any of ``regexes`` does."""
    deep = []
    anchored = []
    for original in regexes:
        regex = original.replace("(?P<ps_d>", "(?:")  # a named group cannot repeat
        if regex.startswith(_ANY_DEPTH):
            deep.append(regex[len(_ANY_DEPTH) :])
        else:
            anchored.append(regex.removeprefix("^"))
    branches = [f"{_ANY_DEPTH}(?:{'|'.join(deep)})"] if deep else []
    branches += [f"^(?:{'|'.join(anchored)})"] if anchored else []
    return re.compile("|".join(branches) or "(?!)")


def _valid(regex: str) -> bool:
    try:
        re.compile(regex)
    except re.error:
        return False
    return True


def _ignored(ignores: list[_Rules], path: str) -> bool:
    """Whether the nearest ``.gitignore`` with a rule for ``path`` excludes it."""
    for rules in reversed(ignores):
        verdict = rules.verdict(path)
        if verdict is not None:
            return verdict
    return False
