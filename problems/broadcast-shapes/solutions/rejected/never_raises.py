# expect: WRONG_ANSWER
def broadcast_shape(a, b):
    """Takes the larger size in every dimension without checking that the sizes are
    compatible: (2, 3) and (3, 2) "broadcast" to (3, 3) instead of raising ValueError."""
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    return tuple(y if x == 1 else x if y == 1 else max(x, y) for x, y in zip(a, b))


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
