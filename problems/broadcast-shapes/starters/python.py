def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of x + y for tensors x, y of shapes a and b (a tuple of ints).

    Align the shapes on the right, treat missing leading dimensions as 1; sizes that
    are equal or 1 broadcast, anything else -> ValueError. Plain Python only.
    """
    raise NotImplementedError


def matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    """The shape torch.matmul(x, y) would return for tensors of shapes a and b.

    1-D operands are promoted ((k,) -> (1, k) on the left, (k, 1) on the right) and the
    added dimension is removed again; batch dimensions broadcast; 1-D @ 1-D gives ().
    Inner sizes that differ, batch dimensions that do not broadcast, or a 0-dim
    operand -> ValueError.
    """
    raise NotImplementedError
