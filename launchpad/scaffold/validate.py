"""Checks for answers: each returns the cleaned value or raises a one-line InputError.

Questions name their validator in ``questions.yml`` (``validate: import_name``);
``VALIDATORS`` maps those names to the functions here.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Callable

from launchpad.errors import InputError
from launchpad.github.names import is_owner

# PyPI's rule for distribution names (PEP 508), which also makes a safe folder name.
_PROJECT_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_IMPORT_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_PROJECT_NAME = 64  # long enough for any real name; keeps generated lines readable
# Import names that would shadow what the generated project itself imports.
_RESERVED_IMPORTS = frozenset({"test", "tests", "examples", "benchmarks", "docs", "src"})


def project_name(value: str) -> str:
    """A distribution/repository/folder name: no separators, no ``..``, not empty.

    '.' is allowed (PyPI allows it): every TOML key the templates build from the name
    is quoted, so ``foo.bar`` is one key, not the table ``foo``.
    """
    name = value.strip()
    if not name:
        raise InputError("the project name is empty", hint="give a name such as my-artifact")
    if "/" in name or "\\" in name or ".." in name or name in {".", "~"}:
        raise InputError(
            f"project name {name!r} contains a path separator or '..'",
            hint="use letters, digits, '-', '_' or '.'; PATH chooses the folder",
        )
    if len(name) > _MAX_PROJECT_NAME:
        raise InputError(
            f"project name {name[:20]}... is longer than {_MAX_PROJECT_NAME} characters",
            hint="choose a shorter name",
        )
    if not _PROJECT_RE.match(name):
        raise InputError(
            f"project name {name!r} is not a valid package name",
            hint="start and end with a letter or digit; use only letters, digits, '-', '_', '.'",
        )
    if keyword.iskeyword(name.lower().replace("-", "_").replace(".", "_")):
        raise InputError(
            f"project name {name!r} is a Python keyword", hint="choose a more specific name"
        )
    return name


def import_name(value: str) -> str:
    """A lower-case Python identifier that is not a keyword nor a standard-library module."""
    name = value.strip()
    if not name:
        raise InputError("the import name is empty", hint="give a name such as my_artifact")
    if not name.isidentifier() or not _IMPORT_RE.match(name):
        raise InputError(
            f"import name {name!r} is not a lower-case Python identifier",
            hint="use lower-case letters, digits and '_', not starting with a digit",
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise InputError(f"import name {name!r} is a Python keyword", hint="choose another name")
    if name in sys.stdlib_module_names or name in _RESERVED_IMPORTS:
        raise InputError(
            f"import name {name!r} would shadow the module of the same name",
            hint="choose a more specific name",
        )
    return name


def email(value: str) -> str:
    """An email address (the plain shape only: something@host.tld)."""
    address = value.strip()
    if not _EMAIL_RE.match(address):
        raise InputError(
            f"{address!r} is not an email address", hint="give an address such as you@example.org"
        )
    return address


def owner(value: str) -> str:
    """A GitHub user or organisation login."""
    login = value.strip()
    if not is_owner(login):
        raise InputError(
            f"{login!r} is not a GitHub user or organisation name",
            hint="use letters, digits and single '-', at most 39 characters",
        )
    return login


def oneline(value: str) -> str:
    """A non-empty single line (it goes into YAML, TOML and Markdown)."""
    text = value.strip()
    if not text:
        raise InputError("this answer must not be empty")
    if "\n" in text or "\r" in text:
        raise InputError("this answer must fit on one line")
    return text


def slug(value: str) -> str:
    """``Ada Lovelace`` -> ``ada-lovelace``: a login-shaped guess from a person's name."""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))[:39].strip("-")


VALIDATORS: dict[str, Callable[[str], str]] = {
    "project_name": project_name,
    "import_name": import_name,
    "email": email,
    "owner": owner,
    "oneline": oneline,
}
