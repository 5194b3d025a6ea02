def broadcast_shape(a, b):
    """Walk both shapes from their last dimension; a missing dimension counts as 1."""
    out = []
    i, j = len(a) - 1, len(b) - 1
    while i >= 0 or j >= 0:
        x = a[i] if i >= 0 else 1
        y = b[j] if j >= 0 else 1
        if x != y and x != 1 and y != 1:
            raise ValueError(f"cannot broadcast {a} and {b}: {x} vs {y}")
        out.append(y if x == 1 else x)  # 1 stretches to the other size, even to 0
        i -= 1
        j -= 1
    out.reverse()
    return tuple(out)


def matmul_shape(a, b):
    if not a or not b:
        raise ValueError("matmul operands need at least one dimension")
    if len(a) == 1 and len(b) == 1:
        if a[0] != b[0]:
            raise ValueError(f"dot product of lengths {a[0]} and {b[0]}")
        return ()
    if len(a) == 1:  # (k,) @ (..., k, m) -> (..., m)
        if a[0] != b[-2]:
            raise ValueError(f"inner sizes differ: {a[0]} vs {b[-2]}")
        return (*tuple(b[:-2]), b[-1])
    if len(b) == 1:  # (..., n, k) @ (k,) -> (..., n)
        if a[-1] != b[0]:
            raise ValueError(f"inner sizes differ: {a[-1]} vs {b[0]}")
        return tuple(a[:-1])
    if a[-1] != b[-2]:
        raise ValueError(f"inner sizes differ: {a[-1]} vs {b[-2]}")
    return (*broadcast_shape(a[:-2], b[:-2]), a[-2], b[-1])
