"""The check-kind registry: kinds are plain functions found through entry points.

A kind's parameter names say what it needs. Names in :data:`FIXTURE_NAMES` are filled
with signal sources (the checkout's files, git history, GitHub, the package index, the
configuration, today's date); every other parameter is filled from the check's
``params`` table in ``milestones/mN.toml`` (or a threshold override in the checked
repository's config), falling back to the function's default. A fixture parameter with a
default of ``None`` is optional: when that source is unavailable the kind receives
``None`` instead of the whole check becoming unknown.

Third parties add kinds through the ``launchpad.check_kinds`` entry-point group; the
entry point may name a module with a ``KINDS`` mapping, a mapping, or one function
(registered under the entry point's name). launchpad's own kinds come through the same
path (``builtin = "launchpad.milestones.kinds"``).
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from launchpad.errors import ConfigError

ENTRY_POINT_GROUP = "launchpad.check_kinds"

FIXTURE_NAMES: frozenset[str] = frozenset(
    {
        "root",  # Path of the checkout
        "files",  # RepoFiles: the file listing with helpers
        "readme",  # Readme: headings and text of the README
        "docs",  # Docs: headings of the documentation pages
        "pyproject",  # dict: the parsed pyproject.toml ({} when absent)
        "git",  # GitHistory: commits, authors, tags, modules (unknown without git)
        "github",  # GitHubSignals (unknown offline, without a repository or rate-limited)
        "package_index",  # PackageInfo (unknown offline)
        "config",  # MilestonesConfig from [tool.launchpad.milestones]
        "today",  # datetime.date of the evaluation
    }
)

KindFunction = Callable[..., Any]


@dataclass(frozen=True)
class Kind:
    """A registered kind and what its signature asks for."""

    name: str
    function: KindFunction
    source: str  # the entry point that provided it
    fixtures: tuple[str, ...]
    optional_fixtures: frozenset[str]
    params: Mapping[str, bool]  # parameter name -> has a default
    types: Mapping[str, Any] = field(default_factory=dict)  # parameter -> annotation, if known

    def param_problem(self, name: str, value: Any) -> str | None:
        """Why ``value`` does not fit parameter ``name``'s annotation (None when it fits)."""
        expected = self.types.get(name)
        if expected is None or _fits(expected, value):
            return None
        return f"must be {_type_name(expected)}, not {type(value).__name__}"

    @property
    def doc(self) -> str:
        """First line of the kind's docstring."""
        return (inspect.getdoc(self.function) or "").split("\n", 1)[0]


def _fits(expected: Any, value: Any) -> bool:
    """Whether a TOML value fits a parameter annotation (unknown forms always fit)."""
    origin = typing.get_origin(expected)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(arg, value) for arg in typing.get_args(expected))
    if expected is Any:
        return True
    if expected is type(None) or expected is None:
        return value is None
    if expected is bool:
        return isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    if origin in (list, tuple, Sequence) or expected is list:
        args = typing.get_args(expected)
        return isinstance(value, list) and (not args or all(_fits(args[0], v) for v in value))
    if origin in (dict, Mapping) or expected is dict:
        return isinstance(value, dict)
    return True


def _type_name(expected: Any) -> str:
    if typing.get_origin(expected) in (typing.Union, types.UnionType):
        names = [_type_name(a) for a in typing.get_args(expected) if a is not type(None)]
        return " or ".join(names)
    if isinstance(expected, type) and not typing.get_args(expected):
        return expected.__name__
    return str(expected).replace("typing.", "")


def _annotation(function: KindFunction, parameter: inspect.Parameter) -> Any:
    """The parameter's annotation resolved in the function's module (None if it cannot be)."""
    annotation = parameter.annotation
    if annotation is inspect.Parameter.empty:
        return None
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, getattr(function, "__globals__", {}))  # noqa: S307
        except Exception:  # an annotation we cannot resolve is simply not checked
            return None
    return annotation


def describe(name: str, function: KindFunction, source: str) -> Kind:
    """Inspect a kind function's signature."""
    fixtures: list[str] = []
    optional: set[str] = set()
    params: dict[str, bool] = {}
    annotations: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise ConfigError(
                f"check kind {name!r} ({source}) takes *args/**kwargs",
                hint="name every fixture and parameter explicitly",
            )
        has_default = parameter.default is not inspect.Parameter.empty
        if parameter.name in FIXTURE_NAMES:
            fixtures.append(parameter.name)
            if has_default and parameter.default is None:
                optional.add(parameter.name)
        else:
            params[parameter.name] = has_default
            annotations[parameter.name] = _annotation(function, parameter)
    return Kind(name, function, source, tuple(fixtures), frozenset(optional), params, annotations)


def _collect(loaded: Any, entry_name: str) -> dict[str, KindFunction]:
    if isinstance(loaded, ModuleType):
        loaded = getattr(loaded, "KINDS", None)
        if loaded is None:
            raise ConfigError(
                f"entry point {entry_name!r} in {ENTRY_POINT_GROUP} names a module without KINDS",
                hint="define KINDS = {'kind-name': function} in that module",
            )
    if isinstance(loaded, Mapping):
        return {str(k): v for k, v in loaded.items()}
    if callable(loaded):
        return {entry_name: loaded}
    raise ConfigError(f"entry point {entry_name!r} in {ENTRY_POINT_GROUP} is not a kind")


@cache
def kinds() -> Mapping[str, Kind]:
    """Every registered kind, by name (loaded once per process)."""
    from importlib.metadata import entry_points

    found: dict[str, Kind] = {}
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            loaded = entry.load()
        except Exception as err:
            raise ConfigError(
                f"cannot load check kinds from entry point {entry.name!r} ({entry.value}): {err}",
                hint="reinstall or remove the package that declares it",
            ) from err
        for name, function in _collect(loaded, entry.name).items():
            if name in found:
                raise ConfigError(
                    f"check kind {name!r} is registered twice "
                    f"({found[name].source} and {entry.value})",
                    hint="rename one of them",
                )
            found[name] = describe(name, function, entry.value)
    if not found:
        raise ConfigError(
            f"no check kinds are registered in the {ENTRY_POINT_GROUP!r} entry-point group",
            hint="reinstall launchpad (pip install -e . in a checkout)",
        )
    return found
