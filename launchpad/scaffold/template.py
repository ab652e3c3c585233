"""A template: its folder, its version and its questions, read from ``questions.yml``.

Templates are data (copier's idea): ``templates/<name>/questions.yml`` holds the
questions, ``templates/<name>/project/`` the files to render and
``templates/<name>/kinds/`` the partials included by them. Nothing here renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchpad.errors import ConfigError, NotFoundError

DEFAULT_TEMPLATE = "research-artifact"
QUESTIONS_FILE = "questions.yml"
PROJECT_DIR = "project"
QUESTION_TYPES = ("str", "bool", "choice")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# Questions launchpad itself reads (paths, the commit author, GitHub): every template asks them.
REQUIRED_QUESTIONS = (
    "project_name",
    "author_name",
    "author_email",
    "python_min",
    "github_owner",
    "description",
    "create_github",
    "private",
)


@dataclass(frozen=True)
class Question:
    """One question: how to ask it, its default (a Jinja expression) and its check."""

    name: str
    type: str
    prompt: str
    default: str | bool | None = None
    choices: tuple[str, ...] = ()
    validate: str | None = None
    help: str | None = None
    when: str | None = None
    record: bool = True


@dataclass(frozen=True)
class Template:
    """A template folder with its version and ordered questions."""

    name: str
    version: str
    root: Path
    questions: tuple[Question, ...]

    @property
    def project_dir(self) -> Path:
        """The folder whose tree is rendered into the new repository."""
        return self.root / PROJECT_DIR

    def question(self, name: str) -> Question:
        """The question called ``name`` (KeyError when the template has none)."""
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)


def templates_dir() -> Path:
    """Where the shipped templates live (wheel or source checkout)."""
    from launchpad.resources import data_dir

    return data_dir("templates")


def available_templates() -> list[str]:
    """Names of the shipped templates."""
    return sorted(p.name for p in templates_dir().iterdir() if (p / QUESTIONS_FILE).is_file())


def load_template(name_or_path: str | Path = DEFAULT_TEMPLATE) -> Template:
    """Load a shipped template by name, or a template folder by path."""
    text = str(name_or_path)
    if "/" in text or "\\" in text or Path(text).is_absolute():
        root = Path(text).expanduser()
    else:
        root = templates_dir() / text
    questions_file = root / QUESTIONS_FILE
    if not questions_file.is_file():
        raise NotFoundError(
            f"no template {text!r} (expected {QUESTIONS_FILE} in {root})",
            hint=f"shipped templates: {', '.join(available_templates())}",
        )
    data = _read_yaml(questions_file)
    if not (root / PROJECT_DIR).is_dir():
        raise ConfigError(f"template {text!r} has no {PROJECT_DIR}/ folder to render")
    return parse_template(root, data)


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path} is not valid YAML: {err}".splitlines()[0]) from err


def parse_template(root: Path, data: Any) -> Template:
    """Build a Template from the parsed ``questions.yml`` (ConfigError when malformed)."""
    where = root / QUESTIONS_FILE
    if not isinstance(data, dict) or not isinstance(data.get("questions"), dict):
        raise ConfigError(f"{where} must be a mapping with a 'questions' mapping")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise ConfigError(f"{where} must give the template version as a string")
    questions = []
    for name, spec in data["questions"].items():
        if not isinstance(spec, dict) or not _NAME_RE.match(str(name)):
            raise ConfigError(f"{where}: question {name!r} must be a mapping with a simple name")
        kind = spec.get("type", "str")
        if kind not in QUESTION_TYPES:
            raise ConfigError(f"{where}: question {name!r} has unknown type {kind!r}")
        choices = tuple(str(c) for c in spec.get("choices", ()))
        if kind == "choice" and not choices:
            raise ConfigError(f"{where}: choice question {name!r} lists no choices")
        default = spec.get("default")
        questions.append(
            Question(
                name=str(name),
                type=kind,
                prompt=str(spec.get("prompt", name)),
                default=default if isinstance(default, bool) or default is None else str(default),
                choices=choices,
                validate=spec.get("validate"),
                help=spec.get("help"),
                when=spec.get("when"),
                record=bool(spec.get("record", True)),
            )
        )
    missing = [name for name in REQUIRED_QUESTIONS if name not in {q.name for q in questions}]
    if missing:
        raise ConfigError(f"{where} lacks the questions {', '.join(missing)}")
    return Template(name=root.name, version=version, root=root, questions=tuple(questions))
