"""When to stop timing: the user/reference ratio from paired calls, with a confidence
interval, settled as soon as it lies clearly on one side of the threshold.

Each pair is one user call and one reference call on the same fresh inputs, run back
to back, so both sides see the same machine. A busy machine only ever adds time, in
bursts, so each side is summarised by its lower quartile (what a call costs when
nothing else gets in the way) and the ratio is the ratio of the two; its 95% interval
comes from resampling the pairs (a bootstrap, seeded: the same pairs give the same
interval).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

QUANTILE = 0.25
RESAMPLES = 200


@dataclass
class RatioEstimate:
    ratio: float  # user time over reference time
    low: float  # 95% interval of the ratio
    high: float
    pairs: int

    @property
    def precision(self) -> float:
        """Relative half-width of the interval (0.02 = the ratio is known to about ±2%)."""
        return (self.high - self.low) / (2 * self.ratio) if self.ratio > 0 else math.inf


@dataclass
class StopRule:
    """How much timing a verdict (and a leaderboard entry) needs."""

    threshold: float | None  # the ratio over which the code is TOO_SLOW; None: not enforced
    min_pairs: int = 6  # before the first decision
    max_pairs: int = 400
    precision: float = 0.025  # wanted for a leaderboard entry (relative half-width)
    informative_pairs: int = 8  # where no threshold applies: just a figure to show
    overtime: float = 3.0  # an unsettled verdict may use this many budgets before the estimate decides


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class PairedTimes:
    """The timed pairs of one entry so far."""

    user_ns: list[float] = field(default_factory=list)
    reference_ns: list[float] = field(default_factory=list)

    def add(self, user_ns: float, reference_ns: float) -> None:
        self.user_ns.append(max(user_ns, 1.0))
        self.reference_ns.append(max(reference_ns, 1.0))

    def __len__(self) -> int:
        return len(self.user_ns)

    def typical_ns(self) -> tuple[float, float]:
        """Each side's lower quartile: a call's cost without the machine's bursts."""
        return quantile(self.user_ns, QUANTILE), quantile(self.reference_ns, QUANTILE)

    def estimate(self) -> RatioEstimate:
        user, reference = self.typical_ns()
        ratio = user / reference
        n = len(self)
        if n < 3:
            return RatioEstimate(ratio, 0.0, math.inf, n)
        picks = np.random.default_rng(n).integers(0, n, size=(RESAMPLES, n))  # every resample at once
        ratios = _row_quantile(np.asarray(self.user_ns)[picks]) / _row_quantile(np.asarray(self.reference_ns)[picks])
        ratios.sort()
        return RatioEstimate(ratio, float(quantile(list(ratios), 0.025)), float(quantile(list(ratios), 0.975)), n)


def _row_quantile(rows: np.ndarray) -> np.ndarray:
    """QUANTILE of each row, interpolated as `quantile` does."""
    rows = np.sort(rows, axis=1)
    position = QUANTILE * (rows.shape[1] - 1)
    low = math.floor(position)
    high = min(low + 1, rows.shape[1] - 1)
    return rows[:, low] + (rows[:, high] - rows[:, low]) * (position - low)


def settled(times: PairedTimes, rule: StopRule, *, spent: float) -> str | None:
    """Why timing can stop now, or None to go on; `spent` counts time budgets used."""
    n = len(times)
    if rule.threshold is None:
        if n >= rule.informative_pairs or (spent >= 1 and n >= 1):
            return f"timed for information only ({n} pairs)"
        return None
    if n >= rule.max_pairs:
        return f"{n} pairs, the most timing takes"
    if n < rule.min_pairs:
        return f"time budget spent after {n} pairs" if spent >= rule.overtime and n >= 2 else None
    est = times.estimate()
    if est.low > rule.threshold:
        return f"settled: the whole 95% interval ({est.low:.2f}x-{est.high:.2f}x) is over the limit"
    under = est.high < rule.threshold
    if under and est.precision <= rule.precision:
        return f"settled: under the limit and precise to ±{est.precision:.1%}"
    if under and spent >= 1:
        return f"under the limit; time budget spent after {n} pairs (precise to ±{est.precision:.1%})"
    if spent >= rule.overtime:
        return f"not settled after {n} pairs: the estimate decides (precise to ±{est.precision:.1%})"
    return None
