"""Every ``$ launchpad ...`` command of the README's quickstart runs, as a user would type it.

The commands run through the installed ``launchpad`` script in a fresh folder. The
"arxiv-metadata-oai-snapshot.json" the README builds from is made of real arXiv records
(the shared sample) written in the snapshot's own shape.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"


def readme_commands() -> list[str]:
    """The ``$ `` lines of the README's console blocks, in order."""
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(), flags=re.DOTALL)
    return [
        line[2:].strip() for block in blocks for line in block.splitlines() if line.startswith("$ ")
    ]


def _snapshot_record(record: dict[str, object]) -> dict[str, object]:
    day = dt.date.fromisoformat(str(record["published"]))
    created = day.strftime("%a, %d %b %Y") + " 12:00:00 GMT"
    categories = record["categories"]
    assert isinstance(categories, list)
    return {
        "id": record["id"],
        "submitter": "A. Author",
        "authors": "A. Author",
        "title": record["title"],
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": " ".join(categories),
        "license": None,
        "abstract": record["abstract"],
        "versions": [{"version": "v1", "created": created}],
        "update_date": str(record["published"]),
        "authors_parsed": [["Author", "A.", ""]],
    }


def test_readme_has_the_two_setup_commands() -> None:
    text = README.read_text()
    setup = re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL)
    assert len(setup) >= 2
    assert "pip install" in setup[0]
    assert "launchpad new" in setup[0]
    assert setup[1].strip() == "pytest -n 2"
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "\npytest -n 2\n" in ci, ".ci/run must run the README's test command"


@pytest.mark.slow
def test_readme_quickstart_commands_run(tmp_path: Path, sample_2k: Path) -> None:
    with gzip.open(sample_2k, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    (tmp_path / "arxiv-metadata-oai-snapshot.json").write_text(
        "".join(json.dumps(_snapshot_record(r)) + "\n" for r in records), encoding="utf-8"
    )
    shutil.copytree(REPO_ROOT / "examples", tmp_path / "examples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    commands = readme_commands()
    assert any(c.startswith("launchpad score-idea") for c in commands)
    for command in commands:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command
