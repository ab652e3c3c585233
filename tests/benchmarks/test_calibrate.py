"""The calibration benchmark keeps a repository whose baseline fails."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import calibrate


def graded(name: str, grade: int) -> calibrate.Graded:
    low, high = max(-1, grade - 1), min(6, grade + 1)
    return calibrate.Graded(
        name=name,
        commit="0" * 40,
        kind="library",
        grade=grade,
        low=low,
        high=high,
        split="holdout",
    )


def test_a_baseline_failure_leaves_the_row_out_of_the_baseline_only() -> None:
    rows = [
        calibrate.Measured(
            graded(f"o/r{g}", g), level=g, level_upper=g, review_passed=g + 1, review_failed=5 - g
        )
        for g in (-1, 1, 2, 3)
    ]
    # The baseline crashed on the best repository: its fraction would read as 0.
    rows.append(
        calibrate.Measured(graded("o/best", 6), level=6, level_upper=6, review_error="crashed")
    )
    summary = calibrate.summarise(rows)["holdout"]
    assert summary["repositories"] == 5
    assert summary["reviewed"] == 4
    assert summary["spearman_level"] == pytest.approx(1.0)
    assert summary["spearman_review"] == pytest.approx(1.0)
    assert summary["level_in_range"] == 1.0
    table = calibrate.render_table(rows, calibrate.summarise(rows))
    assert "sp-repo-review failed on (left out of its rho only): o/best (crashed)" in table
