"""The CPU clock takes off the time the calling thread waited for a CPU (its run delay):
a preempted call must not look slower than the work it did."""

from __future__ import annotations

import pytest

from runner.timing import clock
from runner.timing.clock import Clock, run_delay_ns


def test_the_kernel_reports_this_threads_run_delay() -> None:
    first = run_delay_ns()
    assert isinstance(first, int) and first >= 0
    second = run_delay_ns()
    assert second is not None and second >= first


def test_a_call_is_charged_its_wall_time_less_the_time_it_waited_for_a_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    walls = iter([1_000_000_000, 1_010_000_000])  # 10 ms of wall time around the call
    delays = iter([40_000_000, 46_000_000])  # of which 6 ms runnable but not running
    monkeypatch.setattr(clock, "_now_ns", lambda: next(walls))
    monkeypatch.setattr(clock, "run_delay_ns", lambda: next(delays))
    result, ns = Clock("cpu").time_call(lambda: "done")
    assert result == "done" and ns == 4_000_000


def test_without_schedstat_the_wall_time_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    walls = iter([0, 3_000_000])
    monkeypatch.setattr(clock, "_now_ns", lambda: next(walls))
    monkeypatch.setattr(clock, "run_delay_ns", lambda: None)
    assert Clock("cpu").time_call(lambda: None)[1] == 3_000_000


def test_the_users_side_counts_the_cpu_its_own_threads_used_while_it_waited(monkeypatch: pytest.MonkeyPatch) -> None:
    """On one CPU, a call that hands work to its own pool waits, runnable, while that pool
    runs: its run delay is its own work, not another process's, and stays counted."""
    def clocks() -> None:
        walls = iter([0, 10_000_000])  # 10 ms around the call
        delays = iter([0, 6_000_000])  # 6 ms of it waiting for the CPU its own workers held
        monkeypatch.setattr(clock, "_now_ns", lambda: next(walls))
        monkeypatch.setattr(clock, "run_delay_ns", lambda: next(delays))

    clocks()
    cpu = iter([50_000_000, 59_000_000])  # the process's threads computed 9 ms in all
    monkeypatch.setattr(clock, "_clock_ns", lambda _which: next(cpu))
    assert Clock("cpu", own_threads=True).time_call(lambda: None)[1] == 9_000_000
    clocks()
    assert Clock("cpu").time_call(lambda: None)[1] == 4_000_000  # the reference's side: one thread
    clocks()
    cpu = iter([0, 30_000_000])  # threads on other CPUs: never more than the wall time
    monkeypatch.setattr(clock, "_clock_ns", lambda _which: next(cpu))
    assert Clock("cpu", own_threads=True).time_call(lambda: None)[1] == 10_000_000
