"""The one atomic-write helper: all of the new content or none of it, and no leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.atomicfile import atomic_write, atomic_write_bytes, atomic_write_text


def test_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "badge.json"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["badge.json"]


def test_an_error_inside_the_block_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    atomic_write_bytes(target, b"kept")

    def write_then_fail() -> None:
        with atomic_write(target) as handle:
            handle.write(b"half")
            raise RuntimeError("disk went away")

    with pytest.raises(RuntimeError, match="disk went away"):
        write_then_fail()
    assert target.read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"]


def test_a_missing_folder_is_an_oserror_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "missing" / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_gets_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "chart.png", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "chart.png").stat().st_mode & 0o777 == 0o644


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640
