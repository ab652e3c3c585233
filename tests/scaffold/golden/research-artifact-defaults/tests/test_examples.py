"""The example, the benchmark and ``python -m golden_project`` run as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_quickstart_example_runs() -> None:
    assert _run("examples/quickstart.py").strip()


def test_benchmark_runs_and_prints_a_table() -> None:
    out = _run("benchmarks/bench_core.py", "--quick", "--markdown")
    assert "| method |" in out
    assert "baseline" in out


def test_module_entry_point_reports_the_version() -> None:
    out = _run("-m", "golden_project", "--version")
    assert out.startswith("golden-project")
