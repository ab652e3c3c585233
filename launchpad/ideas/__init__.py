"""Research ideas scored on frontier, fanout and headroom, and the backtest behind them."""

from __future__ import annotations

from launchpad.ideas.inputs import clean_idea
from launchpad.ideas.results import IdeaScore, Scored
from launchpad.ideas.score import Scorer, score_ideas

__all__ = ["IdeaScore", "Scored", "Scorer", "clean_idea", "score_ideas"]
