# expect: RUNTIME_ERROR
import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dim() != 1 or b.dim() != 1 or a.shape[0] != b.shape[0]:
        raise ValueError("dot needs two 1-D tensors of equal length")
    return (a * b).sum()


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Flattens each side's batch dimensions on its own: fine for equal batches, but a batch
    of 2 against a batch of 3 no longer lines up with the broadcast the contract asks for."""
    if a.shape[-1] != b.shape[-2]:
        raise ValueError("inner dimensions differ")
    m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
    a3 = a.reshape(-1, m, k)
    b3 = b.reshape(-1, k, n)
    out = (a3.unsqueeze(-1) * b3.unsqueeze(-3)).sum(dim=-2)  # (batch, M, N)
    batch = a.shape[:-2] if a.dim() >= b.dim() else b.shape[:-2]
    return out.reshape(*batch, m, n)
