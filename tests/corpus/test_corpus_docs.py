"""Every command and the Python example of docs/corpus.md run against real sample data."""

from __future__ import annotations

import gzip
import json
import re
import shlex
from pathlib import Path

import pytest
from corpus_helpers import REPO_ROOT, read_sample, snapshot_line
from oai_server import OaiState, serve
from typer.testing import CliRunner

from launchpad.cli import app

DOC = REPO_ROOT / "docs" / "corpus.md"
runner = CliRunner()


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC.read_text(), flags=re.DOTALL)


@pytest.mark.slow
def test_quickstart_commands_and_python_example_run(tmp_path: Path, monkeypatch) -> None:
    records = read_sample()
    (tmp_path / "arxiv-metadata-oai-snapshot.json").write_text(
        "".join(json.dumps(snapshot_line(r)) + "\n" for r in records[:600])
    )
    for name, part in (
        ("arxiv-cs-part-000.jsonl.gz", records[500:1200]),
        ("arxiv-cs-part-001.jsonl.gz", records[1200:]),
    ):
        with gzip.open(tmp_path / name, "wt", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(r) + "\n" for r in part))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LAUNCHPAD_CORPUS", str(tmp_path / "corpus"))

    commands = [
        shlex.split(line[2:].split("  #")[0])
        for line in _blocks("console")[0].splitlines()
        if line.startswith("$ launchpad corpus")
    ]
    assert len(commands) >= 6
    state = OaiState(records=records, page_size=400, fail_page_once=None)
    with serve(state) as url:
        for command in commands:
            args = [url if arg == "--oai" else arg for arg in command[1:]]
            args = [arg for a in args for arg in (["--oai-url", a] if a == url else [a])]
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (command, result.stderr)
    assert state.requests, "the --oai command did not reach the OAI-PMH server"
    status = runner.invoke(app, ["corpus", "status", "--format", "json"])
    assert json.loads(status.stdout)["count"] == 2000

    namespace: dict[str, object] = {}
    exec(compile(_blocks("python")[0], str(DOC), "exec"), namespace)  # noqa: S102
    assert len(namespace["rows"]) == 50  # type: ignore[arg-type]
