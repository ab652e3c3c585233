"""kill -9 of a build must not leave its embedding workers (or their helpers) running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
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


def _kill_9_takes_the_workers(
    source: Path, corpus: Path, *options: str, ready: Callable[[], bool] = lambda: True
) -> None:
    build = subprocess.Popen(
        [
            *(sys.executable, "-m", "launchpad", "corpus", "build", *options),
            *("--from-jsonl", str(source), "--corpus", str(corpus), "--format", "json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    parent = psutil.Process(build.pid)
    helpers: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and build.poll() is None:
            if len(_workers(parent)) >= WORKERS_NEEDED and ready():
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
    _kill_9_takes_the_workers(source, tmp_path / "c")


@pytest.mark.slow
@pytest.mark.transformers
@pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")
def test_kill_9_of_a_build_takes_its_device_pool_with_it(tmp_path: Path) -> None:
    from tests.conftest import require_module

    require_module("sentence_transformers")
    # sentence-transformers' own pool: its processes wait on a queue they hold both ends of
    source = tmp_path / "some.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in read_sample(1000)), encoding="utf-8")
    vectors = tmp_path / "c" / "vectors.f32"
    _kill_9_takes_the_workers(
        *(source, tmp_path / "c", "--model", "all-MiniLM-L6-v2", "--device", "cpu,cpu"),
        # a batch written: the processes run (one killed while it still imports torch
        # exits once it sees its parent gone, which can take longer than the 10 s here)
        ready=lambda: vectors.is_file() and vectors.stat().st_size > 0,
    )
