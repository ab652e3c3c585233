"""Validated milestone data is kept between runs, and used only while what it was
validated from is unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from launchpad.errors import ConfigError
from launchpad.milestones import datacache, loader
from launchpad.milestones.registry import kinds


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the shipped milestone data, free to edit."""
    folder = tmp_path / "ms"
    shutil.copytree(loader.default_dir(), folder)
    return folder


def test_the_cache_holds_exactly_what_validation_returns(data: Path) -> None:
    validated = loader.load(data)
    assert datacache.decode(json.loads(json.dumps(datacache.encode(validated)))) == validated
    assert datacache.load(data) == validated  # a miss: validated and written
    assert datacache.cache_file(data).is_file()
    assert datacache.load(data) == validated  # a hit


def test_a_hit_does_not_validate(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datacache.load(data)

    def fail(directory: Path | None = None) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(loader, "load", fail)
    assert datacache.load(data) == tuple(loader.validate(data)[0])


def test_a_changed_file_is_validated_again(data: Path) -> None:
    before = datacache.load(data)
    m0 = data / "m0.toml"
    m0.write_text(m0.read_text().replace(f'name = "{before[0].name}"', 'name = "renamed"', 1))
    after = datacache.load(data)
    assert after[0].name == "renamed"
    assert after == loader.load(data)


def test_a_broken_file_is_reported_even_after_a_cached_run(data: Path) -> None:
    datacache.load(data)
    m1 = data / "m1.toml"
    m1.write_text(m1.read_text() + '\n[[checks]]\nid = "Bad Id"\n')
    with pytest.raises(ConfigError, match="invalid milestone data"):
        datacache.load(data)
    with pytest.raises(ConfigError, match="invalid milestone data"):
        datacache.load(data)  # problems are never cached


def test_an_added_file_changes_the_key(data: Path) -> None:
    registry = kinds()
    key = datacache.data_key(data, registry)
    (data / "m9.toml").write_text("number = 9\n")
    assert datacache.data_key(data, registry) != key
    with pytest.raises(ConfigError, match=r"invalid milestone data: m9\.toml"):
        datacache.load(data)


def test_other_kinds_change_the_key(data: Path) -> None:
    registry = dict(kinds())
    key = datacache.data_key(data, registry)
    registry.pop("license-spdx")
    assert datacache.data_key(data, registry) != key


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"[]", b'{"key": 1}', b'{"key": "KEY", "milestones": [{"number": 0}]}'],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(data: Path, content: bytes) -> None:
    validated = datacache.load(data)
    path = datacache.cache_file(data)
    key = json.loads(path.read_bytes())["key"]
    path.write_bytes(content.replace(b"KEY", key.encode()))
    assert datacache.load(data) == validated
    assert json.loads(path.read_bytes())["key"] == key


def test_data_json_cannot_hold_is_not_cached(tmp_path: Path) -> None:
    from datetime import date

    from launchpad.milestones.model import Check, Milestone

    def milestones(value: object) -> tuple[Milestone, ...]:
        check = Check("a", "t", "k", 0, "f", params={"since": value})
        return (Milestone(0, "n", "s", (check,)),)

    path = tmp_path / "cache.json"
    datacache.write(path, "key", milestones(date(2024, 1, 1)))  # TOML gives dates
    assert not path.exists()
    datacache.write(path, "key", milestones(float("nan")))
    assert not path.exists()
    datacache.write(path, "key", milestones("2024-01-01"))
    assert datacache.read(path, "key") == milestones("2024-01-01")
    assert datacache.read(path, "other") is None


def test_an_unwritable_home_costs_only_the_cache(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("LAUNCHPAD_HOME", str(blocker / "home"))  # under a file: cannot exist
    assert datacache.load(data) == loader.load(data)


def test_a_cached_plain_run_imports_neither_pydantic_nor_importlib_metadata(
    tmp_path: Path,
) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from launchpad.milestones import RunOptions, evaluate\n"
        "evaluate(Path(sys.argv[1]), RunOptions(offline=True, record_history=False))\n"
        "print(sorted(m for m in ('pydantic', 'importlib.metadata') if m in sys.modules))\n"
    )
    run = [sys.executable, "-c", code, str(checkout)]
    first = subprocess.run(run, capture_output=True, text=True, check=True)
    assert "pydantic" in first.stdout  # the first run validates
    second = subprocess.run(run, capture_output=True, text=True, check=True)
    assert second.stdout.strip() == "[]"
