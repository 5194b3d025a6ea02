# expect: TOO_SLOW
import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dim() != 1 or b.dim() != 1 or a.shape[0] != b.shape[0]:
        raise ValueError("dot needs two 1-D tensors of equal length")
    return (a * b).sum()


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Correct, but one Python iteration per output entry (i, j): M * N tiny reductions."""
    if a.shape[-1] != b.shape[-2]:
        raise ValueError("inner dimensions differ")
    try:
        batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    m, n = a.shape[-2], b.shape[-1]
    out = torch.empty(*batch, m, n, dtype=a.dtype, device=a.device)
    for i in range(m):
        for j in range(n):
            out[..., i, j] = (a[..., i, :] * b[..., :, j]).sum(dim=-1)
    return out
