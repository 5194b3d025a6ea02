# expect: RUNTIME_ERROR
# mode: submit
# Replaces the clock function in the timing module's globals during a call.
import sys


def solve(a, b):
    clock = sys.modules.get("runner.timing.clock")
    if clock is not None:
        clock._now_ns = lambda: 0
    out = a + b
    for _ in range(9):
        out = a + b
    return out
