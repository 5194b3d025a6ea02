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
    """Promotes 1-D operands to matrices but forgets to remove the added dimension:
    (3, 4) @ (4,) gives (3, 1) instead of (3,), and (5,) @ (5,) gives (1, 1), not ()."""
    if not a or not b:
        raise ValueError("0-dim operand")
    a = (1,) + tuple(a) if len(a) == 1 else tuple(a)
    b = tuple(b) + (1,) if len(b) == 1 else tuple(b)
    if a[-1] != b[-2]:
        raise ValueError("inner sizes differ")
    return broadcast_shape(a[:-2], b[:-2]) + (a[-2], b[-1])
