"""kill -9 a real build process mid-way; the re-run must equal an uninterrupted build."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_helpers import fingerprint, sample_path

from launchpad.corpus.build import build_corpus
from launchpad.corpus.readers import JsonlSource


def _committed(directory: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{directory / 'papers.sqlite'}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(db.execute("SELECT count(*) FROM papers").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def _build_command(directory: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "launchpad",
        "corpus",
        "build",
        "--from-jsonl",
        str(sample_path()),
        "--corpus",
        str(directory),
        "--batch-size",
        "25",
        "--format",
        "json",
    ]


def _kill_when(directory: Path, at_least: int) -> int:
    """Start a build, SIGKILL its process group once ``at_least`` rows are committed."""
    process = subprocess.Popen(
        _build_command(directory),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if _committed(directory) >= at_least:
                os.killpg(process.pid, signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return process.returncode


@pytest.mark.slow
def test_kill_9_mid_build_then_rerun_equals_uninterrupted_build(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    build_corpus(reference, [JsonlSource(sample_path())], workers=0)

    crashed = tmp_path / "crashed"
    first = _kill_when(crashed, 300)
    second = _kill_when(crashed, 1200)
    assert first == -signal.SIGKILL, "the first build finished before it could be killed"
    assert second == -signal.SIGKILL, "the second build finished before it could be killed"
    partial = _committed(crashed)
    assert 1200 <= partial < 2000

    rerun = subprocess.run(_build_command(crashed), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert '"total": 2000' in rerun.stdout
    after, expected = fingerprint(crashed), fingerprint(reference)
    assert len({row[1] for row in after["rows"]}) == len(after["rows"]) == 2000
    assert after == expected
