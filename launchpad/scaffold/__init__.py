"""Scaffold research-artifact repositories from the data templates in ``templates/``.

``new`` is the whole ``launchpad new`` job in one call (answers, GitHub checks, generate,
publish), ``update_project`` the whole ``launchpad update``; the steps stay public for
callers that need only one:
``load_template`` reads a template and its questions; ``resolve_answers`` runs the one
precedence chain (flags > prompts > recorded answers > defaults); ``generate`` renders
into a temporary folder, records the answers, makes the first commit and moves the
result into place; ``publish`` creates the GitHub repository and pushes.
"""

from __future__ import annotations

from launchpad.scaffold.answers import (
    ANSWERS_FILE,
    Answers,
    check_answer,
    parse_data,
    read_answers_file,
    resolve_answers,
)
from launchpad.scaffold.generate import Generated, check_target, generate
from launchpad.scaffold.new import Scaffolded, check_project, new, update_project
from launchpad.scaffold.template import (
    DEFAULT_TEMPLATE,
    Question,
    Template,
    available_templates,
    load_template,
)

__all__ = [
    "ANSWERS_FILE",
    "DEFAULT_TEMPLATE",
    "Answers",
    "Generated",
    "Question",
    "Scaffolded",
    "Template",
    "available_templates",
    "check_answer",
    "check_project",
    "check_target",
    "generate",
    "load_template",
    "new",
    "parse_data",
    "read_answers_file",
    "resolve_answers",
    "update_project",
]
