"""Signals, kill -9 and full disks: nothing half-made is left, and the next run cleans up.

The signals are real (sent by the process to itself at a chosen moment, in a child
process); the full disk is a patched write that raises ENOSPC, as no tmpfs can be
mounted here.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.errors import ExitCode

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

REPO_ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (this checkout first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Runs `launchpad new` and sends the given signal to itself while the files are rendered.
NEW_WITH_SIGNAL = """
import importlib, os, signal, sys

generate = importlib.import_module("launchpad.scaffold.generate")
real = generate.render_project
SIGNAL = getattr(signal, sys.argv[1])

def render_then_signal(*args, **kwargs):
    files = real(*args, **kwargs)
    os.kill(os.getpid(), SIGNAL)
    return files

generate.render_project = render_then_signal
sys.argv = ["launchpad", "new", "proj", "--defaults"]
from launchpad.__main__ import main
main()
"""


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_sigterm_during_new_is_an_interrupt_and_leaves_nothing(tmp_path: Path) -> None:
    done = _python(NEW_WITH_SIGNAL, tmp_path, "SIGTERM")
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert "interrupted" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # neither the project nor its staging folder


def test_a_staging_folder_left_by_kill_9_is_removed_by_the_next_run(tmp_path: Path) -> None:
    killed = _python(NEW_WITH_SIGNAL, tmp_path, "SIGKILL")
    assert killed.returncode == -signal.SIGKILL
    left = _hidden(tmp_path)
    assert len(left) == 1 and left[0].endswith(".launchpad-tmp")  # what kill -9 leaves
    alive = tmp_path / f".proj.{os.getpid()}.abcd1234.launchpad-tmp"  # a running process's
    alive.mkdir()
    result = CliRunner().invoke(app, ["new", str(tmp_path / "proj"), "--defaults"])
    assert result.exit_code == 0, result.output
    assert _hidden(tmp_path) == [alive.name]  # the dead one's is gone, the live one's kept
    assert (tmp_path / "proj" / ".git").is_dir()


ATOMIC_THEN_KILL = """
import os, signal, sys
from pathlib import Path
from launchpad.atomicfile import atomic_write

with atomic_write(Path(sys.argv[1])) as handle:
    handle.write(b"half")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_temporary_file_left_by_kill_9_is_removed_by_the_next_write(tmp_path: Path) -> None:
    from launchpad.atomicfile import atomic_write_text

    target = tmp_path / "badge.json"
    atomic_write_text(target, "old")
    killed = _python(ATOMIC_THEN_KILL, tmp_path, str(target))
    assert killed.returncode == -signal.SIGKILL
    assert len(_hidden(tmp_path)) == 1
    assert target.read_text() == "old"  # the kill did not touch the file itself
    atomic_write_text(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["badge.json"]
    assert target.read_text() == "new"


INTERRUPT_DURING_IMPORTS = """
import sys

class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupt())
sys.argv = ["launchpad", "milestones", "--help"]  # the root --help needs no typer
from launchpad.__main__ import main
main()
"""


def test_ctrl_c_during_start_up_exits_130_without_a_traceback(tmp_path: Path) -> None:
    done = _python(INTERRUPT_DURING_IMPORTS, tmp_path)
    assert done.returncode == ExitCode.INTERRUPTED, done.stderr
    assert done.stderr.strip() == "interrupted"


def _build(corpus: Path, source: Path) -> object:
    return CliRunner().invoke(
        app,
        ["corpus", "build", "--from-jsonl", str(source), "--corpus", str(corpus),
         "--batch-size", "500", "--format", "json"],
    )  # fmt: skip


def test_a_full_disk_stops_the_build_with_exit_7_and_the_rerun_recovers(
    tmp_path: Path, sample_2k: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.corpus.corpus_helpers import fingerprint

    real = os.pwrite
    calls = {"n": 0}

    def fills_up(fd: int, data: bytes, offset: int) -> int:
        calls["n"] += 1
        if calls["n"] > 2:  # two batches fit, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", fills_up)
    full = _build(tmp_path / "full", sample_2k)
    monkeypatch.setattr(os, "pwrite", real)
    assert full.exit_code == ExitCode.STORAGE, full.output  # type: ignore[attr-defined]
    lines = full.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert "No space left on device" in lines[0]
    assert "re-running the build resumes" in lines[0]
    assert "free some space" in lines[0]
    again = _build(tmp_path / "full", sample_2k)
    assert again.exit_code == 0, again.output  # type: ignore[attr-defined]
    clean = _build(tmp_path / "clean", sample_2k)
    assert clean.exit_code == 0
    assert fingerprint(tmp_path / "full") == fingerprint(tmp_path / "clean")


def test_failed_first_builds_leave_no_skeleton_and_spare_what_was_there(
    tmp_path: Path, small_sample: Path
) -> None:
    sample_2k = small_sample
    runner = CliRunner()
    refused = runner.invoke(
        app, ["corpus", "build", "--oai-url", "http://127.0.0.1:9/oai", "--corpus",
              str(tmp_path / "new")],
    )  # fmt: skip
    assert refused.exit_code == ExitCode.EXTERNAL
    assert not (tmp_path / "new").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("mine")
    again = runner.invoke(
        app, ["corpus", "build", "--oai-url", "http://127.0.0.1:9/oai", "--corpus", str(empty)]
    )
    assert again.exit_code == ExitCode.EXTERNAL
    assert sorted(p.name for p in empty.iterdir()) == ["notes.txt"]
    corpus = tmp_path / "corpus"
    assert _build(corpus, sample_2k).exit_code == 0  # type: ignore[attr-defined]
    before = sorted(p.name for p in corpus.iterdir())
    kept = runner.invoke(
        app, ["corpus", "build", "--oai-url", "http://127.0.0.1:9/oai", "--corpus", str(corpus)]
    )
    assert kept.exit_code == ExitCode.EXTERNAL
    assert sorted(p.name for p in corpus.iterdir()) == before  # a real corpus is never touched


@pytest.fixture
def small_sample(tmp_path: Path) -> Path:
    """300 real records: enough for a corpus, quick to build."""
    from tests.corpus.corpus_helpers import read_sample, write_jsonl

    return write_jsonl(tmp_path / "small.jsonl", read_sample(300))


def test_score_idea_file_reports_progress_per_idea(tmp_path: Path, small_sample: Path) -> None:
    from launchpad.corpus.build import build_corpus
    from launchpad.corpus.readers import JsonlSource
    from launchpad.ideas.score import score_ideas

    corpus = tmp_path / "corpus"
    build_corpus(corpus, [JsonlSource(small_sample)], workers=0, count_first=False)
    ideas = tmp_path / "ideas.txt"
    ideas.write_text("\n".join(f"retrieval idea {i}" for i in range(7)))

    class Recorder:
        def __init__(self) -> None:
            self.events: list[tuple[str, float | None]] = []

        def start(self, description: str, total: float | None = None) -> None:
            self.events.append((description, total))

        def advance(self, amount: float = 1) -> None:
            self.events.append(("advance", amount))

        def finish(self) -> None:
            self.events.append(("finish", None))

    recorder = Recorder()
    scored = score_ideas(ideas, corpus=corpus, progress=recorder)
    assert len(list(scored)) == 7
    # the percentile reference of the cutoff is built first, with its own progress
    scoring = recorder.events[recorder.events.index(("scoring ideas", 7)) :]
    assert sum(1 for name, _ in scoring if name == "advance") == 7
    assert scoring[-1] == ("finish", None)
