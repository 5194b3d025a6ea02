from itertools import zip_longest


def broadcast_shape(a, b):
    """Pair the dimensions from the right with zip_longest, filling the shorter shape with 1."""
    result = []
    for x, y in zip_longest(reversed(a), reversed(b), fillvalue=1):
        if x == 1:
            result.append(y)
        elif y == 1 or y == x:
            result.append(x)
        else:
            raise ValueError(f"shapes {a} and {b} do not broadcast ({x} vs {y})")
    return tuple(reversed(result))


def matmul_shape(a, b):
    a, b = tuple(a), tuple(b)
    if len(a) == 0 or len(b) == 0:
        raise ValueError("0-dim operands cannot be multiplied with matmul")
    left_vector, right_vector = len(a) == 1, len(b) == 1
    if left_vector:
        a = (1, *a)  # a row vector
    if right_vector:
        b = (*b, 1)  # a column vector
    if a[-1] != b[-2]:
        raise ValueError(f"inner dimensions differ: {a[-1]} and {b[-2]}")
    shape = broadcast_shape(a[:-2], b[:-2])
    if not left_vector:
        shape += (a[-2],)
    if not right_vector:
        shape += (b[-1],)
    return shape
