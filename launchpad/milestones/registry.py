"""The check-kind registry: kinds are plain functions found through entry points.

A kind's parameter names say what it needs. Names declared in
:data:`~launchpad.milestones.fixtures.FIXTURES` are filled with signal sources (the
checkout's files, git history, GitHub, the package index, the configuration, today's
date); every other parameter is filled from the check's ``params`` table in
``milestones/mN.toml`` (or a threshold override in the checked repository's config),
falling back to the function's default. A fixture parameter with a default of ``None``
is optional: when that source is unavailable the kind receives ``None`` instead of the
whole check becoming unknown.

A parameter's annotation, resolved in the kind's module, is the type its TOML value is
validated against (pydantic, strict: ``1`` is not a bool and ``"3"`` is not an int); an
annotation that cannot be resolved or that pydantic cannot validate is not checked.

Third parties add kinds through the ``launchpad.check_kinds`` entry-point group; the
entry point may name a module with a ``KINDS`` mapping, a mapping, or one function
(registered under the entry point's name). launchpad's own kinds come through the same
path (``builtin = "launchpad.milestones.kinds"``). The group's entries are read through
:mod:`launchpad.milestones.entrypoints`, which keeps them between runs.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from launchpad.errors import ConfigError
from launchpad.milestones.fixtures import FIXTURES

if TYPE_CHECKING:
    from pydantic import TypeAdapter

ENTRY_POINT_GROUP = "launchpad.check_kinds"

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

    def problems(self, params: Mapping[str, Any]) -> list[str]:
        """What is wrong with a check's ``params`` for this kind: unknown, missing, mistyped."""
        found = [
            f"kind {self.name!r} has no parameter {key!r}"
            for key in params
            if key not in self.params
        ]
        found.extend(
            f"kind {self.name!r} needs parameter {key!r}"
            for key, has_default in self.params.items()
            if not has_default and key not in params
        )
        for key, value in params.items():
            wrong = self.param_problem(key, value) if key in self.params else None
            if wrong:
                found.append(f"parameter {key!r} {wrong}")
        return found

    @property
    def doc(self) -> str:
        """First line of the kind's docstring."""
        return (inspect.getdoc(self.function) or "").split("\n", 1)[0]


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
        # One annotation at a time, so one that cannot be resolved leaves the others checked.
        holder = types.SimpleNamespace(__annotations__={parameter.name: annotation})
        try:
            hints = typing.get_type_hints(
                holder, getattr(function, "__globals__", {}), include_extras=True
            )
        except Exception:  # an annotation we cannot resolve is simply not checked
            return None
        annotation = hints[parameter.name]
    return annotation


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any] | None:
    """A strict validator for values of ``annotation`` (None when pydantic has none)."""
    from pydantic import ConfigDict, PydanticUserError, TypeAdapter

    try:
        return TypeAdapter(annotation, config=ConfigDict(strict=True))
    except PydanticUserError:  # e.g. an arbitrary class: not a TOML value, not checked
        return None


def _fits(expected: Any, value: Any) -> bool:
    from pydantic import ValidationError

    try:
        adapter = _adapter(expected)
    except TypeError:  # an unhashable annotation: build it uncached
        adapter = _adapter.__wrapped__(expected)
    if adapter is None:
        return True
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


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
        if parameter.name in FIXTURES:
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
    from launchpad.milestones import entrypoints

    found: dict[str, Kind] = {}
    for entry, value in entrypoints.group(ENTRY_POINT_GROUP):
        try:
            loaded = entrypoints.load(value)
        except Exception as err:
            raise ConfigError(
                f"cannot load check kinds from entry point {entry!r} ({value}): {err}",
                hint="reinstall or remove the package that declares it",
            ) from err
        for name, function in _collect(loaded, entry).items():
            if name in found:
                raise ConfigError(
                    f"check kind {name!r} is registered twice ({found[name].source} and {value})",
                    hint="rename one of them",
                )
            found[name] = describe(name, function, value)
    if not found:
        raise ConfigError(
            f"no check kinds are registered in the {ENTRY_POINT_GROUP!r} entry-point group",
            hint="reinstall launchpad (pip install -e . in a checkout)",
        )
    return found
