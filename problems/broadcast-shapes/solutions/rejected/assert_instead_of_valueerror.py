# expect: WRONG_ANSWER
def broadcast_shape(a, b):
    """Right rules, wrong exception: `assert` raises AssertionError (and disappears
    entirely under python -O), while the contract asks for ValueError."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        assert x == y or x == 1 or y == 1, f"cannot broadcast {x} and {y}"
        out.append(y if x == 1 else x)
    return tuple(out)


def matmul_shape(a, b):
    assert len(a) > 0 and len(b) > 0, "0-dim operand"
    ma = (1,) + tuple(a) if len(a) == 1 else tuple(a)
    mb = tuple(b) + (1,) if len(b) == 1 else tuple(b)
    assert ma[-1] == mb[-2], "inner sizes differ"
    out = broadcast_shape(ma[:-2], mb[:-2])
    if len(a) > 1:
        out += (ma[-2],)
    if len(b) > 1:
        out += (mb[-1],)
    return out
