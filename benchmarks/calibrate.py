"""How well `launchpad milestones` agrees with the hand grades of the calibration set.

The set (``benchmarks/calibration/set.toml``, graded before any run; see
docs/calibration.md) names a commit of each repository. For every repository this
script checks the commit out of its clone into a temporary worktree, runs

    launchpad milestones CHECKOUT --offline --as-of HEAD --format json --no-history
    repo-review --format json CHECKOUT        (with the sp-repo-review plugin)

as separate processes and compares them with the grades. For ``tune``, ``holdout`` and
``all`` it prints

- Spearman's rank correlation of the tool's ``level`` with the grades;
- the same for sp-repo-review's pass fraction, passed / (passed + failed) with skipped
  checks left out: a generic packaging linter, the baseline the level must beat;
- the share of repositories whose level lies in the acceptable range;
- the share whose offline interval [level, level_upper] contains an acceptable level
  and is at most 2 levels wide;

and a table of every repository. Repositories are graded in rounds (``round`` in the
set, 1 when absent): a round's held-out part is reported once, and in a later round
every earlier repository counts as tune and only the new round's split is held out
(``--round N`` reproduces round N's report). The targets (on the held-out third: Spearman at least
0.9 and at least 0.1 above sp-repo-review's, 85 % of the intervals right) are reported
as met or not; they do not change the exit code.

The clones live in one folder, one per repository, named ``owner+name`` (``git clone
https://github.com/stanfordnlp/dspy CHECKOUTS/stanfordnlp+dspy``); full clones, since a
shallow one hides the history. Files whose content the clone lacks (a snapshot without
its largest files) are left out of the worktree and counted in the table.

    python benchmarks/calibrate.py --checkouts DIR [--set FILE] [--only NAME ...]
        [--round N] [--format table|json]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

from scipy.stats import spearmanr

SET_FILE = Path(__file__).resolve().parent / "calibration" / "set.toml"
SPLITS = ("tune", "holdout", "all")
MAX_WIDTH = 2
TARGET_SPEARMAN = 0.9
TARGET_MARGIN = 0.1
TARGET_INTERVALS = 0.85
LAUNCHPAD_FLAGS = ("--offline", "--as-of", "HEAD", "--format", "json", "--no-history")


@dataclass(frozen=True)
class Graded:
    """One repository of the set, as graded by hand."""

    name: str
    commit: str
    kind: str
    grade: int
    low: int
    high: int
    split: str
    round: int = 1

    def role(self, reporting: int) -> str | None:
        """``tune`` or ``holdout`` in the report of round ``reporting``; None if not yet graded.

        A round's held-out repositories are reported once; in later rounds every repository
        of an earlier round may be tuned on, and only the new round's split is held out.
        """
        if self.round > reporting:
            return None
        return self.split if self.round == reporting else "tune"


@dataclass(frozen=True)
class Measured:
    """What the tool and the baseline say of one graded repository."""

    repo: Graded
    level: int | None = None
    level_upper: int | None = None
    review_passed: int = 0
    review_failed: int = 0
    stopped_by: tuple[str, ...] = ()
    absent_files: int = 0
    seconds: float = 0.0
    error: str | None = None
    # The baseline can fail where the tool does not (sp-repo-review raises on some
    # configurations); the tool's figures still count, the baseline's leave the row out.
    review_error: str | None = None

    @property
    def measured(self) -> bool:
        return self.error is None and self.level is not None and self.level_upper is not None

    @property
    def reviewed(self) -> bool:
        return self.measured and self.review_error is None

    @property
    def review_fraction(self) -> float:
        total = self.review_passed + self.review_failed
        return self.review_passed / total if total else 0.0

    @property
    def in_range(self) -> bool:
        return self.measured and self.repo.low <= int(self.level or 0) <= self.repo.high

    @property
    def interval_ok(self) -> bool:
        """[level, level_upper] meets the acceptable range and is at most 2 levels wide."""
        if not self.measured:
            return False
        level, upper = int(self.level or 0), int(self.level_upper or 0)
        return upper - level <= MAX_WIDTH and level <= self.repo.high and self.repo.low <= upper

    def as_json(self) -> dict[str, Any]:
        return asdict(self.repo) | {
            "level": self.level,
            "level_upper": self.level_upper,
            "review_passed": self.review_passed,
            "review_failed": self.review_failed,
            "review_fraction": round(self.review_fraction, 3),
            "in_range": self.in_range,
            "interval_ok": self.interval_ok,
            "stopped_by": list(self.stopped_by),
            "absent_files": self.absent_files,
            "review_error": self.review_error,
            "seconds": self.seconds,
            "error": self.error,
        }


def cumulative_level(repo: dict[str, Any]) -> int:
    """The highest N whose milestones M0..MN are all marked met, -1 when M0 is not."""
    level = -1
    for number in range(7):
        if not repo[f"m{number}"]["met"]:
            break
        level = number
    return level


def load_set(path: Path) -> list[Graded]:
    """The graded repositories; a grade that contradicts its own milestones is an error."""
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    graded = []
    for r in data["repo"]:
        repo = Graded(
            name=r["name"],
            commit=r["commit"],
            kind=r["kind"],
            grade=int(r["grade"]),
            low=int(r["acceptable"][0]),
            high=int(r["acceptable"][1]),
            split=r["split"],
            round=int(r.get("round", 1)),
        )
        if repo.grade != cumulative_level(r) or not repo.low <= repo.grade <= repo.high:
            raise ValueError(f"{repo.name}: grade {repo.grade} contradicts its milestones or range")
        graded.append(repo)
    return graded


def git(*args: str, cwd: Path, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True
    ).stdout


def check_out(clone: Path, commit: str, dest: Path) -> int:
    """Check ``commit`` out into a new worktree at ``dest``; returns the files left out.

    ``git worktree add`` refuses a commit whose blobs are not all present, so the
    worktree is added empty and filled with the files whose content the clone has.
    """
    git("worktree", "add", "--detach", "--no-checkout", str(dest), commit, cwd=clone)
    git("read-tree", "HEAD", cwd=dest)
    entries = [e for e in git("ls-tree", "-r", "-z", "HEAD", cwd=dest).split(b"\0") if e]
    blobs: list[tuple[bytes, bytes]] = []
    for entry in entries:
        meta, path = entry.split(b"\t", 1)
        _mode, kind, sha = meta.split()
        if kind == b"blob":
            blobs.append((sha, path))
    answer = git("cat-file", "--batch-check", cwd=dest, stdin=b"\n".join(s for s, _ in blobs))
    present = [not line.endswith(b" missing") for line in answer.splitlines()]
    paths = [path for (_, path), ok in zip(blobs, present, strict=True) if ok]
    git("checkout-index", "-f", "-z", "--stdin", cwd=dest, stdin=b"\0".join(paths) + b"\0")
    return len(blobs) - len(paths)


def remove_worktree(clone: Path, dest: Path) -> None:
    # Deleting the folder and pruning is much faster than `git worktree remove` on a
    # large tree, which first compares every file with the index.
    shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=clone, check=False)


def run_json(command: list[str], ok_codes: tuple[int, ...]) -> dict[str, Any]:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    last = (done.stderr.strip().splitlines() or ["no output"])[-1]
    if done.returncode not in ok_codes:
        raise RuntimeError(f"{Path(command[2]).name} exited {done.returncode}: {last}")
    try:
        result: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"{Path(command[2]).name} printed no JSON: {last}") from None
    return result


def stopped_by(report: dict[str, Any]) -> tuple[str, ...]:
    """The counted criteria not met at the first milestone the tool does not reach.

    ``M1:versioned-releases`` not met, ``M0:released?`` unknown offline.
    """
    for milestone in report["milestones"]:
        if not milestone["reached"]:
            number = milestone["number"]
            return tuple(
                f"M{number}:{c['id']}" + ("?" if c["verdict"] == "unknown" else "")
                for c in milestone["criteria"]
                if (c["hard"] or c["weight"] > 0) and c["verdict"] != "met"
            )
    return ()


def measure(repo: Graded, checkouts: Path) -> Measured:
    clone = checkouts / repo.name.replace("/", "+")
    if not (clone / ".git").exists():
        return Measured(repo, error=f"no clone at {clone}")
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        dest = Path(tmp) / clone.name
        try:
            absent = check_out(clone, repo.commit, dest)
        except subprocess.CalledProcessError as err:
            remove_worktree(clone, dest)
            reason = err.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
            return Measured(repo, error=reason[0])
        try:
            start = time.perf_counter()
            report = run_json(
                [sys.executable, "-m", "launchpad", "milestones", str(dest), *LAUNCHPAD_FLAGS],
                ok_codes=(0, 3),
            )
            seconds = time.perf_counter() - start
        except (RuntimeError, json.JSONDecodeError) as err:
            remove_worktree(clone, dest)
            return Measured(repo, absent_files=absent, error=str(err))
        review_error = None
        try:
            # repo-review exits non-zero when a check fails; that is a result, not an error.
            review = run_json(
                [sys.executable, "-m", "repo_review", "--format", "json", str(dest)],
                ok_codes=(0, 1, 2, 3),
            )
        except (RuntimeError, json.JSONDecodeError) as err:
            review, review_error = {}, f"sp-repo-review failed: {err}"
        finally:
            remove_worktree(clone, dest)
    results = [check.get("result") for check in review.get("checks", {}).values()]
    return Measured(
        repo,
        level=int(report["level"]),
        level_upper=int(report["level_upper"]),
        review_passed=sum(1 for r in results if r is True),
        review_failed=sum(1 for r in results if r is False),
        stopped_by=stopped_by(report),
        absent_files=absent,
        seconds=round(seconds, 2),
        review_error=review_error,
    )


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho, or None when it is undefined (fewer than 3 or a constant side)."""
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    rho = float(spearmanr(xs, ys).statistic)
    return None if math.isnan(rho) else round(rho, 3)


def summarise(rows: list[Measured]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for split in SPLITS:
        part = [r for r in rows if r.measured and split in ("all", r.repo.split)]
        grades = [float(r.repo.grade) for r in part]
        reviewed = [r for r in part if r.reviewed]
        count = len(part)
        summary[split] = {
            "repositories": count,
            "reviewed": len(reviewed),
            "spearman_level": spearman([float(r.level or 0) for r in part], grades),
            "spearman_review": spearman(
                [r.review_fraction for r in reviewed], [float(r.repo.grade) for r in reviewed]
            ),
            "level_in_range": round(sum(r.in_range for r in part) / count, 3) if count else None,
            "interval_ok": round(sum(r.interval_ok for r in part) / count, 3) if count else None,
        }
    return summary


def targets(holdout: dict[str, Any]) -> dict[str, bool]:
    level, review = holdout["spearman_level"], holdout["spearman_review"]
    return {
        "spearman_at_least_0.9": level is not None and level >= TARGET_SPEARMAN,
        "spearman_0.1_above_review": level is not None
        and (review is None or level >= review + TARGET_MARGIN),
        "intervals_at_least_85pc": (holdout["interval_ok"] or 0.0) >= TARGET_INTERVALS,
    }


def fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0%}" if percent else f"{value:+.2f}"


def render_table(rows: list[Measured], summary: dict[str, dict[str, Any]]) -> str:
    header = (
        f"{'repository':<36} {'split':<7} {'grade':>5} {'range':>7} {'level':>5} {'upper':>5}"
        f" {'in':>3} {'ivl':>3} {'review':>6} {'absent':>6} {'time':>6}  stopped by"
    )
    lines = [header]
    for r in sorted(rows, key=lambda r: (r.repo.grade, r.repo.name.lower())):
        g = r.repo
        span = f"{g.low}..{g.high}" if g.low != g.high else str(g.low)
        if not r.measured:
            lines.append(f"{g.name:<36} {g.split:<7} {g.grade:>5} {span:>7}  error: {r.error}")
            continue
        lines.append(
            f"{g.name:<36} {g.split:<7} {g.grade:>5} {span:>7} {r.level:>5} {r.level_upper:>5}"
            f" {'yes' if r.in_range else 'no':>3} {'yes' if r.interval_ok else 'no':>3}"
            f" {f'{r.review_fraction:.2f}' if r.reviewed else 'error':>6}"
            f" {r.absent_files:>6} {r.seconds:>5.1f}s"
            f"  {' '.join(r.stopped_by)}"
        )
    lines.append("")
    lines.append(
        f"{'':<8} {'repos':>5} {'rho level':>10} {'rho review':>11} {'level in range':>15}"
        f" {'interval ok':>12}"
    )
    for split in SPLITS:
        s = summary[split]
        lines.append(
            f"{split:<8} {s['repositories']:>5} {fmt(s['spearman_level']):>10}"
            f" {fmt(s['spearman_review']):>11} {fmt(s['level_in_range'], True):>15}"
            f" {fmt(s['interval_ok'], True):>12}"
        )
    failed = [r for r in rows if r.measured and not r.reviewed]
    if failed:
        lines.append(
            "sp-repo-review failed on (left out of its rho only): "
            + "; ".join(f"{r.repo.name} ({r.review_error})" for r in failed)
        )
    lines.append("")
    met = targets(summary["holdout"])
    lines.append(
        "holdout targets: "
        + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in met.items())
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkouts", type=Path, required=True, help="folder of owner+name clones")
    parser.add_argument("--set", dest="set_file", type=Path, default=SET_FILE)
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="owner/name")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--round",
        type=int,
        dest="reporting",
        metavar="N",
        help="report this grading round: its held-out part, earlier rounds as tune (default: last)",
    )
    args = parser.parse_args(argv)
    if not args.checkouts.is_dir():
        parser.error(f"--checkouts {args.checkouts} is not a folder")
    graded = load_set(args.set_file)
    rounds = sorted({g.round for g in graded})
    reporting = rounds[-1] if args.reporting is None else args.reporting
    if reporting not in rounds:
        parser.error(f"--round {reporting}: the set has rounds {', '.join(map(str, rounds))}")
    graded = [replace(g, split=role) for g in graded if (role := g.role(reporting)) is not None]
    if args.only:
        unknown = sorted(set(args.only) - {g.name for g in graded})
        if unknown:
            parser.error(f"not in the set: {', '.join(unknown)}")
        graded = [g for g in graded if g.name in args.only]
    rows = []
    for i, repo in enumerate(graded, 1):
        print(f"[{i}/{len(graded)}] {repo.name}", file=sys.stderr, flush=True)
        rows.append(measure(repo, args.checkouts))
    summary = summarise(rows)
    if args.format == "json":
        payload = {
            "repositories": [r.as_json() for r in rows],
            "summary": summary,
            "holdout_targets": targets(summary["holdout"]),
        }
        print(json.dumps(payload, indent=2))
    else:
        print(render_table(rows, summary))
    return 1 if any(not r.measured for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
