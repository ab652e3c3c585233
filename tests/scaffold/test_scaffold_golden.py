"""The golden tree pins every file rendered for the default answers.

After a deliberate template change: ``python -m tests.scaffold.regen_golden``, review the
diff, commit it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.scaffold.regen_golden import GOLDEN_DIR, render_golden, tree


def test_default_answers_render_the_golden_tree(tmp_path: Path) -> None:
    rendered = tree(render_golden(tmp_path))
    golden = tree(GOLDEN_DIR)
    assert sorted(rendered) == sorted(golden), "files added or removed"
    for name, content in golden.items():
        if rendered[name] != content:
            diff = "\n".join(
                difflib.unified_diff(
                    content.decode().splitlines(),
                    rendered[name].decode().splitlines(),
                    f"golden/{name}",
                    f"rendered/{name}",
                    lineterm="",
                )
            )
            raise AssertionError(
                f"{name} differs from the golden tree "
                f"(regenerate: python -m tests.scaffold.regen_golden)\n{diff}"
            )


def test_golden_tree_has_no_unrendered_markers() -> None:
    for name, content in tree(GOLDEN_DIR).items():
        text = content.decode()
        assert "{{" not in name
        if not name.startswith(".github/workflows/"):  # GitHub's own ${{ }} expressions
            assert "{{" not in text, name
            assert "{%" not in text, name
