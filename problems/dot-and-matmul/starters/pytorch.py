import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return sum_i a[i] * b[i] as a 0-dim float32 tensor.

    a, b: 1-D float32 of equal length; otherwise raise ValueError.
    Only elementwise operations and reductions: @, matmul, dot, einsum, ... are forbidden.
    """
    raise NotImplementedError("multiply elementwise, then reduce")


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return a @ b for a (..., M, K) and b (..., K, N) with broadcast batch dimensions.

    Result: float32 (broadcast batch, M, N). Raise ValueError if the inner sizes differ
    or the batch dimensions do not broadcast. No matrix-product function may be used.
    """
    raise NotImplementedError("broadcast to (..., M, K, N) and sum over K")
