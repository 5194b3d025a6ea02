# expect-any: ACCEPTED, TOO_SLOW
# mode: submit
# ratio-at-least: 0.5
# Rigs the statistics module hoping the timing loop uses it: the judge decides times
# from its own measurements outside the sandbox, so the time stays the honest one.
import statistics


def solve(a, b):
    statistics.median = lambda samples: 1.0
    return a + b
