# expect: RUNTIME_ERROR
# Patches the judge's bound clock from inside the call, after the load checks.
import runner.timing


def solve(a, b):
    runner.timing._now_ns = lambda: 0
    return a + b
