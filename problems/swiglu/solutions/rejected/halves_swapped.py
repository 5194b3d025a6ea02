# expect: WRONG_ANSWER
import torch
import torch.nn.functional as F


def solve(x: torch.Tensor) -> torch.Tensor:
    """Gates with the second half and multiplies by the first: silu(x2) * x1."""
    n = x.shape[1] // 2
    return F.silu(x[:, n:]) * x[:, :n]
