"""Render the golden tree: the files `launchpad new` writes for the default answers.

Regenerate after a deliberate template change, review the diff, commit it:

    python -m tests.scaffold.regen_golden

The golden project is rendered with fixed inputs (name, author, date) so that it changes
only when the template does.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from launchpad.scaffold import load_template, resolve_answers
from launchpad.scaffold.generate import generate
from tests.scaffold.conftest import GOLDEN_DAY

GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "research-artifact-defaults"
GOLDEN_NAME = "golden-project"
GOLDEN_CONTEXT = {
    "target_name": GOLDEN_NAME,
    "git_user_name": "Ada Tester",
    "git_user_email": "ada@example.org",
}


def render_golden(destination: Path) -> Path:
    """Render the default-answers project into ``destination/golden-project``."""
    template = load_template()
    answers = resolve_answers(template, context=GOLDEN_CONTEXT)
    return generate(destination / GOLDEN_NAME, template, answers, git=False, today=GOLDEN_DAY).path


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative POSIX path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rendered = render_golden(Path(folder))
        if GOLDEN_DIR.exists():
            shutil.rmtree(GOLDEN_DIR)
        shutil.copytree(rendered, GOLDEN_DIR)
    print(f"wrote {len(tree(GOLDEN_DIR))} files to {GOLDEN_DIR}")


if __name__ == "__main__":
    main()
