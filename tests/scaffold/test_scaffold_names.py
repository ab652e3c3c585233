"""Every project-name shape the validator allows renders a pyproject that builds.

A name holding '.' used to become a TOML dotted key under [project.scripts]
(``foo.bar = "..."`` is the table ``foo`` with key ``bar``): validate-pyproject rejected
it and hatchling crashed. The key is quoted now; this builds a wheel for each shape.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from launchpad.config import read_toml
from launchpad.scaffold.validate import project_name
from tests.scaffold.conftest import Make

SHAPES = ["plain", "with-dash", "with_underscore", "dotted.name", "Mixed.Case-Name_2", "x"]


@pytest.mark.parametrize("name", SHAPES)
def test_project_name_shape_validates_and_builds(
    make_project: Make, tmp_path: Path, name: str
) -> None:
    pytest.importorskip("hatchling", reason="building offline needs hatchling")
    api = pytest.importorskip("validate_pyproject.api", reason="needs validate-pyproject")
    assert project_name(name) == name
    project = make_project(name, git=False).path
    data = read_toml(project / "pyproject.toml")
    assert data["project"]["scripts"] == {
        name: f"{name.lower().replace('-', '_').replace('.', '_')}.cli:main"
    }
    api.Validator()(data)  # raises ValidationError on an invalid pyproject

    dist = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert f"\n{name} = " in f"\n{scripts}"
