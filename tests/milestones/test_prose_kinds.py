"""Evidence read from the prose: results and arguments (M3), user types and tools (M4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from launchpad.milestones import RunOptions, evaluate
from launchpad.milestones.kinds.audiencekinds import prose_integrations, prose_user_types
from launchpad.milestones.kinds.prosekinds import (
    Page,
    claims,
    is_results_table,
    prose_results,
    readme_argues,
)
from launchpad.milestones.model import Outcome, Status, Verdict
from launchpad.milestones.sources.files import Docs, Readme, RepoFiles
from launchpad.milestones.sources.markup import Table, parse_tables
from tests.milestones.helpers import write_files

GLUE = """# RoBERTa

Model | MNLI | QNLI | QQP
---|---|---|---
`roberta.base` | 87.6 | 92.8 | 91.9
`roberta.large` | 90.2 | 94.7 | 92.2
"""
WMT = """# Translation

<table>
<tr><th>Model</th><th>BLEU</th><th>chrF</th></tr>
<tr><td>conv</td><td>40.5</td><td>61.2</td></tr>
<tr><td>transformer</td><td>43.2</td><td>63.0</td></tr>
</table>
"""
MODEL_ZOO = """# Models

Model | Description | # params | Download
---|---|---|---
`base` | the base model | 125M | [link](https://example.org/base)
`large` | the large model | 355M | [link](https://example.org/large)
"""


def files_of(tmp_path: Path, pages: dict[str, str]) -> RepoFiles:
    write_files(tmp_path, pages)
    return RepoFiles(tmp_path)


def results(tmp_path: Path, pages: dict[str, str], **params: int) -> Outcome:
    files = files_of(tmp_path, pages)
    return prose_results(files, Readme.find(files), Docs(files), **params)


def test_markdown_and_html_tables_are_parsed() -> None:
    tables = parse_tables(GLUE + "\n" + WMT)
    assert [t.line for t in tables] == [3, 10]
    assert tables[0].header == ("Model", "MNLI", "QNLI", "QQP")
    assert tables[0].rows[1] == ("roberta.large", "90.2", "94.7", "92.2")
    assert tables[1].rows == (("conv", "40.5", "61.2"), ("transformer", "43.2", "63.0"))
    assert parse_tables("# no tables\n\nplain text\n") == []


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (parse_tables(GLUE)[0], True),
        (parse_tables(WMT)[0], True),  # two numeric columns, under metric names
        (parse_tables(MODEL_ZOO)[0], False),  # sizes beside links: a model list
        (Table(1, ("method", "acc"), (("ours", "91.2"),)), False),  # one row
        (Table(1, ("os", "supported"), (("linux", "yes"), ("mac", "no"))), False),
    ],
)
def test_results_tables_are_rows_of_numbers_under_metrics(table: Table, expected: bool) -> None:
    assert is_results_table(table) is expected


# A toolkit whose results sit beside each example (fairseq's layout).
EXAMPLES = {
    "README.md": "# toolkit\n\nA toolkit. Install with `pip install toolkit`.\n",
    "examples/roberta/README.md": GLUE,
    "examples/translation/README.md": WMT,
    "examples/lm/README.md": "# LM\n\nOur model is 2.5x faster than the baseline.\n",
}


def test_results_beside_each_example_make_the_case(tmp_path: Path) -> None:
    outcome = results(tmp_path, EXAMPLES)
    assert outcome.status is Status.PASS
    assert "examples/lm/README.md line 3: '" in outcome.detail
    assert "examples/roberta/README.md line 3: results table (Model | MNLI" in outcome.detail


def test_one_stray_faster_or_a_table_without_numbers_is_no_case(tmp_path: Path) -> None:
    pages = {
        "README.md": "# widget\n\nWidget is faster than the rest and outperforms them.\n",
        "docs/models.md": MODEL_ZOO,
        "docs/install.md": "# Install\n\nCompared to v1.2.3, install on Python 3.11 (2024).\n",
    }
    outcome = results(tmp_path, pages)
    assert outcome.status is Status.FAIL
    assert outcome.detail.startswith("no results table and no measured comparison")


def test_a_single_results_page_is_below_the_minimum(tmp_path: Path) -> None:
    pages = {"README.md": "# widget\n", "docs/results.md": GLUE + "\n" + WMT}
    outcome = results(tmp_path, pages)
    assert outcome.status is Status.FAIL
    assert "2 results in 1 file" in outcome.detail and "need 3 in 2 files" in outcome.detail
    assert "docs/results.md line 3" in outcome.detail


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Widget computes the thing 20x faster.", True),
        ("It outperforms BM25 by 4.2 points on MS MARCO.", True),
        ("Training takes 40% less memory compared to DDP.", True),
        ("Widget is faster than the rest.", False),  # no number
        ("Compared to release 1.2.3, it needs Python 3.11.", False),  # versions
        ("A state-of-the-art method (Smith et al., 2021).", False),  # a year
        ("We use 3 xgboost models.", False),
    ],
)
def test_a_claim_compares_with_a_measured_number(sentence: str, counts: bool) -> None:
    page = Page("README.md", sentence, sentence)
    assert bool(list(claims(page))) is counts


def test_claims_inside_code_blocks_do_not_count(tmp_path: Path) -> None:
    code = "```text\n3x faster than numpy\n40% lower than scipy\n```\n"
    pages = {"README.md": "# widget\n\n" + code, "docs/a.md": code, "docs/b.md": code}
    assert results(tmp_path, pages).status is Status.FAIL


def argues(tmp_path: Path, text: str) -> Outcome:
    files = files_of(tmp_path, {"README.md": text})
    return readme_argues(Readme.find(files))


def test_a_readme_that_argues_against_the_alternatives(tmp_path: Path) -> None:
    text = (
        "# gp\n\nInternally, gp differs from many existing approaches by using CG.\n\n"
        "This gives better GPU use compared to Cholesky solvers.\n"
    )
    outcome = argues(tmp_path, text)
    assert outcome.status is Status.PASS
    assert outcome.detail.startswith("3 distinct arguments: 'differs from' (README.md line 3)")
    assert "'compared to' (README.md line 5)" in outcome.detail


def test_the_same_boast_repeated_is_one_argument(tmp_path: Path) -> None:
    text = "# x\n\n" + "A state-of-the-art library. " * 5 + "\n\n```\ncompared to y\n```\n"
    outcome = argues(tmp_path, text)
    assert outcome.status is Status.FAIL
    assert outcome.detail == ("1 distinct argument ('state of the art' (README.md line 3)), need 3")


def integrations(tmp_path: Path, pages: dict[str, str], pyproject: dict[str, Any]) -> Outcome:
    files = files_of(tmp_path, pages)
    return prose_integrations(files, Readme.find(files), Docs(files), pyproject)


TOOLS_README = (
    "# widget\n\nWidget is built on PyTorch. It works with scikit-learn pipelines,\n"
    "logs to Weights & Biases or MLflow, and loads models from the Hugging Face Hub.\n"
)


def test_tools_named_in_prose_are_integrations(tmp_path: Path) -> None:
    outcome = integrations(tmp_path, {"README.md": TOOLS_README}, {})
    assert outcome.status is Status.PASS
    assert outcome.detail.startswith("5 tools: scikit-learn (README.md line 3); PyTorch")


def test_the_required_dependency_is_the_base_not_an_integration(tmp_path: Path) -> None:
    pyproject = {"project": {"name": "widget", "dependencies": ["torch>=2", "mlflow"]}}
    outcome = integrations(tmp_path, {"README.md": TOOLS_README}, pyproject)
    assert outcome.status is Status.FAIL
    assert outcome.detail.startswith("3 tools (scikit-learn")
    assert "PyTorch" not in outcome.detail and "MLflow" not in outcome.detail


def test_what_the_package_code_imports_is_its_base(tmp_path: Path) -> None:
    modules = {f"widget/m{i}.py": "import torch\nimport os\n" for i in range(4)}
    pages = {"README.md": TOOLS_README, "widget/__init__.py": "", **modules}
    outcome = integrations(tmp_path, pages, {})
    assert outcome.status is Status.PASS and "PyTorch" not in outcome.detail


def test_imports_in_docs_code_blocks_count(tmp_path: Path) -> None:
    code = "# Use\n\n```python\nimport onnx\nfrom optuna import trial\nimport pandas as pd\n```\n"
    pages = {"README.md": "# widget\n\nWorks with XGBoost models.\n", "docs/use.md": code}
    outcome = integrations(tmp_path, pages, {})
    assert outcome.status is Status.PASS
    assert "ONNX (docs/use.md (imports onnx))" in outcome.detail


def user_types(tmp_path: Path, pages: dict[str, str]) -> Outcome:
    files = files_of(tmp_path, pages)
    return prose_user_types(files, Readme.find(files), Docs(files))


def test_user_types_named_in_the_prose(tmp_path: Path) -> None:
    text = "# sbi\n\nDesigned to meet the needs of both researchers and practitioners.\n"
    outcome = user_types(tmp_path, {"README.md": text})
    assert outcome.status is Status.PASS
    assert outcome.detail == (
        "2 user types: researchers (README.md line 3); practitioners (README.md line 3)"
    )


def test_contributor_pages_and_mixtures_of_experts_are_not_users(tmp_path: Path) -> None:
    pages = {
        "README.md": "# moe\n\nA mixture of experts for researchers.\n",
        "docs/contributing.md": "# Contributing\n\nEngineers and students welcome.\n",
    }
    outcome = user_types(tmp_path, pages)
    assert outcome.status is Status.FAIL
    assert outcome.detail == "1 user type (researchers (README.md line 3)), need 2"


def test_the_shipped_criteria_read_the_prose(tmp_path: Path) -> None:
    """M3's evidence and M4's user types are met from prose alone, in a full run."""
    pages = {
        **EXAMPLES,
        "docs/using.md": "# Using it\n\nFor researchers and for data scientists.\n"
        + TOOLS_README.replace("# widget", ""),
    }
    write_files(tmp_path, pages)
    report = evaluate(tmp_path, RunOptions(offline=True, record_history=False))
    verdicts = {c.criterion.id: c.verdict for m in report.milestones for c in m.criteria}
    assert verdicts["evidence"] is Verdict.MET
    assert verdicts["user-types"] is Verdict.MET
    assert verdicts["integrations"] is Verdict.NOT_MET  # prose-integrations is not declared


def test_every_tool_and_user_type_pattern_compiles() -> None:
    """They are compiled when a page first holds a hint, so a broken one would show only
    on the repository that names that tool; compile them all here instead."""
    from launchpad.milestones.kinds import audiencekinds as a

    for pattern in a._TOOL_PATTERNS.values():
        assert a._compiled(pattern).pattern == pattern
    for pattern in a._USER_PATTERNS.values():
        assert a._compiled(pattern, re.IGNORECASE).flags & re.IGNORECASE
