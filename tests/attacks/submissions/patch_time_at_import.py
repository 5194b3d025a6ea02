# expect: COMPILE_ERROR
# Replaces the clock at import time so every call looks instant.
import time

import runner.timing

_fake = iter(range(0, 10**12, 1000))
time.perf_counter_ns = lambda: next(_fake)
runner.timing._now_ns = time.perf_counter_ns


def solve(a, b):
    return a + b
