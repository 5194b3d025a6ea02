# expect: WRONG_ANSWER
import torch


def dot(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if a.dim() != 1 or b.dim() != 1 or a.shape[0] != b.shape[0]:
        raise ValueError("dot needs two 1-D tensors of equal length")
    return (a * b).sum()


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Leaves the shape checks to broadcasting: inner sizes 1 and 3 broadcast silently, and
    other mismatches raise torch's RuntimeError instead of ValueError."""
    return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(dim=-2)
