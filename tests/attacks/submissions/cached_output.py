# expect: WRONG_ANSWER
# Remembers the first answer and returns it for every later call.
_cache = {}


def solve(a, b):
    if "out" not in _cache:
        _cache["out"] = a + b
    return _cache["out"]
