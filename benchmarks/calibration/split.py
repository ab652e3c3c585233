"""Assign the calibration set to ``tune`` (two thirds) and ``holdout`` (one third).

Stratified by grade with a fixed seed: the repositories are ordered by grade, shuffled
within each grade, and every third one of that order is held out, so each grade
contributes about a third of its repositories to the held-out part. The split is made
once, before the tool is run on any repository, and recorded in the set file as a
``split`` line after each ``acceptable`` line; ``--check`` verifies that the recorded
split is the one this procedure gives.

That procedure is round 1's. A later round (``round = N`` in the set) adds repositories
graded after round 1 was reported; all of them are held out, since every earlier
repository has by then been seen, so the split of a later round is ``holdout`` throughout.

    python benchmarks/calibration/split.py [--write | --check] [SET]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

SEED = 20261201
SET_FILE = Path(__file__).resolve().parent / "set.toml"


def assign(repos: list[dict[str, object]], seed: int = SEED) -> dict[str, str]:
    """Repository name -> ``tune`` or ``holdout``."""
    rng = random.Random(seed)
    by_grade: dict[int, list[str]] = defaultdict(list)
    later = {str(r["name"]): "holdout" for r in repos if int(str(r.get("round", 1))) > 1}
    for repo in repos:
        if str(repo["name"]) in later:
            continue
        by_grade[int(str(repo["grade"]))].append(str(repo["name"]))
    order: list[str] = []
    for grade in sorted(by_grade):
        names = sorted(by_grade[grade])
        rng.shuffle(names)
        order.extend(names)
    first = {name: "holdout" if i % 3 == 2 else "tune" for i, name in enumerate(order)}
    return first | later


def write(text: str, split: dict[str, str]) -> str:
    """The set file's text with one ``split`` line per repository, after ``acceptable``."""
    text = re.sub(r'^split = "[a-z]+"\n', "", text, flags=re.M)
    out: list[str] = []
    name = ""
    for line in text.splitlines(keepends=True):
        out.append(line)
        if line.startswith("name = "):
            name = line.split('"')[1]
        elif line.startswith("acceptable = "):
            out.append(f'split = "{split[name]}"\n')
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set_file", nargs="?", type=Path, default=SET_FILE)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="record the split in the set file")
    mode.add_argument("--check", action="store_true", help="fail if the recorded split differs")
    args = parser.parse_args(argv)
    text = args.set_file.read_text(encoding="utf-8")
    repos = tomllib.loads(text)["repo"]
    split = assign(repos)
    if args.write:
        args.set_file.write_text(write(text, split), encoding="utf-8")
    elif args.check:
        wrong = [r["name"] for r in repos if r.get("split") != split[r["name"]]]
        if wrong:
            print(f"split differs for: {', '.join(wrong)}", file=sys.stderr)
            return 1
    for repo in sorted(repos, key=lambda r: (r["grade"], r["name"])):
        print(f"{repo['grade']:>2}  {split[repo['name']]:<7}  {repo['name']}")
    held = sum(1 for s in split.values() if s == "holdout")
    print(f"{len(split) - held} tune, {held} holdout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
