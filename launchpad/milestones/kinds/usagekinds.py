"""Runnable examples as something to run: a library whose README shows no ``import``
still has something to run when its examples, tutorials or demos import it (Faiss keeps
its Python usage in ``tutorial/python/*.py``)."""

from __future__ import annotations

import re
from typing import Any

from launchpad.milestones.kinds.docskinds import import_names
from launchpad.milestones.model import Outcome, failed, passed
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Readme, RepoFiles

EXAMPLE_SCRIPTS = (
    "**/examples/**/*.py",
    "**/example/**/*.py",
    "**/tutorial/**/*.py",
    "**/tutorials/**/*.py",
    "**/demo/**/*.py",
    "**/demos/**/*.py",
    "**/notebooks/**/*.py",
)
MAX_SCRIPTS = 300


def _names(files: RepoFiles, pyproject: dict[str, Any]) -> list[str]:
    """Import names, also the stem of a suffixed distribution (``faiss-cpu`` -> ``faiss``)."""
    names = import_names(files, pyproject)
    for name in list(names):
        stem = re.split(r"[_-]", name, maxsplit=1)[0]
        if len(stem) >= 3 and stem not in names:
            names.append(stem)
    return names


def import_examples(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """An example, tutorial or demo script that imports the project's own package."""
    names = _names(files, pyproject)
    if not names:
        return failed("no package or distribution name to look for")
    alternatives = "|".join(re.escape(n) for n in names)
    rx = re.compile(
        rf"^[ \t]*(?:from[ \t]+(?:{alternatives})\b|import[ \t]+(?:{alternatives})\b)", re.M
    )
    scripts = files.glob(*EXAMPLE_SCRIPTS)
    for path in scripts[:MAX_SCRIPTS]:
        if rx.search(files.text(path)):
            return passed(f"{path} imports {names[0]}")
    return failed(f"no example script imports {' / '.join(names)}")


# A project that says it has stopped growing: its community milestone is not met, however
# many people committed before it said so.
STOPPED = re.compile(
    r"\b(?:entered|in|into)\s+maintenance\s+mode\b|\bsemi-archived\b|\bno\s+longer\s+maintained\b"
    r"|\bnot\s+(?:actively\s+)?maintained\s+any\s*more\b|\bnot\s+actively\s+maintained\b"
    r"|\bno\s+longer\s+under\s+active\s+development\b|\bstatus\W{0,4}maintenance\b"
    r"|\b(?:this\s+)?(?:project|repository|repo)\s+(?:is|has\s+been)\s+(?:now\s+)?archived\b",
    re.IGNORECASE,
)


def still_open(files: RepoFiles, readme: Readme) -> Outcome:
    """The README and contribution guide do not say the project is archived or in
    maintenance mode."""
    texts = [(readme.path, readme.text)] if readme.path else []
    texts += [(p, files.text(p)) for p in files.glob("contributing*", ".github/contributing*")]
    for path, text in texts:
        match = STOPPED.search(text)
        if match:
            return failed(f"{path} says {' '.join(match.group(0).split())!r}")
    return passed("no archived or maintenance-mode notice in the README or contribution guide")


KINDS: dict[str, KindFunction] = {"import-examples": import_examples, "still-open": still_open}
