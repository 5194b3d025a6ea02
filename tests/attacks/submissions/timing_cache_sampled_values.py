# expect-any: ACCEPTED, TOO_SLOW
# mode: submit
# ratio-at-least: 0.5
# Caches answers keyed by a few sampled input values: every timed call gets inputs it
# has never seen, so the cache never hits and the time is the honest one.
_cache = {}


def solve(a, b):
    n = a.numel()
    key = (n, *(float(a[i]) for i in (0, n // 3, n - 1)), *(float(b[i]) for i in (0, n // 2, n - 1)))
    if key not in _cache:
        _cache[key] = a + b
    return _cache[key]
