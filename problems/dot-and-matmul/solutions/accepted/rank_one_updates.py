import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """torch.mul then torch.sum over the only axis."""
    if a.dim() != 1 or b.dim() != 1:
        raise ValueError("dot takes 1-D tensors")
    if len(a) != len(b):
        raise ValueError("dot takes tensors of the same length")
    return torch.sum(torch.mul(a, b))


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """A @ B = sum over k of (column k of A) x (row k of B): K outer products, each one vectorised."""
    k_a, k_b = a.shape[-1], b.shape[-2]
    if k_a != k_b:
        raise ValueError(f"cannot multiply (..., {a.shape[-2]}, {k_a}) by (..., {k_b}, {b.shape[-1]})")
    try:
        batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except RuntimeError as exc:  # torch reports a mismatch as RuntimeError; the contract says ValueError
        raise ValueError(str(exc)) from None
    out = torch.zeros(*batch, a.shape[-2], b.shape[-1], dtype=a.dtype, device=a.device)
    for k in range(k_a):
        out = out + a[..., :, k : k + 1] * b[..., k : k + 1, :]  # (..., M, 1) * (..., 1, N)
    return out
