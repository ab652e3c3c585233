"""Render a template's ``project/`` tree into a folder.

Path segments are Jinja templates too (``src/{{ import_name }}``); a segment that renders
empty drops the file, which is how optional files are written. Files ending in
``.jinja`` are rendered (the suffix is dropped); every other file is copied byte for
byte, so GitHub Actions' own ``${{ }}`` expressions need no escaping there. Undefined
names are errors (StrictUndefined): a template never writes an empty string by mistake.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from launchpad.errors import ConfigError
from launchpad.progress import NullProgress, Progress
from launchpad.scaffold.template import Template
from launchpad.scaffold.validate import slug

JINJA_SUFFIX = ".jinja"


def environment(template: Template) -> Any:
    """The Jinja environment for ``template``: includes resolve from its folder."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.root)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - renders source files, not HTML
    )
    env.filters["slug"] = slug
    env.filters["toml_str"] = _toml_str
    env.filters["yaml_str"] = _yaml_str
    env.filters["py_docstring"] = _py_docstring
    return env


def _toml_str(value: Any) -> str:
    """A TOML basic string literal."""
    import json

    return json.dumps(str(value), ensure_ascii=False)


def _py_docstring(value: Any) -> str:
    """Text safe inside a triple-quoted Python string (backslashes and quotes escaped)."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"')


def _yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return _toml_str(value)


def source_files(template: Template) -> list[PurePosixPath]:
    """The template's files, relative to ``project/``, in a stable order."""
    root = template.project_dir
    return sorted(
        PurePosixPath(p.relative_to(root).as_posix())
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def render_tree(
    template: Template,
    context: Mapping[str, Any],
    destination: Path,
    *,
    progress: Progress | None = None,
) -> list[str]:
    """Render every file of ``template`` into ``destination``; return the written paths."""
    import jinja2

    progress = progress or NullProgress()
    env = environment(template)
    files = source_files(template)
    written: list[str] = []
    progress.start("rendering files", total=len(files))
    for relative in files:
        try:
            target = _render_path(env, relative, context)
            if target is not None:
                source = template.project_dir / relative
                out = destination / target
                out.parent.mkdir(parents=True, exist_ok=True)
                if relative.name.endswith(JINJA_SUFFIX):
                    loader_name = (PurePosixPath("project") / relative).as_posix()
                    text = env.get_template(loader_name).render(context)
                    out.write_text(text, encoding="utf-8", newline="\n")
                else:
                    shutil.copyfile(source, out)
                shutil.copymode(source, out)
                written.append(target.as_posix())
        except jinja2.TemplateError as err:
            raise ConfigError(
                f"template {template.name}: {relative}: {err.message or err}",
                hint="this is a bug in the template; nothing was written",
            ) from err
        progress.advance()
    progress.finish()
    return sorted(written)


def _render_path(
    env: Any, relative: PurePosixPath, context: Mapping[str, Any]
) -> PurePosixPath | None:
    parts: list[str] = []
    for index, part in enumerate(relative.parts):
        name = part
        if "{" in name:
            name = env.from_string(name).render(context).strip()
            if not name:
                return None
            if "/" in name or "\\" in name or name in {".", ".."}:
                raise ConfigError(f"template path {relative} renders to an unsafe name {name!r}")
        if index == len(relative.parts) - 1 and name.endswith(JINJA_SUFFIX):
            name = name[: -len(JINJA_SUFFIX)]
        parts.append(name)
    return PurePosixPath(*parts)
