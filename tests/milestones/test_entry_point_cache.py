"""The check kinds' entry points are kept between runs while no package is installed or
removed, and are loaded as importlib.metadata loads them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from launchpad.milestones import entrypoints


def test_the_entry_point_cache_follows_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    before = entrypoints.group("launchpad.check_kinds")
    assert ("builtin", "launchpad.milestones.kinds") in before
    assert entrypoints.group("launchpad.check_kinds") == before  # from the cache
    dist = site / "extra-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: extra\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[launchpad.check_kinds]\nmore = extra:KINDS\n")
    assert ("more", "extra:KINDS") in entrypoints.group("launchpad.check_kinds")
    shutil.rmtree(dist)
    assert entrypoints.group("launchpad.check_kinds") == before


def test_a_corrupt_entry_point_cache_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = entrypoints.group("launchpad.check_kinds")
    path = entrypoints._cache_file("launchpad.check_kinds")
    for content in ("", "{", '{"key": "x"}', json.dumps({"key": entrypoints.installed_key()})):
        path.write_text(content)
        assert entrypoints.group("launchpad.check_kinds") == expected


def test_entry_point_values_load_as_importlib_loads_them() -> None:
    import launchpad.milestones.kinds as builtin
    from launchpad.milestones.registry import describe

    assert entrypoints.load("launchpad.milestones.kinds") is builtin
    assert entrypoints.load("launchpad.milestones.registry:describe") is describe
    assert entrypoints.load("launchpad.milestones.kinds:KINDS.get") == builtin.KINDS.get
    with pytest.raises(ValueError):
        entrypoints.load("not a value")
    with pytest.raises(ImportError):
        entrypoints.load("launchpad.no_such_module")
