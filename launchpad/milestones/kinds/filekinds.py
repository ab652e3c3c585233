"""Kinds that read the checkout's files: README sections, packaging, guides, owners.

The license kind, with its table of license texts, is in :mod:`.licensekinds`.
"""

from __future__ import annotations

import re
from typing import Any

from launchpad.milestones.kinds.docskinds import import_example
from launchpad.milestones.model import Outcome, count, failed, passed, unknown
from launchpad.milestones.registry import KindFunction
from launchpad.milestones.sources.files import Docs, Heading, Readme, RepoFiles, is_theme_asset


def _show(paths: list[str], limit: int = 3) -> str:
    more = f" (+{len(paths) - limit} more)" if len(paths) > limit else ""
    return ", ".join(paths[:limit]) + more


def file_exists(
    files: RepoFiles, paths: list[str], min_count: int = 1, contains: str | None = None
) -> Outcome:
    """At least ``min_count`` files match the globs in ``paths``.

    ``contains``: a regular expression each counted file's text must match as well, so a
    script named like a test (``docker_test.py`` that loads a model and prints "DONE!")
    is not a test. Files are read only until ``min_count`` of them match.
    """
    found = files.glob(*paths)
    if contains is not None and found:
        pattern = re.compile(contains, re.MULTILINE)
        named = len(found)
        matching: list[str] = []
        for path in found:
            if pattern.search(files.text(path)):
                matching.append(path)
                if len(matching) >= min_count:
                    return passed(f"{_show(matching)} (of {count(named, 'file')} named so)")
        if not matching:
            return failed(f"{_show(found)}: named so, but none holds what is looked for")
        found = matching
    if len(found) >= min_count:
        return passed(_show(found))
    if found:
        return failed(f"{len(found)} found ({_show(found)}), need {min_count}")
    return failed(f"none of {', '.join(paths[:4])}")


def readme_exists(readme: Readme, min_lines: int = 10) -> Outcome:
    """A top-level README with some substance."""
    if readme.path is None:
        return failed("no README at the top of the repository")
    lines = sum(1 for line in readme.text.splitlines() if line.strip())
    if lines < min_lines:
        return failed(f"{readme.path} has {count(lines, 'non-empty line')}, need {min_lines}")
    return passed(f"{readme.path}, {lines} lines")


def readme_section(
    readme: Readme,
    keywords: list[str],
    within_lines: int | None = None,
    patterns: list[str] | None = None,
    needs_code: bool = False,
    *,
    code_within: int | None = None,
) -> Outcome:
    """A README heading mentions a keyword (near the top), or the text matches a pattern.

    ``needs_code``: the section must hold a code block. ``code_within``: a code block
    (fenced or indented) starting within that many lines of the top also counts, the
    first steps of a README without a heading for them.
    """
    if readme.path is None:
        return failed("no README")
    for heading in readme.matching(keywords, within_lines):
        if needs_code and not _has_code(readme, heading):
            continue
        return passed(f"section '{heading.title}' at line {heading.line}")
    for pattern in patterns or []:
        match = re.search(pattern, readme.text, re.IGNORECASE | re.MULTILINE)
        if match:
            start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
            line = readme.text.count("\n", 0, start) + 1
            if within_lines is None or line <= within_lines:
                return passed(f"'{match.group(0).strip()[:40]}' at line {line}")
    if code_within is not None:
        first = next((b for b in readme.code_blocks if b.text.strip()), None)
        if first is not None and first.line <= code_within:
            return passed(f"{readme.path}: code block at line {first.line}")
    where = f" in the first {within_lines} lines" if within_lines else ""
    return failed(f"no section about {' / '.join(keywords[:3])}{where}")


def _has_code(readme: Readme, heading: Heading) -> bool:
    """A code block in the heading's section (also an rst ``::`` literal block)."""
    if readme.code_in(heading):
        return True
    section = readme.section(heading)
    return "```" in section or "::" in section


def topic_covered(
    readme: Readme,
    docs: Docs,
    files: RepoFiles,
    keywords: list[str],
    *,
    paths: list[str] | None = None,
    exclude: list[str] | None = None,
    docs_keywords: list[str] | None = None,
) -> Outcome:
    """A README heading, a docs page or heading, or a file matching ``paths`` covers it.

    ``exclude``: phrases that make a matching heading or page name mean something else
    ("continuous integration" is not an integration with other tools).
    ``docs_keywords``: the keywords for docs pages when they differ from the README's. A
    large docs tree has a "Motivation" or "Experiments" heading somewhere whatever the
    project is; in the README the same heading is about the project itself.
    """
    for heading in readme.matching(keywords, exclude=exclude):
        return passed(f"README section '{heading.title}'")
    found = [path for path in files.glob(*paths) if not is_theme_asset(path)] if paths else []
    if found:
        return passed(_show(found))
    pages = docs.matching(docs_keywords or keywords, exclude=exclude)
    if pages:
        return passed(f"docs: {_show(pages)}")
    return failed(f"nothing about {' / '.join(keywords[:3])} in README, docs or files")


def readme_mentions(readme: Readme, patterns: list[str], min_count: int = 1) -> Outcome:
    """The README text matches at least ``min_count`` of the regular expressions."""
    if readme.path is None:
        return failed("no README")
    hits = [
        m.group(0)[:50]
        for p in patterns
        if (m := re.search(p, readme.text, re.IGNORECASE | re.MULTILINE))
    ]
    if len(hits) >= min_count:
        return passed(", ".join(hits[:3]))
    return failed(f"README matches {len(hits)} of the expected patterns, need {min_count}")


_REQUIREMENT_FILES = (
    "requirements*.txt", "requirements/*.txt", "requirements/*.in", "requirements*.in",
    "environment.yml", "environment.yaml", "conda/environment.y*ml", "pipfile", "pixi.toml",
    "uv.lock", "poetry.lock", "setup.cfg", "docker/requirements*.txt",
)  # fmt: skip


_PIP_LIST = re.compile(
    r"^\s*(?:\$\s*)?(?:pip3?|python -m pip|uv pip|conda|mamba)\s+install\s+([^\n`]+)$",
    re.IGNORECASE | re.MULTILINE,
)


def _readme_packages(readme: Readme | None) -> list[str]:
    """Package names a README's install command lists (``pip install torch numpy``)."""
    if readme is None:
        return []
    names: list[str] = []
    for match in _PIP_LIST.finditer(readme.text):
        names += [
            token
            for token in match.group(1).split()
            if re.match(r"^[A-Za-z][A-Za-z0-9._-]*([<>=!~]=?[^\s]*)?$", token)
        ]
    return names


def declared_dependencies(
    files: RepoFiles, pyproject: dict[str, Any], readme: Readme | None = None
) -> Outcome:
    """Dependencies are declared: pyproject, setup.py/cfg, requirements, environment file.

    A README install command naming several packages (``pip install torch numpy``) is
    accepted too: it is how many paper repositories declare what they need.
    """
    project = pyproject.get("project", {})
    if "dependencies" in project:
        return passed(f"pyproject: {len(project['dependencies'])} dependencies")
    if "dependencies" in project.get("dynamic", []):
        return passed("pyproject: dynamic dependencies")
    if pyproject.get("tool", {}).get("poetry", {}).get("dependencies"):
        return passed("pyproject: poetry dependencies")
    if "setup.py" in files.paths and "install_requires" in files.text("setup.py"):
        return passed("setup.py install_requires")
    for path in files.glob(*_REQUIREMENT_FILES):
        if path.lower() != "setup.cfg" or "install_requires" in files.text(path):
            return passed(path)
    listed = _readme_packages(readme)
    if len(listed) >= 2:
        return passed(f"README install command: {_show(listed)}")
    return failed("no pyproject dependencies, setup.py install_requires or requirements file")


def _console_scripts(files: RepoFiles, pyproject: dict[str, Any]) -> list[str]:
    project = pyproject.get("project", {})
    names = list(project.get("scripts", {})) + list(project.get("gui-scripts", {}))
    names += list(pyproject.get("tool", {}).get("poetry", {}).get("scripts", {}))
    if names:
        return names
    for path in ("setup.py", "setup.cfg"):
        if path in files.paths and "console_scripts" in files.text(path):
            return [f"console_scripts in {path}"]
    return []


def entry_point(
    files: RepoFiles,
    pyproject: dict[str, Any],
    readme: Readme | None = None,
    scripts: bool = True,
    docs: Docs | None = None,
) -> Outcome:
    """Something to run: a command, ``python -m``, a library the README or docs show how
    to import, or (if ``scripts``) a main script or notebook."""
    commands = _console_scripts(files, pyproject)
    if commands:
        return passed(f"command: {_show(commands)}")
    mains = files.glob("*/__main__.py", "src/*/__main__.py")
    if mains:
        return passed(f"python -m: {mains[0]}")
    example = import_example(files, pyproject, readme, docs)
    if example is not None:
        return passed(f"library: {example}")
    if scripts:
        candidates = files.glob("*.py", "scripts/*.py", "tools/*.py", "bin/*.py", "src/*.py")
        for path in candidates[:200]:
            if re.search(r"""__name__\s*==\s*["']__main__["']""", files.text(path)):
                return passed(f"script: {path}")
        notebooks = files.glob("*.ipynb", "notebooks/*.ipynb")
        if notebooks:
            return passed(f"notebook: {notebooks[0]}")
    return failed("no console script, __main__.py, import example or runnable script")


def installable(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """The code is a package pip can install (pyproject build metadata or setup.py)."""
    if pyproject.get("project", {}).get("name"):
        return passed("pyproject.toml [project]")
    if pyproject.get("tool", {}).get("poetry", {}).get("name"):
        return passed("pyproject.toml [tool.poetry]")
    for path in ("setup.py", "setup.cfg"):
        if path in files.paths:
            return passed(path)
    return failed("no pyproject.toml [project], setup.py or setup.cfg")


def public_api(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """A deliberate interface: a command-line entry point or a package that exports names."""
    commands = _console_scripts(files, pyproject)
    if commands:
        return passed(f"command: {_show(commands)}")
    package = files.main_package
    if package is None:
        return failed("no importable package and no console script")
    init = files.text(f"{package}/__init__.py")
    if re.search(r"^__all__\s*[:=]", init, re.MULTILINE):
        return passed(f"{package}/__init__.py defines __all__")
    name = re.escape(package.rsplit("/", 1)[-1])
    exports = re.findall(rf"^from\s+(?:\.|{name}\.)\S*\s+import\s", init, re.MULTILINE)
    if exports:
        return passed(f"{package}/__init__.py re-exports from {len(exports)} modules")
    return failed(f"{package}/__init__.py exports nothing and there is no console script")


_EXTENSION_CODE = (
    r"entry_points\(\s*group\s*=|entry_points\(\)\.select\(|iter_entry_points\(|"
    r"pluggy\.HookspecMarker|HookspecMarker\(|\.get_group_all\("
)


def extension_points(files: RepoFiles, pyproject: dict[str, Any]) -> Outcome:
    """Others can extend it: the code loads plugins through entry points or pluggy hooks."""
    package = files.main_package
    globs = (f"{package}/**/*.py",) if package else ("**/*.py",)
    hits = files.grep(_EXTENSION_CODE, *globs, limit=3_000)
    if hits:
        return passed(f"plugin loading in {_show(hits)}")
    groups = [
        g for g in pyproject.get("project", {}).get("entry-points", {}) if g != "console_scripts"
    ]
    if groups:
        return passed(f"declares entry-point groups: {_show(groups)}")
    return failed("no entry-point group or hook specification that plugins can use")


def subpackages(files: RepoFiles, min_count: int = 4) -> Outcome:
    """The main package is split into at least ``min_count`` sub-packages."""
    package = files.main_package
    if package is None:
        return failed("no importable package")
    subs = [s for s in files.subpackages(package) if not s.rsplit("/", 1)[-1].startswith("_")]
    if len(subs) >= min_count:
        return passed(f"{count(len(subs), 'sub-package')} of {package}")
    return failed(f"{package} has {count(len(subs), 'sub-package')}, need {min_count}")


CODEOWNERS_GLOBS = ("codeowners", ".github/codeowners", "docs/codeowners", ".gitlab/codeowners")


def codeowners(files: RepoFiles, min_owners: int = 2) -> Outcome:
    """A CODEOWNERS file naming at least ``min_owners`` distinct owners."""
    found = files.glob(*CODEOWNERS_GLOBS)
    if not found:
        return failed("no CODEOWNERS file")
    owners = {
        token.lower()
        for line in files.text(found[0]).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
        for token in line.split()[1:]
        if token.startswith("@") or "@" in token
    }
    if len(owners) >= min_owners:
        return passed(f"{found[0]}: {len(owners)} owners")
    return failed(f"{found[0]} names {len(owners)} owners, need {min_owners}")


def citation_cff(files: RepoFiles) -> Outcome:
    """CITATION.cff with the fields citation tools need (cff-version, title, authors)."""
    if "CITATION.cff" not in files.paths:
        return failed("no CITATION.cff")
    import yaml  # only for a checkout that has one

    try:
        data = yaml.safe_load(files.text("CITATION.cff"))
    except yaml.YAMLError:
        return failed("CITATION.cff is not valid YAML")
    missing = [
        k
        for k in ("cff-version", "title", "authors")
        if not (isinstance(data, dict) and data.get(k))
    ]
    if missing:
        return failed(f"CITATION.cff lacks {', '.join(missing)}")
    return passed(f"CITATION.cff: {str(data['title'])[:50]}")


# A docs page of change notes counts as a changelog file: "What's new", "History",
# "Releases", "News", a "changelist".
CHANGELOG_GLOBS = ("changelog*", "changes*", "history*", "news*", "**/changelog*",
                   "docs/**/release*notes*", "docs/**/changes*", "release*notes*",
                   "docs/**/*changelist*", "docs/**/*what*s*new*", "docs/**/history.*",
                   "docs/**/news.*", "docs/**/releases.*")  # fmt: skip


_TEST_DIRS = frozenset({"tests", "test", "testdata", "fixtures", "golden"})


def changelog(files: RepoFiles, github: Any = None) -> Outcome:
    """Changes are recorded: a changelog file, or GitHub releases with notes.

    Changelogs of sub-packages count (``src/pkg/sub/CHANGELOG.md``); test fixtures
    (``tests/golden/CHANGELOG.md``) do not.
    """
    found = [
        path
        for path in files.glob(*CHANGELOG_GLOBS)
        if not _TEST_DIRS.intersection(path.lower().split("/")[:-1])
    ]
    if found:
        return passed(found[0])
    if github is None:
        return unknown("no changelog file; GitHub releases not available")
    noted = [r for r in github.releases() if r.body_chars >= 50]
    if noted:
        return passed(f"{count(len(noted), 'GitHub release')} with notes")
    return failed("no changelog file and no GitHub release notes")


KINDS: dict[str, KindFunction] = {
    "file-exists": file_exists,
    "readme-exists": readme_exists,
    "readme-section": readme_section,
    "readme-mentions": readme_mentions,
    "topic-covered": topic_covered,
    "declared-dependencies": declared_dependencies,
    "entry-point": entry_point,
    "installable": installable,
    "public-api": public_api,
    "extension-points": extension_points,
    "subpackages": subpackages,
    "codeowners": codeowners,
    "citation-cff": citation_cff,
    "changelog": changelog,
}
