"""`corpus build --device`: checked before the corpus is touched, same corpus, pool stopped."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from corpus_helpers import fingerprint, read_sample, write_jsonl
from typer.testing import CliRunner

from launchpad.cli import app
from launchpad.corpus import build as build_module
from launchpad.corpus.build import build_corpus
from launchpad.corpus.devices import parse_devices
from launchpad.corpus.embed import SentenceTransformerEmbedder, load_embedder
from launchpad.corpus.parallel import BatchEncoder
from launchpad.corpus.readers import JsonlSource
from launchpad.errors import ExitCode, InputError

runner = CliRunner()
MINILM = "all-MiniLM-L6-v2"


def _torch_sees(monkeypatch: pytest.MonkeyPatch, gpus: int) -> None:
    from tests.conftest import require_module

    require_module("torch")
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: gpus > 0)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: gpus)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


def _never_loaded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    loaded: list[Any] = []
    monkeypatch.setattr(build_module, "load_embedder", lambda *a: loaded.append(a))
    return loaded


@pytest.mark.parametrize(
    ("text", "devices"),
    [
        ("cpu", ("cpu",)),
        ("cuda", ("cuda",)),
        ("cuda:0, cuda:1", ("cuda:0", "cuda:1")),
        ("cpu,cpu", ("cpu", "cpu")),
        ("mps", ("mps",)),
    ],
)
def test_device_lists_parse_in_order(text: str, devices: tuple[str, ...]) -> None:
    assert parse_devices(text) == devices


@pytest.mark.parametrize("text", ["gpu", "CUDA", "cuda:", "cuda:x", "", "cpu,,cpu", "cpu;cuda"])
def test_an_unknown_device_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="is not a device") as info:
        parse_devices(text)
    assert "cuda:N" in (info.value.hint or "")


def test_device_with_the_static_model_is_refused_before_the_corpus_is_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(10))
    with pytest.raises(InputError, match="static model"):
        build_corpus(tmp_path / "new", [JsonlSource(source)], device="cpu", workers=0)
    assert not (tmp_path / "new").exists()
    # an existing static corpus, extended without --model, is refused the same way
    build_corpus(tmp_path / "old", [JsonlSource(source)], workers=0)
    before = fingerprint(tmp_path / "old")
    entries = sorted(p.name for p in (tmp_path / "old").iterdir())
    loaded = _never_loaded(monkeypatch)
    with pytest.raises(InputError, match="static model"):
        build_corpus(tmp_path / "old", [JsonlSource(source)], device="cuda", workers=0)
    assert loaded == []
    assert fingerprint(tmp_path / "old") == before
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == entries


@pytest.mark.transformers
@pytest.mark.parametrize(
    ("device", "gpus", "message"),
    [
        ("cuda", 0, "--device cuda: PyTorch sees no CUDA GPU"),
        ("cpu,cuda:0", 0, "--device cuda:0: PyTorch sees no CUDA GPU"),
        ("cuda:2", 2, "PyTorch sees 2 CUDA GPU(s), cuda:0 to cuda:1"),
        ("mps", 1, "PyTorch sees no Apple GPU"),
    ],
)
def test_a_device_torch_does_not_see_is_refused_before_the_model_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, device: str, gpus: int, message: str
) -> None:
    _torch_sees(monkeypatch, gpus)
    loaded = _never_loaded(monkeypatch)
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(3))
    with pytest.raises(InputError) as info:
        build_corpus(tmp_path / "c", [JsonlSource(source)], model=MINILM, device=device)
    assert message in info.value.message
    assert "omit --device" in (info.value.hint or "")
    assert loaded == []
    assert not (tmp_path / "c").exists()


@pytest.mark.transformers
def test_the_cli_says_no_gpu_in_one_line_with_a_usage_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _torch_sees(monkeypatch, 0)
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(3))
    result = runner.invoke(
        app,
        [
            *("corpus", "build", "--from-jsonl", str(source), "--corpus", str(tmp_path / "c")),
            *("--model", MINILM, "--device", "cuda"),
        ],
    )
    assert result.exit_code == ExitCode.USAGE, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: --device cuda: PyTorch sees no CUDA GPU (hint: omit --device to run on the CPU)"
    ]
    assert not (tmp_path / "c").exists()


def test_the_cli_refuses_an_unknown_device_without_torch(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(3))
    result = runner.invoke(
        app,
        [
            *("corpus", "build", "--from-jsonl", str(source), "--corpus", str(tmp_path / "c")),
            *("--model", MINILM, "--device", "gpu"),
        ],
    )
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.count("\n") == 1
    assert "--device 'gpu' is not a device" in result.stderr


class _FakeModel:
    """Stands in for a SentenceTransformer: records the pool's life and the placement."""

    def __init__(self, fail_on_call: int | None = None) -> None:
        self.events: list[str] = []
        self.placements: list[dict[str, Any]] = []
        self._fail_on_call = fail_on_call

    def get_embedding_dimension(self) -> int:
        return 4

    def start_multi_process_pool(self, devices: list[str]) -> dict[str, Any]:
        self.events.append("start " + ",".join(devices))
        return {"devices": devices}

    def stop_multi_process_pool(self, pool: dict[str, Any]) -> None:
        self.events.append("stop")

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        self.placements.append({k: kwargs[k] for k in ("device", "pool") if k in kwargs})
        if len(self.placements) == self._fail_on_call:
            raise KeyboardInterrupt
        out = np.ones((len(texts), 4), dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.parametrize("fail_on_call", [None, 2])
def test_the_pool_starts_once_and_is_stopped_on_every_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on_call: int | None
) -> None:
    model = _FakeModel(fail_on_call)
    monkeypatch.setattr(
        build_module, "load_embedder", lambda _name: SentenceTransformerEmbedder("fake", model)
    )
    monkeypatch.setattr(build_module, "check_devices", lambda *_: ("cpu", "cpu"))
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(30))
    build = lambda: build_corpus(  # noqa: E731
        tmp_path / "c", [JsonlSource(source)], model="fake", device="cpu,cpu", batch_size=10
    )
    if fail_on_call is None:
        assert build().added == 30
    else:
        with pytest.raises(KeyboardInterrupt):
            build()
    assert model.events == ["start cpu,cpu", "stop"]
    assert all("pool" in placement for placement in model.placements)


def test_one_device_is_passed_to_the_model_and_starts_no_pool() -> None:
    model = _FakeModel()
    embedder = SentenceTransformerEmbedder("fake", model).on(["cuda:1"])
    embedder.encode(["a", "b"])
    embedder.close()
    assert model.placements == [{"device": "cuda:1"}]
    assert model.events == []


def test_the_encoder_refuses_devices_for_the_static_model() -> None:
    with pytest.raises(InputError, match="static model"):
        BatchEncoder(load_embedder(), 0, ("cpu",))


@pytest.mark.slow
@pytest.mark.transformers
def test_a_pool_of_two_cpu_processes_writes_the_same_corpus(tmp_path: Path) -> None:
    from tests.conftest import require_module

    require_module("sentence_transformers")
    source = write_jsonl(tmp_path / "few.jsonl", read_sample(36))
    made = {}
    for device in (None, "cpu,cpu"):
        directory = tmp_path / str(device)
        report = build_corpus(
            directory, [JsonlSource(source)], model=MINILM, device=device, batch_size=12
        )
        assert report.added == 36
        made[device] = fingerprint(directory), np.fromfile(directory / "vectors.f32", "<f4")
    assert multiprocessing.active_children() == []  # the pool's processes were stopped
    (alone, vectors), (pooled, pooled_vectors) = made.values()
    assert {**pooled, "vectors": ""} == {**alone, "vectors": ""}  # rows, FTS, side arrays
    assert pooled_vectors.shape == vectors.shape == (36 * 384,)
    np.testing.assert_allclose(pooled_vectors, vectors, atol=2e-3)
