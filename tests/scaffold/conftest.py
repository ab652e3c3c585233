"""Fixtures for the scaffold tests: the shipped template and a generator of projects."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from launchpad.scaffold import Generated, Template, generate, load_template, resolve_answers
from launchpad.scaffold.gitinit import git_identity

# The golden tree holds a rendered project (tests, pyproject...): data, not tests.
collect_ignore_glob = ["golden/*"]

GOLDEN_DAY = date(2026, 1, 15)

Make = Callable[..., Generated]


@pytest.fixture(scope="session")
def template() -> Template:
    return load_template()


@pytest.fixture
def make_project(template: Template, tmp_path: Path) -> Make:
    """Generate a project with the defaults overridden by ``data`` (no prompts)."""

    def make(
        name: str = "demo-artifact",
        *,
        data: Mapping[str, Any] | None = None,
        parent: Path | None = None,
        git: bool = True,
        **options: Any,
    ) -> Generated:
        target = (parent or tmp_path) / name
        answers = resolve_answers(
            template,
            flags=dict(data or {}),
            context={**git_identity(), "target_name": name},
        )
        return generate(target, template, answers, git=git, today=GOLDEN_DAY, **options)

    return make
