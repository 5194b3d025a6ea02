"""Timing one call on a device, the same way on both sides of the sandbox.

CPU: `perf_counter_ns` around the call. CUDA: the L2 flush, the start event, the call
and a device-wide synchronisation are enqueued back to back (no sync between flush and
start), so work the call left on any stream counts; the end event is recorded after
that synchronisation, and the cost of an empty call measured the same way is taken off.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

_now_ns = time.perf_counter_ns  # bound at import: later patches of `time` do not reach it
FLUSH_BYTES = 256 << 20  # larger than the L2 cache of any current GPU
CALIBRATION_CALLS = 10


class Clock:
    """Times calls on one device; `time_call(fn)` returns (result, nanoseconds)."""

    def __init__(self, device: str) -> None:
        self.device = device
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
        started = _now_ns()
        result = call()
        return result, float(_now_ns() - started)
