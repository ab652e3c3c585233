"""launchpad: turn a research direction into a maintained open-source artifact.

The public API is small and lazy (nothing heavy is imported until used):

- :func:`launchpad.scaffold.generate` renders a research-artifact repository.
- :func:`launchpad.ideas.score_ideas` scores research problems on frontier, fanout
  and headroom against a corpus of arXiv abstracts.
- :func:`launchpad.milestones.evaluate` measures a repository against milestones 0-6.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
