"""Kinds come from the `launchpad.check_kinds` entry-point group, built-ins included."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from launchpad.errors import ConfigError
from launchpad.milestones import registry
from launchpad.milestones.registry import describe, kinds


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    kinds.cache_clear()
    yield
    kinds.cache_clear()


def test_builtin_kinds_are_registered_through_the_entry_point() -> None:
    found = kinds()
    assert {"license-spdx", "git-authors", "gh-stars", "index-releases"} <= set(found)
    assert {k.source for k in found.values()} == {"launchpad.milestones.kinds"}


def test_signature_splits_fixtures_params_and_optional_sources() -> None:
    def kind(files: object, github: object = None, *, min: int, window_days: int = 3) -> bool:
        return True

    spec = describe("k", kind, "test")
    assert spec.fixtures == ("files", "github")
    assert spec.optional_fixtures == {"github"}
    assert dict(spec.params) == {"min": False, "window_days": True}


def test_parameter_annotations_check_values_and_unknown_ones_are_not_checked() -> None:
    def kind(
        files: object,
        min: int,
        share: float = 0.5,
        names: list[str] | None = None,
        x: NotImportedHere = 1,  # noqa: F821 - an annotation that cannot be resolved
    ) -> bool:
        return True

    spec = describe("k", kind, "test")
    assert spec.param_problem("min", 2) is None
    assert spec.param_problem("min", True) == "must be int, not bool"
    assert spec.param_problem("share", 1) is None
    assert spec.param_problem("names", ["a"]) is None
    assert spec.param_problem("names", "a") == "must be list[str], not str"
    assert spec.param_problem("x", "anything") is None


def test_parameter_types_are_strict_as_toml_gives_them() -> None:
    def kind(flag: bool = False, share: float = 0.5, count: int = 1) -> bool:
        return True

    spec = describe("k", kind, "test")
    assert spec.param_problem("flag", 1) == "must be bool, not int"
    assert spec.param_problem("share", True) == "must be float, not bool"
    assert spec.param_problem("count", "3") == "must be int, not str"
    assert spec.param_problem("count", 3) is None
    assert spec.problems({"count": 1.5, "nope": 1}) == [
        "kind 'k' has no parameter 'nope'",
        "parameter 'count' must be int, not float",
    ]


def test_kinds_with_var_keyword_are_rejected() -> None:
    def kind(**anything: object) -> bool:
        return True

    with pytest.raises(ConfigError, match=r"\*\*kwargs"):
        describe("k", kind, "test")


def test_third_party_kind_is_found_and_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "extra_kinds.py").write_text(
        "from launchpad.milestones import passed\n"
        "def has_makefile(files):\n"
        "    '''A Makefile exists.'''\n"
        "    return passed('Makefile') if files.exists('Makefile') else False\n"
    )
    dist = site / "extra_kinds-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-kinds\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[launchpad.check_kinds]\nhas-makefile = extra_kinds:has_makefile\n"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "extra_kinds", raising=False)
    found = kinds()
    assert found["has-makefile"].source == "extra_kinds:has_makefile"
    assert "license-spdx" in found

    from launchpad.milestones import RunOptions, evaluate

    data = tmp_path / "ms"
    data.mkdir()
    (data / "m0.toml").write_text(
        'number = 0\nname = "built"\nsummary = "s"\n[[checks]]\nid = "makefile"\n'
        'title = "Makefile"\nkind = "has-makefile"\nfix = "add one"\n'
    )
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    options = RunOptions(offline=True, milestones_dir=data, record_history=False)
    assert evaluate(checkout, options).level == -1
    (checkout / "Makefile").write_text("all:\n")
    assert evaluate(checkout, options).level == 0


def test_entry_point_without_kinds_is_a_config_error() -> None:
    import types

    with pytest.raises(ConfigError, match="without KINDS"):
        registry._collect(types.ModuleType("empty"), "empty")


def test_a_crashing_kind_is_unknown_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_registry: None
) -> None:
    from launchpad.milestones import RunOptions, evaluate
    from launchpad.milestones.model import Status

    def broken(files: object) -> bool:
        raise ZeroDivisionError

    real = dict(kinds())
    real["broken"] = describe("broken", broken, "test")
    monkeypatch.setattr(registry, "kinds", lambda: real)
    monkeypatch.setattr("launchpad.milestones.loader.kinds", lambda: real)
    monkeypatch.setattr("launchpad.milestones.runner.kinds", lambda: real)
    data = tmp_path / "ms"
    data.mkdir()
    (data / "m0.toml").write_text(
        'number = 0\nname = "n"\nsummary = "s"\n[[checks]]\nid = "b"\ntitle = "t"\n'
        'kind = "broken"\nfix = "f"\n'
    )
    report = evaluate(tmp_path, RunOptions(offline=True, milestones_dir=data, record_history=False))
    result = report.results[0]
    assert result.status is Status.UNKNOWN
    assert result.detail == "check kind 'broken' failed: ZeroDivisionError"
