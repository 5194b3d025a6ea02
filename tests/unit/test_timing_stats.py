"""When timing stops, and how the ratio holds up on a busy machine."""

from __future__ import annotations

import random

from runner.timing.stats import PairedTimes, StopRule, settled


def pairs(ratio: float, n: int, *, noise: float = 0.02, bursts: float = 0.0, seed: int = 1) -> PairedTimes:
    """n pairs of a reference at 1 ms and a user at `ratio` ms, with small jitter and,
    on a share of the calls of each side, bursts of load that add 2-10x."""
    rng = random.Random(seed)
    times = PairedTimes()
    for _ in range(n):
        u = ratio * 1e6 * (1 + rng.uniform(0, noise))
        r = 1e6 * (1 + rng.uniform(0, noise))
        if rng.random() < bursts:
            u *= rng.uniform(2, 10)
        if rng.random() < bursts:
            r *= rng.uniform(2, 10)
        times.add(u, r)
    return times


def test_clearly_slow_code_settles_early() -> None:
    times = pairs(8.0, 6)
    reason = settled(times, StopRule(threshold=4.0), spent=0.1)
    assert reason is not None and "over the limit" in reason


def test_fast_code_stops_once_precise_enough_for_a_leaderboard() -> None:
    rule = StopRule(threshold=4.0)
    times = pairs(1.0, 6, noise=0.3)
    assert settled(times, rule, spent=0.2) is None  # under the limit, but not yet precise
    times = pairs(1.0, 40, noise=0.02)
    reason = settled(times, rule, spent=0.2)
    assert reason is not None and reason.startswith("settled: under the limit")
    assert times.estimate().precision <= rule.precision


def test_a_ratio_near_the_limit_gets_more_time_before_the_estimate_decides() -> None:
    times = pairs(1.0, 20, noise=0.3)
    rule = StopRule(threshold=times.estimate().ratio)  # the interval straddles the limit
    assert settled(times, rule, spent=1.5) is None
    assert "the estimate decides" in (settled(times, rule, spent=rule.overtime) or "")


def test_bursts_of_load_barely_move_the_ratio() -> None:
    for seed in range(5):
        estimate = pairs(2.0, 30, bursts=0.3, seed=seed).estimate()
        assert 1.9 < estimate.ratio < 2.15, estimate
        assert estimate.low <= 2.0 * 1.02 and estimate.high >= 2.0


def test_no_threshold_means_a_few_pairs_for_information() -> None:
    rule = StopRule(threshold=None)
    assert settled(pairs(1.0, 3), rule, spent=0.1) is None
    assert "information" in (settled(pairs(1.0, 8), rule, spent=0.1) or "")
