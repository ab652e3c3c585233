"""The scale benchmark's command line: resuming from --results into a new --work folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scale.py"


def test_a_work_folder_that_does_not_exist_yet_is_made(tmp_path: Path) -> None:
    # A size already in --results is printed, not measured, so this runs in a second.
    results = tmp_path / "scale.jsonl"
    results.write_text(json.dumps({"papers": 10, "build_s": 1.5}) + "\n")
    work = tmp_path / "not" / "yet"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--sizes", "10", "--work", str(work), "--results",
         str(results), "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["build_s"] == 1.5
    assert work.is_dir()
