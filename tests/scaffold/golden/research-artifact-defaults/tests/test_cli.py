"""The command line reads files and standard input and prints text or JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from golden_project.cli import main


def test_summarize_a_file_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "numbers.txt"
    data.write_text("1 2 3\n4\n")
    assert main(["summarize", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["count"] == 4
    assert result["mean"] == 2.5
    assert result["minimum"] == 1.0
    assert result["maximum"] == 4.0


def test_summarize_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2\n4\n"))
    assert main(["summarize"]) == 0
    assert "count=2 mean=3" in capsys.readouterr().out


def test_not_a_number_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "bad.txt"
    data.write_text("1\nabc\n")
    with pytest.raises(SystemExit, match="line 2"):
        main(["summarize", str(data)])


def test_no_numbers(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["summarize", str(empty)]) == 1
