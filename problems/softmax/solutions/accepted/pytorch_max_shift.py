import torch


def solve(x: torch.Tensor, dim: int) -> torch.Tensor:
    # Subtracting the maximum leaves softmax unchanged but keeps exp() <= 1.
    shifted = x - x.amax(dim=dim, keepdim=True)
    e = torch.exp(shifted)
    return e / e.sum(dim=dim, keepdim=True)
