"""Timing one call on a device, the same way on both sides of the sandbox.

CPU: `perf_counter_ns` around the call, less the time the calling thread spent waiting
for a CPU while runnable (its run delay, from the kernel's schedstat): on a busy host a
long call is preempted more often than a short one, and without this correction the
ratio of a slow solution to a fast reference grows with the load. The calling thread
also waits while threads of its own process run (a call that hands work to a pool on
the one CPU the pairs share): where such threads may exist (the user's side) the
process's CPU time over the call is the floor. CUDA: the L2 flush, the start event, the call
and a device-wide synchronisation are enqueued back to back (no sync between flush and
start), so work the call left on any stream counts; the end event is recorded after
that synchronisation, and the cost of an empty call measured the same way is taken off.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

_now_ns = time.perf_counter_ns  # bound at import: later patches of `time` do not reach it
_clock_ns, _PROCESS_CPU = time.clock_gettime_ns, time.CLOCK_PROCESS_CPUTIME_ID
_open, _read, _close = os.open, os.read, os.close
FLUSH_BYTES = 256 << 20  # larger than the L2 cache of any current GPU
CALIBRATION_CALLS = 10


class Clock:
    """Times calls on one device; `time_call(fn)` returns (result, nanoseconds)."""

    def __init__(self, device: str, *, own_threads: bool = False) -> None:
        self.device = device
        self.own_threads = own_threads  # the calls may run threads of this process: count their CPU
        self.empty_ns = 0.0  # what an empty call measures (CUDA), subtracted from every call
        if device == "cuda":
            import torch

            self._torch = torch
            self._flush = torch.empty(FLUSH_BYTES, dtype=torch.int8, device="cuda")
            self.empty_ns = statistics.median(self._cuda(lambda: None)[1] for _ in range(CALIBRATION_CALLS))

    def _cuda(self, call: Callable[[], Any]) -> tuple[Any, float]:
        cuda = self._torch.cuda
        start, end = cuda.Event(enable_timing=True), cuda.Event(enable_timing=True)
        self._flush.zero_()
        start.record()
        result = call()
        cuda.synchronize()  # device-wide: kernels on side streams end before the clock stops
        end.record()
        end.synchronize()
        return result, start.elapsed_time(end) * 1e6

    def time_call(self, call: Callable[[], Any]) -> tuple[Any, float]:
        """Run `call` once; its result and duration in ns (never negative)."""
        if self.device == "cuda":
            result, ns = self._cuda(call)
            return result, max(0.0, ns - self.empty_ns)
        waited = run_delay_ns()
        cpu = _clock_ns(_PROCESS_CPU) if self.own_threads else 0
        started = _now_ns()
        result = call()
        wall = _now_ns() - started
        spent = wall
        if waited is not None and (now := run_delay_ns()) is not None and 0 <= now - waited <= wall:
            spent -= now - waited  # (on some virtual machines a delay read across CPUs runs backwards)
        if self.own_threads:
            spent = max(spent, min(_clock_ns(_PROCESS_CPU) - cpu, wall))
        return result, float(spent)


def run_delay_ns() -> int | None:
    """How long the calling thread has waited for a CPU while runnable, in total (None
    where the kernel does not say)."""
    try:
        fd = _open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        return None
    try:
        return int(_read(fd, 128).split()[1])
    except (OSError, ValueError, IndexError):
        return None
    finally:
        _close(fd)
