"""Write the "Every criterion and check" section of docs/milestones.md from milestones/.

    python scripts/milestone_docs.py          # rewrite the section in place
    python scripts/milestone_docs.py --check  # exit 1 when the docs are out of date

The section runs from its heading to the end of the file; tests run ``--check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from launchpad.milestones.loader import load
from launchpad.milestones.registry import kinds

DOCS = Path(__file__).resolve().parent.parent / "docs" / "milestones.md"
HEADING = "## Every criterion and check"
SOURCES = {
    "files": "files",
    "readme": "files",
    "docs": "files",
    "pyproject": "files",
    "git": "git",
    "github": "GitHub",
    "package_index": "package index",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def section() -> str:
    """The generated markdown."""
    registry = kinds()
    lines = [
        HEADING,
        "",
        "Generated from [`milestones/`](../milestones/) by `python scripts/milestone_docs.py`;",
        "each check's parameters and how-to-fix text are there. A criterion is met by any of",
        "its checks; *hard* criteria must be met; *advice* (weight 0) is reported, never counted.",
    ]
    for m in load():
        lines += ["", f"### M{m.number} {m.name}", "", m.summary, ""]
        lines += [
            (
                f"Met when every hard criterion is met and the other criteria reach "
                f"{m.threshold:.0%} of their weight."
            ),
            "",
            "| criterion | weight | evidence (any of) |",
            "|---|---|---|",
        ]
        for c in m.criteria:
            weight = "hard" if c.hard else ("advice" if c.weight == 0 else f"{c.weight:g}")
            evidence = ", ".join(f"`{e}`" for e in c.evidence)
            lines.append(f"| `{c.id}` {_cell(c.title)} | {weight} | {evidence} |")
        lines += ["", "| check | source | what it measures |", "|---|---|---|"]
        for check in m.checks:
            fixtures = registry[check.kind].fixtures
            source = ", ".join(dict.fromkeys(SOURCES[f] for f in fixtures if f in SOURCES))
            after = f" Runs after `{'`, `'.join(check.requires)}`." if check.requires else ""
            lines.append(
                f"| `{check.id}` {_cell(check.title)} | {source or '-'} | "
                f"{_cell(check.measures)}{after} |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is current")
    args = parser.parse_args()
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(HEADING) if HEADING in text else text.index("## Every check")
    updated = text[:start] + section()
    if args.check:
        if updated != text:
            print(f"{DOCS.name} is out of date: run python scripts/milestone_docs.py")
            return 1
        return 0
    DOCS.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
