# expect: RUNTIME_ERROR
# Patches the harness's clock from inside the call, after the load checks.
import sys


def solve(a, b):
    sys.modules["runner.timing.clock"]._now_ns = lambda: 0
    return a + b
