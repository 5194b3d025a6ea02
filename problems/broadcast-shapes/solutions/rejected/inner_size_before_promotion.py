# expect: RUNTIME_ERROR
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
    """Compares a[-1] with b[-2] before handling 1-D operands: for a vector b there is
    no b[-2], so (5,) @ (5,) raises IndexError."""
    if not a or not b:
        raise ValueError("0-dim operand")
    if a[-1] != b[-2]:
        raise ValueError("inner sizes differ")
    if len(a) == 1:
        return tuple(b[:-2]) + (b[-1],)
    return broadcast_shape(a[:-2], b[:-2]) + (a[-2], b[-1])
