"""launchpad: turn a research direction into a maintained open-source artifact.

The public API is small and lazy (nothing heavy is imported until used):

- :func:`launchpad.scaffold.generate` renders a research-artifact repository
  (:func:`launchpad.scaffold.new` is the whole ``launchpad new``: answers, GitHub, push).
- :func:`launchpad.ideas.score_ideas` checks, scores and ranks research problems on
  frontier, fanout and headroom against a corpus of arXiv abstracts.
- :func:`launchpad.milestones.evaluate` measures a repository against milestones 0-6.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "evaluate", "generate", "score_ideas"]

_PUBLIC = {
    "generate": "launchpad.scaffold",
    "score_ideas": "launchpad.ideas",
    "evaluate": "launchpad.milestones",
}


def __getattr__(name: str) -> Any:
    """Import the public API lazily, so ``import launchpad`` stays cheap."""
    if name in _PUBLIC:
        import importlib

        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'launchpad' has no attribute {name!r}")
