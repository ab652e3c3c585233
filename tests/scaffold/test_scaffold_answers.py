"""One precedence chain: flags > prompts > recorded answers > defaults; never a silent gap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from launchpad.errors import ConfigError, InputError
from launchpad.scaffold import (
    Question,
    Template,
    parse_data,
    read_answers_file,
    resolve_answers,
)

CONTEXT = {
    "target_name": "my-artifact",
    "git_user_name": "Ada Tester",
    "git_user_email": "ada@example.org",
}


def test_defaults_follow_earlier_answers(template: Template) -> None:
    answers = resolve_answers(template, context=CONTEXT)
    assert answers["project_name"] == "my-artifact"
    assert answers["import_name"] == "my_artifact"
    assert answers["author_name"] == "Ada Tester"
    assert answers["github_owner"] == "ada-tester"
    assert answers["license"] == "MIT"
    assert answers["kind"] == "library"
    assert answers["create_github"] is False
    assert set(answers.sources.values()) == {"default"}


def test_flags_beat_recorded_answers_which_beat_defaults(template: Template) -> None:
    answers = resolve_answers(
        template,
        flags={"kind": "model"},
        recorded={"kind": "system", "license": "Apache-2.0"},
        context=CONTEXT,
    )
    assert (answers["kind"], answers.sources["kind"]) == ("model", "flag")
    assert (answers["license"], answers.sources["license"]) == ("Apache-2.0", "recorded")
    assert answers.sources["python_min"] == "default"


def test_prompts_are_prefilled_with_recorded_answers_and_beaten_by_flags(
    template: Template,
) -> None:
    asked: dict[str, Any] = {}

    def ask(question: Question, prefill: Any) -> Any:
        asked[question.name] = prefill
        return "benchmark" if question.name == "kind" else prefill

    answers = resolve_answers(
        template,
        flags={"license": "BSD-3-Clause"},
        recorded={"python_min": "3.12"},
        context=CONTEXT,
        ask=ask,
    )
    assert "license" not in asked  # a flag is never asked again
    assert asked["python_min"] == "3.12"
    assert asked["import_name"] == "my_artifact"
    assert "private" not in asked  # only asked when creating a GitHub repository
    assert answers["kind"] == "benchmark"
    assert answers.sources["kind"] == "prompt"
    assert answers["license"] == "BSD-3-Clause"


def test_missing_required_answer_is_an_error_not_a_prompt(template: Template) -> None:
    with pytest.raises(InputError, match="no answer for project_name") as info:
        resolve_answers(template, context={})
    assert "author_email" in info.value.message
    assert info.value.hint is not None
    assert "--data project_name=" in info.value.hint


def test_values_are_coerced_to_their_types(template: Template) -> None:
    answers = resolve_answers(
        template,
        flags={
            "create_github": "yes",
            "private": "off",
            "license": "apache-2.0",
            "python_min": "3.11",
        },
        context=CONTEXT,
    )
    assert answers["create_github"] is True
    assert answers["private"] is False
    assert answers["license"] == "Apache-2.0"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"license": "GPL"}, "license must be one of MIT, Apache-2.0, BSD-3-Clause"),
        ({"create_github": "maybe"}, "create_github must be true or false"),
        ({"colour": "blue"}, "unknown question 'colour'"),
        ({"author_email": "not-an-address"}, "author_email: 'not-an-address' is not an email"),
        ({"import_name": "class"}, "import_name: import name 'class' is a Python keyword"),
        ({"description": ""}, "description: this answer must not be empty"),
    ],
)
def test_bad_answers_are_one_line_errors(
    template: Template, flags: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as info:
        resolve_answers(template, flags=flags, context=CONTEXT)
    assert message in info.value.message
    assert "\n" not in info.value.message


def test_parse_data() -> None:
    assert parse_data(["kind=model", "description=a=b"]) == {"kind": "model", "description": "a=b"}
    with pytest.raises(InputError, match="KEY=VALUE"):
        parse_data(["kind"])


def test_read_answers_file_skips_metadata(tmp_path: Path) -> None:
    path = tmp_path / "answers.yml"
    path.write_text("_template: research-artifact\n_version: 1.0.0\nkind: model\n")
    assert read_answers_file(path) == {"kind": "model"}
    path.write_text("- not\n- a mapping\n")
    with pytest.raises(ConfigError, match="must be a mapping"):
        read_answers_file(path)
    path.write_text("kind: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        read_answers_file(path)
    with pytest.raises(InputError, match="does not exist"):
        read_answers_file(tmp_path / "missing.yml")


def test_a_hand_written_answers_file_may_give_versions_as_yaml_numbers(
    template: Template, tmp_path: Path
) -> None:
    """YAML reads `python_min: 3.10` as the number 3.1; it still means Python 3.10."""
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text("python_min: 3.10\n", encoding="utf-8")
    recorded = read_answers_file(answers_file)
    answers = resolve_answers(template, recorded=recorded, context=CONTEXT)
    assert answers["python_min"] == "3.10"
    assert (
        resolve_answers(template, recorded={"python_min": 3.11}, context=CONTEXT)["python_min"]
        == "3.11"
    )
    with pytest.raises(InputError, match=r"not '3\.9'"):
        resolve_answers(template, recorded={"python_min": 3.9}, context=CONTEXT)
