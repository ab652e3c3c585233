"""Templates are data; a malformed one is a one-line ConfigError, not a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from launchpad.errors import ConfigError, NotFoundError
from launchpad.scaffold import available_templates, load_template
from launchpad.scaffold.template import REQUIRED_QUESTIONS, parse_template


def _questions(**extra: Any) -> dict[str, Any]:
    questions: dict[str, Any] = {name: {"type": "str"} for name in REQUIRED_QUESTIONS}
    questions.update(extra)
    return {"version": "0.1.0", "questions": questions}


def test_the_shipped_template() -> None:
    assert "research-artifact" in available_templates()
    template = load_template()
    assert template.version
    assert template.question("kind").choices == ("library", "model", "benchmark", "system")
    assert template.question("license").choices == ("MIT", "Apache-2.0", "BSD-3-Clause")
    assert template.project_dir.is_dir()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a mapping"),
        ({"questions": {}}, "version"),
        (_questions(kind={"type": "list"}), "unknown type 'list'"),
        (_questions(kind={"type": "choice"}), "lists no choices"),
        (_questions(Bad={"type": "str"}), "simple name"),
        ({"version": "1", "questions": {"kind": {"type": "str"}}}, "lacks the questions"),
    ],
)
def test_malformed_questions(data: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_template(Path("t"), data)


def test_missing_and_broken_template_folders(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no template"):
        load_template(tmp_path / "nothing")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "questions.yml").write_text("version: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_template(tmp_path / "broken")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "questions.yml").write_text("version: '1'\nquestions: {}\n")
    with pytest.raises(ConfigError, match="no project/ folder"):
        load_template(tmp_path / "empty")
