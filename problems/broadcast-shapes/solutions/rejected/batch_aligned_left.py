# expect: WRONG_ANSWER
def broadcast_shape(a, b):
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x != y and x != 1 and y != 1:
            raise ValueError(f"cannot broadcast {x} and {y}")
        out.append(y if x == 1 else x)
    return tuple(out)


def matmul_shape(a, b):
    """Aligns the batch dimensions on the LEFT (padding the shorter batch with 1s at the
    end): (3, 1, 2, 4) @ (3, 4, 5) gives (3, 1, 2, 5) instead of (3, 3, 2, 5), and
    (2, 1, 3, 4) @ (5, 4, 6) pairs 2 with 5 and fails instead of giving (2, 5, 3, 6)."""
    if not a or not b:
        raise ValueError("0-dim operand")
    ma = (1,) + tuple(a) if len(a) == 1 else tuple(a)
    mb = tuple(b) + (1,) if len(b) == 1 else tuple(b)
    if ma[-1] != mb[-2]:
        raise ValueError("inner sizes differ")
    ba, bb = ma[:-2], mb[:-2]
    n = max(len(ba), len(bb))
    ba = ba + (1,) * (n - len(ba))
    bb = bb + (1,) * (n - len(bb))
    out = broadcast_shape(ba, bb)
    if len(a) > 1:
        out += (ma[-2],)
    if len(b) > 1:
        out += (mb[-1],)
    return out
