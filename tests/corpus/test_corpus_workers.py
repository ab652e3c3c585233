"""kill -9 of a build must not leave its embedding workers (or their helpers) running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from corpus_helpers import read_sample

WORKERS_NEEDED = 2


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _is_worker(process: psutil.Process) -> bool:
    try:
        return "spawn_main" in " ".join(process.cmdline())
    except psutil.Error:  # gone meanwhile
        return False


def _workers(build: psutil.Process) -> list[psutil.Process]:
    return [child for child in build.children(recursive=True) if _is_worker(child)]


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")
@pytest.mark.skipif((os.cpu_count() or 1) < WORKERS_NEEDED, reason="one core: no workers")
def test_kill_9_of_a_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    # Enough papers for one batch that is embedded in worker processes.
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for copy in range(4):
            for record in read_sample():
                out.write(json.dumps({**record, "id": f"{record['id']}-{copy}"}) + "\n")
    build = subprocess.Popen(
        [
            *(sys.executable, "-m", "launchpad", "corpus", "build"),
            *("--from-jsonl", str(source), "--corpus", str(tmp_path / "c"), "--format", "json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parent = psutil.Process(build.pid)
    helpers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None:
            if len(_workers(parent)) >= WORKERS_NEEDED:
                break
            time.sleep(0.05)
        assert build.poll() is None, "the build finished before its workers were seen"
        assert len(_workers(parent)) >= WORKERS_NEEDED
        helpers = parent.children(recursive=True)  # the workers and the resource tracker
        os.kill(build.pid, signal.SIGKILL)  # the parent only, not its process group
        build.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in helpers):
            time.sleep(0.1)
        survivors = [p.pid for p in helpers if _alive(p)]
        assert not survivors, f"still running 10 s after the build was killed: {survivors}"
    finally:
        for process in [parent, *helpers]:
            if _alive(process):
                process.kill()
