"""What a cold command loads and leaves for Python's shutdown.

A `score-idea --format json` run prints JSON only, so it must not pay for rich; and
every run, successful or not, freezes what is alive before the interpreter's shutdown,
so the cycle collector does not walk every imported module on the way out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_RUN = (
    "import gc, sys\n"
    "sys.argv = ['launchpad', *sys.argv[1:]]\n"
    "from launchpad.__main__ import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    code = done.code\n"
    "print(json.dumps({'rich': 'rich' in sys.modules, 'frozen': gc.get_freeze_count(),"
    " 'code': code}), file=sys.stderr)\n"
)


def _launch(*args: str) -> tuple[str, dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-c", "import json\n" + _RUN, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout, json.loads(out.stderr.splitlines()[-1])


def test_json_scoring_never_imports_rich_and_freezes_before_shutdown(ideas_corpus: Path) -> None:
    stdout, seen = _launch(
        "score-idea",
        "neural machine translation",
        "--corpus",
        str(ideas_corpus),
        "--format",
        "json",
    )
    assert json.loads(stdout)["idea"] == "neural machine translation"
    assert seen["rich"] is False
    assert seen["code"] in (0, None)
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 1_000


def test_a_failing_command_still_says_why_and_freezes(tmp_path: Path) -> None:
    _, seen = _launch("score-idea", "anything", "--corpus", str(tmp_path / "missing"))
    assert seen["code"] == 4
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 1_000


def test_table_output_still_draws_with_rich(ideas_corpus: Path) -> None:
    stdout, seen = _launch(
        "score-idea", "neural machine translation", "--corpus", str(ideas_corpus)
    )
    assert seen["rich"] is True
    assert "frontier" in stdout.lower()
