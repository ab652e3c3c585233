"""Streaming statistics: count, mean, variance and extremes in one pass, in constant memory.

``RunningStats`` uses Welford's update, which stays accurate where the textbook
sum-of-squares formula loses every significant digit (large offsets, long streams), and
``merge`` combines partial results (Chan, Golub and LeVeque, 1979), so a stream can be
split across files, processes or machines and summarised exactly once at the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["RunningStats", "Summary", "ewma", "summarize"]


@dataclass(frozen=True)
class Summary:
    """The summary of a stream of numbers."""

    count: int
    mean: float
    variance: float  # the sample variance (divides by n - 1); 0.0 for a single value
    minimum: float
    maximum: float

    @property
    def std(self) -> float:
        """The sample standard deviation."""
        return math.sqrt(self.variance)


class RunningStats:
    """An accumulator: ``push`` values one at a time, read a ``summary`` at any point."""

    def __init__(self) -> None:
        self.count = 0
        self._mean = 0.0
        self._m2 = 0.0  # sum of squared distances from the running mean
        self._min = math.inf
        self._max = -math.inf

    def push(self, value: float) -> None:
        """Add one value (a NaN is refused: it would poison every statistic)."""
        x = float(value)
        if math.isnan(x):
            raise ValueError("NaN cannot be summarised")
        self.count += 1
        delta = x - self._mean
        self._mean += delta / self.count
        self._m2 += delta * (x - self._mean)
        self._min = min(self._min, x)
        self._max = max(self._max, x)

    def extend(self, values: Iterable[float]) -> RunningStats:
        """Add every value of ``values``; returns ``self`` so calls chain."""
        for value in values:
            self.push(value)
        return self

    def merge(self, other: RunningStats) -> RunningStats:
        """A new accumulator equal to having pushed both streams into one."""
        out = RunningStats()
        total = self.count + other.count
        if total == 0:
            return out
        delta = other._mean - self._mean
        out.count = total
        out._mean = self._mean + delta * other.count / total
        out._m2 = self._m2 + other._m2 + delta * delta * self.count * other.count / total
        out._min = min(self._min, other._min)
        out._max = max(self._max, other._max)
        return out

    def summary(self) -> Summary:
        """The summary of everything pushed so far (ValueError when nothing was)."""
        if self.count == 0:
            raise ValueError("no values to summarise")
        variance = self._m2 / (self.count - 1) if self.count > 1 else 0.0
        return Summary(self.count, self._mean, variance, self._min, self._max)


def summarize(values: Iterable[float]) -> Summary:
    """Summarise ``values`` in one pass."""
    return RunningStats().extend(values).summary()


def ewma(values: Iterable[float], alpha: float) -> list[float]:
    """The exponentially weighted moving average; ``alpha`` in (0, 1] weights the newest value."""
    if not 0.0 < alpha <= 1.0:
        raise ValueError(f"alpha must be in (0, 1], not {alpha}")
    smoothed: list[float] = []
    current: float | None = None
    for value in values:
        x = float(value)
        current = x if current is None else alpha * x + (1.0 - alpha) * current
        smoothed.append(current)
    return smoothed
