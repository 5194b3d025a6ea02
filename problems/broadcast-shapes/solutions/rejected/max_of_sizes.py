# expect: WRONG_ANSWER
def broadcast_shape(a, b):
    """Checks compatibility, then takes the larger size: wrong when one size is 0 and
    the other 1 (the 1 stretches to 0, so the result is 0, not max(0, 1) = 1)."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x != y and 1 not in (x, y):
            raise ValueError(f"cannot broadcast {x} and {y}")
        out.append(max(x, y))
    return tuple(out)


def matmul_shape(a, b):
    if not a or not b:
        raise ValueError("0-dim operand")
    ma = (1,) + tuple(a) if len(a) == 1 else tuple(a)
    mb = tuple(b) + (1,) if len(b) == 1 else tuple(b)
    if ma[-1] != mb[-2]:
        raise ValueError("inner sizes differ")
    out = broadcast_shape(ma[:-2], mb[:-2])
    if len(a) > 1:
        out += (ma[-2],)
    if len(b) > 1:
        out += (mb[-1],)
    return out
