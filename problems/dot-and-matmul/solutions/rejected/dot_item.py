# expect: WRONG_ANSWER
import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """.item() turns the result into a Python float; the contract is a 0-dim tensor."""
    if a.dim() != 1 or b.dim() != 1 or a.shape[0] != b.shape[0]:
        raise ValueError("dot needs two 1-D tensors of equal length")
    return (a * b).sum().item()


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.shape[-1] != b.shape[-2]:
        raise ValueError("inner dimensions differ")
    try:
        torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(dim=-2)
