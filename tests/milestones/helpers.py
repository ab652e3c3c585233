"""Builders for small repositories with a chosen history (GitPython, explicit dates)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import git

NOW = datetime.now(timezone.utc).replace(microsecond=0)

MIT = """MIT License

Copyright (c) 2024 Ada Tester

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction.
"""

README_M3 = """# widget

Widget computes the thing 20x faster. Paper: https://arxiv.org/abs/2401.00001

## Quickstart

```bash
pip install widget
widget run data.csv
```

## Installation

    pip install widget

## Usage

Call `widget.run()`.

## Benchmarks

| method | time |
|---|---|
| widget | 1 s |

## Why widget? Comparison with alternatives

Others are slow.

## FAQ

Q: does it work? A: yes.

## Citation

```bibtex
@article{widget}
```
""" + "\n".join(f"Line {i} of more text." for i in range(12))

# Files that satisfy every required file check of M0 to M3.
M3_FILES: dict[str, str] = {
    "README.md": README_M3,
    "LICENSE": MIT,
    "pyproject.toml": (
        '[project]\nname = "widget"\nversion = "1.0.0"\ndependencies = ["numpy"]\n'
        '[project.scripts]\nwidget = "widget.cli:main"\n'
    ),
    "widget/__init__.py": '__all__ = ["run"]\n',
    "widget/cli.py": "def main() -> None:\n    pass\n",
    "tests/test_widget.py": "def test_ok() -> None:\n    assert True\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: pytest\n",
    "examples/basic.py": "import widget\n",
    "notebooks/tour.ipynb": "{}\n",
    "mkdocs.yml": "site_name: widget\n",
    "docs/index.md": "# Widget\n",
    "CITATION.cff": "cff-version: 1.2.0\ntitle: widget\nauthors:\n  - name: Ada\n",
}


@dataclass(frozen=True)
class Commit:
    """One commit to make: who, when, which files change."""

    name: str
    email: str
    when: datetime
    files: Mapping[str, str]
    message: str = "change"


def write_files(root: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (relative path -> text) under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def make_repo(
    root: Path,
    files: Mapping[str, str],
    commits: Iterable[Commit] = (),
    tags: Iterable[str] = (),
) -> git.Repo:
    """A git repository with ``files`` committed first, then ``commits``, then ``tags``.

    Commits are made in date order, like real history (git log's ``--since`` relies on it).
    """
    root.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(root, initial_branch="main")
    first = Commit("Ada Tester", "ada@example.org", NOW - timedelta(days=400), files, "initial")
    for commit in sorted([first, *commits] if files else commits, key=lambda c: c.when):
        write_files(root, commit.files)
        repo.index.add([str(root / p) for p in commit.files])
        actor = git.Actor(commit.name, commit.email)
        stamp = commit.when.strftime("%Y-%m-%dT%H:%M:%S+0000")
        repo.index.commit(
            commit.message, author=actor, committer=actor, author_date=stamp, commit_date=stamp
        )
    for tag in tags:
        repo.create_tag(tag)
    return repo


def people_commits(count: int, people: int, days: int = 300) -> list[Commit]:
    """``count`` commits spread over ``people`` authors and the last ``days`` days."""
    return [
        Commit(
            f"Person {i % people}",
            f"p{i % people}@example.org",
            NOW - timedelta(days=days * (count - i) / count),
            {f"widget/mod{i % 5}/f{i}.py": f"x = {i}\n"},
        )
        for i in range(count)
    ]
