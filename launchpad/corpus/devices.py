"""Where a sentence-transformers model embeds: ``--device cpu``, ``cuda``, ``cuda:N``, ``mps``.

One device moves the model there, in the build's process. A comma-separated list
starts sentence-transformers' multi-process pool, one encoding process per device
(``cuda:0,cuda:1`` for two GPUs; ``cpu,cpu`` for two CPU processes), which the build
stops on every way out. Without ``--device`` the model runs where sentence-transformers
puts it (a CUDA GPU when PyTorch sees one).

The devices are checked before the corpus is touched: the spelling without torch, then
whether PyTorch sees them (a mistyped or missing GPU would otherwise surface as a torch
traceback after the model has loaded). The static model has no device: it embeds with
numpy in worker processes, so ``--device`` with it is refused rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from launchpad.corpus.embed import DEFAULT_MODEL, Embedder, SentenceTransformerEmbedder
from launchpad.errors import ConfigError, InputError, NotFoundError

_DEVICE = re.compile(r"cpu|mps|cuda(:\d+)?")
_KINDS = "use cpu, cuda, cuda:N or mps, or a comma-separated list such as cuda:0,cuda:1"
_NO_GPU = "omit --device to run on the CPU"


def parse_devices(text: str) -> tuple[str, ...]:
    """The devices named by a ``--device`` value, in order (repeats allowed: ``cpu,cpu``)."""
    devices = tuple(part.strip() for part in text.split(","))
    for device in devices:
        if not _DEVICE.fullmatch(device):
            shown = f"{device!r} in {text!r}" if len(devices) > 1 else repr(text)
            raise InputError(f"--device {shown} is not a device", hint=_KINDS)
    return devices


def _static_refused() -> InputError:
    return InputError(
        "--device is for a sentence-transformers model; the static model embeds on the "
        "CPU in worker processes",
        hint="omit --device, or build a new corpus with --model NAME",
    )


def _is_static(name: str | None) -> bool:
    from launchpad.corpus.static import is_static_model

    if name is None or name == DEFAULT_MODEL:
        return True
    path = Path(name).expanduser()
    return path.is_dir() and is_static_model(path)


def _stored_model(directory: Path) -> str | None:
    """The model an existing corpus records, read from its manifest (None: a new corpus)."""
    from launchpad.corpus.store import read_manifest

    try:
        manifest = read_manifest(directory)
    except ConfigError:  # damaged: the build repairs it; the backstop in placed() decides
        return None
    return manifest.model if manifest is not None else None


def check_devices(device: str | None, model: str | None, directory: Path) -> tuple[str, ...] | None:
    """The devices ``device`` names, checked for the model the build will use; None: default.

    ``model`` is the build's ``--model`` (None: the corpus's own model, or the static
    default for a new corpus). Raises InputError for a misspelt device, the static
    model, or a device PyTorch does not see; NotFoundError when torch is not installed.
    """
    if device is None:
        return None
    devices = parse_devices(device)
    if _is_static(model if model is not None else _stored_model(directory)):
        raise _static_refused()
    _check_available(devices)
    return devices


def _check_available(devices: Sequence[str]) -> None:
    try:
        import torch
    except ImportError as err:
        raise NotFoundError(
            "--device needs PyTorch, which is not installed",
            hint="pip install 'launchpad-research[transformers]'",
        ) from err
    for device in devices:
        if device.startswith("cuda"):
            count = torch.cuda.device_count() if torch.cuda.is_available() else 0
            if count == 0:
                raise InputError(f"--device {device}: PyTorch sees no CUDA GPU", hint=_NO_GPU)
            index = int(device.partition(":")[2] or 0)
            if index >= count:
                raise InputError(
                    f"--device {device}: PyTorch sees {count} CUDA GPU(s), "
                    f"cuda:0 to cuda:{count - 1}",
                    hint="name a GPU it sees, or omit --device",
                )
        elif device == "mps" and not torch.backends.mps.is_available():
            raise InputError(f"--device {device}: PyTorch sees no Apple GPU (MPS)", hint=_NO_GPU)


def placed(embedder: Embedder, devices: Sequence[str]) -> SentenceTransformerEmbedder:
    """``embedder`` on ``devices`` (call ``close()`` on it when done: it may hold a pool)."""
    if not isinstance(embedder, SentenceTransformerEmbedder):
        raise _static_refused()
    return embedder.on(devices)
