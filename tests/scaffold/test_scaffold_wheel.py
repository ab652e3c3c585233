"""templates/ and milestones/ ship inside the wheel: build it, install it, run `launchpad new`.

The wheel is built with ``python -m build --wheel --no-isolation`` (the installed
hatchling, so no download) and installed (not editable) into a
fresh virtual environment outside the source tree. Its dependencies are borrowed from the
running environment through a ``.pth`` line so the test needs no download of its own;
``.pth`` files of that borrowed folder are not processed, so the editable checkout of
launchpad cannot leak in, and the test checks where everything was loaded from.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=600
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.mark.slow
def test_wheel_ships_templates_and_milestones(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    _run(build, cwd=REPO_ROOT)
    (wheel,) = dist.glob("launchpad_research-*.whl")

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], cwd=tmp_path)
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
        ).strip()
    )
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_borrowed_dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")

    probe = (
        "import json, launchpad, launchpad.resources as r; "
        "print(json.dumps({'module': launchpad.__file__, "
        "'templates': str(r.data_dir('templates')), 'milestones': str(r.data_dir('milestones'))}))"
    )
    where = json.loads(_run([python, "-c", probe], cwd=tmp_path))
    for key in ("module", "templates", "milestones"):
        assert Path(where[key]).is_relative_to(venv), (key, where[key])
    assert (Path(where["templates"]) / "research-artifact" / "questions.yml").is_file()
    assert list(Path(where["milestones"]).glob("m0.*"))

    _run([str(bin_dir / "launchpad"), "new", "from-wheel", "--defaults"], cwd=tmp_path)
    project = tmp_path / "from-wheel"
    assert (project / "src" / "from_wheel" / "core.py").is_file()
    assert (project / ".launchpad-answers.yml").is_file()
    assert (project / ".git").is_dir()
