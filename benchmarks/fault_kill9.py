"""kill -9 real corpus builds at random moments: identical re-runs, no orphans, no leftovers.

Each round starts ``launchpad corpus build`` in a child process on a fresh directory,
sends SIGKILL to the build process alone (not its process group, so its embedding
workers must die by themselves) at a random moment while it works (once a random number
of papers is committed; a quarter of the rounds before the first commit), counts the
processes of its tree still alive 5 s later, re-runs the build to the end, and compares
the corpus with an uninterrupted build: rows, FTS rows, vectors byte for byte, side
arrays. It also counts temporary files and staging folders left in the directory.

    python benchmarks/fault_kill9.py            # 5 kills, about a minute
    python benchmarks/fault_kill9.py --kills 20 # the figure in docs/reliability.md

Prints one JSON object: kills, killed_mid_build, identical, orphans, leftovers.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.corpus.corpus_helpers import fingerprint  # noqa: E402 - after the path

EXPECTED = {
    "papers.sqlite",
    "papers.sqlite-wal",
    "papers.sqlite-shm",
    "vectors.f16",
    "published.npy",
    "cat_indptr.npy",
    "cat_indices.npy",
    "categories.json",
    "manifest.json",
    "build.lock",
}


def default_source() -> Path:
    """The 2,000-record sample: the shared data's, else the committed one."""
    shared = REPO_ROOT.parent / "shared" / "data" / "arxiv" / "sample-2k.jsonl.gz"
    return shared if shared.is_file() else REPO_ROOT / "tests" / "data" / "arxiv" / shared.name


def _command(source: Path, corpus: Path, batch: int) -> list[str]:
    return [
        *(sys.executable, "-m", "launchpad", "corpus", "build", "--from-jsonl", str(source)),
        *("--corpus", str(corpus), "--batch-size", str(batch), "--format", "json"),
    ]


def _build(source: Path, corpus: Path, batch: int) -> float:
    started = time.perf_counter()
    subprocess.run(_command(source, corpus, batch), check=True, capture_output=True)
    return time.perf_counter() - started


def _alive(process: object) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE  # type: ignore[attr-defined]
    except psutil.NoSuchProcess:
        return False


def _committed(corpus: Path) -> int:
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{corpus / 'papers.sqlite'}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:  # not created yet
        return 0


def _kill_round(
    source: Path, corpus: Path, batch: int, rows: int, delay: float
) -> tuple[bool, int]:
    """Kill a build once ``rows`` papers are committed (0: after ``delay`` s).

    Returns whether it was killed while running, and its processes alive 5 s later.
    """
    import psutil

    build = subprocess.Popen(
        _command(source, corpus, batch),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parent = psutil.Process(build.pid)
    tree: dict[int, psutil.Process] = {}
    started = time.monotonic()
    while build.poll() is None and time.monotonic() - started < 600:
        # The tree as it was at the kill: workers and the resource tracker come and go.
        with contextlib.suppress(psutil.Error):
            for child in parent.children(recursive=True):
                tree.setdefault(child.pid, child)
        if (rows and _committed(corpus) >= rows) or (
            not rows and time.monotonic() - started > delay
        ):
            break
        time.sleep(0.01)
    mid_build = build.poll() is None
    if mid_build:
        os.kill(build.pid, signal.SIGKILL)  # the build alone
    build.wait()
    end = time.monotonic() + 5
    while time.monotonic() < end and any(_alive(p) for p in tree.values()):
        time.sleep(0.1)
    survivors = [p for p in tree.values() if _alive(p)]
    for process in survivors:  # do not leave them to the next round
        process.kill()
    return mid_build, len(survivors)


def _leftovers(corpus: Path) -> list[str]:
    """Anything in the corpus directory or beside it that a finished build would not hold."""
    inside = [p.name for p in corpus.iterdir() if p.name not in EXPECTED]
    beside = [p.name for p in corpus.parent.iterdir() if p.name.startswith(".")]
    return inside + beside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--source", type=Path, default=default_source())
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    rng = random.Random(args.seed)  # timing, not secrets
    with tempfile.TemporaryDirectory(prefix="kill9-") as tmp:
        base = Path(tmp)
        reference = base / "reference" / "corpus"
        reference.parent.mkdir()
        seconds = _build(args.source, reference, args.batch_size)
        expected = fingerprint(reference)
        papers = int(expected["count"])
        results = {"mid_build": 0, "identical": 0, "orphans": 0, "leftovers": 0}
        examples: list[str] = []
        for round_number in range(args.kills):
            corpus = base / f"round-{round_number}" / "corpus"
            corpus.parent.mkdir()
            rows = 0 if rng.random() < 0.25 else rng.randint(1, max(papers - args.batch_size, 1))
            delay = rng.uniform(0.3, 1.5)
            mid_build, orphans = _kill_round(args.source, corpus, args.batch_size, rows, delay)
            results["mid_build"] += mid_build
            results["orphans"] += orphans
            _build(args.source, corpus, args.batch_size)
            results["identical"] += fingerprint(corpus) == expected
            left = _leftovers(corpus)
            results["leftovers"] += len(left)
            examples += left[:3]
    print(
        json.dumps(
            {
                "kills": args.kills,
                "killed_mid_build": results["mid_build"],
                "identical": results["identical"],
                "orphans": results["orphans"],
                "leftovers": results["leftovers"],
                "leftover_examples": examples[:5],
                "uninterrupted_build_seconds": round(seconds, 2),
                "source": args.source.name,
            }
        )
    )


if __name__ == "__main__":
    main()
