# expect: WRONG_ANSWER
# mode: submit
# Caches by where the inputs live in memory (the judge reuses its buffers): the stale
# answer is caught by the checks on timed calls.
_cache = {}


def solve(a, b):
    key = (a.data_ptr(), b.data_ptr(), a.numel())
    if key not in _cache:
        _cache[key] = a + b
    return _cache[key]
