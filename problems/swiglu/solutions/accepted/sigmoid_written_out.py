import torch


def solve(x: torch.Tensor) -> torch.Tensor:
    """silu(a) = a * sigmoid(a); torch.sigmoid is stable for any magnitude."""
    n = x.shape[1] // 2
    a = x[:, :n]
    b = x[:, n:]
    return a * torch.sigmoid(a) * b
