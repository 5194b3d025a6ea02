# expect: RUNTIME_ERROR
# mode: submit
# Rigs the statistics used by the timing loop so the median is tiny.
import statistics


def solve(a, b):
    statistics.median = lambda samples: 1.0
    return a + b
