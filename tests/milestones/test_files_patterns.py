"""Path patterns (pathspec, anchored at the root) and the .gitignore-aware walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.errors import ConfigError
from launchpad.milestones.kinds import filekinds as k
from launchpad.milestones.model import Status
from launchpad.milestones.sources.files import RepoFiles, path_matcher
from tests.milestones.helpers import write_files


def checkout(tmp_path: Path, files: dict[str, str]) -> RepoFiles:
    write_files(tmp_path, files)
    return RepoFiles(tmp_path)


def test_examples_pattern_matches_any_depth_below(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"examples/sub/a.py": "", "examples/sub/deeper/b.py": ""})
    for pattern in ("**/examples/**", "examples/**"):
        assert files.glob(pattern) == ["examples/sub/a.py", "examples/sub/deeper/b.py"]
    nested = checkout(tmp_path / "n", {"pkg/examples/sub/c.py": ""})
    assert nested.glob("**/examples/**") == ["pkg/examples/sub/c.py"]
    assert nested.glob("examples/**") == []  # anchored at the root


def test_patterns_are_anchored_at_the_root(tmp_path: Path) -> None:
    files = checkout(
        tmp_path, {"CONTRIBUTING.md": "", "third_party/x/CONTRIBUTING.md": "", "docs/a.md": ""}
    )
    assert files.glob("contributing*") == ["CONTRIBUTING.md"]
    assert files.glob("**/contributing*") == ["CONTRIBUTING.md", "third_party/x/CONTRIBUTING.md"]
    assert files.glob("*.md") == ["CONTRIBUTING.md"]
    assert files.glob("docs/**/*.md") == ["docs/a.md"]  # "**/" also matches no folder


def test_notebooks_at_any_depth_count_for_min_count(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"a.ipynb": "", "x/y/z/b.ipynb": "", "x/c.IPYNB": ""})
    outcome = k.file_exists(files, paths=["**/*.ipynb"], min_count=3)
    assert outcome.status is Status.PASS, outcome.detail
    assert k.file_exists(files, paths=["**/*.ipynb"], min_count=4).status is Status.FAIL


def test_brackets_negation_and_unclosed_bracket(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"a.py": "", "b.py": "", "[.py": "", "c.txt": ""})
    assert files.glob("[!b].py") == ["[.py", "a.py"]  # not "! or b"
    assert files.glob("[") == []  # a literal "[": never hangs
    assert files.glob("[.py") == ["[.py"]
    assert files.glob("*", "!*.py") == ["c.txt"]  # "!" excludes again, last match wins


@pytest.mark.parametrize("pattern", ["\\", "[z-a].py", "*a*a*a*a*a*b"])
def test_a_pattern_pathspec_rejects_is_a_config_error(tmp_path: Path, pattern: str) -> None:
    files = checkout(tmp_path, {"a.py": ""})
    with pytest.raises(ConfigError) as caught:
        files.glob(pattern)
    assert repr(pattern) in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.hint and ".gitignore syntax" in caught.value.hint


def test_walk_leaves_out_gitignored_files_top_level_and_nested(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            ".gitignore": "outputs/\n*.log\n!keep.log\n",
            "outputs/run1/model.pt": "",
            "train.log": "",
            "keep.log": "",
            "src/pkg/__init__.py": "",
            "src/pkg/.gitignore": "generated_*.py\n",
            "src/pkg/generated_a.py": "",
            "src/other/generated_b.py": "",  # the nested rules stop at their folder
            "notes/debug.log": "",
        },
    )
    assert files.paths == (
        ".gitignore",
        "keep.log",
        "src/other/generated_b.py",
        "src/pkg/.gitignore",
        "src/pkg/__init__.py",
    )


def test_walk_survives_a_gitignore_line_pathspec_rejects(tmp_path: Path) -> None:
    files = checkout(tmp_path, {".gitignore": "\\\n[z-a]\n*.tmp\n", "a.tmp": "", "b.py": ""})
    assert files.paths == (".gitignore", "b.py")


def test_a_nested_set_pattern_matches_without_a_warning() -> None:
    """``[[]`` (a set holding ``[``) compiles twice; neither compile may warn, since the
    test suite turns warnings into errors (hypothesis found it)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        match = path_matcher(("x[[]",))
    assert match("x[") and not match("xa")


def test_a_pattern_list_compiles_one_expression(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling is most of what a pattern costs: the list becomes one alternation, and
    no pattern is compiled on its own (exclusions still go pattern by pattern)."""
    import re

    compiled: list[str] = []
    compile_ = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return compile_(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    match = path_matcher.__wrapped__(("license*", "docs/**/*.md", "**/examples/**"))
    assert len(compiled) == 1
    assert [match(p) for p in ("license.txt", "docs/a/b.md", "x/examples/y.py", "a.md")] == [
        True, True, True, False,
    ]  # fmt: skip
    compiled.clear()
    path_matcher.__wrapped__(("docs/**", "!docs/private/**"))
    assert len(compiled) == 2
