"""Settings and where each value came from.

One precedence chain for every setting: command-line flag > environment variable >
``[tool.launchpad]`` in the project's pyproject.toml > the user's config file
(``~/.config/launchpad/config.toml``, or ``LAUNCHPAD_CONFIG``) > the built-in default.
Every resolved value carries its source so reports can say why a value is what it is.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchpad.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

APP_NAME = "launchpad"


@dataclass(frozen=True)
class Setting:
    """A resolved setting: its value and the place it came from."""

    value: Any
    source: str  # "flag", "env:NAME", "pyproject:PATH", "user-config:PATH" or "default"


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning a syntax error into a one-line ConfigError."""
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f"{path} is not valid TOML: {err}", hint="fix the file or remove it"
        ) from err
    except UnicodeDecodeError as err:  # TOML is UTF-8 only; a latin-1 file fails here
        raise ConfigError(
            f"{path} is not UTF-8 text (byte {err.start}): TOML files must be UTF-8",
            hint="re-save the file as UTF-8",
        ) from err
    except OSError as err:
        raise ConfigError(f"cannot read {path}: {err.strerror}") from err


def tool_table(pyproject: Path, *keys: str) -> dict[str, Any]:
    """Return ``[tool.launchpad.<keys...>]`` from a pyproject.toml ({} when absent)."""
    if not pyproject.is_file():
        return {}
    tool: Any = read_toml(pyproject).get("tool", {})
    table: Any = tool.get(APP_NAME, {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(
            f"[tool.{APP_NAME}] in {pyproject} must be a table", hint="see docs/configuration.md"
        )
    for key in keys:
        table = table.get(key, {}) if isinstance(table, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(
            f"[tool.{APP_NAME}.{'.'.join(keys)}] in {pyproject} must be a table",
            hint="see docs/configuration.md",
        )
    return table


def user_config_path() -> Path:
    """The user's config file (it need not exist)."""
    env = os.environ.get("LAUNCHPAD_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def launchpad_home() -> Path:
    """Where launchpad keeps its local state (corpus, caches, run history)."""
    env = os.environ.get("LAUNCHPAD_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def resolve(
    key: str,
    *,
    flag: Any = None,
    env: str | None = None,
    pyproject: Path | None = None,
    default: Any = None,
) -> Setting:
    """Resolve one setting through the precedence chain.

    ``key`` is a dotted path inside ``[tool.launchpad]`` and the user config file,
    e.g. ``"corpus.dir"``.
    """
    if flag is not None:
        return Setting(flag, "flag")
    if env and os.environ.get(env):
        return Setting(os.environ[env], f"env:{env}")
    *tables, leaf = key.split(".")
    if pyproject is not None:
        table = tool_table(pyproject, *tables)
        if leaf in table:
            return Setting(table[leaf], f"pyproject:{pyproject}")
    user_file = user_config_path()
    if user_file.is_file():
        node: Any = read_toml(user_file)
        for part in tables:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict) and leaf in node:
            return Setting(node[leaf], f"user-config:{user_file}")
    return Setting(default, "default")


def corpus_dir(flag: Path | None = None) -> Setting:
    """The corpus directory: ``--corpus``, ``LAUNCHPAD_CORPUS``, config, or the data dir."""
    setting = resolve(
        "corpus.dir", flag=flag, env="LAUNCHPAD_CORPUS", default=launchpad_home() / "corpus"
    )
    return Setting(Path(setting.value).expanduser(), setting.source)
