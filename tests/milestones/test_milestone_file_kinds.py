"""File-based kinds on small checkouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchpad.milestones.kinds import filekinds as k
from launchpad.milestones.kinds.licensekinds import license_spdx
from launchpad.milestones.model import Status
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles, parse_headings
from tests.milestones.helpers import MIT, write_files

APACHE = "       Apache License\n       Version 2.0, January 2004\n"
BSD3 = (
    "Redistribution and use in source and binary forms, with or without modification...\n"
    "3. Neither the name of the copyright holder nor the names of its contributors\n"
)


def checkout(tmp_path: Path, files: dict[str, str]) -> RepoFiles:
    write_files(tmp_path, files)
    return RepoFiles(tmp_path)


@pytest.mark.parametrize(
    ("name", "text", "spdx"),
    [
        ("LICENSE", MIT, "MIT"),
        ("LICENSE.txt", APACHE, "Apache-2.0"),
        ("COPYING", BSD3, "BSD-3-Clause"),
        ("LICENSE.md", "SPDX-License-Identifier: MPL-2.0\n", "MPL-2.0"),
        ("LICENSE", "GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n", "GPL-3.0"),
    ],
)
def test_license_detected_as_spdx(tmp_path: Path, name: str, text: str, spdx: str) -> None:
    outcome = license_spdx(checkout(tmp_path, {name: text}), {})
    assert outcome.status is Status.PASS
    assert outcome.detail.startswith(spdx)


def test_unrecognised_or_missing_license_fails(tmp_path: Path) -> None:
    assert license_spdx(checkout(tmp_path, {"a.py": ""}), {}).status is Status.FAIL
    odd = license_spdx(checkout(tmp_path, {"LICENSE": "Use it as you see fit."}), {})
    assert odd.status is Status.FAIL
    assert "not a recognised license" in odd.detail
    reserved = license_spdx(checkout(tmp_path / "r", {"LICENSE": "All rights reserved."}), {})
    assert reserved.status is Status.FAIL
    assert "reserves all rights" in reserved.detail
    declared = license_spdx(checkout(tmp_path / "x", {"a.py": ""}), {"project": {"license": "MIT"}})
    assert declared.status is Status.FAIL  # declared, but the text is not shipped


def test_headings_markdown_setext_rst_html_and_fences() -> None:
    text = (
        "Title\n=====\n\n<h2 align='center'>Install</h2>\n\n"
        "```\n# not a heading\n```\n\n## Usage `api`\n\nSub\n---\n"
    )
    titles = [(h.level, h.title) for h in parse_headings(text)]
    assert titles == [(1, "Title"), (2, "Install"), (2, "Usage api"), (2, "Sub")]


def test_comments_in_indented_code_are_not_headings() -> None:
    rst = (
        "Arguments\n=========\n\n.. code-block:: python\n\n"
        "    # default used by Fabric\n    fabric = Fabric()\n\n   ## Indented a little\n"
    )
    titles = [h.title for h in parse_headings(rst)]
    assert titles == ["Arguments", "Indented a little"]  # up to three spaces is a heading


def test_quickstart_must_be_near_the_top_and_have_code(tmp_path: Path) -> None:
    filler = "\n".join(f"text {i}" for i in range(200))
    files = checkout(tmp_path, {"README.md": f"# x\n{filler}\n## Quickstart\n```\nx\n```\n"})
    readme = Readme.find(files)
    params = {"keywords": ["quickstart"], "needs_code": True}
    assert k.readme_section(readme, **params).status is Status.PASS
    assert k.readme_section(readme, within_lines=150, **params).status is Status.FAIL
    files = checkout(tmp_path / "b", {"README.md": "# x\n## Quickstart\nJust read the code.\n"})
    assert k.readme_section(Readme.find(files), **params).status is Status.FAIL


def test_install_instruction_found_by_command_pattern(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"README.md": "# x\n\n    $ pip install widget\n"})
    outcome = k.readme_section(
        Readme.find(files), keywords=["install"], patterns=[r"^\s*(\$\s*)?pip\s+install"]
    )
    assert outcome.status is Status.PASS
    assert "line 3" in outcome.detail


def test_short_keywords_match_whole_words_only(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"README.md": "# x\n## Client setup\n"})
    readme = Readme.find(files)
    assert k.readme_section(readme, keywords=["cli"]).status is Status.FAIL
    files = checkout(tmp_path / "b", {"README.md": "# x\n## CLI reference\n"})
    assert k.readme_section(Readme.find(files), keywords=["cli"]).status is Status.PASS


def test_topic_covered_by_docs_page_or_heading(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "README.md": "# x\n",
            "docs/faq.md": "# Questions\n",
            "docs/guide.md": "## Troubleshooting\n",
        },
    )
    readme, docs = Readme.find(files), Docs(files)
    assert k.topic_covered(readme, docs, files, keywords=["faq"]).detail == "docs: docs/faq.md"
    hit = k.topic_covered(readme, docs, files, keywords=["troubleshooting"])
    assert hit.status is Status.PASS and "docs/guide.md" in hit.detail
    assert k.topic_covered(readme, docs, files, keywords=["benchmark"]).status is Status.FAIL


def test_a_docs_theme_stylesheet_is_no_evidence_of_a_topic(tmp_path: Path) -> None:
    # Equinox's docs/_static/custom_css.css had passed M6's extension-docs check.
    paths = ["docs/**/custom*", "docs/**/plugin*"]
    theme = {
        "README.md": "# x\n",
        "docs/_static/custom_css.css": "body {}\n",
        "docs/_static/plugins/logo.svg": "<svg/>\n",
        "docs/assets/custom.js": "\n",
    }
    files = checkout(tmp_path / "theme", theme)
    missed = k.topic_covered(Readme.find(files), Docs(files), files, ["extending"], paths=paths)
    assert missed.status is Status.FAIL, missed.detail
    files = checkout(tmp_path / "page", {**theme, "docs/custom_components.md": "# Components\n"})
    found = k.topic_covered(Readme.find(files), Docs(files), files, ["extending"], paths=paths)
    assert found.status is Status.PASS and found.detail == "docs/custom_components.md"


def test_topic_covered_ignores_headings_with_an_excluded_phrase(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {"README.md": "# x\n## Continuous Integration\n", "docs/ci.md": "# Integration tests\n"},
    )
    readme, docs = Readme.find(files), Docs(files)
    keywords = ["integration", "integrations"]
    assert k.topic_covered(readme, docs, files, keywords=keywords).status is Status.PASS
    exclude = ["continuous integration", "integration test"]
    missed = k.topic_covered(readme, docs, files, keywords=keywords, exclude=exclude)
    assert missed.status is Status.FAIL
    files = checkout(tmp_path / "b", {"README.md": "# x\n## Integrations\nW&B, MLflow\n"})
    found = k.topic_covered(
        Readme.find(files), Docs(files), files, keywords=keywords, exclude=exclude
    )
    assert found.detail == "README section 'Integrations'"


def test_shipped_milestones_do_not_take_ci_for_integrations_or_tools_for_downstream(
    tmp_path: Path,
) -> None:
    from launchpad.milestones.loader import load

    checks = {c.id: c for m in load() for c in m.checks}
    files = checkout(
        tmp_path,
        {
            "README.md": "# x\n## Continuous Integration\n",
            "docs/loggers.md": "# Loggers\n## Third-party loggers\n",
        },
    )
    readme, docs = Readme.find(files), Docs(files)
    for check_id in ("integrations", "downstream"):
        outcome = k.topic_covered(readme, docs, files, **checks[check_id].params)
        assert outcome.status is Status.FAIL, (check_id, outcome.detail)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": ""}, Status.FAIL),
        ({"requirements.txt": "numpy\n"}, Status.PASS),
        ({"environment.yml": "name: x\n"}, Status.PASS),
        ({"setup.py": "setup(install_requires=['a'])"}, Status.PASS),
        ({"setup.cfg": "[metadata]\nname = x\n"}, Status.FAIL),
    ],
)
def test_declared_dependencies(tmp_path: Path, files: dict[str, str], expected: Status) -> None:
    assert k.declared_dependencies(checkout(tmp_path, files), {}).status is expected


def test_declared_dependencies_in_pyproject(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"a.py": ""})
    outcome = k.declared_dependencies(files, {"project": {"dependencies": ["numpy"]}})
    assert outcome.detail == "pyproject: 1 dependencies"


def test_entry_point_variants(tmp_path: Path) -> None:
    script = checkout(tmp_path / "a", {"train.py": 'if __name__ == "__main__":\n    main()\n'})
    assert k.entry_point(script, {}).detail == "script: train.py"
    assert k.entry_point(script, {}, scripts=False).status is Status.FAIL
    module = checkout(tmp_path / "b", {"pkg/__init__.py": "", "pkg/__main__.py": ""})
    assert k.entry_point(module, {}).detail == "python -m: pkg/__main__.py"
    command = {"project": {"scripts": {"widget": "w:main"}}}
    assert k.entry_point(module, command).detail == "command: widget"


def test_public_api_needs_exports_or_command(tmp_path: Path) -> None:
    bare = checkout(tmp_path / "a", {"pkg/__init__.py": "", "pkg/core.py": ""})
    assert k.public_api(bare, {}).status is Status.FAIL
    exported = checkout(tmp_path / "b", {"pkg/__init__.py": "__all__ = ['run']\n"})
    assert k.public_api(exported, {}).status is Status.PASS


def test_subpackages_and_main_package(tmp_path: Path) -> None:
    files = {"src/big/__init__.py": "", "tests/__init__.py": "", "tiny/__init__.py": ""}
    files |= {f"src/big/m{i}/__init__.py": "" for i in range(5)}
    files |= {"src/big/_private/__init__.py": ""}
    repo = checkout(tmp_path, files)
    assert repo.main_package == "src/big"
    outcome = k.subpackages(repo, min_count=5)
    assert outcome.status is Status.PASS and outcome.detail.startswith("5 sub-packages")


def test_codeowners_counts_distinct_owners(tmp_path: Path) -> None:
    one = checkout(tmp_path / "a", {".github/CODEOWNERS": "# owners\n* @ada\n/docs @ada\n"})
    assert k.codeowners(one, min_owners=2).status is Status.FAIL
    two = checkout(tmp_path / "b", {"CODEOWNERS": "* @ada\n/core @org/core-team\n"})
    assert k.codeowners(two, min_owners=2).status is Status.PASS


def test_citation_cff_validated(tmp_path: Path) -> None:
    bad = checkout(tmp_path / "a", {"CITATION.cff": "cff-version: 1.2.0\ntitle: x\n"})
    assert "authors" in k.citation_cff(bad).detail
    broken = checkout(tmp_path / "b", {"CITATION.cff": "a: [\n"})
    assert "not valid YAML" in k.citation_cff(broken).detail


def test_extension_points_found_in_code(tmp_path: Path) -> None:
    code = (
        "from importlib.metadata import entry_points\nfor ep in entry_points(group='x.plugins'):\n"
    )
    repo = checkout(tmp_path, {"pkg/__init__.py": "", "pkg/plugins.py": code})
    assert k.extension_points(repo, {}).detail == "plugin loading in pkg/plugins.py"


def test_template_sources_are_not_the_projects_own_files(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "templates/project/CHANGELOG.md.jinja": "# Changelog\n",
            "templates/project/docs/changelog.md": "# Changelog\n",
            "templates/project/examples/demo.py.j2": "print()\n",
            "{{cookiecutter.slug}}/CHANGELOG.md": "# Changelog\n",
            "notes/history.md": "how it started\n",
            "tests/golden/project/CHANGELOG.md": "# Changelog\n",
        },
    )
    assert k.changelog(files).status is Status.UNKNOWN  # no file; GitHub not asked
    assert files.glob("**/examples/**") == []
    assert files.glob("**/history*") == ["notes/history.md"]
    write_files(tmp_path, {"src/pkg/sub/CHANGELOG.md": "# Changelog\n"})
    assert k.changelog(RepoFiles(tmp_path)).detail == "src/pkg/sub/CHANGELOG.md"


def test_how_to_cite_is_not_a_tutorial(tmp_path: Path) -> None:
    from launchpad.milestones.loader import load

    check = next(c for m in load() for c in m.checks if c.id == "tutorials")
    readme = "# x\n\n## How to cite\n\nbibtex\n\n## How to contribute\n\nPRs\n"
    files = checkout(tmp_path, {"README.md": readme})
    outcome = k.topic_covered(Readme.find(files), Docs(files), files, **check.params)
    assert outcome.status is Status.FAIL, outcome.detail


def test_walk_skips_virtualenvs_and_git(tmp_path: Path) -> None:
    repo = checkout(
        tmp_path, {".venv/lib/test_x.py": "", ".git/config": "", "node_modules/a/test_b.py": ""}
    )
    assert repo.paths == ()
