"""One answers map, one precedence chain: flags > prompts > recorded answers > defaults.

For every question, in the template's order: an answer given on the command line
(``--data``, ``--github``, ``--private``) wins; otherwise, when a prompt function is
given (a terminal is attached), the user is asked with the recorded answer or the
default pre-filled; otherwise the recorded answer (``--data-file``, or a repository's
``.launchpad-answers.yml``) is used; otherwise the default. A question left without an
answer is an InputError that names it: never a prompt without a terminal, never a hang.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from launchpad.errors import ConfigError, InputError
from launchpad.scaffold.template import Question, Template
from launchpad.scaffold.validate import VALIDATORS, slug

Ask = Callable[[Question, Any], Any]
"""A prompt: receives the question and its pre-filled value (None when there is none)."""

ANSWERS_FILE = ".launchpad-answers.yml"
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@dataclass(frozen=True)
class Answers:
    """The resolved answers and where each came from (flag, prompt, recorded, default)."""

    values: Mapping[str, Any]
    sources: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def parse_data(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["key=value", ...]`` from repeated ``--data`` options into a dict."""
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--data {pair!r} is not KEY=VALUE", hint="e.g. --data kind=model")
        data[key.strip()] = value
    return data


def read_answers_file(path: Path) -> dict[str, Any]:
    """Answers from a YAML mapping (keys starting with '_' are metadata and skipped)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(
            f"answers file {path} does not exist", hint="check the path given to --data-file"
        ) from err
    except OSError as err:
        raise ConfigError(
            f"cannot read answers file {path}: {err.strerror}",
            hint="--data-file takes a YAML file of question: answer lines",
        ) from err
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"answers file {path} is not UTF-8 text (byte {err.start})",
            hint="--data-file takes a YAML file of question: answer lines",
        ) from err
    except yaml.YAMLError as err:
        raise ConfigError(
            f"answers file {path} is not valid YAML", hint=str(err).splitlines()[0]
        ) from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"answers file {path} must be a mapping of question: answer, "
            f"not a {type(data).__name__}",
            hint="write one 'name: value' line per question, e.g. 'kind: model'",
        )
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def check_answer(question: Question, value: Any) -> Any:
    """Coerce ``value`` to the question's type and run its validator (InputError if bad)."""
    if question.type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise InputError(
            f"{question.name} must be true or false, not {value!r}",
            hint=f"e.g. --data {question.name}=true",
        )
    if value is None:
        raise InputError(f"{question.name} needs a value")
    text = str(value).strip()
    if question.type == "choice":
        for choice in question.choices:
            if choice.lower() == text.lower() or _same_number(value, choice):
                return choice
        raise InputError(
            f"{question.name} must be one of {', '.join(question.choices)}, not {text!r}",
            hint=f"e.g. --data {question.name}={question.choices[0]} (the questions: docs/new.md)",
        )
    if question.validate:
        validator = VALIDATORS.get(question.validate)
        if validator is None:
            raise ConfigError(
                f"question {question.name} names unknown validator {question.validate!r}"
            )
        try:
            return validator(text)
        except InputError as err:
            raise InputError(f"{question.name}: {err.message}", hint=err.hint) from None
    return text


def _same_number(value: Any, choice: str) -> bool:
    """Whether a YAML number (``python_min: 3.10`` reads as 3.1) means the choice ``3.10``."""
    if not isinstance(value, float):
        return False
    try:
        return float(choice) == value
    except ValueError:
        return False


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # noqa: S701 - not HTML
    env.filters["slug"] = slug
    return env


def _default(env: Any, question: Question, scope: Mapping[str, Any]) -> Any:
    """The question's default rendered against the answers so far (None: no default)."""
    import jinja2

    if question.default is None or isinstance(question.default, bool):
        return question.default
    try:
        text = env.from_string(question.default).render(scope).strip()
    except jinja2.TemplateError as err:
        raise ConfigError(
            f"the default of question {question.name} cannot be rendered: {err}"
        ) from err
    return text or None


def _applies(env: Any, question: Question, scope: Mapping[str, Any]) -> bool:
    if not question.when:
        return True
    text = env.from_string(question.when).render(scope).strip().lower()
    return text not in {"", "false", "no", "0", "none"}


def resolve_answers(
    template: Template,
    *,
    flags: Mapping[str, Any] | None = None,
    recorded: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    ask: Ask | None = None,
) -> Answers:
    """Resolve every question of ``template`` through the precedence chain.

    ``context`` feeds the defaults (target_name, git_user_name, ...); ``ask`` is the
    prompt, given only when a terminal is attached and prompting is wanted.
    """
    flags = dict(flags or {})
    recorded = dict(recorded or {})
    names = {q.name for q in template.questions}
    unknown = sorted(set(flags) - names)
    if unknown:
        raise InputError(
            f"unknown question {unknown[0]!r}",
            hint=f"questions of {template.name}: {', '.join(q.name for q in template.questions)}",
        )
    env = _environment()
    scope: dict[str, Any] = {
        "target_name": "",
        "git_user_name": "",
        "git_user_email": "",
        "git_github_user": "",
        "github_login": "",
    }
    scope.update(context or {})
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    missing: list[str] = []
    for question in template.questions:
        default = _default(env, question, scope)
        if question.name in flags:
            value, source = check_answer(question, flags[question.name]), "flag"
        elif not _applies(env, question, scope):
            value, source = (
                (question.default if isinstance(question.default, bool) else default),
                "default",
            )
        elif ask is not None:
            prefill = recorded.get(question.name, default)
            value, source = check_answer(question, ask(question, prefill)), "prompt"
        elif question.name in recorded:
            value, source = check_answer(question, recorded[question.name]), "recorded"
        elif default is not None:
            value, source = check_answer(question, default), "default"
        else:
            missing.append(question.name)
            value, source = "", "missing"
        values[question.name] = value
        sources[question.name] = source
        scope[question.name] = value
    if missing:
        first = missing[0]
        raise InputError(
            f"no answer for {', '.join(missing)}: it has no default and nobody to ask",
            hint=f"pass --data {first}=VALUE or --data-file answers.yml, or run in a terminal",
        )
    return Answers(MappingProxyType(values), MappingProxyType(sources))
