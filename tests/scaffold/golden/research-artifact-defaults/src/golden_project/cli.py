"""The ``golden-project`` command: summarise numbers from files or standard input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from golden_project import __version__
from golden_project.core import RunningStats


def _numbers(stream: TextIO) -> Iterator[float]:
    for line_number, line in enumerate(stream, start=1):
        for token in line.split():
            try:
                yield float(token)
            except ValueError:
                raise SystemExit(f"line {line_number}: {token!r} is not a number") from None


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser, one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="golden-project",
        description=__doc__,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summarize = commands.add_parser("summarize", help="count, mean, std, min and max of numbers")
    summarize.add_argument("files", nargs="*", type=Path, help="files of numbers (default: stdin)")
    summarize.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    stats = RunningStats()
    if args.files:
        for path in args.files:
            with path.open(encoding="utf-8") as handle:
                stats.extend(_numbers(handle))
    else:
        stats.extend(_numbers(sys.stdin))
    if stats.count == 0:
        print("no numbers given", file=sys.stderr)
        return 1
    summary = stats.summary()
    if args.json:
        print(json.dumps({**asdict(summary), "std": summary.std}))
    else:
        print(
            f"count={summary.count} mean={summary.mean:.6g} std={summary.std:.6g} "
            f"min={summary.minimum:.6g} max={summary.maximum:.6g}"
        )
    return 0
