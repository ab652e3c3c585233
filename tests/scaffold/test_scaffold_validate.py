"""Names that would break a path, an import or a package index get a one-line error."""

from __future__ import annotations

import pytest

from launchpad.errors import InputError
from launchpad.scaffold.validate import import_name, owner, project_name, slug


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a/b", "path separator"),
        ("a\\b", "path separator"),
        ("..", "path separator or '..'"),
        ("x..y", "'..'"),
        ("-leading", "not a valid package name"),
        ("has space", "not a valid package name"),
        ("class", "keyword"),
        ("ünïcode", "not a valid package name"),
        ("x" * 65, "longer than 64 characters"),
    ],
)
def test_bad_project_names(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        project_name(name)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "empty"),
        ("my-artifact", "not a lower-case Python identifier"),
        ("1st", "not a lower-case Python identifier"),
        ("CamelCase", "not a lower-case Python identifier"),
        ("import", "keyword"),
        ("match", "keyword"),
        ("json", "shadow"),
        ("tests", "shadow"),
    ],
)
def test_bad_import_names(name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        import_name(name)


def test_good_names_pass_through_trimmed() -> None:
    assert project_name(" my-artifact.v2 ") == "my-artifact.v2"
    assert import_name("my_artifact") == "my_artifact"
    assert owner("Ada-Lab") == "Ada-Lab"
    with pytest.raises(InputError):
        owner("ada--lab")


def test_slug() -> None:
    assert slug("Ada  Lovelace (PhD)") == "ada-lovelace-phd"
