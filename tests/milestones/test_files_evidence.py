"""Evidence kinds: each on a small checkout that has exactly that evidence, and one without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchpad.milestones.kinds import docskinds as d
from launchpad.milestones.kinds import filekinds as k
from launchpad.milestones.kinds.licensekinds import license_spdx
from launchpad.milestones.model import Status
from launchpad.milestones.registry import kinds
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles, parse_markup
from tests.milestones.helpers import MIT, write_files


def checkout(tmp_path: Path, files: dict[str, str]) -> RepoFiles:
    write_files(tmp_path, files)
    return RepoFiles(tmp_path)


def notebook(*cells: tuple[str, str]) -> str:
    return json.dumps({"cells": [{"cell_type": t, "source": s.splitlines(True)} for t, s in cells]})


def test_new_kinds_are_registered_with_their_parameters() -> None:
    registry = kinds()
    assert registry["docs-site"].params == {"max_depth": True}
    assert registry["docs-url"].params == {}
    assert registry["install-command"].params == {}
    assert registry["readme-section"].params["code_within"] is True  # has a default
    assert "docs" in registry["entry-point"].optional_fixtures


# --- markdown and rst parsing -------------------------------------------------------


def test_markdown_headings_code_blocks_and_lines() -> None:
    text = (
        "<h1 align='center'>\n  <img src='x.png'>\n  Widget\n</h1>\n\n"
        "Intro\n=====\n\n```python\nimport widget\n```\n\n"
        "## Usage `api` ##\n\n    widget.run()\n\n<!-- ## not a heading -->\n"
    )
    markup = parse_markup(text)
    assert [(h.level, h.title, h.line) for h in markup.headings] == [
        (1, "Widget", 1),
        (1, "Intro", 6),
        (2, "Usage api", 13),
    ]
    assert [(b.line, b.info, b.text) for b in markup.code_blocks] == [
        (9, "python", "import widget\n"),
        (15, "", "widget.run()\n"),
    ]


def test_rst_titles_levels_and_literal_blocks() -> None:
    text = (
        "=======\nProject\n=======\n\nInstall\n-------\n\n.. code-block:: bash\n\n"
        "   pip install project\n\nUse it::\n\n    import project\n\nDetails\n-------\n"
        "\n>>> import project\n>>> project.run()\n"
    )
    markup = parse_markup(text, rst=True)
    assert [(h.level, h.title, h.line) for h in markup.headings] == [
        (1, "Project", 2),
        (2, "Install", 5),
        (2, "Details", 16),
    ]
    assert [(b.line, b.info) for b in markup.code_blocks] == [(8, "bash"), (12, ""), (19, "pycon")]
    assert "pip install project" in markup.code_blocks[0].text


def test_readme_code_in_a_section(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"README.md": "# x\n## Usage\n\n    run()\n\n## Other\n\ntext\n"})
    readme = Readme.find(files)
    usage, other = readme.headings[1], readme.headings[2]
    assert [b.line for b in readme.code_in(usage)] == [4]
    assert readme.code_in(other) == []


# --- readme-section code_within ------------------------------------------------------


def test_readme_section_first_code_block_near_the_top(tmp_path: Path) -> None:
    readme_text = "# Widget\n\nFast widgets.\n\n```python\nimport widget\n```\n"
    readme = Readme.find(checkout(tmp_path, {"README.md": readme_text}))
    assert k.readme_section(readme, keywords=["quickstart"]).status is Status.FAIL
    outcome = k.readme_section(readme, keywords=["quickstart"], code_within=10)
    assert outcome.status is Status.PASS
    assert outcome.detail == "README.md: code block at line 5"
    assert k.readme_section(readme, keywords=["quickstart"], code_within=4).status is Status.FAIL


def test_needs_code_accepts_an_indented_block(tmp_path: Path) -> None:
    text = "# x\n## Quickstart\n\n    widget run\n"
    readme = Readme.find(checkout(tmp_path, {"README.md": text}))
    assert k.readme_section(readme, keywords=["quickstart"], needs_code=True).status is Status.PASS


# --- entry-point ---------------------------------------------------------------------


def test_entry_point_import_example_in_a_docs_code_block(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "README.md": "# dspy\n\nSee the docs.\n",
            "dspy/__init__.py": "",
            "dspy/core.py": "",
            "docs/intro.md": "# Intro\n\nImport it like this:\n\n```python\nimport dspy\n```\n",
        },
    )
    outcome = k.entry_point(files, {}, Readme.find(files), scripts=False, docs=Docs(files))
    assert outcome.status is Status.PASS
    assert outcome.detail == "library: docs/intro.md line 5: import dspy"


def test_entry_point_prose_is_not_an_example(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "README.md": "# x\n",
            "pkg/__init__.py": "",
            "docs/intro.md": "# Intro\n\nThen you import pkg and go.\n",
        },
    )
    outcome = k.entry_point(files, {}, Readme.find(files), scripts=False, docs=Docs(files))
    assert outcome.status is Status.FAIL


def test_entry_point_distribution_name_in_a_docs_notebook(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "README.md": "# Flash attention\n",
            "csrc/kernel.cu": "",
            "docs/use.ipynb": notebook(("markdown", "# Use"), ("code", "from flash_attn import f")),
            "docs/page.rst": "Page\n====\n\n.. code-block:: python\n\n   import other\n",
        },
    )
    pyproject = {"project": {"name": "flash-attn"}}
    outcome = k.entry_point(files, pyproject, Readme.find(files), scripts=False, docs=Docs(files))
    assert outcome.detail == "library: docs/use.ipynb cell 2: from flash_attn import"


def test_entry_point_src_layout_doctest_in_rst_readme(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {"README.rst": "Lib\n===\n\n>>> import lib\n>>> lib.go()\n", "src/lib/__init__.py": ""},
    )
    outcome = k.entry_point(files, {}, Readme.find(files), scripts=False)
    assert outcome.detail == "library: README.rst line 4: >>> import lib"


# --- docs-site -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "detail"),
    [
        ({"docs/mkdocs.yml": "site_name: x\n"}, "MkDocs: docs/mkdocs.yml"),  # DSPy's layout
        ({"docs/source/conf.py": "", "docs/source/index.rst": ""}, "Sphinx: docs/source/conf.py"),
        ({"docs/source/_toctree.yml": ""}, "HF doc-builder: docs/source/_toctree.yml"),
        ({".readthedocs.yaml": ""}, "Read the Docs: .readthedocs.yaml"),
        ({"website/docusaurus.config.ts": ""}, "Docusaurus: website/docusaurus.config.ts"),
        ({"book/_config.yml": "", "book/_toc.yml": ""}, "Jupyter Book: book/_config.yml"),
        ({"_quarto.yml": ""}, "Quarto: _quarto.yml"),
        ({"docs/mint.json": ""}, "Mintlify: docs/mint.json"),
    ],
)
def test_docs_site_generators(tmp_path: Path, files: dict[str, str], detail: str) -> None:
    outcome = d.docs_site(checkout(tmp_path, files))
    assert outcome.status is Status.PASS
    assert outcome.detail == detail


def test_docs_site_needs_a_real_config_within_depth(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "scripts/conf.py": "",  # a conf.py without an index page is not Sphinx
            "a/b/c/mkdocs.yml": "",  # too deep
            "tests/fixtures/mkdocs.yml": "",
            "book/_config.yml": "",  # Jupyter Book needs _toc.yml too
        },
    )
    assert d.docs_site(files).status is Status.FAIL
    assert d.docs_site(files, max_depth=3).detail == "MkDocs: a/b/c/mkdocs.yml"


# --- docs-url ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("readme", "url"),
    [
        (
            "Docs at https://widget.readthedocs.io/en/latest/.",
            "https://widget.readthedocs.io/en/latest/",
        ),
        ("[site](https://acme.github.io/widget)", "https://acme.github.io/widget"),
        ("See https://docs.widget.ai/start", "https://docs.widget.ai/start"),
        ("See https://widget.dev/docs/intro", "https://widget.dev/docs/intro"),
        ("**Documentation:** [Widget](https://widget.ai/)", "https://widget.ai/"),
        ("https://huggingface.co/docs/widget/index", "https://huggingface.co/docs/widget/index"),
    ],
)
def test_docs_url_in_the_readme(tmp_path: Path, readme: str, url: str) -> None:
    files = checkout(tmp_path, {"README.md": f"# Widget\n\n{readme}\n", "widget/__init__.py": ""})
    outcome = d.docs_url(Readme.find(files), {}, files)
    assert outcome.status is Status.PASS, outcome.detail
    assert outcome.detail == f"README.md line 3: {url}"


def test_docs_url_ignores_other_projects_docs(tmp_path: Path) -> None:
    text = (
        "# Widget\n\nNeeds https://docs.python.org/3/library/re.html and "
        "https://pytorch.org/docs/stable/index.html, see https://docs.github.com/actions\n"
        "Code: https://github.com/acme/widget/tree/main/docs\n"
        "Install https://widget.ai/download\n"
    )
    files = checkout(tmp_path, {"README.md": text, "widget/__init__.py": ""})
    assert d.docs_url(Readme.find(files), {}, files).status is Status.FAIL


def test_docs_url_without_a_package_names_the_project_by_the_readme_title(
    tmp_path: Path,
) -> None:
    other = "# nanoGPT\n\nData from https://openwebtext2.readthedocs.io/en/latest/\n"
    files = checkout(tmp_path, {"README.md": other, "train.py": ""})
    assert d.docs_url(Readme.find(files), {}, files).status is Status.FAIL
    own = "# nanoGPT\n\nSee https://nanogpt.readthedocs.io\n"
    files = checkout(tmp_path / "own", {"README.md": own, "train.py": ""})
    assert d.docs_url(Readme.find(files), {}, files).status is Status.PASS


def test_docs_url_from_pyproject(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"a.py": ""})
    pyproject = {"project": {"urls": {"Source": "https://x", "Documentation": "https://w.io"}}}
    outcome = d.docs_url(Readme.find(files), pyproject, files)
    assert outcome.detail == "pyproject [project.urls] Documentation: https://w.io"


# --- install-command -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("pip install widget-lib", "pip install widget-lib"),
        ('pip install -U "widget_lib[torch]"', 'pip install -U "widget_lib[torch]"'),
        ("conda install -c conda-forge widget-lib", "conda install -c conda-forge widget-lib"),
        ("uv add widget-lib", "uv add widget-lib"),
        ("python -m pip install widgetlib", "pip install widgetlib"),  # the main package
    ],
)
def test_install_command_names_the_project(tmp_path: Path, command: str, shown: str) -> None:
    files = checkout(
        tmp_path, {"README.md": f"# W\n\n```bash\n{command}\n```\n", "widgetlib/__init__.py": ""}
    )
    pyproject = {"project": {"name": "widget-lib"}}
    outcome = d.install_command(Readme.find(files), files, pyproject)
    assert outcome.status is Status.PASS, outcome.detail
    assert outcome.detail == f"README.md line 4: {shown}"


@pytest.mark.parametrize(
    "command",
    [
        "pip install -e .",
        "pip install .",
        "pip install git+https://github.com/acme/widget-lib.git",
        "pip install -r requirements.txt",
        "pip install torch numpy",
    ],
)
def test_install_command_from_a_checkout_does_not_count(tmp_path: Path, command: str) -> None:
    files = checkout(tmp_path, {"README.md": f"# W\n\n    {command}\n", "setup.cfg": ""})
    pyproject = {"project": {"name": "widget-lib"}}
    assert d.install_command(Readme.find(files), files, pyproject).status is Status.FAIL


def test_install_command_in_docs_with_setup_py_name(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "README.md": "# W\n",
            "setup.py": "setup(name='widget-lib')\n",
            "docs/install.rst": "Install\n=======\n\n::\n\n    pip install widget-lib\n",
        },
    )
    outcome = d.install_command(Readme.find(files), files, {}, Docs(files))
    assert outcome.detail == "docs/install.rst line 6: pip install widget-lib"
    faiss_like = checkout(
        tmp_path / "i", {"README.md": "# W\n", "INSTALL.md": "conda install -c pytorch faiss-cpu\n"}
    )
    pyproject = {"project": {"name": "faiss-cpu"}}
    found = d.install_command(Readme.find(faiss_like), faiss_like, pyproject)
    assert found.detail == "INSTALL.md line 1: conda install -c pytorch faiss-cpu"


# --- license-spdx --------------------------------------------------------------------


def test_proprietary_with_all_rights_reserved_fails(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"LICENSE": "Copyright 2024 Acme. All rights reserved.\n"})
    outcome = license_spdx(files, {"project": {"license": "Proprietary"}})
    assert outcome.status is Status.FAIL
    assert outcome.detail == "pyproject license = 'Proprietary' is a proprietary license"
    reserved = license_spdx(files, {})
    assert reserved.status is Status.FAIL
    assert reserved.detail == "LICENSE reserves all rights and has no open-source license text"


@pytest.mark.parametrize(
    ("declared", "why"),
    [
        ("LicenseRef-Acme", "only LicenseRef- identifiers"),
        ("MIT OR Banana", "not a valid SPDX expression"),
    ],
)
def test_declared_license_must_be_an_open_spdx_expression(
    tmp_path: Path, declared: str, why: str
) -> None:
    files = checkout(tmp_path, {"LICENSE": MIT})
    outcome = license_spdx(files, {"project": {"license": declared}})
    assert outcome.status is Status.FAIL
    assert why in outcome.detail


def test_valid_expression_and_older_forms_pass(tmp_path: Path) -> None:
    files = checkout(tmp_path, {"LICENSE": MIT, "COPYING.txt": "odd text\n"})
    assert license_spdx(files, {"project": {"license": "mit OR Apache-2.0"}}).status is Status.PASS
    unrecognised = checkout(tmp_path / "u", {"LICENSE": "Our own words.\n"})
    spdx = license_spdx(unrecognised, {"project": {"license": "apache-2.0"}})
    assert spdx.detail == "Apache-2.0 (pyproject; LICENSE not recognised)"
    in_file = checkout(tmp_path / "f", {"LICENSES.md": MIT})
    table = license_spdx(in_file, {"project": {"license": {"file": "LICENSES.md"}}})
    assert table.detail == "MIT (pyproject license file LICENSES.md)"
    text = license_spdx(unrecognised, {"project": {"license": {"text": "BSD-3-Clause"}}})
    assert text.detail == "BSD-3-Clause (pyproject license text)"
    classifier = {"classifiers": ["License :: OSI Approved :: MIT License"]}
    assert license_spdx(unrecognised, {"project": classifier}).detail == "MIT (classifier)"


def test_docs_headings_found_in_every_form_but_not_in_code(tmp_path: Path) -> None:
    files = checkout(
        tmp_path,
        {
            "docs/a.md": "Intro\n\n```\n# Troubleshooting\n```\n",  # a comment in code
            "docs/b.rst": "Common problems\n~~~~~~~~~~~~~~~\n\ntext\n",
            "docs/c.md": "<h2>\n  FAQ\n</h2>\n",
            "docs/d.mdx": "Setup\n-----\n\n## **Known** issues\n",
        },
    )
    docs = Docs(files)
    assert docs.matching(["troubleshooting"]) == []
    assert docs.matching(["common problems"]) == ["docs/b.rst"]
    assert docs.matching(["faq"]) == ["docs/c.md"]
    assert docs.matching(["known issues"]) == ["docs/d.mdx"]
